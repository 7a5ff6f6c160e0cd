import { APP_CONFIG, type AppConfig } from '@app/config';
import type { AlarmMonth, AlarmPattern, CareHoursReport, CareHoursRow } from '@app/contracts';
import { alarmPatternFlags, isoWeekDates, isoWeekOf } from '@app/domain';
import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { cursorRows } from '../common/csv';
import { type DistrictScope, inDistrictScope } from '../common/district-scope';

/**
 * Hours per resident in one week and the week before ($1 Monday, $2 next Monday, $3 time zone,
 * $4 district scope): a visit across a week's edge counts in each week for its part. Residents
 * with a target, or with hours that week; the biggest shortfall first.
 */
const CARE_HOURS_SQL = `
WITH bounds AS (
  SELECT ($1::date)::timestamp AT TIME ZONE $3 AS week_start, ($2::date)::timestamp AT TIME ZONE $3 AS week_end,
         ($1::date - 7)::timestamp AT TIME ZONE $3 AS previous_start
), hours AS (
  SELECT v.resident_id,
    COALESCE(sum(extract(epoch FROM least(v.ended_at, b.week_end) - greatest(v.started_at, b.week_start)))
      FILTER (WHERE v.ended_at > b.week_start AND v.started_at < b.week_end), 0) / 3600 AS this_week,
    COALESCE(sum(extract(epoch FROM least(v.ended_at, b.week_start) - greatest(v.started_at, b.previous_start)))
      FILTER (WHERE v.ended_at > b.previous_start AND v.started_at < b.week_start), 0) / 3600 AS previous_week
  FROM care_visits v CROSS JOIN bounds b
  WHERE v.ended_at > b.previous_start AND v.started_at < b.week_end
  GROUP BY v.resident_id
), rows AS (
  SELECT r.id, r.full_name, r.district, r.weekly_care_hours_target AS target,
         COALESCE(h.this_week, 0) AS this_week, COALESCE(h.previous_week, 0) AS previous_week
  FROM residents r LEFT JOIN hours h ON h.resident_id = r.id
  WHERE (r.weekly_care_hours_target IS NOT NULL OR h.this_week > 0) AND ${inDistrictScope('r', 4)}
)
SELECT json_strip_nulls(json_build_object(
  'resident', json_build_object('id', id, 'fullName', full_name, 'district', district),
  'targetHours', target, 'hours', round(this_week, 2),
  'shortfallHours', round(greatest(COALESCE(target, 0) - this_week, 0), 2),
  'previousWeekHours', round(previous_week, 2),
  'belowTargetTwoWeeks', COALESCE(target > 0 AND this_week < target AND previous_week < target, false)
)) AS view
FROM rows
ORDER BY greatest(COALESCE(target, 0) - this_week, 0) DESC, full_name, id`;

/**
 * Each resident's emergency alarms (sos and fall incidents) over the last 365 days ($1 time
 * zone, $2 district scope, $3 one resident or null for all who had any).
 */
const PATTERNS_SQL = `
WITH alarms AS (
  SELECT i.resident_id, i.opened_at, i.outcome FROM incidents i
  WHERE i.type IN ('sos', 'fall') AND i.opened_at > now() - interval '365 days' AND ($3::uuid IS NULL OR i.resident_id = $3::uuid)
)
SELECT r.id, r.full_name, r.district,
  count(a.opened_at)::int AS total,
  (count(a.opened_at) FILTER (WHERE a.outcome = 'false_alarm'))::int AS false_alarms,
  (count(a.opened_at) FILTER (WHERE a.opened_at > now() - interval '14 days'))::int AS last14,
  (count(a.opened_at) FILTER (WHERE a.opened_at <= now() - interval '14 days' AND a.opened_at > now() - interval '74 days'))::int AS previous60,
  COALESCE((SELECT json_agg(json_build_object('month', m.month, 'alarms', m.alarms, 'falseAlarms', m.false_alarms) ORDER BY m.month)
     FROM (SELECT to_char(x.opened_at AT TIME ZONE $1, 'YYYY-MM') AS month, count(*)::int AS alarms,
                  (count(*) FILTER (WHERE x.outcome = 'false_alarm'))::int AS false_alarms
           FROM alarms x WHERE x.resident_id = r.id GROUP BY 1) m), '[]'::json) AS months,
  (SELECT array_agg(COALESCE(hh.n, 0) ORDER BY h.hour) FROM generate_series(0, 23) AS h(hour)
     LEFT JOIN (SELECT extract(hour FROM y.opened_at AT TIME ZONE $1)::int AS hour, count(*)::int AS n
                FROM alarms y WHERE y.resident_id = r.id GROUP BY 1) hh ON hh.hour = h.hour) AS by_hour
FROM residents r
LEFT JOIN alarms a ON a.resident_id = r.id
WHERE ${inDistrictScope('r', 2)} AND ($3::uuid IS NULL OR r.id = $3::uuid)
GROUP BY r.id
HAVING $3::uuid IS NOT NULL OR count(a.opened_at) > 0
ORDER BY count(a.opened_at) FILTER (WHERE a.opened_at > now() - interval '14 days') DESC, r.full_name, r.id`;

interface PatternRow {
  id: string;
  full_name: string;
  district: string | null;
  total: number;
  false_alarms: number;
  last14: number;
  previous60: number;
  months: AlarmMonth[];
  by_hour: number[];
}

function patternOf(row: PatternRow): AlarmPattern {
  const counts = { last14Days: row.last14, previous60Days: row.previous60, total: row.total, falseAlarms: row.false_alarms };
  return {
    resident: { id: row.id, fullName: row.full_name, ...(row.district ? { district: row.district } : {}) },
    months: row.months,
    byHour: row.by_hour,
    ...counts,
    falseAlarmShare: row.total ? Math.round((row.false_alarms / row.total) * 100) / 100 : 0,
    flags: alarmPatternFlags(counts),
  };
}

/** The care reports: weekly service hours against targets, and each resident's alarm pattern. */
@Injectable()
export class CareReportQueries {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  /** The week holding today, in the care time zone. */
  currentWeek(): string {
    return isoWeekOf(new Intl.DateTimeFormat('en-CA', { timeZone: this.config.CARE_TIME_ZONE }).format(new Date()));
  }

  async careHours(week: string, scope: DistrictScope): Promise<CareHoursReport> {
    const { params, from, to } = await this.careHoursParams(week, scope);
    const rows: { view: CareHoursRow }[] = await this.dataSource.query(CARE_HOURS_SQL, params);
    return { week, from, to, items: rows.map((r) => r.view) };
  }

  async streamCareHours(week: string, scope: DistrictScope): Promise<AsyncGenerator<CareHoursRow>> {
    const { params } = await this.careHoursParams(week, scope);
    return mapRows(cursorRows<{ view: CareHoursRow }>(this.dataSource, CARE_HOURS_SQL, params), (r) => r.view);
  }

  async patterns(scope: DistrictScope, flaggedOnly: boolean): Promise<AlarmPattern[]> {
    const rows: PatternRow[] = await this.dataSource.query(PATTERNS_SQL, [this.config.CARE_TIME_ZONE, scope, null]);
    return rows.map(patternOf).filter((p) => !flaggedOnly || p.flags.length > 0);
  }

  async *streamPatterns(scope: DistrictScope, flaggedOnly: boolean): AsyncGenerator<AlarmPattern> {
    for await (const row of cursorRows<PatternRow>(this.dataSource, PATTERNS_SQL, [this.config.CARE_TIME_ZONE, scope, null])) {
      const pattern = patternOf(row);
      if (!flaggedOnly || pattern.flags.length) yield pattern;
    }
  }

  /** One resident's pattern (zero alarms included); undefined outside the scope or for no such resident. */
  async patternOf(residentId: string, scope: DistrictScope): Promise<AlarmPattern | undefined> {
    const rows: PatternRow[] = await this.dataSource.query(PATTERNS_SQL, [this.config.CARE_TIME_ZONE, scope, residentId]);
    return rows[0] ? patternOf(rows[0]) : undefined;
  }

  async followUpCounts(scope: DistrictScope): Promise<{ due: number; overdue: number; openVisitRequests: number }> {
    const [row]: { due: number; overdue: number; open_requests: number }[] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM follow_ups f JOIN residents r ON r.id = f.resident_id WHERE f.status = 'due' AND ${inDistrictScope('r', 1)})::int AS due,
              (SELECT count(*) FROM follow_ups f JOIN residents r ON r.id = f.resident_id
                 WHERE f.status = 'due' AND f.due_at < now() AND ${inDistrictScope('r', 1)})::int AS overdue,
              (SELECT count(*) FROM visit_requests q JOIN residents r ON r.id = q.resident_id WHERE q.status = 'open' AND ${inDistrictScope('r', 1)})::int AS open_requests`,
      [scope],
    );
    return { due: row!.due, overdue: row!.overdue, openVisitRequests: row!.open_requests };
  }

  private careHoursParams(week: string, scope: DistrictScope): Promise<{ params: unknown[]; from: string; to: string }> {
    const dates = isoWeekDates(week);
    if (!dates) throw new BadRequestException(`week: ${week} is not a week of its year`);
    const tz = this.config.CARE_TIME_ZONE;
    return this.dataSource
      .query(`SELECT hk_iso(($1::date)::timestamp AT TIME ZONE $3) AS "from", hk_iso(($2::date)::timestamp AT TIME ZONE $3) AS "to"`, [
        dates.monday,
        dates.nextMonday,
        tz,
      ])
      .then((rows: { from: string; to: string }[]) => ({ params: [dates.monday, dates.nextMonday, tz, scope], from: rows[0]!.from, to: rows[0]!.to }));
  }
}

async function* mapRows<T, U>(rows: AsyncIterable<T>, map: (row: T) => U): AsyncGenerator<U> {
  for await (const row of rows) yield map(row);
}
