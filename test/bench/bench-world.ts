import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { deleteRedisKeys } from '../support/environment';
import { ensureDatabase, findOrStartPostgres, findOrStartRedis, freePorts, withDatabase } from '../../apps/launcher/src/services';

/**
 * A benchmark's own world: a fresh database and Redis prefix on this machine's servers (or
 * ones the launcher starts), free ports, and the three apps as separate processes, as
 * deployed. `close` stops them and drops what the run made.
 */

const DIST = join(__dirname, '..', '..');

export interface BenchWorld {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  deviceSecretKey: string;
  ports: { ingest: number; console: number; dispatcher: number; watch: number; gt06: number };
  consoleUrl: string;
  ingestUrl: string;
  /** The running apps by name, for their pid (memory) and to stop them. */
  apps: Map<string, ChildProcess>;
  origins: { postgres: string; redis: string };
  /** An admin's access token (`bench-admin`). */
  adminToken(): Promise<string>;
  close(): Promise<void>;
}

export interface BenchWorldOptions {
  /** More environment for every app (on top of the world's own). */
  env?: Record<string, string>;
  /** The app to profile, and how (profileFlags): `ingest`, `ingest:allocations`. */
  profile?: string;
  /** The dist folder of the build whose apps run (this one by default; another for "before"). */
  appsDist?: string;
}

export const BENCH_ADMIN = { username: 'bench-admin', password: 'bench-admin-password' };

/**
 * The node flags that profile app `name` when `profile` names it: `<app>` writes a V8 CPU
 * profile to ./profiles, `<app>:allocations` an allocation profile and its collections'
 * pauses (allocation-sampler.ts).
 */
export function profileFlags(name: string, profile: string | undefined): string[] {
  const [app, kind = 'cpu'] = (profile ?? '').split(':');
  if (app !== name) return [];
  if (kind === 'allocations') return ['--require', join(__dirname, 'allocation-sampler.js')];
  if (kind === 'cpu') return ['--cpu-prof', `--cpu-prof-dir=${join(process.cwd(), 'profiles')}`];
  throw new Error(`--profile takes <app> or <app>:allocations, not ${JSON.stringify(profile)}`);
}

/** One app of a build (`appsDist`, this one by default) as its own process, profiled if `profile` names it (profileFlags). */
export function startApp(name: string, env: NodeJS.ProcessEnv, profile: string | undefined, appsDist = DIST): ChildProcess {
  const flags = profileFlags(name, profile);
  const child = spawn(process.execPath, [...flags, join(appsDist, 'apps', name, 'src', 'main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (code !== null && code !== 0) console.error(`${name} exited with ${code ?? signal}`);
  });
  return child;
}

export async function waitReady(url: string, name: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not become ready`);
}

/** Resident memory of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : NaN;
}

/**
 * Statistics for the planner after a bulk load, as autovacuum would gather within a minute: a
 * city's database has them. Without, the first plans see thousands of responders as a small
 * table and hash-join them on every cascade step (measured: 1.6 ms instead of 0.05 ms).
 */
export async function analyzeDatabase(databaseUrl: string): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('ANALYZE');
  } finally {
    await db.end();
  }
}

/** The Postgres and Redis every bench runs against: BENCH_DATABASE_URL / REDIS_URL, else found or started as the launcher does. */
export async function benchServices() {
  const postgres = await findOrStartPostgres(
    { DATABASE_URL: process.env.BENCH_DATABASE_URL },
    { database: 'postgres', dataDir: join(DIST, '..', '.data', 'pg-bench') },
  );
  const redis = await findOrStartRedis({ REDIS_URL: process.env.REDIS_URL });
  return { postgres, redis };
}

export async function startBenchWorld(options: BenchWorldOptions = {}): Promise<BenchWorld> {
  const { postgres, redis } = await benchServices();
  const database = `hk_bench_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(postgres.adminUrl, database);
  const databaseUrl = withDatabase(postgres.adminUrl, database);
  const redisPrefix = `hkbench-${randomBytes(4).toString('hex')}`;
  // Free ports for everything, the device listeners too: the defaults may be a running demo's.
  const [ingest, consolePort, dispatcher, watch, gt06] = await freePorts(5);
  const ports = { ingest: ingest!, console: consolePort!, dispatcher: dispatcher!, watch: watch!, gt06: gt06! };
  const deviceSecretKey = randomBytes(32).toString('base64');
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redisPrefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    DEVICE_SECRET_KEY: deviceSecretKey,
    BOOTSTRAP_ADMIN_USERNAME: BENCH_ADMIN.username,
    BOOTSTRAP_ADMIN_PASSWORD: BENCH_ADMIN.password,
    LOG_LEVEL: 'warn',
    INGEST_PORT: String(ports.ingest),
    CONSOLE_PORT: String(ports.console),
    DISPATCHER_PORT: String(ports.dispatcher),
    WATCH_PORT: String(ports.watch),
    GT06_PORT: String(ports.gt06),
    HOST: '127.0.0.1',
    // Every simulated phone and operator logs in from this one address.
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '100000',
    ...options.env,
  };
  const apps = new Map<string, ChildProcess>();
  const consoleUrl = `http://127.0.0.1:${ports.console}`;
  const ingestUrl = `http://127.0.0.1:${ports.ingest}`;
  const close = async () => {
    for (const child of apps.values()) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    const admin = new Client({ connectionString: postgres.adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    await deleteRedisKeys(redis.url, redisPrefix);
    await redis.stop();
    await postgres.stop();
  };
  try {
    // Migrations run in the first app; start it alone so the others find the schema.
    apps.set('console', startApp('console', env, options.profile, options.appsDist));
    await waitReady(consoleUrl, 'console');
    for (const name of ['ingest', 'dispatcher']) apps.set(name, startApp(name, env, options.profile, options.appsDist));
    await waitReady(ingestUrl, 'ingest');
    await waitReady(`http://127.0.0.1:${ports.dispatcher}`, 'dispatcher');
  } catch (error) {
    await close();
    throw error;
  }
  return {
    databaseUrl,
    redisUrl: redis.url,
    redisPrefix,
    deviceSecretKey,
    ports,
    consoleUrl,
    ingestUrl,
    apps,
    origins: { postgres: postgres.origin, redis: redis.origin },
    adminToken: () => login(consoleUrl, BENCH_ADMIN.username, BENCH_ADMIN.password),
    close,
  };
}

export async function login(consoleUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${consoleUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login of ${username}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
