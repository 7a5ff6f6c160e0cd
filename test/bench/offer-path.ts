import { loadavg } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createSuiteEnvironment } from '../support/environment';
import { provisionResidents } from '../support/fixtures';
import { sendSigned } from '../support/handset';
import { envOf, type SpawnedApp, spawnApp } from '../support/processes';
import { analyzeDatabase, benchServices, profileFlags } from './bench-world';
import { atFixedRate, type LatencySummary, summarize } from './stats';
import { benchArgs } from './bench-args';

/**
 * The offer path under load: new SOS incidents at a fixed rate (each press a new resident, so
 * each opens an incident and starts a cascade) against the three apps as separate processes,
 * and from the database's own clock: press stored -> first offer committed, and how late the
 * offer-timeout timers fire (their `responded_at` against `expires_at`) while the presses go on.
 *
 *   npm run bench:offers -- --rate 50 --seconds 20 [--offer-timeout 3] [--profile dispatcher] [--apps-dist DIR]
 *
 * `--profile <app>` writes a V8 CPU profile of that app to ./profiles (open it in Chrome DevTools); `--profile <app>:allocations` what it allocates.
 */

const args = benchArgs();
const RATE = Number(args.get('rate') ?? 50);
const SECONDS = Number(args.get('seconds') ?? 20);
const PRESSES = Math.round(RATE * SECONDS);
/** Offers time out this fast, so that timers fire while presses still arrive. */
const OFFER_TIMEOUT_S = Number(args.get('offer-timeout') ?? 3);
const PROFILE = args.get('profile');
/** The dist folder of the build whose apps are measured (this one unless --apps-dist, e.g. main's, for before and after). */
const APPS_DIST = args.get('apps-dist');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stored press -> first offer of its incident, and each timed-out offer's lateness, in ms. */
async function offerTimings(databaseUrl: string): Promise<{ toOffer: number[]; lateness: number[]; withoutOffer: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const offers = await db.query<{ ms: number | null }>(
      `SELECT extract(epoch FROM (SELECT min(d.offered_at) FROM dispatches d WHERE d.incident_id = i.id) - i.opened_at) * 1000 AS ms
       FROM incidents i WHERE i.type = 'sos'`,
    );
    const timeouts = await db.query<{ ms: number }>(
      `SELECT extract(epoch FROM responded_at - expires_at) * 1000 AS ms FROM dispatches WHERE status = 'timed_out'`,
    );
    const measured = offers.rows.filter((r) => r.ms !== null).map((r) => Number(r.ms));
    return { toOffer: measured, lateness: timeouts.rows.map((r) => Number(r.ms)), withoutOffer: offers.rows.length - measured.length };
  } finally {
    await db.end();
  }
}

function line(name: string, s: LatencySummary): string {
  return `${name.padEnd(36)} n=${String(s.n).padStart(5)}  p50=${s.p50.toFixed(1).padStart(7)} ms  p99=${s.p99.toFixed(1).padStart(7)} ms  max=${s.max.toFixed(1).padStart(7)} ms`;
}

const rounded = (s: LatencySummary): LatencySummary => ({
  n: s.n,
  p50: Math.round(s.p50 * 10) / 10,
  p99: Math.round(s.p99 * 10) / 10,
  max: Math.round(s.max * 10) / 10,
});

async function main(): Promise<void> {
  const loadAtStart = loadavg();
  const { postgres, redis } = await benchServices();
  // The suites' own environment: a private database and Redis prefix, dropped at the end.
  process.env.TEST_PG_ADMIN_URL = postgres.adminUrl;
  process.env.TEST_REDIS_URL = redis.url;
  const env = await createSuiteEnvironment('bench-offers', {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '10',
    DISPATCH_OFFER_TIMEOUT_S: String(OFFER_TIMEOUT_S),
    ACK_TIMEOUT_S: '3600',
  });
  const apps: SpawnedApp[] = [];
  const start = async (name: 'console' | 'ingest' | 'dispatcher') => {
    const nodeArgs = profileFlags(name, PROFILE);
    const app = await spawnApp(name, envOf(env.config), { readyTimeoutMs: 60_000, nodeArgs, ...(APPS_DIST ? { dist: APPS_DIST } : {}) });
    apps.push(app);
    return app;
  };
  try {
    // Migrations run in the first app; the others find the schema.
    await start('console');
    const ingest = await start('ingest');
    await start('dispatcher');
    const residents = await provisionResidents(env.databaseUrl, env.config.DEVICE_SECRET_KEY, PRESSES + 20, 'OFFER');
    await analyzeDatabase(env.databaseUrl);
    // Warm-up outside the measurement: low-battery presses (no cascade) through the same path.
    for (const r of residents.slice(PRESSES)) {
      await sendSigned({ baseUrl: ingest.url, serial: r.serial, secret: r.secret, path: '/v1/alarms', body: { eventId: randomUUID(), type: 'low_battery' } });
    }

    let refused = 0;
    const seconds = await atFixedRate(PRESSES, RATE, async (i) => {
      const r = residents[i]!;
      // Never rejects: an open-loop task that rejected would end the run before its figures.
      const res = await sendSigned({
        baseUrl: ingest.url,
        serial: r.serial,
        secret: r.secret,
        path: '/v1/alarms',
        body: { eventId: randomUUID(), type: 'sos' },
      }).catch(() => undefined);
      if (res?.status !== 202) refused++;
    });
    // The last presses' offers, then their timeouts.
    await sleep((OFFER_TIMEOUT_S + 3) * 1000);
    const { toOffer, lateness, withoutOffer } = await offerTimings(env.databaseUrl);
    const offer = summarize(toOffer);
    const late = summarize(lateness);
    const loadAtEnd = loadavg();
    const at = new Date().toISOString();
    const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');

    console.log(`\nHeartKey offer path: ${PRESSES} new SOS incidents at ${RATE}/s for ${SECONDS} s (achieved ${(PRESSES / seconds).toFixed(1)}/s), ${at}`);
    console.log(`offer timeout ${OFFER_TIMEOUT_S} s; Postgres: ${postgres.origin}; Redis: ${redis.origin}; node ${process.version}`);
    console.log(`load average (1/5/15 min): ${load(loadAtStart)} at start, ${load(loadAtEnd)} at end\n`);
    console.log(line('stored press -> first offer committed', offer));
    console.log(line('offer timeout fired late by', late));
    console.log(`${'refused presses'.padEnd(36)} ${refused}; incidents without an offer ${withoutOffer}`);
    const summary = {
      shape: 'offers',
      at,
      rate: RATE,
      seconds: SECONDS,
      presses: PRESSES,
      achievedRate: Number((PRESSES / seconds).toFixed(1)),
      offerTimeoutS: OFFER_TIMEOUT_S,
      node: process.version,
      loadavg: { start: loadAtStart, end: loadAtEnd },
      toOffer: rounded(offer),
      timeoutLateBy: rounded(late),
      refused,
      withoutOffer,
    };
    console.log(`\nBENCH ${JSON.stringify(summary)}`);
    if (refused || withoutOffer) process.exitCode = 1;
  } finally {
    await Promise.all(apps.map((app) => app.kill('SIGTERM')));
    await env.destroy();
    await redis.stop();
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
