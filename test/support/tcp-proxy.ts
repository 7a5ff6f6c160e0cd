import { createServer, type Server, Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a shared server (Postgres, Redis), so a suite can make
 * that server unreachable for one app without touching it for anyone else.
 */
export interface TcpProxy {
  readonly port: number;
  /** Connections through it from now on are refused (accepted, then closed at once), and open ones are closed. */
  cut(): void;
  /** New connections go through again. */
  restore(): void;
  /** Closes every open connection (a server restart, as its clients see it), without refusing new ones. */
  resetAll(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let refusing = false;

  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const server: Server = createServer((client) => {
    if (refusing) {
      client.on('error', () => undefined);
      client.destroy();
      return;
    }
    const upstream = new Socket();
    track(client);
    track(upstream);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
    upstream.connect(targetPort, targetHost, () => {
      client.pipe(upstream);
      upstream.pipe(client);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no TCP address');

  const resetAll = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    port: address.port,
    cut: () => {
      refusing = true;
      resetAll();
    },
    restore: () => {
      refusing = false;
    },
    resetAll,
    close: () =>
      new Promise<void>((resolve) => {
        refusing = true;
        resetAll();
        server.close(() => resolve());
      }),
  };
}

/** The URL with its host and port replaced by the proxy's. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.toString();
}
