import { readdir } from 'node:fs/promises';
import { collectDefaultMetrics, Gauge, type Registry } from 'prom-client';

/**
 * prom-client's default metrics that walk every descriptor or handle of the process on the event
 * loop at each scrape: `readdirSync('/proc/self/fd')`, and `process._getActiveHandles()` twice.
 * With ingest holding 19,000 device connections, one scrape held its event loop for 25-35 ms,
 * and every press that arrived meanwhile waited (`npm run bench:connections`, scraped once a
 * second: press → `202` p99 from 9 ms to 30 ms, the slowest presses one second apart).
 */
const WALKING_DEFAULTS = [
  'process_open_fds',
  'nodejs_active_handles',
  'nodejs_active_handles_total',
  'nodejs_active_resources',
  'nodejs_active_resources_total',
];

/**
 * Node's and the process's own metrics (prom-client's defaults) without a walk that blocks: the
 * open descriptors are counted off the event loop (the directory is read in libuv's thread pool),
 * and the active resources are looked at once per scrape (`process.getActiveResourcesInfo`, about
 * 2 ms for 18,000 sockets) for both their gauges. `nodejs_active_handles` is left out: it
 * counts the same handles as `nodejs_active_resources` through an undocumented call.
 */
export function registerProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  for (const name of WALKING_DEFAULTS) registry.removeSingleMetric(name);

  if (process.platform === 'linux')
    new Gauge({
      name: 'process_open_fds',
      help: 'Number of open file descriptors.',
      registers: [registry],
      async collect() {
        try {
          // Minus the descriptor the read itself opened.
          this.set((await readdir('/proc/self/fd')).length - 1);
        } catch {
          // No /proc here: the gauge keeps its last value.
        }
      },
    });

  // A scrape collects every metric in one turn of the event loop: one look serves both gauges
  // of that turn, and the next scrape looks again.
  let looked: { byType: Map<string, number>; total: number } | undefined;
  const activeResources = () => {
    if (!looked) {
      const byType = new Map<string, number>();
      const all = process.getActiveResourcesInfo();
      for (const type of all) byType.set(type, (byType.get(type) ?? 0) + 1);
      looked = { byType, total: all.length };
      setImmediate(() => (looked = undefined));
    }
    return looked;
  };
  new Gauge({
    name: 'nodejs_active_resources',
    help: 'Number of active resources that are currently keeping the event loop alive, grouped by async resource type.',
    labelNames: ['type'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [type, count] of activeResources().byType) this.set({ type }, count);
    },
  });
  new Gauge({
    name: 'nodejs_active_resources_total',
    help: 'Total number of active resources.',
    registers: [registry],
    collect() {
      this.set(activeResources().total);
    },
  });
}
