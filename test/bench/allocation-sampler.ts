/**
 * Preloaded (`node --require`) into an app by `--profile <app>:allocations`: samples what the
 * app allocates, collected objects included, which is what young-generation collections cost
 * (Node's own `--heap-prof` keeps only what is still alive at exit). On SIGTERM it writes
 * ./profiles/Allocations.<pid>.heapprofile (Chrome DevTools, Memory tab, "Load") and
 * ./profiles/GC.<pid>.json (collections by kind, and their pauses in ms).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';

/** One sample per this many bytes allocated, on average (V8's default is 32 KiB). */
const SAMPLING_INTERVAL_BYTES = 16 * 1024;
const dir = join(process.cwd(), 'profiles');
const pauses: Record<string, { count: number; ms: number }> = {};
const KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = KINDS[(entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other';
    const total = (pauses[kind] ??= { count: 0, ms: 0 });
    total.count++;
    total.ms += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

const session = new Session();
session.connect();
session.post('HeapProfiler.enable', () =>
  session.post('HeapProfiler.startSampling', {
    samplingInterval: SAMPLING_INTERVAL_BYTES,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  }),
);

// Before the app's own shutdown hooks: an in-process inspector session answers synchronously.
process.prependListener('SIGTERM', () => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `GC.${process.pid}.json`), JSON.stringify(pauses, null, 2));
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (!error) writeFileSync(join(dir, `Allocations.${process.pid}.heapprofile`), JSON.stringify(result.profile));
  });
});
