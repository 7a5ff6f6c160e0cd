import { APP_CONFIG, type AppConfig } from '@app/config';
import { type IncidentType, JobName, laneOfIncident } from '@app/contracts';
import { ADVISORY_LOCK, holdingAdvisoryLock, LIVE_STATUSES_SQL, silentLongerThan } from '@app/database';
import { incidentGroupOf } from '@app/domain';
import { IncidentChanges, IncidentPublisher } from '@app/incidents';
import type { OutboxEntry } from '@app/outbox';
import { errorMessage } from '@app/errors';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AreaOutages } from './area-outages';
import { IN_OUTAGE } from './area-outages.sql';
import { markBatteriesRecovered, NOT_ALERTED_SINCE_RECOVERY } from './battery-recovery';
import { silenceThresholdS } from './maintenance-schedules';

/**
 * Opens one technical incident per device found by `candidates` (columns: serial, resident_id,
 * facts), with its timeline entry and its `incident-opened` outbox row, in one statement.
 * ON CONFLICT on the one-live-per-group index makes a repeated or concurrent run open nothing new.
 * Parameters: $1 type, $2 type group, $3 job name, $4 the candidates' threshold.
 */
const openIncidents = (candidates: string): string => `
WITH candidate AS (${candidates}
), opened AS (
  INSERT INTO incidents (id, resident_id, device_serial, type, type_group)
  SELECT gen_random_uuid(), c.resident_id, c.serial, $1::text, $2::text FROM candidate c
  ON CONFLICT (resident_id, type_group) WHERE status IN ${LIVE_STATUSES_SQL} DO NOTHING
  RETURNING id, device_serial
), timeline AS (
  INSERT INTO incident_events (incident_id, kind, data)
  SELECT o.id, $1::text, c.facts FROM opened o JOIN candidate c ON c.serial = o.device_serial
), outbox AS (
  INSERT INTO outbox (id, incident_id, job_name, payload)
  SELECT gen_random_uuid(), o.id, $3::text, jsonb_build_object('incidentId', o.id) FROM opened o
  RETURNING id, incident_id
)
SELECT incident_id AS "incidentId", id AS "outboxId" FROM outbox`;

/**
 * Enabled devices heard at least once and silent longer than the timeout ($4, seconds), that
 * have no device_offline incident for this silence yet: none live, and none opened since the
 * device was last heard (so an operator who closed one is not handed the same silence again),
 * and whose silence no area outage holds (area-outages.ts runs first).
 */
const SILENT_DEVICES = `
  SELECT DISTINCT ON (d.resident_id) d.serial, d.resident_id,
         jsonb_build_object('serial', d.serial, 'lastHeardAt', hk_iso(d.last_heard_at), 'timeoutS', $4::double precision) AS facts
  FROM devices d
  WHERE d.enabled AND ${silentLongerThan('d', '$4::double precision')}
    AND NOT ${IN_OUTAGE('d')}
    AND NOT EXISTS (SELECT 1 FROM incidents i
                    WHERE i.device_serial = d.serial AND i.type = 'device_offline'
                      AND (i.status IN ${LIVE_STATUSES_SQL} OR i.opened_at > d.last_heard_at))
  ORDER BY d.resident_id, d.last_heard_at`;

/**
 * Enabled devices reporting a battery under the threshold ($4, percent) whose resident has no
 * live low_battery incident, and that were not alerted for this drop already (battery-recovery.ts).
 */
const LOW_BATTERY_DEVICES = `
  SELECT DISTINCT ON (d.resident_id) d.serial, d.resident_id,
         jsonb_build_object('serial', d.serial, 'batteryPct', d.battery_pct, 'thresholdPct', $4::int) AS facts
  FROM devices d
  WHERE d.enabled AND d.battery_pct < $4::int
    AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.resident_id = d.resident_id AND i.type_group = 'low_battery' AND i.status IN ${LIVE_STATUSES_SQL})
    AND ${NOT_ALERTED_SINCE_RECOVERY}
  ORDER BY d.resident_id, d.battery_pct`;

/**
 * Live technical incidents whose cause is gone, judged on what the device reported after the
 * incident opened: heard again and no longer silent ($1, seconds), or a battery of at least $2 %.
 */
const RECOVERED = `
SELECT i.id, i.type,
       CASE i.type WHEN 'device_offline'
         THEN jsonb_build_object('serial', d.serial, 'lastHeardAt', hk_iso(d.last_heard_at))
         ELSE jsonb_build_object('serial', d.serial, 'batteryPct', d.battery_pct) END AS facts
FROM incidents i JOIN devices d ON d.serial = i.device_serial
WHERE i.status IN ${LIVE_STATUSES_SQL} AND d.last_heard_at > i.opened_at AND (
  (i.type = 'device_offline' AND d.last_heard_at >= now() - make_interval(secs => $1::double precision))
  OR (i.type = 'low_battery' AND d.battery_pct >= $2::int))`;

/** What a round did, as counts (job results live in Redis: no health data there). */
type SupervisionRound = {
  opened: number;
  closed: number;
  outagesOpened: number;
  outagesFolded: number;
  outagesResolved: number;
};

interface RecoveredRow {
  id: string;
  type: 'device_offline' | 'low_battery';
  facts: Record<string, unknown>;
}

/** Why an automatically closed incident was closed: the timeline kind. */
const RECOVERY_KIND = { device_offline: 'device_back_online', low_battery: 'battery_recovered' } as const;

/**
 * Device supervision: a device silent longer than HEARTBEAT_TIMEOUT_S after it was heard once gets a `device_offline` incident, a battery under LOW_BATTERY_PCT a
 * `low_battery` one; each is closed (resolved, outcome `other`) once the device is heard again
 * or reports at least LOW_BATTERY_RECOVERED_PCT (a margin above the threshold, so a battery
 * hovering at 19-20 % does not open and close incidents on every round).
 * Every step is safe to repeat; rounds take turns (supervise).
 */
@Injectable()
export class DeviceSupervision {
  private readonly logger = new Logger(DeviceSupervision.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: IncidentPublisher,
    private readonly changes: IncidentChanges,
    private readonly outages: AreaOutages,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * One round at a time, on every dispatcher together: the schedule starts a round every
   * interval whether or not the last one is done, and overlapping rounds deadlocked on
   * outage_devices (one marking devices back while another joined them to the outage). A round
   * that finds another running leaves the work to it; the next scheduled round comes soon.
   */
  async supervise(): Promise<SupervisionRound | { skipped: 1 }> {
    const outcome = await holdingAdvisoryLock(this.dataSource, ADVISORY_LOCK.deviceSupervision, 'skip', () => this.round());
    if (outcome.ran) return outcome.value;
    this.logger.debug('supervision round skipped: another round is running');
    return { skipped: 1 };
  }

  private async round(): Promise<SupervisionRound> {
    // Outages first: a device an outage takes gets no device_offline of its own. Should outage
    // detection fail, each silent device still gets its own incident: nobody is left unseen.
    const outages = await this.outages.round().catch((error: unknown) => {
      this.logger.error(`area outage round failed, supervising device by device: ${errorMessage(error)}`);
      return { opened: 0, folded: 0, resolved: 0 };
    });
    await markBatteriesRecovered(this.dataSource, this.config.LOW_BATTERY_RECOVERED_PCT);
    const opened = [
      ...(await this.open('device_offline', SILENT_DEVICES, silenceThresholdS(this.config))),
      ...(await this.open('low_battery', LOW_BATTERY_DEVICES, this.config.LOW_BATTERY_PCT)),
    ];
    let closed = 0;
    for (const row of await this.recovered()) {
      if (await this.close(row)) closed++;
    }
    return { opened: opened.length, closed, outagesOpened: outages.opened, outagesFolded: outages.folded, outagesResolved: outages.resolved };
  }

  private async open(type: IncidentType, candidates: string, threshold: number): Promise<string[]> {
    const rows: { incidentId: string; outboxId: string }[] = await this.dataSource.query(openIncidents(candidates), [
      type,
      incidentGroupOf(type),
      JobName.IncidentOpened,
      threshold,
    ]);
    if (!rows.length) return [];
    this.logger.log(`opened ${rows.length} ${type} incident(s)`);
    const entries: OutboxEntry[] = rows.map((r) => ({
      id: r.outboxId,
      jobName: JobName.IncidentOpened,
      incidentId: r.incidentId,
      payload: { incidentId: r.incidentId },
      runAt: new Date(),
      lane: laneOfIncident(type),
    }));
    // The statement committed on its own; what follows goes the way of every incident write.
    await this.publisher.publish([{ outbox: entries, incidents: rows.map((r) => ({ id: r.incidentId, created: true })) }]);
    return rows.map((r) => r.incidentId);
  }

  private recovered(): Promise<RecoveredRow[]> {
    return this.dataSource.query(RECOVERED, [this.config.HEARTBEAT_TIMEOUT_S, this.config.LOW_BATTERY_RECOVERED_PCT]);
  }

  /**
   * Resolves one incident whose cause is gone, through the shared write side (@app/incidents):
   * locked, decided by the state machine, guarded, open offers voided, incident.updated pushed
   * after the commit. An incident an operator closed meanwhile is left alone.
   */
  private async close(row: RecoveredRow): Promise<boolean> {
    const kind = RECOVERY_KIND[row.type];
    const closed = await this.changes.resolveAutomatically(row.id, kind, row.facts);
    if (closed) this.logger.log(`closed ${row.type} incident ${row.id}: ${kind}`);
    return closed;
  }
}
