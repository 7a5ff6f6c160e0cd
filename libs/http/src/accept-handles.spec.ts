import { execFile } from 'node:child_process';
import { Agent, createServer as createHttpServer, get } from 'node:http';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { promisify } from 'node:util';
import { AcceptHandles } from './accept-handles';

const BACKLOG = 4096;

function listening(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: BACKLOG }, () => resolve((server.address() as AddressInfo).port)));
}

/** Connects and reads until the server ends the connection (or refuses it). */
function exchange(port: number): Promise<{ data: string; error?: string; socket: Socket }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('end', () => resolve({ data, socket }));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ data, error: error.code, socket }));
  });
}

/** Resolves true when the server's greeting arrives, false when the connection closes without one. */
function greeted(socket: Socket, resolve: (greeted: boolean) => void): void {
  socket.once('data', () => resolve(true));
  socket.once('close', () => resolve(false));
  socket.on('error', () => undefined);
}

/** The connections the server's own handle accepted (Node counts them per handle). */
function ownConnections(server: Server): Promise<number> {
  return new Promise((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
}

describe('AcceptHandles', () => {
  const warnings: string[] = [];
  const warn = (message: string): void => void warnings.push(message);
  const servers: Server[] = [];
  const handles: AcceptHandles[] = [];
  const clients: Socket[] = [];
  const client = (port: number): Socket => {
    const socket = connect(port, '127.0.0.1');
    clients.push(socket);
    return socket;
  };

  async function serve(onConnection: (socket: Socket) => void, count: number, maxConnections?: number) {
    const server = createServer(onConnection);
    if (maxConnections) server.maxConnections = maxConnections;
    servers.push(server);
    const port = await listening(server);
    const extra = await AcceptHandles.add(server, { handles: count, backlog: BACKLOG, warn });
    handles.push(extra);
    return { server, port, extra };
  }

  afterEach(async () => {
    for (const socket of clients.splice(0)) socket.destroy();
    await Promise.all(handles.splice(0).map((h) => h.close()));
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => (s.listening ? s.close(resolve) : resolve(undefined)))));
    warnings.length = 0;
  });

  it('accepts a storm of connections through several handles and serves every one', async () => {
    const { server, port, extra } = await serve((socket) => socket.write('served'), 8);
    expect(extra.count).toBe(7);

    const served = await Promise.all(Array.from({ length: 300 }, () => new Promise<boolean>((resolve) => greeted(client(port), resolve))));

    expect(served.filter((s) => !s)).toEqual([]);
    // With Node's single handle, the server itself would hold all 300.
    expect(await ownConnections(server)).toBeLessThan(300);
    expect(warnings).toEqual([]);
  });

  it("keeps the socket's accept queue: each handle's listen would set Node's default of 511", async () => {
    const { port } = await serve((socket) => socket.end(), 8);
    const { stdout } = await promisify(execFile)('ss', ['-ltnH', `sport = :${port}`]);
    // For a listening socket, ss shows the backlog as its Send-Q.
    expect(stdout.trim().split(/\s+/)[2]).toBe(String(BACKLOG));
  });

  it("holds the server's connection cap across all its handles", async () => {
    const { port } = await serve((socket) => socket.write('admitted'), 8, 5);

    const outcomes = await Promise.all(
      Array.from({ length: 30 }, () => {
        const socket = client(port);
        return new Promise<{ admitted: boolean; socket: Socket }>((resolve) => greeted(socket, (admitted) => resolve({ admitted, socket })));
      }),
    );

    expect(outcomes.filter((o) => o.admitted)).toHaveLength(5);
    // A place freed is taken again.
    const admitted = outcomes.filter((o) => o.admitted).map((o) => o.socket);
    admitted[0].destroy();
    admitted[1].destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await Promise.all(Array.from({ length: 4 }, () => new Promise<boolean>((resolve) => greeted(client(port), resolve))));
    expect(again.filter(Boolean)).toHaveLength(2);
  });

  it('stops accepting on close, and settles once the connections its handles took have ended', async () => {
    const { server, port, extra } = await serve((socket) => socket.write('hello'), 8);
    const open = await Promise.all(
      Array.from(
        { length: 100 },
        () =>
          new Promise<Socket>((resolve) =>
            client(port).once('data', function (this: Socket) {
              resolve(this);
            }),
          ),
      ),
    );
    expect(await ownConnections(server)).toBeLessThan(100);

    let settled = false;
    const closing = extra.close().then(() => (settled = true));
    server.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).toBe(false);
    await expect(exchange(port)).resolves.toMatchObject({ error: 'ECONNREFUSED' });

    for (const socket of open) socket.destroy();
    await closing;
    expect(settled).toBe(true);
  });

  it('goes on with its one handle when the helper cannot start', async () => {
    const execPath = process.execPath;
    process.execPath = '/nonexistent/node';
    try {
      const { port, extra } = await serve((socket) => socket.end('served'), 8);
      expect(extra.count).toBe(0);
      expect(warnings).toEqual([expect.stringContaining('accepting through one handle only')]);
      await expect(exchange(port)).resolves.toMatchObject({ data: 'served' });
    } finally {
      process.execPath = execPath;
    }
  });

  it('passes what the extra handles accept to an HTTP server, which answers it as its own', async () => {
    const server = createHttpServer((_request, response) => response.end('answered'));
    servers.push(server);
    const port = await listening(server);
    handles.push(await AcceptHandles.add(server, { handles: 8, backlog: BACKLOG, warn }));
    const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

    const bodies = await Promise.all(
      Array.from(
        { length: 200 },
        () =>
          new Promise<string>((resolve, reject) => {
            get({ host: '127.0.0.1', port, path: '/', agent }, (response) => {
              let body = '';
              response.on('data', (chunk: Buffer) => (body += chunk.toString()));
              response.on('end', () => resolve(`${response.statusCode} ${body}`));
            }).on('error', reject);
          }),
      ),
    );

    expect(bodies.filter((b) => b !== '200 answered')).toEqual([]);
    // The 200 kept-alive connections are all open; the server's own handle accepted only some.
    const own = await ownConnections(server);
    expect(Object.values(agent.sockets).flat()).toHaveLength(0);
    expect(Object.values(agent.freeSockets).flat().length).toBe(200);
    expect(own).toBeLessThan(200);
    agent.destroy();
  });
});
