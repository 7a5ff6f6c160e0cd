import type { DataSource } from 'typeorm';

/**
 * A low battery is alerted once per drop. Once an operator closed a low-battery incident, the
 * same low battery must not come back every round: supervision opens a new one only after the
 * device recovered (at least LOW_BATTERY_RECOVERED_PCT, the threshold plus a margin) since that
 * incident opened, and dropped again.
 *
 * `devices.battery_recovered_at` is when supervision last saw the battery recovered. Only
 * devices that have a low-battery incident newer than that stamp are touched, so a healthy
 * fleet is not rewritten every round. A recovery and a drop between two rounds (a minute) go unseen.
 */
const MARK_RECOVERED = `
UPDATE devices d SET battery_recovered_at = now()
WHERE d.battery_pct >= $1::int AND EXISTS (
  SELECT 1 FROM incidents i
  WHERE i.device_serial = d.serial AND i.type = 'low_battery'
    AND i.opened_at > COALESCE(d.battery_recovered_at, '-infinity'::timestamptz))`;

export function markBatteriesRecovered(db: Pick<DataSource, 'query'>, recoveredPct: number): Promise<unknown> {
  return db.query(MARK_RECOVERED, [recoveredPct]);
}

/**
 * The condition on a device `d` of LOW_BATTERY_DEVICES: no low-battery incident of this device
 * (closed by an operator or by itself) opened since its battery last recovered.
 */
export const NOT_ALERTED_SINCE_RECOVERY = `NOT EXISTS (SELECT 1 FROM incidents ib
  WHERE ib.device_serial = d.serial AND ib.type = 'low_battery'
    AND ib.opened_at > COALESCE(d.battery_recovered_at, '-infinity'::timestamptz))`;
