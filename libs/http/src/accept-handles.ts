import { errorMessage } from '@app/errors';
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';

/**
 * Since libuv 1.45 (Node 20 has 1.46) a listening handle accepts one connection per turn of the
 * event loop (libuv pull request 3696). A process busy with the requests it already has takes
 * turns of tens of milliseconds, so in a storm of new connections (2,000 handsets pressing at
 * once, every device reconnecting after an outage) the kernel's accept queue drained at a few
 * dozen connections a second while the presses already inside were handled (measured:
 * docs/capacity.md, "Accepting a storm").
 *
 * Several handles on the same listening socket accept one connection each per turn. Node 20
 * cannot duplicate a descriptor nor set SO_REUSEPORT (`reusePort` came with Node 22.12), but a
 * handle sent to a child process over IPC and sent back arrives as a new descriptor of the same
 * socket: a short-lived helper does exactly that and exits. It never listens on the socket, so
 * it cannot take a connection. The extra handles pass what they accept to the server, as if it
 * had accepted it itself.
 */

/** The helper: sends the handle it was given back as often as asked (keepOpen: it goes more than once), then waits to be let go. */
const ECHO_HANDLE_SCRIPT = [
  `process.on('message', (request, handle) => {`,
  `  let left = request.count;`,
  `  const next = (error) => {`,
  `    if (error || left-- <= 0) return;`,
  `    process.send('handle', handle, { keepOpen: true }, next);`,
  `  };`,
  `  next();`,
  `});`,
].join('\n');

/** How long the helper may take before the server goes on with its one handle. */
const HELPER_TIMEOUT_MS = 5000;

/** The Node handle of a listening server (what IPC carries); not part of Node's typed API. */
type ListeningHandle = object;

export interface AcceptHandlesOptions {
  /** Handles in all, the server's own included: 1 leaves the server as it is. */
  handles: number;
  /** The accept queue of the socket (every handle's listen sets it again). */
  backlog: number;
  warn: (message: string) => void;
}

/** The extra handles of one listening server. */
export class AcceptHandles {
  private constructor(private readonly extras: Server[]) {}

  /**
   * Gives a listening server `handles - 1` more handles on its socket. A failure (the helper
   * cannot start, answers late) is a warning: the server goes on accepting through its own.
   * `server.maxConnections`, when set, stays the cap of all handles together.
   */
  static async add(server: Server, options: AcceptHandlesOptions): Promise<AcceptHandles> {
    const own = ownHandle(server);
    if (options.handles <= 1 || !own) return new AcceptHandles([]);
    let handles: ListeningHandle[];
    try {
      handles = await duplicated(own, options.handles - 1);
    } catch (error) {
      options.warn(`accepting through one handle only: ${errorMessage(error)}`);
      return new AcceptHandles([]);
    }
    const cap = new SharedConnectionCap(server);
    const extras = handles.map((handle) => {
      const extra = createServer((socket) => cap.admit(socket));
      copyAcceptOptions(server, extra);
      extra.on('error', (error) => options.warn(`extra accept handle: ${error.message}`));
      extra.listen(handle, options.backlog);
      return extra;
    });
    return new AcceptHandles(extras);
  }

  get count(): number {
    return this.extras.length;
  }

  /** Stops accepting through the extra handles; resolves when the connections they took have ended. */
  close(): Promise<void> {
    return Promise.all(this.extras.map((extra) => new Promise<void>((resolve) => (extra.listening ? extra.close(() => resolve()) : resolve())))).then(
      () => undefined,
    );
  }
}

/**
 * One cap for every handle of a server. Node checks `maxConnections` per server, against the
 * connections that server accepted itself; so the server's own cap is lowered by what the extra
 * handles hold, and an extra handle admits a connection only while the total is below the cap.
 */
class SharedConnectionCap {
  private readonly cap: number;
  private ownOpen = 0;
  private extraOpen = 0;
  private readonly passedOn = new WeakSet<Socket>();

  constructor(private readonly server: Server) {
    this.cap = server.maxConnections > 0 ? server.maxConnections : Infinity;
    server.on('connection', (socket: Socket) => {
      if (this.passedOn.has(socket)) return;
      this.ownOpen++;
      socket.once('close', () => this.ownOpen--);
    });
  }

  admit(socket: Socket): void {
    if (this.ownOpen + this.extraOpen >= this.cap) {
      socket.destroy();
      return;
    }
    this.extraOpen++;
    this.lowerOwnCap();
    socket.once('close', () => {
      this.extraOpen--;
      this.lowerOwnCap();
    });
    this.passedOn.add(socket);
    this.server.emit('connection', socket);
  }

  private lowerOwnCap(): void {
    if (!Number.isFinite(this.cap)) return;
    const room = this.cap - this.extraOpen;
    // To Node 20 a cap of 0 means no cap (`maxConnections && ...`); -1 refuses every connection.
    this.server.maxConnections = room > 0 ? room : -1;
  }
}

/** The listening handle a server accepts through, if it listens on TCP. */
function ownHandle(server: Server): ListeningHandle | undefined {
  const handle = (server as unknown as { _handle?: ListeningHandle | null })._handle;
  return handle ?? undefined;
}

/**
 * What Node applies to each socket a server accepts (half-open, paused, no delay, keepalive,
 * buffer sizes) are fields of the server, read at every accept. They are copied as they are
 * (Node keeps the keepalive delay in seconds there), so that a socket accepted by an extra
 * handle is set up exactly as one the server accepted itself.
 */
const ACCEPT_OPTIONS = ['allowHalfOpen', 'pauseOnConnect', 'noDelay', 'keepAlive', 'keepAliveInitialDelay', 'highWaterMark'] as const;

function copyAcceptOptions(from: Server, to: Server): void {
  const source = from as unknown as Record<string, unknown>;
  const target = to as unknown as Record<string, unknown>;
  for (const option of ACCEPT_OPTIONS) if (option in source) target[option] = source[option];
}

/** `count` new descriptors of the socket behind `handle`, through the helper. */
function duplicated(handle: ListeningHandle, count: number): Promise<ListeningHandle[]> {
  return new Promise((resolve, reject) => {
    // No NODE_OPTIONS or other settings of this process: the helper only echoes a handle.
    const helper = spawn(process.execPath, ['-e', ECHO_HANDLE_SCRIPT], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: {} });
    const received: ListeningHandle[] = [];
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      helper.removeAllListeners();
      // A late error of a helper already given up on (a failed kill) must not throw.
      helper.on('error', () => undefined);
      if (helper.connected) helper.disconnect();
      if (helper.exitCode === null) helper.kill();
      if (error) {
        for (const extra of received) closeHandle(extra);
        reject(error);
      } else resolve(received);
    };
    const timer = setTimeout(() => finish(new Error(`the handle helper did not answer within ${HELPER_TIMEOUT_MS} ms`)), HELPER_TIMEOUT_MS);
    helper.on('error', (error) => finish(error));
    helper.on('exit', (code, signal) => finish(new Error(`the handle helper ended (${signal ?? code}) after ${received.length} of ${count} handles`)));
    helper.on('message', (_message, extra?: ListeningHandle) => {
      if (!extra) return;
      received.push(extra);
      if (received.length === count) finish();
    });
    helper.send({ count }, handle as Parameters<typeof helper.send>[1], { keepOpen: true }, (error) => {
      if (error) finish(error);
    });
  });
}

function closeHandle(handle: ListeningHandle): void {
  (handle as { close?: () => void }).close?.();
}
