import { Namespace } from '@app/contracts';
import { io, type Socket } from 'socket.io-client';
import { bindDevices } from './tcp-presses';

/**
 * A child of the connections benchmark that opens and holds connections, so that no single
 * process of the load side needs more file descriptors than the machine allows one process.
 * Told what to open over IPC; answers `{ held }` once every connection is up, closes them on
 * `close` and exits.
 */

export type HoldOrder =
  /** Idle watch connections, each bound by its first heartbeat, spread over loopback source addresses. */
  | { kind: 'devices'; port: number; serials: string[]; firstAddress: number; perAddress: number }
  /** Responder sockets on `/responders`, `perToken` for each access token. */
  | { kind: 'responders'; consoleUrl: string; tokens: string[]; perToken: number };

export interface HoldReport {
  held: number;
}

const SOCKET_CONCURRENCY = 100;

/** Each held connection, as the way to close it. */
type Closer = () => void;

async function holdDevices(order: Extract<HoldOrder, { kind: 'devices' }>): Promise<Closer[]> {
  const devices = await bindDevices(order.port, 'watch', order.serials, (i) => `127.0.0.${order.firstAddress + Math.floor(i / order.perAddress)}`);
  return devices.map((device) => () => device.close());
}

async function holdResponders(order: Extract<HoldOrder, { kind: 'responders' }>): Promise<Closer[]> {
  const tokens = order.tokens.flatMap((token) => Array.from({ length: order.perToken }, () => token));
  const sockets: Socket[] = [];
  for (let i = 0; i < tokens.length; i += SOCKET_CONCURRENCY) {
    const batch = tokens.slice(i, i + SOCKET_CONCURRENCY).map((token) => {
      const socket = io(`${order.consoleUrl}${Namespace.Responders}`, { auth: { token }, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      return new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
    });
    await Promise.all(batch);
  }
  return sockets.map((socket) => () => socket.disconnect());
}

let close = (): void => undefined;
process.on('message', (message: HoldOrder | 'close') => {
  if (message === 'close') {
    close();
    process.exit(0);
  }
  const held = message.kind === 'devices' ? holdDevices(message) : holdResponders(message);
  held.then(
    (connections) => {
      close = () => connections.forEach((closeOne) => closeOne());
      process.send!({ held: connections.length } satisfies HoldReport);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
