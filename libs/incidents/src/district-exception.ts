import type { IncidentView } from '@app/contracts';
import { IncidentViews, LIVE_STATUSES_SQL } from '@app/database';
import { showsToEveryConsole } from '@app/domain';
import { errorMessage } from '@app/errors';
import { type DistrictKey, DistrictPresence, type PresenceSnapshot, reachIn } from '@app/live';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Presence unknown (Redis away) counts as nobody there: the alarm goes to everyone rather than maybe to nobody. */
const PRESENCE_UNKNOWN: PresenceSnapshot = { everyDistrict: false, districts: new Set(), outsiders: true };

/**
 * Applies the district exception (showsToEveryConsole, @app/domain) to views about to be pushed:
 * a live emergency of a district with no operator of its own connected is marked, in Postgres,
 * as shown to every console (`incidents.shown_because`, its version raised, a timeline fact),
 * so that the push, the snapshots and REST all show it to everyone from then on.
 */
@Injectable()
export class DistrictException {
  private readonly logger = new Logger(DistrictException.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly presence: DistrictPresence,
    private readonly views: IncidentViews,
  ) {}

  /**
   * The same views, those the exception now applies to replaced by their marked view. `presence`
   * is who was connected, read while the views were (`presenceNow`); without it, it is read now.
   */
  async apply(views: readonly IncidentView[], presence?: Promise<PresenceSnapshot | undefined>): Promise<IncidentView[]> {
    const candidates = views.filter((v) => v.shownBecause === undefined && showsToEveryConsole(v, { districtHasOperator: false, outsidersConnected: true }));
    if (!candidates.length) return [...views];
    const reach = reachIn((await (presence ?? this.presenceNow())) ?? PRESENCE_UNKNOWN, candidates.map(districtOf));
    const uncovered = candidates.filter((v) =>
      showsToEveryConsole(v, { districtHasOperator: reach.covered.has(districtOf(v)), outsidersConnected: reach.outsiders }),
    );
    if (!uncovered.length) return [...views];
    try {
      const marked = await this.mark(uncovered.map((v) => v.id));
      const replaced = new Map((await this.views.byIds(marked)).map((v) => [v.id, v]));
      return views.map((v) => replaced.get(v.id) ?? v);
    } catch (error) {
      // Not recorded, but never withheld: this push still goes to everyone; the next change tries the mark again.
      this.logger.warn(`emergencies ${uncovered.map((v) => v.id).join(', ')} not marked as shown to every console: ${errorMessage(error)}`);
      const unmarked = new Set(uncovered.map((v) => v.id));
      return views.map((v) => (unmarked.has(v.id) ? { ...v, shownBecause: 'no_district_operator' } : v));
    }
  }

  /**
   * Looks again at every live emergency not shown to everyone (an operator left, or its console
   * instance died, or a console limited to some districts connected) and marks those whose district has nobody left; answers their ids, to push.
   */
  async reconsider(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM incidents WHERE type IN ('sos', 'fall') AND status IN ${LIVE_STATUSES_SQL} AND shown_because IS NULL`,
    );
    if (!rows.length) return [];
    const views = await this.apply(await this.views.byIds(rows.map((r) => r.id)));
    return views.filter((v) => v.shownBecause !== undefined).map((v) => v.id);
  }

  /** Who is connected now, every district at once; undefined (logged) when Redis cannot tell. Never rejects. */
  async presenceNow(): Promise<PresenceSnapshot | undefined> {
    try {
      return await this.presence.snapshot();
    } catch (error) {
      this.logger.warn(`operator presence unknown (${errorMessage(error)}): emergencies shown to every console`);
      return undefined;
    }
  }

  /** One statement: the mark, the version and the timeline fact; an incident already marked (or closed meanwhile) is left. */
  private async mark(ids: string[]): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `WITH marked AS (
         UPDATE incidents SET shown_because = 'no_district_operator', version = version + 1, updated_at = now()
         WHERE id = ANY($1::uuid[]) AND shown_because IS NULL AND status IN ${LIVE_STATUSES_SQL}
         RETURNING id, resident_id
       ), facts AS (
         INSERT INTO incident_events (incident_id, kind, data, dedupe_key)
         SELECT m.id, 'shown_to_every_console', jsonb_strip_nulls(jsonb_build_object('reason', 'no_district_operator', 'district', r.district)),
                'shown-to-every-console-' || m.id
         FROM marked m JOIN residents r ON r.id = m.resident_id
         ON CONFLICT (dedupe_key) DO NOTHING
       )
       SELECT id FROM marked`,
      [ids],
    );
    return rows.map((r) => r.id);
  }
}

function districtOf(view: IncidentView): DistrictKey {
  return view.resident.district ?? null;
}
