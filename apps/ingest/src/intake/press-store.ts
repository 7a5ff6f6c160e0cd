import { DISPATCH_STATUSES, JobName, type Lane, laneOfIncident } from '@app/contracts';
import { LIVE_STATUSES_SQL, sqlStringList } from '@app/database';
import { holdsCascade, incidentGroupOf, incidentTypeForAlarm, offersCascade } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { IntakeDevice, IntakePress } from './intake-press';
import { pressFacts } from './press-facts';

/** The dispatcher's job a stored press asks for, as its outbox row. */
export interface PressJob {
  outboxId: string;
  name: JobName.IncidentOpened | JobName.IncidentPressed;
}

/** A press that was stored now: its outbox job (if any) and live push follow (PressFanout). */
export interface NewPress {
  duplicate: false;
  alarmId: string;
  incidentId: string;
  /** The press opened the incident (else it joined an open one). */
  created: boolean;
  /**
   * `incident-opened` for a press that opened its incident; `incident-pressed` (the cascade
   * looks again) for one that joined an open emergency whose cascade was not waiting; none
   * when a look could not decide anything (see STORE_PRESSES).
   */
  job: PressJob | undefined;
  /** The lane of the incident's work: the press's type decides it (an incident folds presses of its own group only). */
  lane: Lane;
}

/** The same (device, eventId) again: the ids of what the first one created. */
export interface RepeatedPress {
  duplicate: true;
  alarmId: string;
  incidentId: string;
}

export type StoredPress = NewPress | RepeatedPress;

/** One press as the store takes it: the device it came from and what it says. */
export interface PressEntry {
  device: IntakeDevice;
  press: IntakePress;
}

/** A row of STORE_PRESSES: a press stored now, with its outbox row if it asked for one. */
interface StoredRow {
  alarmId: string;
  incidentId: string;
  created: boolean;
  outboxId: string | null;
  jobName: PressJob['name'] | null;
}

/**
 * `holdsCascade` of dispatch row `d`, spelled out for SQL from the domain's own rule (statuses
 * that hold whoever made the offer, and those that hold for an offer of the cascade), so the two
 * cannot drift apart.
 */
function cascadeHeldSql(d: string): string {
  const holding = (manual: boolean) => DISPATCH_STATUSES.filter((status) => holdsCascade({ status, manual }));
  return `(${d}.status IN ${sqlStringList(holding(true))} OR (NOT ${d}.manual AND ${d}.status IN ${sqlStringList(holding(false))}))`;
}

/**
 * One statement for many presses, committed on its own: for each, the alarm (idempotent on
 * device + eventId), the incident (opened, or the resident's open one of the same group folds
 * the press in), the timeline entry linking the alarm to its incident, the outbox row and the
 * device's last contact. Every step after the alarm works FROM the alarms inserted, so a
 * repeated eventId writes nothing at all. Ids are made here, so no round trip is needed to
 * learn them. The presses of one statement must belong to distinct (resident, type group)
 * pairs: Postgres cannot fold two rows of one statement into the same incident
 * (`ON CONFLICT DO UPDATE` may touch a row once), so `PressBatches` runs such presses in
 * rounds. Incidents are upserted in resident order so that two batches in flight lock in the
 * same order.
 *
 * A press that joins an open incident gets an outbox row (the cascade looks again) only when a
 * look could decide something: not for a technical incident (no cascade), and not while an
 * offer holds the cascade back (`holdsCascade`: every way out of that wait asks for a look of
 * its own). In a storm nearly every repeat press comes while an offer waits, and each of them
 * cost a job, its Redis scripts, a worker's turn and a read, to decide nothing. The dispatches
 * are read in the statement's snapshot: an answer committed meanwhile has asked for its own look.
 */
const STORE_PRESSES = `
WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::smallint[], $7::jsonb[], $8::bigint[],
                       $9::uuid[], $10::uuid[], $11::text[], $12::text[], $13::jsonb[], $14::uuid[], $15::boolean[])
    AS p(alarm_id, serial, event_id, alarm_type, occurred_at, battery_pct, location, clock_skew_ms,
         new_incident_id, resident_id, incident_type, type_group, facts, outbox_id, cascades)
), alarm AS (
  INSERT INTO alarms (id, device_serial, event_id, type, occurred_at, battery_pct, location, clock_skew_ms)
  SELECT alarm_id, serial, event_id, alarm_type, occurred_at, battery_pct, location, clock_skew_ms FROM input
  ON CONFLICT (device_serial, event_id) DO NOTHING
  RETURNING id
), pressed AS (
  SELECT input.* FROM input JOIN alarm ON alarm.id = input.alarm_id
), incident AS (
  INSERT INTO incidents (id, resident_id, device_serial, type, type_group, location)
  SELECT new_incident_id, resident_id, serial, incident_type, type_group, location FROM pressed ORDER BY resident_id
  ON CONFLICT (resident_id, type_group) WHERE status IN ${LIVE_STATUSES_SQL}
  DO UPDATE SET press_count = incidents.press_count + 1,
                last_press_at = now(),
                version = incidents.version + 1,
                updated_at = now(),
                location = COALESCE(EXCLUDED.location, incidents.location)
  RETURNING id, resident_id, type_group, press_count, (xmax = 0) AS created
), joined AS (
  SELECT pressed.alarm_id, pressed.facts, pressed.outbox_id, pressed.cascades, incident.id AS incident_id, incident.press_count, incident.created
  FROM pressed JOIN incident ON incident.resident_id = pressed.resident_id AND incident.type_group = pressed.type_group
), timeline AS (
  INSERT INTO incident_events (incident_id, kind, data, alarm_id)
  SELECT incident_id, 'press', facts || jsonb_build_object('pressCount', press_count), alarm_id FROM joined
  RETURNING id
), outbox AS (
  INSERT INTO outbox (id, incident_id, job_name, payload)
  SELECT outbox_id, incident_id, CASE WHEN created THEN $16::text ELSE $17::text END, jsonb_build_object('incidentId', incident_id)
  FROM joined
  WHERE created OR (cascades AND NOT EXISTS (
    SELECT 1 FROM dispatches d WHERE d.incident_id = joined.incident_id AND ${cascadeHeldSql('d')}))
  RETURNING id, job_name
), device AS (
  UPDATE devices SET last_heard_at = now(), battery_pct = COALESCE(pressed.battery_pct, devices.battery_pct)
  FROM pressed WHERE devices.serial = pressed.serial
)
SELECT joined.alarm_id AS "alarmId", joined.incident_id AS "incidentId", joined.created, outbox.id AS "outboxId", outbox.job_name AS "jobName"
FROM joined LEFT JOIN outbox ON outbox.id = joined.outbox_id`;

/** Finds what earlier presses with the same (device, eventId) created (the timeline entry links the two). */
const FIND_PRESSES = `
SELECT a.device_serial AS serial, a.event_id AS "eventId", a.id AS "alarmId", e.incident_id AS "incidentId"
FROM unnest($1::text[], $2::text[]) AS k(serial, event_id)
JOIN alarms a ON a.device_serial = k.serial AND a.event_id = k.event_id
JOIN incident_events e ON e.alarm_id = a.id`;

/** A (device, eventId) pair as one map key: the identity of a press. */
export const pressKey = (serial: string, eventId: string) => `${serial}\u0000${eventId}`;

@Injectable()
export class PressStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores presses of distinct (resident, type group) pairs and distinct (device, eventId) in
   * one statement. Resolves once it is committed, one answer per press in order; a press whose
   * (device, eventId) was stored before gets that press's ids. Rejects when Postgres could not
   * take the statement: then none of them is stored.
   */
  async storeRound(entries: readonly PressEntry[]): Promise<StoredPress[]> {
    const rows = entries.map(({ device, press }) => {
      const type = incidentTypeForAlarm(press.type);
      return {
        alarmId: randomUUID(),
        serial: device.serial,
        eventId: press.eventId,
        alarmType: press.type,
        occurredAt: press.occurredAt ?? null,
        batteryPct: press.batteryPct ?? null,
        location: press.location ? JSON.stringify(press.location) : null,
        clockSkewMs: device.clockSkewMs,
        incidentId: randomUUID(),
        residentId: device.residentId,
        incidentType: type,
        typeGroup: incidentGroupOf(type),
        facts: JSON.stringify(pressFacts(press, device.clockSkewMs)),
        outboxId: randomUUID(),
        cascades: offersCascade(type),
      };
    });
    const column = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((r) => r[key]);
    const stored: StoredRow[] = await this.dataSource.query(STORE_PRESSES, [
      column('alarmId'),
      column('serial'),
      column('eventId'),
      column('alarmType'),
      column('occurredAt'),
      column('batteryPct'),
      column('location'),
      column('clockSkewMs'),
      column('incidentId'),
      column('residentId'),
      column('incidentType'),
      column('typeGroup'),
      column('facts'),
      column('outboxId'),
      column('cascades'),
      JobName.IncidentOpened,
      JobName.IncidentPressed,
    ]);
    const byAlarm = new Map(stored.map((s) => [s.alarmId, s]));
    const repeated = rows.filter((r) => !byAlarm.has(r.alarmId));
    const earlier = repeated.length ? await this.findRepeated(repeated) : new Map<string, RepeatedPress>();
    return rows.map((r) => {
      const press = byAlarm.get(r.alarmId);
      if (press) {
        const { outboxId, jobName, ...ids } = press;
        const job = outboxId && jobName ? { outboxId, name: jobName } : undefined;
        return { duplicate: false, lane: laneOfIncident(r.incidentType), job, ...ids };
      }
      const first = earlier.get(pressKey(r.serial, r.eventId));
      // The conflicting row is committed (ON CONFLICT waited for it), so it is always found.
      if (!first) throw new Error(`alarm ${r.eventId} of device ${r.serial} conflicted but was not found`);
      return first;
    });
  }

  private async findRepeated(presses: readonly { serial: string; eventId: string }[]): Promise<Map<string, RepeatedPress>> {
    const rows: { serial: string; eventId: string; alarmId: string; incidentId: string }[] = await this.dataSource.query(FIND_PRESSES, [
      presses.map((p) => p.serial),
      presses.map((p) => p.eventId),
    ]);
    return new Map(rows.map((r) => [pressKey(r.serial, r.eventId), { duplicate: true, alarmId: r.alarmId, incidentId: r.incidentId }]));
  }
}
