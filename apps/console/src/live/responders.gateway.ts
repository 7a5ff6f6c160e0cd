import { Namespace, type ResponderServerEvents } from '@app/contracts';
import { responderRoom, userRoom } from '@app/live';
import { Logger } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace as IoNamespace, Socket } from 'socket.io';
import { RESPONDER_STREAM, StreamAudit } from '../audit/stream-audit';
import type { SocketData } from './socket-auth';
import { SocketGuard } from './socket-guard';

type RespondersNamespace = IoNamespace<Record<string, never>, ResponderServerEvents, Record<string, never>, SocketData>;
type ResponderSocket = Socket<Record<string, never>, ResponderServerEvents, Record<string, never>, SocketData>;

/**
 * `/responders`: each responder's app joins its own room, where the dispatcher's offers
 * (LivePublisher.dispatchOffered, through Redis) arrive. Only responder accounts linked to a responder get in.
 */
@WebSocketGateway({ namespace: Namespace.Responders })
export class RespondersGateway implements OnGatewayInit<RespondersNamespace>, OnGatewayConnection<ResponderSocket> {
  private readonly logger = new Logger(RespondersGateway.name);

  constructor(
    private readonly guard: SocketGuard,
    private readonly streamAudit: StreamAudit,
  ) {}

  afterInit(server: RespondersNamespace): void {
    this.guard.protect(server, (user) => user.role === 'responder' && Boolean(user.responderId), this.logger);
  }

  async handleConnection(socket: ResponderSocket): Promise<void> {
    const { id, responderId } = socket.data.user;
    // Every offer pushed to this socket (resident's medical data) is audited (batched per user).
    this.streamAudit.watch(socket, RESPONDER_STREAM);
    await socket.join(responderId ? [userRoom(id), responderRoom(responderId)] : [userRoom(id)]);
  }
}
