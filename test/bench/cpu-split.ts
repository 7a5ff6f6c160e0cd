import { readFileSync } from 'node:fs';
import IORedis from 'ioredis';
import { Client } from 'pg';

/**
 * Where the machine's CPU went during a measured phase: user + system time of each HeartKey
 * process, of the Postgres backends serving the bench's database, of Redis and of the load
 * generator itself, read from /proc (Linux) before and after. On a 2-core machine everything
 * shares the cores, so this is what says which part limits a figure.
 */

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after it are space-separated.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return NaN; // gone (or not Linux)
  }
}

export interface CpuSources {
  /** The HeartKey processes by name. */
  apps: Record<string, number | undefined>;
  databaseUrl: string;
  redisUrl: string;
}

/** Seconds of CPU by part over the phase, and the phase's wall time. */
export interface CpuSplit {
  wallS: number;
  seconds: Record<string, number>;
}

async function postgresBackends(databaseUrl: string): Promise<number[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    return rows.map((r) => r.pid);
  } finally {
    await db.end();
  }
}

async function redisPid(redisUrl: string): Promise<number | undefined> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    const match = /process_id:(\d+)/.exec(await redis.info('server'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}

/** Starts counting now; `stop` answers the split since then. */
export async function startCpuSplit(sources: CpuSources): Promise<{ stop(): Promise<CpuSplit> }> {
  const backends = await postgresBackends(sources.databaseUrl);
  const redis = await redisPid(sources.redisUrl);
  const read = (): Record<string, number> => {
    const seconds: Record<string, number> = {};
    for (const [name, pid] of Object.entries(sources.apps)) if (pid !== undefined) seconds[name] = cpuSecondsOf(pid);
    seconds.postgres = backends
      .map(cpuSecondsOf)
      .filter((s) => !Number.isNaN(s))
      .reduce((a, b) => a + b, 0);
    if (redis !== undefined) seconds.redis = cpuSecondsOf(redis);
    const own = process.cpuUsage();
    seconds['load generator'] = (own.user + own.system) / 1e6;
    return seconds;
  };
  const before = read();
  const startedAt = performance.now();
  return {
    stop: () => {
      const after = read();
      const seconds = Object.fromEntries(Object.keys(after).map((name) => [name, Math.round(((after[name] ?? 0) - (before[name] ?? 0)) * 100) / 100]));
      return Promise.resolve({ wallS: Math.round((performance.now() - startedAt) / 10) / 100, seconds });
    },
  };
}

/** One line: each part's CPU seconds and share, largest first, and how much of the cores the whole used. */
export function describeCpuSplit(split: CpuSplit, cores: number): string {
  const total = Object.values(split.seconds).reduce((a, b) => a + b, 0);
  const parts = Object.entries(split.seconds)
    .sort(([, a], [, b]) => b - a)
    .map(([name, s]) => `${name} ${s.toFixed(2)} s (${total > 0 ? Math.round((s / total) * 100) : 0} %)`);
  return `CPU over ${split.wallS.toFixed(1)} s: ${parts.join(', ')}; ${total.toFixed(1)} CPU-s = ${Math.round((total / (split.wallS * cores)) * 100)} % of ${cores} cores`;
}

/**
 * Waits until the processes are idle: together they used less than `maxCores` of a core over
 * the last `windowMs` (at most `timeoutMs`). Answers how long it waited. For a phase that must
 * start once the work a change set off (thousands of handshakes, say) is over, whatever it took.
 */
export async function untilIdle(pids: readonly (number | undefined)[], { maxCores = 0.1, windowMs = 500, timeoutMs = 30_000 } = {}): Promise<number> {
  const started = performance.now();
  const used = () => pids.reduce((sum: number, pid) => sum + (pid === undefined ? 0 : cpuSecondsOf(pid)), 0);
  for (;;) {
    const before = used();
    await new Promise((r) => setTimeout(r, windowMs));
    const waited = performance.now() - started;
    if ((used() - before) / (windowMs / 1000) < maxCores || waited >= timeoutMs) return waited;
  }
}
