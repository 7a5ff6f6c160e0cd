import { CONSOLE_ROLES, ConsoleEvent, ConsoleRoom, type ConsoleServerEvents, type IncidentSnapshot, Namespace } from '@app/contracts';
import { errorMessage } from '@app/errors';
import { userRoom } from '@app/live';
import { IncidentViews } from '@app/database';
import { Logger, OnModuleDestroy } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace as IoNamespace, Socket } from 'socket.io';
import { AuditLog } from '../audit/audit-log';
import { CONSOLE_STREAM, StreamAudit } from '../audit/stream-audit';
import { AccessTokens } from '../auth/access-tokens';
import { authenticateSockets, type SocketData } from './socket-auth';
import { SocketIoRedis } from './socket-io-redis';

type ConsoleNamespace = IoNamespace<Record<string, never>, ConsoleServerEvents, Record<string, never>, SocketData>;
type ConsoleSocket = Socket<Record<string, never>, ConsoleServerEvents, Record<string, never>, SocketData>;

/**
 * `/console`: operators' live alerts. The incident events themselves are broadcast by any
 * process through Redis (LivePublisher) and reach these sockets through the adapter; this
 * gateway authenticates, and sends the current picture to whoever may have missed events.
 */
@WebSocketGateway({ namespace: Namespace.Console })
export class ConsoleGateway implements OnGatewayInit<ConsoleNamespace>, OnGatewayConnection<ConsoleSocket>, OnModuleDestroy {
  @WebSocketServer() private server!: ConsoleNamespace;
  private readonly logger = new Logger(ConsoleGateway.name);
  private stopWatching?: () => void;

  constructor(
    private readonly tokens: AccessTokens,
    private readonly views: IncidentViews,
    private readonly redis: SocketIoRedis,
    private readonly audit: AuditLog,
    private readonly streamAudit: StreamAudit,
  ) {}

  afterInit(server: ConsoleNamespace): void {
    server.use(authenticateSockets(this.tokens, (user) => CONSOLE_ROLES.includes(user.role), this.logger));
    // While the subscription was down this instance's operators missed broadcasts: send them the picture again.
    this.stopWatching = this.redis.onSubscriptionRestored(() => void this.resyncOperators());
  }

  /** Every (re)connection starts with the live incidents: a reconnecting console gets what it missed. */
  async handleConnection(socket: ConsoleSocket): Promise<void> {
    // Every incident view pushed to this socket from now on is audited (batched per user).
    this.streamAudit.watch(socket, CONSOLE_STREAM);
    await socket.join([ConsoleRoom.Operators, userRoom(socket.data.user.id)]);
    try {
      const snapshot = await this.snapshot();
      socket.emit(ConsoleEvent.IncidentSnapshot, snapshot);
      await this.audit
        .record({
          actor: socket.data.user,
          action: 'incident.snapshot',
          entityType: 'incident',
          address: socket.handshake.address,
          details: { ids: snapshot.items.map((v) => v.id) },
        })
        // The alarm picture is never withheld for the sake of the audit trail; the failure is loud instead.
        .catch((error: unknown) => this.logger.error(`audit of the snapshot for ${socket.data.user.username} failed: ${errorMessage(error)}`));
    } catch (error) {
      this.logger.error(`snapshot for ${socket.data.user.username} failed: ${errorMessage(error)}`);
    }
  }

  onModuleDestroy(): void {
    this.stopWatching?.();
  }

  private async resyncOperators(): Promise<void> {
    try {
      this.server.local.to(ConsoleRoom.Operators).emit(ConsoleEvent.IncidentSnapshot, await this.snapshot());
    } catch (error) {
      this.logger.error(`snapshot after the Redis subscription came back failed: ${errorMessage(error)}`);
    }
  }

  private async snapshot(): Promise<IncidentSnapshot> {
    const at = new Date().toISOString();
    return { items: await this.views.live(), at };
  }
}
