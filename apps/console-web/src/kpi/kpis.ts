import type { IncidentView } from '@app/contracts';
import { isOverdue } from '../live/sla';

/** Today's service levels, computed from the incidents opened today. Times in seconds. */
export interface Kpis {
  alarms: number;
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
  const ackTimes = today.flatMap((v) => seconds(v.openedAt, v.acknowledgedAt) ?? []);
  const onSceneTimes = today.flatMap((v) => {
    const arrivals = v.dispatches.flatMap((d) => (d.arrivedAt ? [Date.parse(d.arrivedAt)] : []));
    return arrivals.length ? [(Math.min(...arrivals) - Date.parse(v.openedAt)) / 1000] : [];
  });
  return {
    alarms: today.length,
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

/** The supervisor's order: escalated first, then overdue (unacknowledged past 60 s), then newest. */
export function supervisorOrder(views: readonly IncidentView[], nowMs: number): IncidentView[] {
  const rank = (v: IncidentView) => (v.escalated ? 0 : isOverdue(v, nowMs) ? 1 : 2);
  return [...views].sort((a, b) => rank(a) - rank(b) || Date.parse(b.openedAt) - Date.parse(a.openedAt));
}

/** Local midnight of the day `nowMs` falls in. */
export function startOfDay(nowMs: number): number {
  const d = new Date(nowMs);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
