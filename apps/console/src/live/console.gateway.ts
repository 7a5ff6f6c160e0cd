import {
  CONSOLE_ROLES,
  ConsoleEvent,
  ConsoleRoom,
  type ConsoleServerEvents,
  districtRoom,
  DistrictRoom,
  type IncidentSnapshot,
  Namespace,
} from '@app/contracts';
import { errorMessage } from '@app/errors';
import { userRoom } from '@app/live';
import { type DistrictFilter, IncidentViews, incidentInScope } from '@app/database';
import { Metrics } from '@app/observability';
import { Logger, OnModuleDestroy } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Counter } from 'prom-client';
import type { Namespace as IoNamespace, Socket } from 'socket.io';
import { AuditLog } from '../audit/audit-log';
import { CONSOLE_STREAM, StreamAudit } from '../audit/stream-audit';
import { districtScopeOf, viewFor } from '../districts/district-scope';
import { BatchedAudit } from './batched-audit';
import { CoalescedQuery } from './coalesced-query';
import type { SocketData } from './socket-auth';
import { SocketGuard } from './socket-guard';
import { OperatorPresence } from './operator-presence';
import { SocketIoRedis } from './socket-io-redis';

type ConsoleNamespace = IoNamespace<Record<string, never>, ConsoleServerEvents, Record<string, never>, SocketData>;
type ConsoleSocket = Socket<Record<string, never>, ConsoleServerEvents, Record<string, never>, SocketData>;

/**
 * At most one snapshot query per this interval: a burst of (re)connections (an instance
 * restarting, a client opening sockets in a loop) shares one query instead of running one each.
 */
const SNAPSHOT_MIN_INTERVAL_MS = 1000;

/**
 * `/console`: operators' live alerts. The incident events themselves are broadcast by any
 * process through Redis (LivePublisher) and reach these sockets through the adapter; this
 * gateway authenticates, and sends the current picture to whoever may have missed events.
 */
@WebSocketGateway({ namespace: Namespace.Console })
export class ConsoleGateway implements OnGatewayInit<ConsoleNamespace>, OnGatewayConnection<ConsoleSocket>, OnModuleDestroy {
  @WebSocketServer() private server!: ConsoleNamespace;
  private readonly logger = new Logger(ConsoleGateway.name);
  private readonly snapshots: CoalescedQuery<IncidentSnapshot>;
  private readonly snapshotAudit: BatchedAudit;
  private readonly snapshotQueries: Counter<string>;
  private stopWatching?: () => void;

  constructor(
    private readonly guard: SocketGuard,
    private readonly views: IncidentViews,
    private readonly redis: SocketIoRedis,
    audit: AuditLog,
    metrics: Metrics,
    private readonly streamAudit: StreamAudit,
    private readonly operators: OperatorPresence,
  ) {
    this.snapshotQueries = metrics.counter('heartkey_console_snapshot_queries_total', 'Live-incident snapshot queries run for /console sockets');
    this.snapshots = new CoalescedQuery(() => this.querySnapshot(), SNAPSHOT_MIN_INTERVAL_MS);
    // The alarm picture is never withheld for the sake of the audit trail; the failure is loud instead.
    this.snapshotAudit = new BatchedAudit(audit, (entries, error) =>
      this.logger.error(`audit of the snapshot for ${entries.map((e) => e.actor.username).join(', ')} failed: ${errorMessage(error)}`),
    );
  }

  afterInit(server: ConsoleNamespace): void {
    this.guard.protect(server, (user) => CONSOLE_ROLES.includes(user.role), this.logger);
    // While the subscription was down this instance's operators missed broadcasts: send them the picture again.
    this.stopWatching = this.redis.onSubscriptionRestored(() => void this.resyncOperators());
  }

  /**
   * Every (re)connection starts with the live incidents of the user's districts: a reconnecting
   * console gets what it missed. The socket joins its districts' rooms (or the every-district one).
   */
  async handleConnection(socket: ConsoleSocket): Promise<void> {
    // Every incident view pushed to this socket from now on is audited (batched per user).
    this.streamAudit.watch(socket, CONSOLE_STREAM);
    const scope = districtScopeOf(socket.data.user);
    // Joined before the snapshot is asked for: a change after the query starts arrives as an event.
    await socket.join([ConsoleRoom.Operators, userRoom(socket.data.user.id), ...(scope.all ? [DistrictRoom.All] : scope.districts.map(districtRoom))]);
    // Counted as its districts' operator only once in their rooms; a push decided after this reaches it there.
    socket.once('disconnect', () => void this.operators.left(socket.id));
    await this.operators.entered(socket.id, socket.data.user, scope);
    try {
      this.deliver(socket, await this.snapshots.next());
    } catch (error) {
      this.logger.error(`snapshot for ${socket.data.user.username} failed: ${errorMessage(error)}`);
    }
  }

  onModuleDestroy(): void {
    this.stopWatching?.();
  }

  private async resyncOperators(): Promise<void> {
    try {
      const snapshot = await this.snapshots.next();
      for (const socket of this.server.sockets.values()) {
        if (socket.rooms.has(ConsoleRoom.Operators)) this.deliver(socket, snapshot);
      }
    } catch (error) {
      this.logger.error(`snapshot after the Redis subscription came back failed: ${errorMessage(error)}`);
    }
  }

  /** Sends the snapshot, as far as the user's districts reach, and records who saw which incidents. */
  private deliver(socket: ConsoleSocket, everything: IncidentSnapshot): void {
    if (!socket.connected) return;
    const scope: DistrictFilter = districtScopeOf(socket.data.user);
    const snapshot = { ...everything, items: everything.items.filter((v) => incidentInScope(scope, v)).map((v) => viewFor(scope, v)) };
    socket.emit(ConsoleEvent.IncidentSnapshot, snapshot);
    this.snapshotAudit.add({
      actor: socket.data.user,
      action: 'incident.snapshot',
      entityType: 'incident',
      address: socket.handshake.address,
      details: { ids: snapshot.items.map((v) => v.id) },
    });
  }

  private async querySnapshot(): Promise<IncidentSnapshot> {
    this.snapshotQueries.inc();
    const at = new Date().toISOString();
    return { items: await this.views.live(), at };
  }
}
