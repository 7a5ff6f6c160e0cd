import { ConsoleEvent, ConsoleRoom, DistrictRoom, type IncidentView, Namespace } from '@app/contracts';
import { socketIoKey, socketIoParser } from '@app/live';
import { createAdapter } from '@socket.io/redis-adapter';
import IORedis from 'ioredis';
import { createServer } from 'node:http';
import { Server as SocketServer } from 'socket.io';
import { io as connectSocket } from 'socket.io-client';

/** One live event a console received. */
export interface ReceivedIncident {
  event: string;
  view: IncidentView;
}

export interface ConsoleListener {
  /** Every incident.created / incident.updated received, in order. */
  received: ReceivedIncident[];
  close(): Promise<void>;
}

/**
 * A socket.io server with the Redis adapter on a suite's key, standing in for the console
 * process, and one operator socket on it: what other processes emit through Redis must arrive
 * here as a decoded IncidentView.
 */
export async function listenAsConsole(redisUrl: string, redisPrefix: string): Promise<ConsoleListener> {
  const pub = new IORedis(redisUrl);
  const sub = pub.duplicate();
  const server = createServer();
  const io = new SocketServer(server, { adapter: createAdapter(pub, sub, { key: socketIoKey(redisPrefix), parser: socketIoParser }) });
  // Joined as a console of every district: it hears every incident.
  io.of(Namespace.Console).on('connection', (socket) => void socket.join([ConsoleRoom.Operators, DistrictRoom.All]));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const socket = connectSocket(`http://127.0.0.1:${port}${Namespace.Console}`, { transports: ['websocket'], reconnection: false });
  const received: ReceivedIncident[] = [];
  for (const event of [ConsoleEvent.IncidentCreated, ConsoleEvent.IncidentUpdated]) {
    socket.on(event, (view: IncidentView) => received.push({ event, view }));
  }
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  // The adapter's subscription is in place once the server side has seen the connection.
  const deadline = Date.now() + 5000;
  while (io.of(Namespace.Console).sockets.size !== 1) {
    if (Date.now() > deadline) throw new Error('the console listener did not see its own socket');
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    received,
    close: async () => {
      socket.disconnect();
      // Closes the HTTP server it is attached to as well.
      await io.close();
      pub.disconnect();
      sub.disconnect();
    },
  };
}
