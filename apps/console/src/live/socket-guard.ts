import type { AuthUser } from '@app/auth';
import { type CommonServerEvents, SocketEvent, TOO_MANY_CONNECTIONS } from '@app/contracts';
import { Injectable, type Logger } from '@nestjs/common';
import type { Namespace as IoNamespace, Socket } from 'socket.io';
import { AccessTokens } from '../auth/access-tokens';
import { authenticateSockets, type SocketData } from './socket-auth';
import { SocketSlots } from './socket-slots';

type GuardedNamespace = IoNamespace<Record<string, never>, CommonServerEvents, Record<string, never>, SocketData>;
type GuardedSocket = Socket<Record<string, never>, CommonServerEvents, Record<string, never>, SocketData>;

/**
 * What every namespace of the console asks of a socket: a valid token of an admitted user
 * (`unauthorized`), a free slot among the user's MAX_SOCKETS_PER_USER (`too many connections`),
 * and no life beyond its token's: the socket is closed when the token expires, with
 * `token.expired` just before, and the client reconnects with its renewed token. Revocation
 * (logout, password change, disabling) closes sockets earlier, through LivePublisher.disconnectUser.
 */
@Injectable()
export class SocketGuard {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly slots: SocketSlots,
  ) {}

  protect(server: GuardedNamespace, admits: (user: AuthUser) => boolean, logger: Logger): void {
    server.use(authenticateSockets(this.tokens, admits, logger));
    server.use((socket, next) => {
      const { user } = socket.data;
      void this.slots.claim(user.id, socket.id).then((result) => next(result === 'full' ? new Error(TOO_MANY_CONNECTIONS) : undefined));
    });
    server.on('connection', (socket) => this.watch(socket));
  }

  private watch(socket: GuardedSocket): void {
    const { user, tokenExpiresAt } = socket.data;
    this.slots.hold(user.id, socket.id);
    const expiry = setTimeout(
      () => {
        socket.emit(SocketEvent.TokenExpired, { expiredAt: new Date(tokenExpiresAt).toISOString() });
        socket.disconnect();
      },
      Math.max(0, tokenExpiresAt - Date.now()),
    );
    socket.once('disconnect', () => {
      clearTimeout(expiry);
      this.slots.release(user.id, socket.id);
    });
  }
}
