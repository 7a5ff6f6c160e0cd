import fs from 'node:fs';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { Metrics } from './metrics';

/** The value of an unlabelled gauge in a scrape. */
function gauge(scrape: string, name: string): number {
  const line = scrape.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`${name} not in the scrape`);
  return Number(line.split(' ')[1]);
}

describe('process metrics', () => {
  let server: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function openConnections(n: number): Promise<void> {
    const { port } = server.address() as { port: number };
    const before = sockets.length;
    for (let i = 0; i < n; i++) sockets.push(connect(port, '127.0.0.1'));
    while (sockets.length < before + 2 * n) await new Promise((r) => setTimeout(r, 10));
  }

  it('counts open descriptors and active resources without walking them on the event loop', async () => {
    const metrics = new Metrics();
    const first = await metrics.registry.metrics();
    await openConnections(100);

    const readdirSync = jest.spyOn(fs, 'readdirSync');
    const getActiveHandles = jest.spyOn(process as unknown as { _getActiveHandles: () => unknown[] }, '_getActiveHandles');
    try {
      const second = await metrics.registry.metrics();
      expect(readdirSync).not.toHaveBeenCalled();
      expect(getActiveHandles).not.toHaveBeenCalled();

      // Both ends of each connection are a descriptor of this process and an active TCP resource.
      expect(gauge(second, 'process_open_fds') - gauge(first, 'process_open_fds')).toBeGreaterThanOrEqual(200);
      const resources = gauge(second, 'nodejs_active_resources_total');
      expect(resources).toBeGreaterThanOrEqual(200);
      const byType = [...second.matchAll(/^nodejs_active_resources\{type="([^"]+)"\} (\d+)$/gm)].map((m) => ({ type: m[1], count: Number(m[2]) }));
      expect(byType.find((t) => t.type === 'TCPSocketWrap')?.count).toBeGreaterThanOrEqual(200);
      expect(byType.reduce((sum, t) => sum + t.count, 0)).toBe(resources);
    } finally {
      readdirSync.mockRestore();
      getActiveHandles.mockRestore();
    }
  });

  it('keeps the rest of the default metrics, each once, and no handle walk', async () => {
    const scrape = await new Metrics().registry.metrics();
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes'])
      expect(scrape).toContain(`\n${name} `);
    expect(scrape.match(/^# TYPE process_open_fds /gm)).toHaveLength(1);
    expect(scrape).not.toContain('nodejs_active_handles');
  });
});
