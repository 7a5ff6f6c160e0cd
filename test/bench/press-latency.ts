import { signHandsetRequest } from '@app/auth';
import {
  ConsoleEvent,
  DEVICE_PROTOCOLS,
  type DeviceProtocolName,
  type DispatchOffered,
  type IncidentView,
  Namespace,
  ResponderEvent,
  type TcpDeviceProtocolName,
} from '@app/contracts';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { deleteRedisKeys } from '../support/environment';
import { type ProvisionedDevice, provisionResidents, provisionTcpResidents } from '../support/fixtures';
import { ensureDatabase, freePorts, withDatabase } from '../../apps/launcher/src/services';
import { runCapacity } from './capacity';
import { atFixedRate, rounded, summarize, type LatencySummary } from './stats';
import { analyzeDatabase, benchServices, startApp, waitReady } from './bench-world';
import { type BenchDevice, bindDevices } from './tcp-presses';
import { benchArgs, listArg } from './bench-args';

/**
 * The hot-path benchmark: presses at a fixed arrival rate against the real, separately running
 * ingest, console and dispatcher, while listening as a console; next to raw baselines measured
 * in the same run on the same machine, so a figure reads against what this machine can do at
 * all. Each device protocol gets its own residents and the same arrival rate, one protocol
 * after the other: signed HTTP presses, and alarm frames from watches and GT06 pendants on
 * persistent TCP connections bound before the measured phase.
 *
 *   npm run bench -- --presses 400 --rate 50 [--protocols http,watch,gt06] [--offer-timeout 3] [--phones 50] [--profile ingest]
 *
 * Capacity shapes (capacity.ts), each next to the raw parts per press and group-committed:
 *
 *   npm run bench -- --shape burst --residents 2000 [--offer-timeout 60] [--profile ingest]
 *   npm run bench -- --shape sustained --connections 50 --seconds 10 [--profile ingest]
 *
 * `--apps-dist DIR` runs the HeartKey processes of another build (e.g. main's, to compare before and after).
 */

const args = benchArgs();
const PRESSES = Number(args.get('presses') ?? 400);
const RATE = Number(args.get('rate') ?? 50);
/** How many carers listen on their phone socket (press -> dispatch.offered as a phone sees it). */
const PHONES = Math.min(PRESSES, Number(args.get('phones') ?? 50));
/** The protocols measured, in this order, each with PRESSES residents of its own. */
const PROTOCOLS = listArg('protocols', args.get('protocols') ?? 'http,watch', DEVICE_PROTOCOLS);
/** Presses outside the measurement that warm up the JIT, the pools and the prepared paths (low-battery alarms: no emergency). */
const WARM_UP = Math.min(PRESSES, 20);
const DIST = join(__dirname, '..', '..');
/** The build whose ingest, console and dispatcher are measured (this one unless --apps-dist). */
const APPS_DIST = args.get('apps-dist') ?? DIST;
/** `latency` (the fixed-rate mode above), `burst` or `sustained`. */
const SHAPE = args.get('shape') ?? 'latency';
if (!['latency', 'burst', 'sustained'].includes(SHAPE)) throw new Error(`--shape takes latency, burst or sustained, not ${JSON.stringify(SHAPE)}`);
/**
 * In the fixed-rate mode offers time out this fast, so the benchmark can see how late the
 * timeout timers fire. The capacity shapes keep the deployed default (60 s): they measure a
 * storm's intake and first offers, not the second cascade that 3-second offers would start in
 * the middle of it (`--offer-timeout 3` shows that one).
 */
const OFFER_TIMEOUT_S = Number(args.get('offer-timeout') ?? (SHAPE === 'latency' ? 3 : 60));

/** `--profile ingest` writes a V8 CPU profile of that app to ./profiles (open it in Chrome DevTools); `--profile ingest:allocations` what it allocates. */
const PROFILE = args.get('profile');

/** Serial prefixes of the simulated TCP devices (a watch id is 10 digits, a GT06 IMEI 15). */
const TCP_SERIAL_PREFIX: Record<TcpDeviceProtocolName, string> = { watch: '81', gt06: '8657' };
/**
 * The number the bench devices dial, stored as already written: a device without SOS numbers
 * would be sent the hotline on its first connection, an extra frame that is not what is measured.
 */
const BENCH_SOS_NUMBERS = ['12349'];

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
 * socket; `offeredAt` fills with when each incident's offer reached a phone (performance.now()).
 * `hangUp` closes the sockets (an open socket.io client reconnects forever and keeps the bench alive).
 */
async function listenAsCarers(
  consoleUrl: string,
  databaseUrl: string,
  adminToken: string,
  residentIds: string[],
): Promise<{ offeredAt: Map<string, number>; hangUp: () => void }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ responder_id: string }>(`SELECT responder_id FROM care_team WHERE role = 'carer' AND resident_id = ANY($1::uuid[])`, [
    residentIds,
  ]);
  await db.end();
  const offeredAt = new Map<string, number>();
  const phones: Socket[] = [];
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
      phones.push(phone);
      phone.on(ResponderEvent.DispatchOffered, (offer: DispatchOffered) => {
        if (!offeredAt.has(offer.incidentId)) offeredAt.set(offer.incidentId, performance.now());
      });
      await new Promise<void>((resolve, reject) => {
        phone.once('connect', () => resolve());
        phone.once('connect_error', reject);
      });
    }),
  );
  return { offeredAt, hangUp: () => phones.forEach((phone) => phone.disconnect()) };
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

/** SIGTERM to every app still running, and waits for each to exit (a profiled one writes its profile on the way out). */
async function stopApps(children: ChildProcess[]): Promise<void> {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(
    running.map(
      (child) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 10_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** Logs in as the bench admin and connects an operator socket to console. */
async function listenAsOperator(consoleUrl: string): Promise<{ login: { accessToken: string }; socket: Socket }> {
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
  return { login, socket };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** How long after the last press the bench still waits for the console to show incidents. */
const CONSOLE_GRACE_MS = 2000;

/** When the console first showed an SOS incident of each device serial (performance.now()). */
type Sightings = Map<string, number>;

/** An answered press: which device, and when its request or frame was written. */
interface Press {
  serial: string;
  t0: number;
}

/** One protocol's measured phase, as measured on the device side. */
interface Phase<P extends Press = Press> {
  answered: P[];
  /** Press -> answer (HTTP 202, or the device's answer frame), ms. */
  toAnswer: number[];
  /** Presses not answered (HTTP: another status; TCP: no answer frame in time, or the connection closed). */
  refused: number;
  seconds: number;
}

interface ProtocolFigures {
  protocol: DeviceProtocolName;
  toAnswer: LatencySummary;
  toConsole: LatencySummary;
  achievedRate: number;
  refused: number;
  /** Answered presses whose incident never reached the console. */
  notShown: number;
}

function figuresOf(protocol: DeviceProtocolName, phase: Phase, shown: Sightings): ProtocolFigures {
  const toConsole = phase.answered.flatMap((p) => {
    const at = shown.get(p.serial);
    return at === undefined ? [] : [at - p.t0];
  });
  return {
    protocol,
    toAnswer: summarize(phase.toAnswer),
    toConsole: summarize(toConsole),
    achievedRate: phase.answered.length + phase.refused ? (phase.answered.length + phase.refused) / phase.seconds : 0,
    refused: phase.refused,
    notShown: phase.answered.length - toConsole.length,
  };
}

/** Signed SOS presses, one per handset, at the fixed rate. */
async function httpPhase(ingestUrl: string, devices: ProvisionedDevice[]): Promise<Phase<Press & { incidentId: string }>> {
  for (const d of devices.slice(0, WARM_UP))
    await signedPost(`${ingestUrl}/v1/alarms`, d.serial, d.secret, { eventId: `warm-${d.serial}`, type: 'low_battery' });
  const phase: Phase<Press & { incidentId: string }> = { answered: [], toAnswer: [], refused: 0, seconds: 0 };
  phase.seconds = await atFixedRate(devices.length, RATE, async (i) => {
    const d = devices[i]!;
    const t0 = performance.now();
    const { status, json } = await signedPost(`${ingestUrl}/v1/alarms`, d.serial, d.secret, { eventId: randomUUID(), type: 'sos' });
    if (status !== 202) {
      phase.refused++;
      return;
    }
    phase.toAnswer.push(performance.now() - t0);
    phase.answered.push({ serial: d.serial, t0, incidentId: json.incidentId as string });
  });
  await sleep(CONSOLE_GRACE_MS);
  return phase;
}

/** One SOS alarm frame per device, each on the connection it bound before the phase, at the fixed rate. */
async function tcpPhase(port: number, protocol: TcpDeviceProtocolName, serials: string[]): Promise<Phase> {
  const devices: BenchDevice[] = await bindDevices(port, protocol, serials);
  try {
    for (const device of devices.slice(0, WARM_UP)) await device.press('low_battery');
    // The gateway writes contacts (binds, warm-up) in batches every half second: let them go out first.
    await sleep(1000);
    const phase: Phase = { answered: [], toAnswer: [], refused: 0, seconds: 0 };
    phase.seconds = await atFixedRate(devices.length, RATE, async (i) => {
      const device = devices[i]!;
      const t0 = performance.now();
      try {
        await device.press('sos');
      } catch {
        phase.refused++;
        return;
      }
      phase.toAnswer.push(performance.now() - t0);
      phase.answered.push({ serial: device.serial, t0 });
    });
    await sleep(CONSOLE_GRACE_MS);
    return phase;
  } finally {
    devices.forEach((d) => d.close());
  }
}

/**
 * Waits until no offer has been pending for two looks a second apart (between a timeout and the
 * next offer of a cascade there is a moment with none), so one protocol's cascades do not load
 * the next protocol's phase. False when the time ran out.
 */
async function waitForDispatchesToSettle(databaseUrl: string, timeoutMs = 60_000): Promise<boolean> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const deadline = performance.now() + timeoutMs;
    let quietLooks = 0;
    while (performance.now() < deadline) {
      const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM dispatches WHERE status = 'offered'`);
      quietLooks = Number(rows[0]!.n) === 0 ? quietLooks + 1 : 0;
      if (quietLooks === 2) return true;
      await sleep(1000);
    }
    return false;
  } finally {
    await db.end();
  }
}

async function main(): Promise<void> {
  const loadAtStart = loadavg();
  const { postgres, redis } = await benchServices();
  const database = `hk_bench_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(postgres.adminUrl, database);
  const databaseUrl = withDatabase(postgres.adminUrl, database);
  const prefix = `hkbench-${randomBytes(4).toString('hex')}`;
  // Free ports for the device listeners too: the defaults (5093, 5023) may be a running demo's.
  const [ingestPort, consolePort, dispatcherPort, watchPort, gt06Port] = await freePorts(5);
  const tcpPorts: Record<TcpDeviceProtocolName, number> = { watch: watchPort!, gt06: gt06Port! };
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
    WATCH_PORT: String(tcpPorts.watch),
    GT06_PORT: String(tcpPorts.gt06),
    HOST: '127.0.0.1',
    DISPATCH_OFFER_TIMEOUT_S: String(OFFER_TIMEOUT_S),
    ACK_TIMEOUT_S: '3600',
    // Every simulated phone logs in from this one address.
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '100000',
  };
  const children: ChildProcess[] = [];
  try {
    // Migrations run in the first app; start it alone so the others find the schema.
    children.push(startApp('console', env, PROFILE, APPS_DIST));
    const consoleUrl = `http://127.0.0.1:${consolePort}`;
    const ingestUrl = `http://127.0.0.1:${ingestPort}`;
    await waitReady(consoleUrl, 'console');
    children.push(startApp('ingest', env, PROFILE, APPS_DIST), startApp('dispatcher', env, PROFILE, APPS_DIST));
    await waitReady(ingestUrl, 'ingest');
    await waitReady(`http://127.0.0.1:${dispatcherPort}`, 'dispatcher');

    if (SHAPE === 'burst' || SHAPE === 'sustained') {
      const { socket } = await listenAsOperator(consoleUrl);
      const figures = await runCapacity({
        shape: SHAPE,
        residents: Number(args.get('residents') ?? 2000),
        connections: Number(args.get('connections') ?? 50),
        seconds: Number(args.get('seconds') ?? 10),
        ingestUrl,
        databaseUrl,
        redisUrl: redis.url,
        redisPrefix: prefix,
        deviceSecretKey: key,
        consoleSocket: socket,
        stopApps: () => stopApps(children),
        cpuSources: { apps: { console: children[0]?.pid, ingest: children[1]?.pid, dispatcher: children[2]?.pid }, databaseUrl, redisUrl: redis.url },
      });
      socket.disconnect();
      const loadAtEnd = loadavg();
      console.log(`\nPostgres: ${postgres.origin}; Redis: ${redis.origin}; node ${process.version}; apps from ${APPS_DIST}`);
      console.log(
        `load average (1/5/15 min): ${loadAtStart.map((v) => v.toFixed(2)).join(' ')} at start, ${loadAtEnd.map((v) => v.toFixed(2)).join(' ')} at end`,
      );
      const { failed, ...shape } = figures;
      console.log(
        `\nBENCH ${JSON.stringify({ at: new Date().toISOString(), shape: SHAPE, node: process.version, loadavg: { start: loadAtStart, end: loadAtEnd }, ...shape })}`,
      );
      if (failed) process.exitCode = 1;
      return;
    }

    const handsets = PROTOCOLS.includes('http') ? await provisionResidents(databaseUrl, key, PRESSES, 'BENCH') : [];
    const tcpSerials = new Map<TcpDeviceProtocolName, string[]>();
    for (const protocol of PROTOCOLS) {
      if (protocol === 'http') continue;
      const devices = await provisionTcpResidents(databaseUrl, protocol, PRESSES, TCP_SERIAL_PREFIX[protocol], { sosNumbers: BENCH_SOS_NUMBERS });
      tcpSerials.set(
        protocol,
        devices.map((d) => d.serial),
      );
    }
    await analyzeDatabase(databaseUrl);
    const { login, socket } = await listenAsOperator(consoleUrl);
    // Every device presses SOS once in its phase; the warm-up alarms open low-battery incidents, not counted.
    const shown: Sightings = new Map();
    socket.on(ConsoleEvent.IncidentCreated, (view: IncidentView) => {
      if (view.type === 'sos' && !shown.has(view.device.serial)) shown.set(view.device.serial, performance.now());
    });
    const { offeredAt, hangUp } = await listenAsCarers(
      consoleUrl,
      databaseUrl,
      login.accessToken,
      handsets.slice(0, PHONES).map((d) => d.residentId),
    );

    const figures: ProtocolFigures[] = [];
    let dispatch: { toPhone: LatencySummary; toOffer: LatencySummary; lateness: LatencySummary } | undefined;
    let settledBetweenPhases = true;
    for (const protocol of PROTOCOLS) {
      if (figures.length) settledBetweenPhases = (await waitForDispatchesToSettle(databaseUrl)) && settledBetweenPhases;
      if (protocol !== 'http') {
        figures.push(figuresOf(protocol, await tcpPhase(tcpPorts[protocol], protocol, tcpSerials.get(protocol)!), shown));
        continue;
      }
      const phase = await httpPhase(ingestUrl, handsets);
      figures.push(figuresOf(protocol, phase, shown));
      const toPhone = phase.answered.slice(0, PHONES).flatMap((p) => (offeredAt.has(p.incidentId) ? [offeredAt.get(p.incidentId)! - p.t0] : []));
      // Let the first offers time out, then read both figures from what the database recorded.
      await sleep((OFFER_TIMEOUT_S + 3) * 1000);
      const { toOffer, lateness } = await dispatchTimings(
        databaseUrl,
        phase.answered.map((p) => p.incidentId),
      );
      dispatch = { toPhone: summarize(toPhone), toOffer: summarize(toOffer), lateness: summarize(lateness) };
    }
    socket.disconnect();
    hangUp();

    const httpBase = await baselineHttp();
    const pgBase = await baselinePostgres(databaseUrl);
    const redisBase = await baselineRedis(redis.url, prefix);
    const loadAtEnd = loadavg();
    const at = new Date().toISOString();

    const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
    console.log(`\nHeartKey press benchmark: ${PRESSES} presses at ${RATE}/s (open loop) per protocol (${PROTOCOLS.join(', ')}), ${at}`);
    console.log(`Postgres: ${postgres.origin}; Redis: ${redis.origin}; node ${process.version}`);
    console.log(`load average (1/5/15 min): ${load(loadAtStart)} at start, ${load(loadAtEnd)} at end\n`);
    for (const f of figures) {
      const refusals = `refused ${f.refused}; not shown on console ${f.notShown}`;
      if (f.protocol === 'http') {
        console.log(row('press -> 202 (ingest)', f.toAnswer, httpBase));
        console.log(row('press -> incident.created (console)', f.toConsole));
        if (dispatch) {
          console.log(row(`press -> dispatch.offered (${PHONES} phones)`, dispatch.toPhone));
          console.log(row('stored press -> offer committed', dispatch.toOffer));
          console.log(row(`offer timeout (${OFFER_TIMEOUT_S} s) fired late by`, dispatch.lateness));
        }
        console.log(`${'achieved rate'.padEnd(34)} ${f.achievedRate.toFixed(1)} presses/s; ${refusals}`);
      } else {
        console.log(row(`${f.protocol} press -> answer (ingest)`, f.toAnswer, httpBase));
        console.log(row(`${f.protocol} press -> incident.created`, f.toConsole));
        console.log(`${`${f.protocol} achieved rate`.padEnd(34)} ${f.achievedRate.toFixed(1)} presses/s; ${refusals}`);
      }
    }
    if (!settledBetweenPhases) console.log("(offers were still pending when a phase started: its figures carry the previous phase's dispatch load)");
    console.log('\nBaselines in the same run:');
    console.log(row('raw node:http + HMAC -> 202', httpBase));
    console.log(row('raw pg INSERT + commit', pgBase));
    console.log(row('raw ioredis publish -> message', redisBase));

    // One line for scripts: every figure above, in ms (null where there was nothing to measure).
    const summary = {
      at,
      presses: PRESSES,
      rate: RATE,
      protocols: PROTOCOLS,
      node: process.version,
      loadavg: { start: loadAtStart, end: loadAtEnd },
      settledBetweenPhases,
      figures: Object.fromEntries(
        figures.map((f) => [
          f.protocol,
          {
            toAnswer: rounded(f.toAnswer),
            toConsole: rounded(f.toConsole),
            achievedRate: Number(f.achievedRate.toFixed(1)),
            refused: f.refused,
            notShown: f.notShown,
          },
        ]),
      ),
      dispatch: dispatch && {
        phones: PHONES,
        offerTimeoutS: OFFER_TIMEOUT_S,
        toPhone: rounded(dispatch.toPhone),
        toOffer: rounded(dispatch.toOffer),
        timeoutLateBy: rounded(dispatch.lateness),
      },
      baselines: { rawHttp: rounded(httpBase), rawPg: rounded(pgBase), rawRedis: rounded(redisBase) },
    };
    console.log(`\nBENCH ${JSON.stringify(summary)}`);
    if (figures.some((f) => f.refused || f.notShown)) process.exitCode = 1;
  } finally {
    await stopApps(children);
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
