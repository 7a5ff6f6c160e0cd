import type { AuthUser } from '@app/auth';
import { UNAUTHORIZED } from '@app/contracts';
import { errorMessage } from '@app/errors';
import type { Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import type { AccessTokens } from '../auth/access-tokens';

/** What an authenticated socket carries. */
export interface SocketData {
  user: AuthUser;
  /** The handshake token's expiry (ms since the epoch): the socket is closed then. */
  tokenExpiresAt: number;
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
        // A socket lives no longer than its token, so a token without an expiry gets none (ours always have one).
        const expiresAt = typeof token === 'string' ? tokens.expiresAt(token) : undefined;
        if (!user || !admits(user) || expiresAt === undefined) return next(new Error(UNAUTHORIZED));
        const data = socket.data as SocketData;
        data.user = user;
        data.tokenExpiresAt = expiresAt;
        next();
      },
      (error: unknown) => {
        logger.warn(`socket handshake could not be checked: ${errorMessage(error)}`);
        next(new Error(UNAVAILABLE));
      },
    );
  };
}
