import type { IncidentReportQuery } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type DistrictFilter, residentInScopeSql } from '@app/database';

export const REPORT_HEADER = [
  'group',
  'incidents',
  'sos',
  'fall',
  'technical',
  'resolved',
  'cancelled',
  'false_alarms',
  'escalated',
  'median_seconds_to_acknowledge',
  'median_seconds_to_close',
] as const;

export type ReportRow = readonly (string | number | null)[];

/**
 * Incidents opened in a range of the centre's days, one row per district or per operator (the
 * one who acknowledged; `''` for never acknowledged, or no district). Figures count incidents, not presses.
 */
@Injectable()
export class IncidentReport {
  constructor(private readonly db: DataSource) {}

  async rows(query: IncidentReportQuery, scope: DistrictFilter, timeZone: string): Promise<ReportRow[]> {
    const params: unknown[] = [query.from, query.to, timeZone];
    const group = query.by === 'district' ? `COALESCE(res.district, '')` : `COALESCE(u.username, '')`;
    const rows: Record<string, string | number | null>[] = await this.db.query(
      `SELECT ${group} AS "group", count(*)::int AS incidents,
         count(*) FILTER (WHERE i.type = 'sos')::int AS sos, count(*) FILTER (WHERE i.type = 'fall')::int AS fall,
         count(*) FILTER (WHERE i.type NOT IN ('sos', 'fall'))::int AS technical,
         count(*) FILTER (WHERE i.status = 'resolved')::int AS resolved, count(*) FILTER (WHERE i.status = 'cancelled')::int AS cancelled,
         count(*) FILTER (WHERE i.outcome = 'false_alarm')::int AS false_alarms, count(*) FILTER (WHERE i.escalated)::int AS escalated,
         round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.acknowledged_at - i.opened_at)))::int AS ack,
         round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.resolved_at - i.opened_at)))::int AS close
       FROM incidents i JOIN residents res ON res.id = i.resident_id LEFT JOIN users u ON u.id = i.acknowledged_by
       WHERE i.opened_at >= ($1::date::timestamp AT TIME ZONE $3) AND i.opened_at < (($2::date + 1)::timestamp AT TIME ZONE $3)
         AND ${residentInScopeSql(scope, 'res', params)}
       GROUP BY 1 ORDER BY 1`,
      params,
    );
    return rows.map((r) => [
      r.group ?? '',
      r.incidents ?? 0,
      r.sos ?? 0,
      r.fall ?? 0,
      r.technical ?? 0,
      r.resolved ?? 0,
      r.cancelled ?? 0,
      r.false_alarms ?? 0,
      r.escalated ?? 0,
      r.ack ?? null,
      r.close ?? null,
    ]);
  }
}
