import { signHandsetRequest } from '@app/auth';
import { ConsoleEvent, type DispatchOffered, type IncidentView, Namespace, ResponderEvent } from '@app/contracts';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { io } from 'socket.io-client';
import { deleteRedisKeys } from '../support/environment';
import { provisionResidents } from '../support/fixtures';
import { ensureDatabase, findOrStartPostgres, findOrStartRedis, freePort, withDatabase } from '../../apps/launcher/src/services';
import { atFixedRate, summarize, type LatencySummary } from './stats';

/**
 * The hot-path benchmark (DESIGN.md "Performance stance"): signed presses at a fixed arrival
 * rate against the real, separately running ingest, console and dispatcher, while listening
 * as a console; next to raw baselines measured in the same run on the same machine.
 *
 *   npm run bench -- --presses 400 --rate 50 [--offer-timeout 3] [--phones 50] [--profile ingest]
 */

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const PRESSES = Number(args.get('presses') ?? 400);
const RATE = Number(args.get('rate') ?? 50);
/** Offers time out this fast in the run, so the benchmark can see how late the timeout timers fire. */
const OFFER_TIMEOUT_S = Number(args.get('offer-timeout') ?? 3);
/** How many carers listen on their phone socket (press -> dispatch.offered as a phone sees it). */
const PHONES = Math.min(PRESSES, Number(args.get('phones') ?? 50));
const DIST = join(__dirname, '..', '..');

/** `--profile ingest` writes a V8 CPU profile of that app to ./profiles (open it in Chrome DevTools). */
const PROFILE = args.get('profile');

function startApp(name: string, env: NodeJS.ProcessEnv): ChildProcess {
  const profile = PROFILE === name ? ['--cpu-prof', '--cpu-prof-dir=profiles'] : [];
  const child = spawn(process.execPath, [...profile, join(DIST, 'apps', name, 'src', 'main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (code !== null && code !== 0) console.error(`${name} exited with ${code ?? signal}`);
  });
  return child;
}

async function waitReady(url: string, name: string): Promise<void> {
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

async function signedPost(url: string, serial: string, secret: string, body: unknown): Promise<{ status: number; json: any }> {
  const raw = JSON.stringify(body);
  const ts = String(Date.now());
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-device-id': serial, 'x-timestamp': ts, 'x-signature': signHandsetRequest(secret, ts, raw) },
    body: raw,
  });
  return { status: res.status, json: await res.json().catch(() => undefined) };
}

async function baselineHttp(): Promise<LatencySummary> {
  const child = spawn(process.execPath, [join(__dirname, 'raw-http-server.js')], { env: { ...process.env, BASELINE_SECRET: 'baseline' } });
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  const latencies: number[] = [];
  try {
    await atFixedRate(PRESSES, RATE, async (i) => {
      const t0 = performance.now();
      const { status } = await signedPost(`http://127.0.0.1:${port}/v1/alarms`, 'x', 'baseline', { eventId: `b${i}`, type: 'sos' });
      if (status === 202) latencies.push(performance.now() - t0);
    });
  } finally {
    child.kill();
  }
  return summarize(latencies);
}

async function baselinePostgres(databaseUrl: string): Promise<LatencySummary> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query('CREATE TABLE bench_baseline (id uuid PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), body jsonb)');
  const pool: Client[] = [];
  for (let i = 0; i < 8; i++) {
    const c = new Client({ connectionString: databaseUrl });
    await c.connect();
    pool.push(c);
  }
  const latencies: number[] = [];
  await atFixedRate(PRESSES, RATE, async (i) => {
    const t0 = performance.now();
    // One durable commit per press: the floor under any design that stores before answering.
    await pool[i % pool.length]!.query('INSERT INTO bench_baseline (id, body) VALUES ($1, $2)', [randomUUID(), { i }]);
    latencies.push(performance.now() - t0);
  });
  for (const c of pool) await c.end();
  await db.query('DROP TABLE bench_baseline');
  await db.end();
  return summarize(latencies);
}

async function baselineRedis(redisUrl: string, prefix: string): Promise<LatencySummary> {
  const pub = new IORedis(redisUrl);
  const sub = new IORedis(redisUrl);
  const channel = `${prefix}-baseline`;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  await sub.subscribe(channel);
  sub.on('message', (_c, message: string) => {
    const t0 = sentAt.get(message);
    if (t0 !== undefined) latencies.push(performance.now() - t0);
  });
  await atFixedRate(PRESSES, RATE, async (i) => {
    sentAt.set(String(i), performance.now());
    await pub.publish(channel, String(i));
  });
  await new Promise((r) => setTimeout(r, 200));
  pub.disconnect();
  sub.disconnect();
  return summarize(latencies);
}

/**
 * Responder accounts for the carers of the first residents, each listening on its phone
 * socket; returns when each incident's offer reached a phone (performance.now()).
 */
async function listenAsCarers(consoleUrl: string, databaseUrl: string, adminToken: string, residentIds: string[]): Promise<Map<string, number>> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ responder_id: string }>(`SELECT responder_id FROM care_team WHERE role = 'carer' AND resident_id = ANY($1::uuid[])`, [
    residentIds,
  ]);
  await db.end();
  const offeredAt = new Map<string, number>();
  await Promise.all(
    rows.map(async ({ responder_id: responderId }, i) => {
      const username = `bench-carer-${i}`;
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` };
      await fetch(`${consoleUrl}/v1/users`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ username, password: 'bench-carer-password', role: 'responder', responderId }),
      });
      const { accessToken } = (await (
        await fetch(`${consoleUrl}/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: 'bench-carer-password' }),
        })
      ).json()) as { accessToken: string };
      const phone = io(`${consoleUrl}${Namespace.Responders}`, { auth: { token: accessToken }, transports: ['websocket'] });
      phone.on(ResponderEvent.DispatchOffered, (offer: DispatchOffered) => {
        if (!offeredAt.has(offer.incidentId)) offeredAt.set(offer.incidentId, performance.now());
      });
      await new Promise<void>((resolve, reject) => {
        phone.once('connect', () => resolve());
        phone.once('connect_error', reject);
      });
    }),
  );
  return offeredAt;
}

/** From the database's own clock: stored press -> first offer committed, and how late offer timeouts fired. */
async function dispatchTimings(databaseUrl: string, incidentIds: string[]): Promise<{ toOffer: number[]; lateness: number[] }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const offers = await db.query<{ ms: number }>(
      `SELECT extract(epoch FROM min(d.offered_at) - i.opened_at) * 1000 AS ms
       FROM incidents i JOIN dispatches d ON d.incident_id = i.id WHERE i.id = ANY($1::uuid[]) GROUP BY i.id, i.opened_at`,
      [incidentIds],
    );
    const timeouts = await db.query<{ ms: number }>(
      `SELECT extract(epoch FROM responded_at - expires_at) * 1000 AS ms FROM dispatches WHERE status = 'timed_out' AND incident_id = ANY($1::uuid[])`,
      [incidentIds],
    );
    return { toOffer: offers.rows.map((r) => Number(r.ms)), lateness: timeouts.rows.map((r) => Number(r.ms)) };
  } finally {
    await db.end();
  }
}

function row(name: string, s: LatencySummary, base?: LatencySummary): string {
  const ratio = base ? ` (x${(s.p50 / base.p50).toFixed(1)} p50, x${(s.p99 / base.p99).toFixed(1)} p99 of baseline)` : '';
  return `${name.padEnd(34)} n=${String(s.n).padStart(5)}  p50=${s.p50.toFixed(1).padStart(7)} ms  p99=${s.p99.toFixed(1).padStart(7)} ms  max=${s.max.toFixed(1).padStart(7)} ms${ratio}`;
}

async function main(): Promise<void> {
  const postgres = await findOrStartPostgres(
    { DATABASE_URL: process.env.BENCH_DATABASE_URL },
    { database: 'postgres', dataDir: join(DIST, '..', '.data', 'pg-bench') },
  );
  const redis = await findOrStartRedis({ REDIS_URL: process.env.REDIS_URL });
  const database = `hk_bench_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(postgres.adminUrl, database);
  const databaseUrl = withDatabase(postgres.adminUrl, database);
  const prefix = `hkbench-${randomBytes(4).toString('hex')}`;
  const [ingestPort, consolePort, dispatcherPort] = [await freePort(), await freePort(), await freePort()];
  const key = randomBytes(32).toString('base64');
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    REDIS_PREFIX: prefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    DEVICE_SECRET_KEY: key,
    BOOTSTRAP_ADMIN_USERNAME: 'bench-admin',
    BOOTSTRAP_ADMIN_PASSWORD: 'bench-admin-password',
    LOG_LEVEL: 'warn',
    INGEST_PORT: String(ingestPort),
    CONSOLE_PORT: String(consolePort),
    DISPATCHER_PORT: String(dispatcherPort),
    HOST: '127.0.0.1',
    DISPATCH_OFFER_TIMEOUT_S: String(OFFER_TIMEOUT_S),
    ACK_TIMEOUT_S: '3600',
    // Every simulated phone logs in from this one address.
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '100000',
  };
  const children: ChildProcess[] = [];
  try {
    // Migrations run in the first app; start it alone so the others find the schema.
    children.push(startApp('console', env));
    const consoleUrl = `http://127.0.0.1:${consolePort}`;
    const ingestUrl = `http://127.0.0.1:${ingestPort}`;
    await waitReady(consoleUrl, 'console');
    children.push(startApp('ingest', env), startApp('dispatcher', env));
    await waitReady(ingestUrl, 'ingest');
    await waitReady(`http://127.0.0.1:${dispatcherPort}`, 'dispatcher');

    const devices = await provisionResidents(databaseUrl, key, PRESSES, 'BENCH');
    const login = await fetch(`${consoleUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench-admin', password: 'bench-admin-password' }),
    }).then((r) => r.json() as Promise<{ accessToken: string }>);
    const socket = io(`${consoleUrl}${Namespace.Console}`, { auth: { token: login.accessToken }, transports: ['websocket'] });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const shownAt = new Map<string, number>();
    socket.on(ConsoleEvent.IncidentCreated, (view: IncidentView) => shownAt.set(view.id, performance.now()));
    const offeredAt = await listenAsCarers(
      consoleUrl,
      databaseUrl,
      login.accessToken,
      devices.slice(0, PHONES).map((d) => d.residentId),
    );

    // Warm-up outside the measurement (JIT, pools, prepared paths).
    for (let i = 0; i < 20; i++)
      await signedPost(`${ingestUrl}/v1/alarms`, devices[i]!.serial, devices[i]!.secret, { eventId: `warm-${i}`, type: 'low_battery' });

    const toAck: number[] = [];
    const sent: { incidentId: string; t0: number }[] = [];
    let refused = 0;
    const seconds = await atFixedRate(PRESSES, RATE, async (i) => {
      const d = devices[i]!;
      const t0 = performance.now();
      const { status, json } = await signedPost(`${ingestUrl}/v1/alarms`, d.serial, d.secret, { eventId: randomUUID(), type: 'sos' });
      if (status !== 202) {
        refused++;
        return;
      }
      toAck.push(performance.now() - t0);
      sent.push({ incidentId: json.incidentId as string, t0 });
    });
    await new Promise((r) => setTimeout(r, 2000));
    const toConsole = sent.flatMap((s) => (shownAt.has(s.incidentId) ? [shownAt.get(s.incidentId)! - s.t0] : []));
    const missing = sent.length - toConsole.length;
    const toPhone = sent.slice(0, PHONES).flatMap((s) => (offeredAt.has(s.incidentId) ? [offeredAt.get(s.incidentId)! - s.t0] : []));
    socket.disconnect();
    // Let the first offers time out, then read both figures from what the database recorded.
    await new Promise((r) => setTimeout(r, (OFFER_TIMEOUT_S + 3) * 1000));
    const { toOffer, lateness } = await dispatchTimings(
      databaseUrl,
      sent.map((s) => s.incidentId),
    );

    const httpBase = await baselineHttp();
    const pgBase = await baselinePostgres(databaseUrl);
    const redisBase = await baselineRedis(redis.url, prefix);

    console.log(`\nHeartKey press benchmark: ${PRESSES} presses at ${RATE}/s (open loop), ${new Date().toISOString()}`);
    console.log(`Postgres: ${postgres.origin}; Redis: ${redis.origin}; node ${process.version}\n`);
    console.log(row('press -> 202 (ingest)', summarize(toAck), httpBase));
    console.log(row('press -> incident.created (console)', summarize(toConsole)));
    console.log(row(`press -> dispatch.offered (${PHONES} phones)`, summarize(toPhone)));
    console.log(row('stored press -> offer committed', summarize(toOffer)));
    console.log(row(`offer timeout (${OFFER_TIMEOUT_S} s) fired late by`, summarize(lateness)));
    console.log(`${'achieved rate'.padEnd(34)} ${(PRESSES / seconds).toFixed(1)} presses/s; refused ${refused}; not shown on console ${missing}`);
    console.log('\nBaselines in the same run:');
    console.log(row('raw node:http + HMAC -> 202', httpBase));
    console.log(row('raw pg INSERT + commit', pgBase));
    console.log(row('raw ioredis publish -> message', redisBase));
    if (refused || missing) process.exitCode = 1;
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    const admin = new Client({ connectionString: postgres.adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    await deleteRedisKeys(redis.url, prefix);
    await redis.stop();
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
