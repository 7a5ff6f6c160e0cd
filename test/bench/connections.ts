import { signHandsetRequest } from '@app/auth';
import { ConsoleEvent, type IncidentView, Namespace } from '@app/contracts';
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { io } from 'socket.io-client';
import { type ProvisionedDevice, provisionResidents, provisionTcpResidents } from '../support/fixtures';
import { analyzeDatabase, type BenchWorld, login, rssMiB, startBenchWorld } from './bench-world';
import type { HoldOrder, HoldReport } from './connection-holder';
import { untilIdle } from './cpu-split';
import { atFixedRate, type LatencySummary, rounded, summarize } from './stats';
import { benchArgs } from './bench-args';

/**
 * Many connections: one ingest process holding tens of thousands of idle device connections
 * and one console process holding ten thousand responder sockets, while presses flow. Presses
 * are measured twice in the same run, before the connections are opened and while they are
 * held, so the second figure reads against the first; memory per connection is each process's
 * resident-memory growth divided by what it holds.
 *
 *   npm run bench:connections -- [--devices 19000] [--responders 10000] [--presses 500] [--rate 50] [--scrape-every S] [--apps-dist DIR] [--profile console]
 *
 * The load side runs in child processes (`connection-holder.ts`) so that none needs more file
 * descriptors than one process may have here; device connections come from 127.0.0.2 and up,
 * a few thousand per address, so loopback never runs out of source ports.
 */

const args = benchArgs();
const DEVICES = Number(args.get('devices') ?? 19_000);
const RESPONDER_SOCKETS = Number(args.get('responders') ?? 10_000);
const PRESSES = Number(args.get('presses') ?? 500);
const RATE = Number(args.get('rate') ?? 50);
/** Another build's dist folder to measure (for "before"), and the app to profile (`--profile console`: ./profiles). */
const APPS_DIST = args.get('apps-dist');
const PROFILE = args.get('profile');
/** Scrape ingest's and console's `/metrics` every this many seconds during both phases, as Prometheus would (0: never). */
const SCRAPE_EVERY_S = Number(args.get('scrape-every') ?? 0);
/** Residents whose presses are measured; each presses every PRESS_DEVICES / RATE seconds, folding into its open incident. */
const PRESS_DEVICES = 100;
/** Responder accounts the sockets log in as; MAX_SOCKETS_PER_USER is raised to let each hold its share. */
const RESPONDER_ACCOUNTS = 100;
const DEVICES_PER_HOLDER = 9000;
const SOCKETS_PER_HOLDER = 5000;
const DEVICES_PER_ADDRESS = 5000;

async function signedPress(ingestUrl: string, device: ProvisionedDevice): Promise<{ status: number; incidentId?: string }> {
  const raw = JSON.stringify({ eventId: randomUUID(), type: 'sos' });
  const ts = String(Date.now());
  const res = await fetch(`${ingestUrl}/v1/alarms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-device-id': device.serial, 'x-timestamp': ts, 'x-signature': signHandsetRequest(device.secret, ts, raw) },
    body: raw,
  });
  const body = (await res.json().catch(() => ({}))) as { incidentId?: string };
  return { status: res.status, incidentId: body.incidentId };
}

/**
 * Watches the console as an operator: when each incident was first shown with at least a
 * given press count (presses fold into the resident's open incident, so the count tells
 * which press an update carries).
 */
async function watchConsole(consoleUrl: string, token: string) {
  const seen = new Map<string, { pressCount: number; at: number }[]>();
  const socket = io(`${consoleUrl}${Namespace.Console}`, { auth: { token }, transports: ['websocket'] });
  const record = (view: IncidentView) => {
    const list = seen.get(view.id) ?? [];
    list.push({ pressCount: view.pressCount, at: performance.now() });
    seen.set(view.id, list);
  };
  socket.on(ConsoleEvent.IncidentCreated, record);
  socket.on(ConsoleEvent.IncidentUpdated, record);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    shownAt: (incidentId: string, pressCount: number) => seen.get(incidentId)?.find((s) => s.pressCount >= pressCount)?.at,
    close: () => socket.disconnect(),
  };
}

type ConsoleWatch = Awaited<ReturnType<typeof watchConsole>>;

/** Every device presses once, opening its incident; later presses fold into it. */
async function openIncidents(world: BenchWorld, devices: ProvisionedDevice[]): Promise<Map<string, { incidentId: string; presses: number }>> {
  const open = new Map<string, { incidentId: string; presses: number }>();
  for (const device of devices) {
    const { status, incidentId } = await signedPress(world.ingestUrl, device);
    if (status !== 202 || !incidentId) throw new Error(`the first press of ${device.serial} got ${status}`);
    open.set(device.serial, { incidentId, presses: 1 });
  }
  return open;
}

/** Scrapes the apps' metrics every SCRAPE_EVERY_S until stopped (the answer is read and dropped). */
function scraping(world: BenchWorld): () => void {
  if (!SCRAPE_EVERY_S) return () => undefined;
  const scrape = () => {
    for (const url of [world.ingestUrl, world.consoleUrl])
      void fetch(`${url}/metrics`).then(
        (r) => r.text(),
        () => undefined,
      );
  };
  const timer = setInterval(scrape, SCRAPE_EVERY_S * 1000);
  return () => clearInterval(timer);
}

async function pressPhase(world: BenchWorld, watch: ConsoleWatch, devices: ProvisionedDevice[], open: Map<string, { incidentId: string; presses: number }>) {
  const stopScraping = scraping(world);
  const answers: { t0: number; ms: number }[] = [];
  const sent: { t0: number; incidentId: string; pressCount: number }[] = [];
  let refused = 0;
  await atFixedRate(PRESSES, RATE, async (i) => {
    const device = devices[i % devices.length]!;
    const incident = open.get(device.serial)!;
    const pressCount = ++incident.presses;
    const t0 = performance.now();
    const { status } = await signedPress(world.ingestUrl, device);
    if (status !== 202) {
      refused++;
      return;
    }
    answers.push({ t0, ms: performance.now() - t0 });
    sent.push({ t0, incidentId: incident.incidentId, pressCount });
  });
  stopScraping();
  // The console may still be catching up: wait until every press is shown, 10 s at most.
  for (let waited = 0; waited < 10_000 && sent.some((s) => watch.shownAt(s.incidentId, s.pressCount) === undefined); waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const shown = sent.flatMap((s) => {
    const at = watch.shownAt(s.incidentId, s.pressCount);
    return at === undefined ? [] : [{ t0: s.t0, ms: at - s.t0 }];
  });
  const slowest = (timed: { t0: number; ms: number }[]) =>
    [...timed]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
      .map(({ t0, ms }) => ({ at: new Date(performance.timeOrigin + t0).toISOString(), ms: Math.round(ms * 10) / 10 }));
  return {
    toAnswer: rounded(summarize(answers.map((a) => a.ms))),
    toConsole: rounded(summarize(shown.map((s) => s.ms))),
    refused,
    notShown: sent.length - shown.length,
    // When the slowest presses were sent (wall clock): to set beside the apps' logs or a profile.
    slowest: { toAnswer: slowest(answers), toConsole: slowest(shown) },
  };
}

function hold(order: HoldOrder): Promise<{ child: ChildProcess; held: number }> {
  const child = fork(join(__dirname, 'connection-holder.js'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (report: HoldReport) => resolve({ child, held: report.held }));
    child.once('exit', (code) => reject(new Error(`a connection holder exited with ${code} before holding its connections`)));
    child.send(order);
  });
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

async function responderTokens(world: BenchWorld, residentIds: string[]): Promise<string[]> {
  const db = new Client({ connectionString: world.databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ responder_id: string }>(`SELECT responder_id FROM care_team WHERE role = 'carer' AND resident_id = ANY($1::uuid[])`, [
    residentIds,
  ]);
  await db.end();
  const admin = await world.adminToken();
  return Promise.all(
    rows.map(async ({ responder_id: responderId }, i) => {
      const username = `bench-phone-${i}`;
      const password = 'bench-phone-password';
      const res = await fetch(`${world.consoleUrl}/v1/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ username, password, role: 'responder', responderId }),
      });
      if (!res.ok) throw new Error(`creating ${username}: ${res.status}`);
      return login(world.consoleUrl, username, password);
    }),
  );
}

async function deviceConnectionsGauge(ingestUrl: string): Promise<number> {
  const text = await (await fetch(`${ingestUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('heartkey_device_connections{protocol="watch"}'));
  return line ? Number(line.split(' ').pop()) : NaN;
}

function roundedMiB(m: { ingest: number; console: number }) {
  return { ingest: Math.round(m.ingest), console: Math.round(m.console) };
}

function row(name: string, s: LatencySummary, base?: LatencySummary): string {
  const ratio = base ? `  (x${(s.p50 / base.p50).toFixed(2)} p50, x${(s.p99 / base.p99).toFixed(2)} p99 of no connections)` : '';
  return `${name.padEnd(44)} n=${String(s.n).padStart(5)}  p50=${s.p50.toFixed(1).padStart(7)} ms  p99=${s.p99.toFixed(1).padStart(7)} ms${ratio}`;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg();
  const world = await startBenchWorld({
    ...(APPS_DIST ? { appsDist: APPS_DIST } : {}),
    ...(PROFILE ? { profile: PROFILE } : {}),
    env: {
      DEVICE_MAX_CONNECTIONS: String(DEVICES + 1000),
      HTTP_MAX_CONNECTIONS: String(RESPONDER_SOCKETS + 2000),
      MAX_SOCKETS_PER_USER: String(Math.max(1, Math.ceil(RESPONDER_SOCKETS / RESPONDER_ACCOUNTS))),
      DEVICE_IDLE_TIMEOUT_S: '3600',
      // Nobody answers the offers here: no timer should fire while presses are measured.
      ACK_TIMEOUT_S: '3600',
      DISPATCH_OFFER_TIMEOUT_S: '3600',
    },
  });
  const holders: ChildProcess[] = [];
  try {
    const pressDevices = await provisionResidents(world.databaseUrl, world.deviceSecretKey, PRESS_DEVICES, 'CONN');
    const watches = await provisionTcpResidents(world.databaseUrl, 'watch', DEVICES, '83', { sosNumbers: ['12349'] });
    await analyzeDatabase(world.databaseUrl);
    const tokens = await responderTokens(
      world,
      pressDevices.slice(0, RESPONDER_ACCOUNTS).map((d) => d.residentId),
    );
    const watch = await watchConsole(world.consoleUrl, await world.adminToken());
    const open = await openIncidents(world, pressDevices);
    const ingestPid = world.apps.get('ingest')!.pid;
    const consolePid = world.apps.get('console')!.pid;

    // Both phases start from idle processes.
    await untilIdle([ingestPid, consolePid]);
    const quiet = await pressPhase(world, watch, pressDevices, open);
    const before = { ingest: rssMiB(ingestPid), console: rssMiB(consolePid) };

    const opening = performance.now();
    const deviceHolds = await Promise.all(
      chunks(
        watches.map((w) => w.serial),
        DEVICES_PER_HOLDER,
      ).map((serials, i) =>
        hold({
          kind: 'devices',
          port: world.ports.watch,
          serials,
          firstAddress: 2 + i * Math.ceil(DEVICES_PER_HOLDER / DEVICES_PER_ADDRESS),
          perAddress: DEVICES_PER_ADDRESS,
        }),
      ),
    );
    const perToken = Math.ceil(RESPONDER_SOCKETS / tokens.length);
    const socketHolds = await Promise.all(
      chunks(tokens, Math.ceil(SOCKETS_PER_HOLDER / perToken)).map((share) =>
        hold({ kind: 'responders', consoleUrl: world.consoleUrl, tokens: share, perToken }),
      ),
    );
    holders.push(...deviceHolds.map((h) => h.child), ...socketHolds.map((h) => h.child));
    const openedInS = (performance.now() - opening) / 1000;
    // Held means open and idle: a phase started while ingest or the console still works off the
    // opening (handshakes' slot claims, audit rows, the collections after them) would measure the
    // opening storm instead. They are usually idle by the end of the pause; the wait makes sure.
    await new Promise((r) => setTimeout(r, 3000));
    const settledInS = 3 + (await untilIdle([ingestPid, consolePid])) / 1000;
    const heldDevices = deviceHolds.reduce((n, h) => n + h.held, 0);
    const heldSockets = socketHolds.reduce((n, h) => n + h.held, 0);
    const after = { ingest: rssMiB(ingestPid), console: rssMiB(consolePid) };

    const loaded = await pressPhase(world, watch, pressDevices, open);
    const stillHeld = await deviceConnectionsGauge(world.ingestUrl);
    watch.close();

    const perDeviceKiB = ((after.ingest - before.ingest) * 1024) / heldDevices;
    const perSocketKiB = ((after.console - before.console) * 1024) / heldSockets;
    const at = new Date().toISOString();
    const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
    const scrapes = SCRAPE_EVERY_S ? `, ingest and console scraped every ${SCRAPE_EVERY_S} s` : '';
    console.log(`\nHeartKey connections benchmark, ${at}; ${PRESSES} presses at ${RATE}/s per phase${scrapes}; node ${process.version}`);
    console.log(`Postgres: ${world.origins.postgres}; Redis: ${world.origins.redis}; load average ${load(loadAtStart)} at start, ${load(loadavg())} at end\n`);
    console.log(
      `held: ${heldDevices} watch connections by one ingest (gauge after the presses: ${stillHeld}), ${heldSockets} responder sockets by one console; opened in ${openedInS.toFixed(1)} s, idle ${settledInS.toFixed(1)} s later`,
    );
    console.log(
      `memory: ingest ${before.ingest.toFixed(0)} -> ${after.ingest.toFixed(0)} MiB (${perDeviceKiB.toFixed(1)} KiB per device connection); console ${before.console.toFixed(0)} -> ${after.console.toFixed(0)} MiB (${perSocketKiB.toFixed(1)} KiB per socket)\n`,
    );
    console.log(row('press -> 202, no connections held', quiet.toAnswer));
    console.log(row('press -> 202, connections held', loaded.toAnswer, quiet.toAnswer));
    console.log(row('press -> console, no connections held', quiet.toConsole));
    console.log(row('press -> console, connections held', loaded.toConsole, quiet.toConsole));
    console.log(`refused: ${quiet.refused} / ${loaded.refused}; not shown on the console: ${quiet.notShown} / ${loaded.notShown}`);
    const summary = {
      at,
      presses: PRESSES,
      rate: RATE,
      scrapeEveryS: SCRAPE_EVERY_S,
      heldDevices,
      stillHeldDevices: stillHeld,
      heldSockets,
      openedInS: Number(openedInS.toFixed(1)),
      settledInS: Number(settledInS.toFixed(1)),
      memory: {
        before: roundedMiB(before),
        after: roundedMiB(after),
        perDeviceKiB: Number(perDeviceKiB.toFixed(1)),
        perSocketKiB: Number(perSocketKiB.toFixed(1)),
      },
      quiet,
      loaded,
      ratios: {
        answerP99: Number((loaded.toAnswer.p99 / quiet.toAnswer.p99).toFixed(2)),
        consoleP99: Number((loaded.toConsole.p99 / quiet.toConsole.p99).toFixed(2)),
      },
    };
    console.log(`\nBENCH ${JSON.stringify(summary)}`);
    if (quiet.refused || loaded.refused || quiet.notShown || loaded.notShown || heldDevices < DEVICES || heldSockets < RESPONDER_SOCKETS) process.exitCode = 1;
  } finally {
    for (const child of holders) child.send('close');
    await world.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
