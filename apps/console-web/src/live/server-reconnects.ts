import { UNAUTHORIZED } from '@app/contracts';

/** What of a socket.io client socket the policy uses (a fake in tests). */
export interface ReconnectableSocket {
  /** False once the client gave up on its own: the server closed or refused the socket. */
  readonly active: boolean;
  connect(): unknown;
}

/** A refused handshake (too many connections, server unable to check the token) is retried after 3-5 s. */
const REFUSED_RETRY_MS = 3000;
const REFUSED_RETRY_JITTER_MS = 2000;

/**
 * socket.io-client reconnects after network trouble by itself, but never after the server
 * closed the socket (token expired, sessions of another user…) or refused the handshake.
 * These handlers bring it back: at once after a server-side close (the handshake reads the
 * current, renewed token), a little later after a refusal, and never for `unauthorized`,
 * which ends the session.
 */
export function serverReconnects(socket: ReconnectableSocket, onUnauthorized: () => void) {
  let retry: ReturnType<typeof setTimeout> | undefined;
  return {
    disconnected(reason: string): void {
      if (reason === 'io server disconnect') socket.connect();
    },
    refused(error: Error): void {
      if (error.message === UNAUTHORIZED) return onUnauthorized();
      if (socket.active) return;
      clearTimeout(retry);
      retry = setTimeout(() => socket.connect(), REFUSED_RETRY_MS + Math.random() * REFUSED_RETRY_JITTER_MS);
    },
    stop(): void {
      clearTimeout(retry);
    },
  };
}
