import { signHandsetRequest } from '@app/auth';
import { ConsoleEvent, HandsetHeader, type IncidentView } from '@app/contracts';
import { LIVE_STATUSES_SQL } from '@app/database';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { cpus } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { type ProvisionedDevice, provisionResidents } from '../support/fixtures';
import { analyzeDatabase } from './bench-world';
import { type CpuSources, type CpuSplit, describeCpuSplit, startCpuSplit } from './cpu-split';
import { atFixedRate, summarize, type LatencySummary } from './stats';

/**
 * The capacity shapes of the benchmark (issue 10): a burst of N distinct residents pressing at
 * once, and a closed loop at C connections whose presses fold into open incidents. Each runs
 * against HeartKey first, then, with HeartKey's processes stopped, against the raw parts on the
 * same database (raw-press-server.ts), per press and group-committed, so every figure reads as
 * a ratio to what this machine can do at all in the same run.
 */

export type CapacityShape = 'burst' | 'sustained';

export interface CapacityRun {
  shape: CapacityShape;
  /** Burst: how many residents press at once. */
  residents: number;
  /** Sustained: connections of the closed loop, and how long it runs. */
  connections: number;
  seconds: number;
  ingestUrl: string;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  deviceSecretKey: string;
  /** An operator socket on console: what it is sent shows when an incident reached a console. */
  consoleSocket: Socket;
  /** Stops HeartKey's processes (and lets a profiled one write its profile) before the raw parts run. */
  stopApps(): Promise<void>;
  /** What to count CPU time of during HeartKey's phase. */
  cpuSources: CpuSources;
}

/** A burst, as the handsets saw it. Times in ms from the moment the first press was sent. */
/** Presses not answered 202, by the status they got (0: no answer, the connection failed or timed out). */
type ErrorStatuses = Record<string, number>;

function countError(statuses: ErrorStatuses, status: number): void {
  statuses[status] = (statuses[status] ?? 0) + 1;
}

const errorText = (statuses: ErrorStatuses) =>
  Object.entries(statuses)
    .map(([status, n]) => `${n}x ${status === '0' ? 'no answer' : status}`)
    .join(', ') || '0';

interface BurstFigures {
  answered: number;
  errors: number;
  errorStatuses: ErrorStatuses;
  lastAnswerMs: number;
  toAnswer: LatencySummary;
  /** HeartKey only: until every incident was on a console, and until each had its first offer committed. */
  lastOnConsoleMs?: number;
  notShown?: number;
  lastFirstOfferMs?: number;
  noOffer?: number;
}

interface SustainedFigures {
  presses: number;
  errors: number;
  errorStatuses: ErrorStatuses;
  perSecond: number;
  latency: LatencySummary;
}

/** Keep-alive connections without a cap, as many handsets (or a proxy in front of ingest) would hold. */
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

/** A signed SOS press with a fresh eventId over node:http (lighter than fetch, so the load generator costs less CPU); resolves with the status. */
function press(baseUrl: string, device: ProvisionedDevice): Promise<number> {
  const body = JSON.stringify({ eventId: randomUUID(), type: 'sos' });
  const ts = String(Date.now());
  return new Promise((resolve) => {
    const req = request(
      `${baseUrl}/v1/alarms`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          [HandsetHeader.DeviceId]: device.serial,
          [HandsetHeader.Timestamp]: ts,
          [HandsetHeader.Signature]: signHandsetRequest(device.secret, ts, body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

async function burst(baseUrl: string, devices: ProvisionedDevice[]): Promise<BurstFigures & { startedAt: number }> {
  const startedAt = performance.now();
  const times: number[] = [];
  const errorStatuses: ErrorStatuses = {};
  await Promise.all(
    devices.map(async (d) => {
      const status = await press(baseUrl, d);
      if (status === 202) times.push(performance.now() - startedAt);
      else countError(errorStatuses, status);
    }),
  );
  return {
    startedAt,
    answered: times.length,
    errors: devices.length - times.length,
    errorStatuses,
    lastAnswerMs: times.length ? Math.max(...times) : NaN,
    toAnswer: summarize(times),
  };
}

async function sustained(baseUrl: string, devices: ProvisionedDevice[], seconds: number): Promise<SustainedFigures> {
  const latencies: number[] = [];
  let errors = 0;
  const errorStatuses: ErrorStatuses = {};
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    devices.map(async (d) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const status = await press(baseUrl, d);
        if (status === 202) latencies.push(performance.now() - t0);
        else {
          errors++;
          countError(errorStatuses, status);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { presses: latencies.length, errors, errorStatuses, perSecond: latencies.length / elapsed, latency: summarize(latencies) };
}

interface SteadyFigures {
  rate: number;
  presses: number;
  errors: number;
  toAnswer: LatencySummary;
  /** Press sent -> it was seen: by the console (HeartKey) or on the raw parts' Redis channel. */
  toShown: LatencySummary;
  notShown: number;
}

/**
 * Where the open loop sees its presses arrive: `shown(serial, n)` for n more presses of that
 * device seen. Answers a function that stops listening.
 */
type Sightings = (shown: (serial: string, presses: number) => void) => Promise<() => Promise<void>>;

/** The live incidents of these devices, by their device's serial, with their press counts. */
async function openIncidents(run: CapacityRun, devices: ProvisionedDevice[]): Promise<{ id: string; serial: string; press_count: number }[]> {
  const db = new Client({ connectionString: run.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string; serial: string; press_count: number }>(
      `SELECT i.id, i.device_serial AS serial, i.press_count FROM incidents i WHERE i.device_serial = ANY($1::text[]) AND i.type = 'sos' AND i.status IN ${LIVE_STATUSES_SQL}`,
      [devices.map((d) => d.serial)],
    );
    return rows;
  } finally {
    await db.end();
  }
}

/**
 * HeartKey's: the console's `incident.updated` that counts the press. The incidents' press
 * counts are read first, so the k-th press after them is the one a view with that count more
 * shows (a view may count several presses at once: each is seen then).
 */
function onTheConsole(run: CapacityRun, devices: ProvisionedDevice[]): Sightings {
  return async (shown) => {
    const counted = new Map((await openIncidents(run, devices)).map((r) => [r.serial, r.press_count]));
    const onView = (view: IncidentView) => {
      const before = counted.get(view.device.serial);
      if (before === undefined || view.pressCount <= before) return;
      shown(view.device.serial, view.pressCount - before);
      counted.set(view.device.serial, view.pressCount);
    };
    run.consoleSocket.on(ConsoleEvent.IncidentUpdated, onView);
    return () => {
      run.consoleSocket.off(ConsoleEvent.IncidentUpdated, onView);
      return Promise.resolve();
    };
  };
}

/** The raw parts': their one Redis publish per press (the incident's id), as a subscriber receives it. */
function onTheRawChannel(run: CapacityRun, devices: ProvisionedDevice[]): Sightings {
  return async (shown) => {
    const serialOf = new Map((await openIncidents(run, devices)).map((r) => [r.id, r.serial]));
    const subscriber = new IORedis(run.redisUrl, { lazyConnect: true });
    await subscriber.connect();
    await subscriber.subscribe(rawChannel(run));
    subscriber.on('message', (_channel: string, incidentId: string) => {
      const serial = serialOf.get(incidentId);
      if (serial) shown(serial, 1);
    });
    return async () => void (await subscriber.quit());
  };
}

/**
 * Open loop at a fixed rate over the same residents (presses folding into their open incidents),
 * timing each press to its 202 and to the moment `sightings` saw it.
 */
async function steady(baseUrl: string, devices: ProvisionedDevice[], rate: number, seconds: number, sightings: Sightings): Promise<SteadyFigures> {
  const sent = new Map<string, number[]>(devices.map((d) => [d.serial, []]));
  const toShown: number[] = [];
  const stop = await sightings((serial, presses) => {
    const now = performance.now();
    for (const at of sent.get(serial)?.splice(0, presses) ?? []) toShown.push(now - at);
  });
  const toAnswer: number[] = [];
  let errors = 0;
  const count = Math.round(rate * seconds);
  await atFixedRate(count, rate, async (i) => {
    const device = devices[i % devices.length]!;
    const t0 = performance.now();
    sent.get(device.serial)!.push(t0);
    const status = await press(baseUrl, device);
    if (status === 202) toAnswer.push(performance.now() - t0);
    else errors++;
  });
  await new Promise((r) => setTimeout(r, 2000));
  await stop();
  return { rate, presses: count, errors, toAnswer: summarize(toAnswer), toShown: summarize(toShown), notShown: count - errors - toShown.length };
}

/**
 * Presses outside the measurement (the JIT, the pools' connections, the prepared paths), from
 * residents of their own: a few rounds of concurrent presses that fold into their incidents.
 */
async function warmUp(baseUrl: string, devices: ProvisionedDevice[]): Promise<void> {
  for (let round = 0; round < 5; round++) await Promise.all(devices.map((d) => press(baseUrl, d)));
}

/** Ingest's own counts of what its group commit did, from its /metrics (cumulative). */
interface IntakeCounters {
  batches: number;
  statements: number;
  presses: number;
  storeSeconds: number;
}

async function intakeCounters(ingestUrl: string): Promise<IntakeCounters> {
  const text = await (await fetch(`${ingestUrl}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    batches: value('heartkey_alarm_batch_size_count'),
    // An older build (--apps-dist) has no rounds metric: one statement per batch, as it counts them.
    statements: value('heartkey_alarm_batch_rounds_sum') || value('heartkey_alarm_batch_size_count'),
    presses: value('heartkey_alarm_batch_size_sum'),
    storeSeconds: value('heartkey_alarm_store_seconds_sum'),
  };
}

/** What the group commit did between two readings: presses per statement, and the mean time a press waited for its commit. */
function intakeBetween(before: IntakeCounters, after: IntakeCounters) {
  const batches = after.batches - before.batches;
  const statements = after.statements - before.statements;
  const presses = after.presses - before.presses;
  return {
    batches,
    statements,
    pressesPerStatement: round1(presses / statements),
    meanStoreMs: round1(((after.storeSeconds - before.storeSeconds) / presses) * 1000),
  };
}

const describeIntake = (i: ReturnType<typeof intakeBetween>) =>
  Number.isNaN(i.batches)
    ? `ingest's group commit: not in this build (no heartkey_alarm_batch_size on its /metrics)`
    : `ingest's group commit: ${i.batches} batches in ${i.statements} statements, ${i.pressesPerStatement} presses each, a press waited ${i.meanStoreMs} ms for its commit on average`;

/** The channel the raw parts publish each press on. */
const rawChannel = (run: CapacityRun) => `${run.redisPrefix}-raw`;

/** Runs the raw-parts server in `mode` for the length of `work`. */
async function withRawServer<T>(
  run: CapacityRun & { warmUpDevices: ProvisionedDevice[] },
  mode: 'per-press' | 'group',
  work: (url: string) => Promise<T>,
): Promise<T> {
  const child = spawn(process.execPath, [join(__dirname, 'raw-press-server.js')], {
    env: {
      ...process.env,
      RAW_MODE: mode,
      DATABASE_URL: run.databaseUrl,
      REDIS_URL: run.redisUrl,
      RAW_CHANNEL: rawChannel(run),
      DEVICE_SECRET_KEY: run.deviceSecretKey,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      child.once('exit', (code) => reject(new Error(`the raw press server exited with ${code}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    await warmUp(url, run.warmUpDevices);
    return await work(url);
  } finally {
    child.kill();
  }
}

/** Polls Postgres until every incident of `residentIds` has its first offer (or 60 s passed): ms from `since` (the DB's clock) to the last first offer. */
async function lastFirstOffer(databaseUrl: string, residentIds: string[], since: Date): Promise<{ lastMs: number; missing: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const deadline = performance.now() + 60_000;
    for (;;) {
      const { rows } = await db.query<{ offered: string; last_ms: number | null }>(
        `SELECT count(*) AS offered, extract(epoch FROM max(first_offer) - $2::timestamptz) * 1000 AS last_ms
         FROM (SELECT min(d.offered_at) AS first_offer FROM incidents i JOIN dispatches d ON d.incident_id = i.id
               WHERE i.resident_id = ANY($1::uuid[]) GROUP BY i.id) f`,
        [residentIds, since],
      );
      const missing = residentIds.length - Number(rows[0]!.offered);
      if (missing === 0 || performance.now() > deadline) return { lastMs: Number(rows[0]!.last_ms ?? NaN), missing };
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await db.end();
  }
}

async function databaseNow(databaseUrl: string): Promise<Date> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ now: Date }>('SELECT clock_timestamp() AS now');
  await db.end();
  return rows[0]!.now;
}

const s = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? '   -  ' : `${(ms / 1000).toFixed(2)} s`);
const pct = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(0)} %` : '-');
const round1 = (v: number) => Math.round(v * 10) / 10;
const CORES = cpus().length;
const ratio = (v: number) => Math.round(v * 100) / 100;

function sustainedRow(name: string, f: SustainedFigures, base?: SustainedFigures, groupBase?: SustainedFigures): string {
  const ratios = base ? `  = ${pct(f.perSecond, base.perSecond)} of per-press raw, ${pct(f.perSecond, groupBase!.perSecond)} of group-commit raw` : '';
  return `${name.padEnd(30)} ${f.perSecond.toFixed(0).padStart(6)} presses/s  p50=${f.latency.p50.toFixed(1).padStart(6)} ms  p99=${f.latency.p99.toFixed(1).padStart(6)} ms  errors: ${errorText(f.errorStatuses)}${ratios}`;
}

/** Runs the shape, prints its table and returns the figures for the BENCH line. */
export async function runCapacity(options: CapacityRun): Promise<Record<string, unknown>> {
  const run = { ...options, warmUpDevices: await provisionResidents(options.databaseUrl, options.deviceSecretKey, 20, 'WARM') };
  await warmUp(run.ingestUrl, run.warmUpDevices);
  const shown = new Map<string, number>();
  run.consoleSocket.on(ConsoleEvent.IncidentCreated, (view: IncidentView) => {
    if (!shown.has(view.device.serial)) shown.set(view.device.serial, performance.now());
  });

  if (run.shape === 'burst') {
    const n = run.residents;
    const [heartkeyResidents, rawResidents, groupResidents] = [
      await provisionResidents(run.databaseUrl, run.deviceSecretKey, n, 'BURST'),
      await provisionResidents(run.databaseUrl, run.deviceSecretKey, n, 'RAWB'),
      await provisionResidents(run.databaseUrl, run.deviceSecretKey, n, 'RAWG'),
    ];
    await analyzeDatabase(run.databaseUrl);
    const since = await databaseNow(run.databaseUrl);
    const cpu = await startCpuSplit(run.cpuSources);
    const heartkey: BurstFigures & { startedAt: number } = await burst(run.ingestUrl, heartkeyResidents);
    await new Promise((r) => setTimeout(r, 2000));
    const sightings = heartkeyResidents.flatMap((d) => (shown.has(d.serial) ? [shown.get(d.serial)! - heartkey.startedAt] : []));
    heartkey.lastOnConsoleMs = sightings.length ? Math.max(...sightings) : NaN;
    heartkey.notShown = n - sightings.length;
    const offers = await lastFirstOffer(
      run.databaseUrl,
      heartkeyResidents.map((d) => d.residentId),
      since,
    );
    heartkey.lastFirstOfferMs = offers.lastMs;
    heartkey.noOffer = offers.missing;
    const split = await cpu.stop();
    await run.stopApps();
    const raw = await withRawServer(run, 'per-press', (url) => burst(url, rawResidents));
    const group = await withRawServer(run, 'group', (url) => burst(url, groupResidents));

    console.log(`\nburst: ${n} residents press at once, each a new incident`);
    const line = (name: string, f: BurstFigures) =>
      `${name.padEnd(30)} last 202 after ${s(f.lastAnswerMs)} (${(f.answered / (f.lastAnswerMs / 1000)).toFixed(0)} presses/s, p50 ${s(f.toAnswer.p50)}, p99 ${s(f.toAnswer.p99)})  errors: ${errorText(f.errorStatuses)}`;
    console.log(
      `${line('HeartKey', heartkey)}  = ${pct(raw.lastAnswerMs, heartkey.lastAnswerMs)} of per-press raw, ${pct(group.lastAnswerMs, heartkey.lastAnswerMs)} of group-commit raw`,
    );
    console.log(`${''.padEnd(30)} every incident on a console after ${s(heartkey.lastOnConsoleMs)} (not shown: ${heartkey.notShown})`);
    console.log(`${''.padEnd(30)} every first offer committed after ${s(heartkey.lastFirstOfferMs)} (without an offer: ${heartkey.noOffer})`);
    console.log(`${''.padEnd(30)} ${describeCpuSplit(split, CORES)} (from the burst to the last first offer)`);
    console.log(line('raw parts, per press', raw));
    console.log(line('raw parts, group commit', group));
    const figures = (f: BurstFigures) => ({
      answered: f.answered,
      errors: f.errors,
      errorStatuses: f.errorStatuses,
      lastAnswerMs: round1(f.lastAnswerMs),
      p50AnswerMs: round1(f.toAnswer.p50),
      p99AnswerMs: round1(f.toAnswer.p99),
      ...(f.lastOnConsoleMs !== undefined ? { lastOnConsoleMs: round1(f.lastOnConsoleMs), notShown: f.notShown } : {}),
      ...(f.lastFirstOfferMs !== undefined ? { lastFirstOfferMs: round1(f.lastFirstOfferMs), noOffer: f.noOffer } : {}),
    });
    const failed = heartkey.errors > 0 || (heartkey.notShown ?? 0) > 0 || (heartkey.noOffer ?? 0) > 0;
    return {
      failed,
      burst: {
        residents: n,
        heartkey: { ...figures(heartkey), cpu: split },
        rawPerPress: figures(raw),
        rawGroup: figures(group),
        ratioToRawPerPress: ratio(raw.lastAnswerMs / heartkey.lastAnswerMs),
        ratioToRawGroup: ratio(group.lastAnswerMs / heartkey.lastAnswerMs),
      },
    };
  }

  const devices = await provisionResidents(run.databaseUrl, run.deviceSecretKey, run.connections, 'SUST');
  // Each resident's first press opens the incident the measured presses fold into.
  await Promise.all(devices.map((d) => press(run.ingestUrl, d)));
  await analyzeDatabase(run.databaseUrl);
  const cpu = await startCpuSplit(run.cpuSources);
  const counted = await intakeCounters(run.ingestUrl);
  const heartkey = await sustained(run.ingestUrl, devices, run.seconds);
  const split: CpuSplit = await cpu.stop();
  const countedAtHalf = await intakeCounters(run.ingestUrl);
  // The latency goal: press -> console at half the sustained maximum just measured.
  const half = await steady(run.ingestUrl, devices, Math.max(1, Math.round(heartkey.perSecond / 2)), run.seconds, onTheConsole(run, devices));
  const intake = intakeBetween(counted, countedAtHalf);
  const intakeAtHalf = intakeBetween(countedAtHalf, await intakeCounters(run.ingestUrl));
  await run.stopApps();
  // The raw parts at the same rate: press -> 202, and press -> their Redis publish as a subscriber gets it.
  const rawHalf = await withRawServer(run, 'per-press', (url) => steady(url, devices, half.rate, run.seconds, onTheRawChannel(run, devices)));
  const raw = await withRawServer(run, 'per-press', (url) => sustained(url, devices, run.seconds));
  const group = await withRawServer(run, 'group', (url) => sustained(url, devices, run.seconds));

  console.log(`\nsustained: closed loop at ${run.connections} connections for ${run.seconds} s, presses folding into open incidents`);
  console.log(sustainedRow('HeartKey', heartkey, raw, group));
  console.log(sustainedRow('raw parts, per press', raw));
  console.log(sustainedRow('raw parts, group commit', group));
  console.log(`HeartKey's closed loop: ${describeCpuSplit(split, CORES)}`);
  console.log(`HeartKey's closed loop: ${describeIntake(intake)}`);
  const ms = (l: LatencySummary) => `p50=${l.p50.toFixed(1).padStart(6)} ms  p99=${l.p99.toFixed(1).padStart(6)} ms`;
  console.log(`\nHeartKey at half that, ${half.rate} presses/s for ${run.seconds} s (open loop, the same incidents):`);
  const times = (of: LatencySummary, base: LatencySummary) => `(x${(of.p99 / base.p99).toFixed(2)} the raw parts' p99)`;
  console.log(`press -> 202                    ${ms(half.toAnswer)}  errors: ${half.errors}  ${times(half.toAnswer, rawHalf.toAnswer)}`);
  console.log(`press -> console                ${ms(half.toShown)}  not shown: ${half.notShown}  ${times(half.toShown, rawHalf.toShown)}`);
  console.log(`at half: ${describeIntake(intakeAtHalf)}`);
  console.log(`raw parts, per press, at the same rate:`);
  console.log(`press -> 202                    ${ms(rawHalf.toAnswer)}  errors: ${rawHalf.errors}`);
  console.log(`press -> Redis message          ${ms(rawHalf.toShown)}  not seen: ${rawHalf.notShown}`);
  const figures = (f: SustainedFigures) => ({
    perSecond: round1(f.perSecond),
    p50Ms: round1(f.latency.p50),
    p99Ms: round1(f.latency.p99),
    errors: f.errors,
    errorStatuses: f.errorStatuses,
  });
  return {
    failed: heartkey.errors > 0 || half.errors > 0 || half.notShown > 0,
    sustained: {
      connections: run.connections,
      seconds: run.seconds,
      heartkey: { ...figures(heartkey), cpu: split, intake },
      rawPerPress: figures(raw),
      rawGroup: figures(group),
      ratioToRawPerPress: ratio(heartkey.perSecond / raw.perSecond),
      ratioToRawGroup: ratio(heartkey.perSecond / group.perSecond),
      atHalf: {
        rate: half.rate,
        toAnswer: { p50: round1(half.toAnswer.p50), p99: round1(half.toAnswer.p99) },
        toConsole: { p50: round1(half.toShown.p50), p99: round1(half.toShown.p99) },
        errors: half.errors,
        notShown: half.notShown,
        intake: intakeAtHalf,
        rawPerPress: {
          toAnswer: { p50: round1(rawHalf.toAnswer.p50), p99: round1(rawHalf.toAnswer.p99) },
          toPublished: { p50: round1(rawHalf.toShown.p50), p99: round1(rawHalf.toShown.p99) },
          errors: rawHalf.errors,
          notSeen: rawHalf.notShown,
        },
      },
    },
  };
}
