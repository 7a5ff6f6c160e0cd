import type { AuthUser } from '@app/auth';
import { UNAUTHORIZED } from '@app/contracts';
import { errorMessage } from '@app/errors';
import type { Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import type { AccessTokens } from '../auth/access-tokens';

/** What an authenticated socket carries. */
export interface SocketData {
  user: AuthUser;
}

/** When the server could not check a token (database away); the client may retry, unlike `unauthorized`. */
export const UNAVAILABLE = 'unavailable';

/**
 * A namespace middleware that authenticates the handshake (`auth.token`). It runs before the
 * connection exists (Nest guards never see it), so a refused client gets `connect_error` with
 * the message `unauthorized` and never a connect.
 */
export function authenticateSockets(
  tokens: AccessTokens,
  admits: (user: AuthUser) => boolean,
  logger: Logger,
): (socket: Socket, next: (error?: Error) => void) => void {
  return (socket, next) => {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    tokens.verify(typeof token === 'string' ? token : undefined).then(
      (user) => {
        if (!user || !admits(user)) return next(new Error(UNAUTHORIZED));
        (socket.data as SocketData).user = user;
        next();
      },
      (error: unknown) => {
        logger.warn(`socket handshake could not be checked: ${errorMessage(error)}`);
        next(new Error(UNAVAILABLE));
      },
    );
  };
}
