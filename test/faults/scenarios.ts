import { errorStack } from '@app/errors';
import { type Figures, reconcile, recoveryAfter } from './reconcile';
import { type FaultWorld, type Infrastructure, log, sleep, type WorldSettings } from './world';
import { FaultWorld as World } from './world';
import type { TcpProxy } from '../support/tcp-proxy';
import { OUTAGE_STORM_SETTINGS, outageStorm } from './outage-storm';

/** Scales the number of presses (`--scale 0.5` for a quick run). */
export interface RunOptions {
  scale: number;
}

export interface Scenario {
  key: string;
  title: string;
  settings: WorldSettings;
  run(world: FaultWorld, options: RunOptions): Promise<Figures>;
}

const RESIDENTS = 150;
const presses = (n: number, options: RunOptions) => Math.max(50, Math.round(n * options.scale));
/** How long `count` presses at `rate` take, in ms. */
const durationMs = (count: number, rate: number) => (count / rate) * 1000;

/** Figures that only mean something next to the table: how long, how many. */
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** How long Redis or Postgres stays unreachable in its scenario. */
const OUTAGE_MS = 10_000;

/** Makes one dependency unreachable through its proxy for OUTAGE_MS, then restores it; resolves when it is back. */
async function outage(proxy: TcpProxy, name: string): Promise<number> {
  proxy.cut();
  log(`${name} cut`);
  await sleep(OUTAGE_MS);
  proxy.restore();
  log(`${name} back`);
  return performance.now();
}

/**
 * Kill, 1 s down, start-up, a job the killed worker held taken up again (5 s lock, checked
 * every 5 s), and the backlog that queued during the five kills drained, with margin. The point
 * is to catch BullMQ's default of a minute before a held job runs again. Measured at most 7.4 s
 * on a quiet machine (docs/architecture.md); 20 s leaves room for a loaded CI machine.
 */
const MAX_TIMER_LATENESS_S = 20;

const dispatcherKills: Scenario = {
  key: 'dispatcher-kill',
  title: 'SIGKILL the dispatcher 5x during 2,000 presses',
  // Short offers, so timers come due while the dispatcher is down and whole cascades run across the kills.
  settings: { residents: RESIDENTS, env: { DISPATCH_OFFER_TIMEOUT_S: '4' } },
  async run(world, options) {
    const count = presses(2000, options);
    const rate = 40;
    await world.operator('recorder');
    const stopResolver = world.startResolver('escalated', 0);
    const load = world.drive(count, rate);
    const gap = durationMs(count, rate) / 6;
    const downFor: number[] = [];
    const recoveries: Promise<number | undefined>[] = [];
    for (let kill = 1; kill <= 5; kill++) {
      await sleep(gap);
      const killedAt = performance.now();
      const exit = await world.kill('dispatcher', 'SIGKILL');
      if (exit.signal !== 'SIGKILL') throw new Error(`the dispatcher ended with ${JSON.stringify(exit)}, not by SIGKILL`);
      await sleep(1000);
      // The fault ends when the dispatcher is started again: its start-up counts into the recovery.
      const restartedAt = performance.now();
      recoveries.push(recoveryAfter(world, restartedAt));
      await world.spawn('dispatcher', 'dispatcher');
      downFor.push(performance.now() - killedAt);
      log(`dispatcher kill ${kill}/5: down ${seconds(performance.now() - killedAt)} (kill to ready)`);
    }
    await load;
    const recoveryS = slowest(await Promise.all(recoveries));
    // Let the last cascades run out (three offers of 4 s each), so every timer has fired.
    const failures: string[] = [];
    const settled = await waitFor(async () => {
      const { rows } = await world.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM incidents WHERE status NOT IN ('resolved','cancelled') AND NOT escalated`,
      );
      return rows[0]!.n === 0;
    }, 60_000);
    await stopResolver();
    if (!settled) failures.push('some cascades never ran out (an offer timer did not fire)');
    const { rows: short } = await world.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incidents i WHERE i.escalated AND i.escalation_reason = 'cascade_exhausted'
         AND (SELECT count(*) FROM dispatches d WHERE d.incident_id = i.id AND NOT d.manual AND d.status = 'timed_out') <> 3`,
    );
    if (short[0]!.n) failures.push(`${short[0]!.n} exhausted cascade(s) without exactly three timed-out offers`);
    // How late the offer timers fired: each timed-out offer's expiry against the step it caused (the next offer, or the escalation).
    const { rows: lateness } = await world.db.query<{ max: number | null; p99: number | null }>(
      `SELECT max(late) AS max, percentile_cont(0.99) WITHIN GROUP (ORDER BY late) AS p99 FROM (
         SELECT extract(epoch FROM coalesce(
                  (SELECT min(n.offered_at) FROM dispatches n WHERE n.incident_id = d.incident_id AND n.offered_at > d.offered_at),
                  i.escalated_at) - d.expires_at)::float AS late
         FROM dispatches d JOIN incidents i ON i.id = d.incident_id WHERE d.status = 'timed_out') steps`,
    );
    // A timer held by a killed worker must run again soon, not after BullMQ's default minute.
    if ((lateness[0]!.max ?? 0) > MAX_TIMER_LATENESS_S)
      failures.push(`an offer timer fired ${lateness[0]!.max!.toFixed(1)} s late (over ${MAX_TIMER_LATENESS_S} s)`);
    const { rows: reasons } = await world.db.query<{ reason: string | null; n: number }>(
      `SELECT escalation_reason AS reason, count(*)::int AS n FROM incidents GROUP BY 1 ORDER BY 1`,
    );
    return reconcile(world, recoveryS, {
      failures,
      notes: [
        `dispatcher down ${downFor.map(seconds).join(', ')} (kill to ready; not ready while the backlog queued ahead of its probe job drains)`,
        `offer timers fired at most ${lateness[0]!.max?.toFixed(1) ?? '-'} s late (p99 ${lateness[0]!.p99?.toFixed(1) ?? '-'} s)`,
        `escalations: ${reasons.map((r) => `${r.reason ?? 'none'} ${r.n}`).join(', ')}`,
      ],
    });
  },
};

const redisCut: Scenario = {
  key: 'redis-cut',
  title: 'Redis cut for 10 s, then every Redis connection reset',
  settings: { residents: RESIDENTS },
  async run(world, options) {
    const count = presses(1200, options);
    const rate = 30;
    await world.operator('recorder');
    const stopResolver = world.startResolver('offered', 2);
    const load = world.drive(count, rate);
    const total = durationMs(count, rate);

    await sleep(total * 0.3);
    const answers503Before = world.ledger.total503();
    const cutEndedAt = await outage(world.redis, 'Redis');
    const failures: string[] = [];
    if (world.ledger.total503() > answers503Before) failures.push('ingest answered 503 while only Redis was away');
    const cutRecovery = recoveryAfter(world, cutEndedAt);

    await sleep(total * 0.35);
    world.redis.resetAll();
    const resetAt = performance.now();
    log('every Redis connection reset');
    const resetRecovery = recoveryAfter(world, resetAt);

    await load;
    const [recoveryS, resetS] = await Promise.all([cutRecovery, resetRecovery]);
    await stopResolver();
    if (resetS === undefined) failures.push('the backlog after the reset was not worked off in time');
    if (world.ledger.totalNetworkErrors() > 0) failures.push('ingest left presses unanswered while Redis was away');
    return reconcile(world, recoveryS, {
      everyOfferDelivered: true,
      failures,
      notes: [`recovery after the connection reset: ${resetS?.toFixed(1) ?? 'never'} s`],
    });
  },
};

const postgresCut: Scenario = {
  key: 'postgres-cut',
  title: 'Postgres cut for 10 s',
  settings: { residents: RESIDENTS },
  async run(world, options) {
    const count = presses(1200, options);
    const rate = 30;
    await world.operator('recorder');
    const stopResolver = world.startResolver('offered', 2);
    const load = world.drive(count, rate);
    await sleep(durationMs(count, rate) * 0.3);
    const recovery = recoveryAfter(world, await outage(world.pg, 'Postgres'));
    await load;
    const recoveryS = await recovery;
    await stopResolver();
    const failures: string[] = [];
    if (world.ledger.total503() === 0) failures.push('no handset was told to retry (503) while Postgres was away');
    if (world.ledger.totalNetworkErrors() > 0) failures.push('ingest left presses unanswered (network errors or timeouts) instead of answering 503');
    const retried = world.ledger.acknowledged().filter((e) => e.answers503 > 0).length;
    return reconcile(world, recoveryS, { everyOfferDelivered: true, failures, notes: [`${retried} press(es) acknowledged after retrying the same eventId`] });
  },
};

const ingestFaultPoint: Scenario = {
  key: 'ingest-crash',
  title: 'ingest SIGKILLed between commit and enqueue, 5x',
  settings: { residents: RESIDENTS },
  async run(world, options) {
    const count = presses(600, options);
    const rate = 20;
    // Five residents press only through the crashing ingest, so each of their presses opens a new incident.
    const crashers = world.devices.slice(0, 5);
    const others = world.devices.slice(5);
    await world.operator('recorder');
    const stopResolver = world.startResolver('offered', 2);
    const load = world.drive(count, rate, others);
    const failures: string[] = [];
    const recoveries: number[] = [];
    for (const device of crashers) {
      await sleep(2000);
      const faulty = await world.spawn('ingest-fault', 'ingest', { TEST_FAULT_POINT: 'after-commit-before-enqueue' });
      world.expectExit('ingest-fault');
      // The handset's first attempt reaches the ingest that crashes; its retries reach the healthy one.
      const press = world.handset(device).press((attempt) => (attempt === 0 ? faulty.url : world.ingestUrl()));
      const exit = await faulty.exited;
      const crashedAt = performance.now();
      if (exit.signal !== 'SIGKILL') failures.push(`the fault-point ingest ended with ${JSON.stringify(exit)}, not SIGKILL`);
      const entry = await press;
      // 200 duplicate: the first attempt had committed before the crash; the retry found it.
      if (entry.status !== 200) failures.push(`the retry after the crash answered ${entry.status ?? entry.failure}, not 200 duplicate`);
      const recovery = await recoveryAfter(world, crashedAt, 30_000);
      if (recovery === undefined) failures.push(`the incident of ${device.serial} was never dispatched after the crash`);
      else recoveries.push(recovery);
      log(`ingest crash ${recoveries.length}/5: dispatched ${recovery?.toFixed(1) ?? 'never'} s after the crash`);
    }
    await load;
    await stopResolver();
    const relayed = await relayedCount(world);
    if (relayed < crashers.length) failures.push(`the relay enqueued ${relayed} row(s), fewer than the ${crashers.length} the crashes left`);
    return reconcile(world, recoveries.length === crashers.length ? Math.max(...recoveries) : undefined, {
      everyOfferDelivered: true,
      failures,
      notes: [`recovery per crash: ${recoveries.map((s) => s.toFixed(1)).join(', ')} s; the relay enqueued ${relayed} row(s)`],
    });
  },
};

const consoleKill: Scenario = {
  key: 'console-kill',
  title: 'one of two consoles SIGKILLed with operators on both',
  settings: { residents: RESIDENTS },
  async run(world, options) {
    const count = presses(900, options);
    const rate = 30;
    await world.spawn('console-2', 'console');
    const onVictim = [await world.operator('operator-a1', 0), await world.operator('operator-a2', 0)];
    const onSurvivor = [await world.operator('operator-b1', 1), await world.operator('operator-b2', 1)];
    const stopResolver = world.startResolver('offered', 2);
    const load = world.drive(count, rate);
    await sleep(durationMs(count, rate) * 0.4);
    const victimUrl = world.app('console-1').url;
    const killedAt = performance.now();
    await world.kill('console-1', 'SIGKILL');
    log('console-1 killed');
    await Promise.all(onVictim.map(async (o) => (await sleep(100), o.settled())));
    const reconnectedAt = performance.now();
    const recovery = recoveryAfter(world, reconnectedAt);
    log(`operators of console-1 reconnected after ${seconds(reconnectedAt - killedAt)}`);
    await load;
    const recoveryS = await recovery;
    await stopResolver();
    await sleep(1000);

    const failures: string[] = [];
    for (const operator of onVictim) {
      if (operator.current?.url === victimUrl || operator.sessions.length !== 2) failures.push(`${operator.name} did not reconnect to the surviving console`);
    }
    for (const operator of onSurvivor) if (operator.sessions.length !== 1) failures.push(`${operator.name} lost its connection to the surviving console`);
    // Each operator's queue since its last (re)connection holds every incident still live.
    const { rows: live } = await world.db.query<{ id: string }>(`SELECT id FROM incidents WHERE status NOT IN ('resolved','cancelled')`);
    for (const operator of [...onVictim, ...onSurvivor]) {
      const missing = live.filter((i) => !operator.current?.seen.has(i.id)).length;
      if (missing) failures.push(`${operator.name}'s queue misses ${missing} of ${live.length} live incident(s)`);
    }
    return reconcile(world, recoveryS, {
      everyOfferDelivered: true,
      failures,
      notes: [`operators reconnected ${seconds(reconnectedAt - killedAt)} after the kill; ${live.length} live incident(s) at the end, all in every queue`],
    });
  },
};

const outageStormScenario: Scenario = {
  key: 'outage-storm',
  title: '5,000 handsets of an outage back within 10 s while SOS presses arrive',
  settings: OUTAGE_STORM_SETTINGS,
  run: outageStorm,
};

export const SCENARIOS: Scenario[] = [dispatcherKills, redisCut, postgresCut, ingestFaultPoint, consoleKill, outageStormScenario];

/** Runs one scenario in its own world; a scenario that throws is a failed row, never a crash of the run. */
export async function runScenario(infra: Infrastructure, index: number, scenario: Scenario, options: RunOptions): Promise<Figures> {
  log(`scenario ${index}: ${scenario.title}`);
  let world: FaultWorld | undefined;
  try {
    world = await World.start(infra, index, `${index}. ${scenario.title}`, scenario.settings);
    return await scenario.run(world, options);
  } catch (error) {
    const message = errorStack(error);
    log(`scenario ${index} failed: ${message}`);
    return {
      scenario: `${index}. ${scenario.title}`,
      presses: world?.ledger.entries.length ?? 0,
      acknowledged: world?.ledger.acknowledged().length ?? 0,
      answers503: world?.ledger.total503() ?? 0,
      lost: NaN,
      duplicateOffers: NaN,
      duplicateNotifications: NaN,
      failures: [`the scenario failed: ${message.split('\n')[0]}`],
      notes: [],
    };
  } finally {
    await world?.close().catch((error: unknown) => log(`cleaning up scenario ${index} failed: ${String(error)}`));
  }
}

/** The longest of several recoveries; undefined when one never happened. */
function slowest(recoveries: (number | undefined)[]): number | undefined {
  return recoveries.some((r) => r === undefined) ? undefined : Math.max(...(recoveries as number[]));
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await condition()) return true;
    await sleep(250);
  }
  return false;
}

/** Outbox rows the dispatcher's relay enqueued (its counter), summed over job names. */
async function relayedCount(world: FaultWorld): Promise<number> {
  const text = await fetch(`${world.app('dispatcher').url}/metrics`).then((r) => r.text());
  return [...text.matchAll(/^heartkey_outbox_relayed_total\{[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
}
