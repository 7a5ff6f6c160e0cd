import type { AuthUser } from '@app/auth';
import { type DistrictOverview, isOutageView, type OutageIncidentView, type WelfareCallInput } from '@app/contracts';
import { heardWithin, IncidentViews, LIVE_STATUSES_SQL } from '@app/database';
import { WelfareCalls } from '@app/incidents';
import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { answeringRefusals } from '../incidents/write-refusals';

/** Per district: enabled devices, those heard in the last hour, and the district's live outage. */
const DISTRICT_OVERVIEW = `
SELECT r.district, count(*)::int AS registered, count(*) FILTER (WHERE ${heardWithin('d', '3600')})::int AS "heardLastHour",
       (SELECT o.id FROM incidents o WHERE o.type = 'area_outage' AND o.status IN ${LIVE_STATUSES_SQL} AND o.district = r.district) AS "outageIncidentId"
FROM devices d JOIN residents r ON r.id = d.resident_id
WHERE d.enabled AND r.district IS NOT NULL
GROUP BY r.district ORDER BY r.district`;

/** Mass events on the console: the welfare list of an area outage, its calls, and the district overview. */
@Injectable()
export class OutagesService {
  constructor(
    private readonly views: IncidentViews,
    private readonly calls: WelfareCalls,
    private readonly dataSource: DataSource,
  ) {}

  async outage(id: string): Promise<OutageIncidentView> {
    const view = await this.views.byId(id);
    if (!view || !isOutageView(view)) throw new NotFoundException(`no area outage ${id}`);
    return view;
  }

  async recordCall(id: string, residentId: string, user: AuthUser, call: WelfareCallInput): Promise<OutageIncidentView> {
    await answeringRefusals(() => this.calls.record(id, residentId, user.id, call));
    return this.outage(id);
  }

  async districtOverview(): Promise<DistrictOverview> {
    const rows: { district: string; registered: number; heardLastHour: number; outageIncidentId: string | null }[] =
      await this.dataSource.query(DISTRICT_OVERVIEW);
    return { items: rows.map(({ outageIncidentId, ...row }) => ({ ...row, ...(outageIncidentId ? { outageIncidentId } : {}) })) };
  }
}
