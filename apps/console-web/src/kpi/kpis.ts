import type { IncidentView } from '@app/contracts';
import { isUnacknowledged } from '../live/incident-store';

/** Today's service levels, computed from the incidents opened today. Times in seconds. */
export interface Kpis {
  /** Incidents opened today (one alarm however often its resident pressed). */
  alarms: number;
  /** Presses today, repeats included: not to be read as alarms. */
  presses: number;
  /** Alarms still waiting for an acknowledgement, counted in the time to acknowledge at their current wait. */
  waiting: number;
  ackMedianS?: number;
  ackP90S?: number;
  /** Share (0..100) of the alarms acknowledged within 60 s / 180 s; undefined while none can be judged. */
  ackWithin60Pct?: number;
  ackWithin180Pct?: number;
  onSceneMedianS?: number;
}

/** Linear interpolation between closest ranks (the spreadsheet PERCENTILE.INC). */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

function seconds(from: string, to: string | undefined): number | undefined {
  return to ? (Date.parse(to) - Date.parse(from)) / 1000 : undefined;
}

/**
 * An alarm counts towards "acknowledged within N s" once it can be judged: it was acknowledged,
 * or N s have passed without that. A fresh alarm does not pull the figure down before its time is up.
 */
function withinShare(views: readonly IncidentView[], limitS: number, nowMs: number): number | undefined {
  let judged = 0;
  let within = 0;
  for (const v of views) {
    const ack = seconds(v.openedAt, v.acknowledgedAt);
    if (ack === undefined && nowMs - Date.parse(v.openedAt) < limitS * 1000) continue;
    judged++;
    if (ack !== undefined && ack <= limitS) within++;
  }
  return judged ? (within / judged) * 100 : undefined;
}

export function computeKpis(views: readonly IncidentView[], nowMs: number, startOfDayMs: number): Kpis {
  const today = views.filter((v) => Date.parse(v.openedAt) >= startOfDayMs);
  // An alarm still waiting has waited at least this long: leaving it out would make the figures look best when they are worst.
  const ackTimes = today.flatMap(
    (v) => seconds(v.openedAt, v.acknowledgedAt) ?? (isUnacknowledged(v) ? [Math.max(0, (nowMs - Date.parse(v.openedAt)) / 1000)] : []),
  );
  const onSceneTimes = today.flatMap((v) => {
    const arrivals = v.dispatches.flatMap((d) => (d.arrivedAt ? [Date.parse(d.arrivedAt)] : []));
    return arrivals.length ? [(Math.min(...arrivals) - Date.parse(v.openedAt)) / 1000] : [];
  });
  return {
    alarms: today.length,
    presses: today.reduce((sum, v) => sum + v.pressCount, 0),
    waiting: today.filter(isUnacknowledged).length,
    ...defined('ackMedianS', percentile(ackTimes, 50)),
    ...defined('ackP90S', percentile(ackTimes, 90)),
    ...defined('ackWithin60Pct', withinShare(today, 60, nowMs)),
    ...defined('ackWithin180Pct', withinShare(today, 180, nowMs)),
    ...defined('onSceneMedianS', percentile(onSceneTimes, 50)),
  };
}

function defined<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** Local midnight of the day `nowMs` falls in. */
export function startOfDay(nowMs: number): number {
  const d = new Date(nowMs);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
