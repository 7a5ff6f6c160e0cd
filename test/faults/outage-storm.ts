import { type Figures, reconcile, recoveryAfter } from './reconcile';
import { type FaultWorld, log, sleep, type WorldSettings } from './world';
import { provisionResidents } from '../support/fixtures';
import { sendSigned } from '../support/handset';

/**
 * Issue 11's storm as a fault: 5,000 handsets of one district silent (one area_outage), then
 * all of them back with a heartbeat within 10 s, while SOS presses keep arriving from the
 * suite's residents. Nothing may be lost (the ledger), every heartbeat is answered, and the
 * outage resolves itself once every device is back.
 */
export const OUTAGE_STORM_SETTINGS: WorldSettings = {
  residents: 150,
  env: { HEARTBEAT_TIMEOUT_S: '180', HEARTBEAT_MIN_INTERVAL_S: '0.01', SUPERVISION_INTERVAL_MS: '2000', OUTAGE_MIN_DEVICES: '10' },
};

const STORM_MS = 10_000;

export async function outageStorm(world: FaultWorld, options: { scale: number }): Promise<Figures> {
  const count = Math.max(100, Math.round(5000 * options.scale));
  const storm = await provisionResidents(world.databaseUrl, world.deviceSecretKey, count, 'STORM');
  await world.db.query(`UPDATE residents SET district = '东港区' WHERE id = ANY($1::uuid[])`, [storm.map((d) => d.residentId)]);
  await world.db.query(`UPDATE devices SET last_heard_at = now() - interval '600 seconds' WHERE serial = ANY($1)`, [storm.map((d) => d.serial)]);
  const failures: string[] = [];
  const outageOf = async () =>
    (
      await world.db.query<{ id: string; status: string; n: number; back: number }>(
        `SELECT o.id, o.status, count(*)::int AS n, count(od.recovered_at)::int AS back
         FROM incidents o JOIN outage_devices od ON od.incident_id = o.id WHERE o.type = 'area_outage' GROUP BY o.id`,
      )
    ).rows[0];
  let outage = await outageOf();
  for (let i = 0; i < 120 && outage?.n !== count; i++) {
    await sleep(500);
    outage = await outageOf();
  }
  if (outage?.n !== count) throw new Error(`no area_outage holding the ${count} silent handsets (${outage?.n ?? 0})`);
  log(`area outage open with ${count} handsets`);

  await world.operator('recorder');
  const load = world.drive(Math.max(50, Math.round(300 * options.scale)), 25);
  const started = performance.now();
  let answered = 0;
  const refused: number[] = [];
  const inFlight = new Set<Promise<void>>();
  for (const [i, device] of storm.entries()) {
    const wait = started + (i * STORM_MS) / storm.length - performance.now();
    if (wait > 0) await sleep(wait);
    const beat = sendSigned({ baseUrl: world.ingestUrl(), serial: device.serial, secret: device.secret, path: '/v1/heartbeats', body: {} }).then(
      (res) => void (res.status === 204 ? answered++ : refused.push(res.status)),
      () => void refused.push(0),
    );
    inFlight.add(beat);
    void beat.finally(() => inFlight.delete(beat));
    if (inFlight.size >= 64) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const stormS = (performance.now() - started) / 1000;
  const stormEnded = performance.now();
  await load;
  if (refused.length) failures.push(`${refused.length} heartbeat(s) not answered 204 (${[...new Set(refused)].join(', ')})`);

  let after = await outageOf();
  for (let i = 0; i < 120 && after?.status !== 'resolved'; i++) {
    await sleep(500);
    after = await outageOf();
  }
  if (after?.status !== 'resolved') failures.push(`the outage did not resolve (${after?.back ?? 0} of ${count} back)`);
  const { rows: offline } = await world.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incidents WHERE type = 'device_offline'`);
  if (offline[0]!.n) failures.push(`${offline[0]!.n} device_offline incident(s) opened for handsets of the outage`);
  return reconcile(world, await recoveryAfter(world, stormEnded, 60_000), {
    failures,
    notes: [`${answered} of ${count} heartbeats answered in ${stormS.toFixed(1)} s; the outage ${after?.status ?? 'missing'} with ${after?.back ?? 0} back`],
  });
}
