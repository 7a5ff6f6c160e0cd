import { JobName, type Lane, laneOfIncident } from '@app/contracts';
import { LIVE_STATUSES_SQL } from '@app/database';
import { incidentGroupOf, incidentTypeForAlarm } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { IntakeDevice, IntakePress } from './intake-press';
import { pressFacts } from './press-facts';

/** A press that was stored now: its outbox job and live push follow (PressFanout). */
export interface NewPress {
  duplicate: false;
  alarmId: string;
  incidentId: string;
  /** The press opened the incident (else it joined an open one). */
  created: boolean;
  outboxId: string;
  jobName: JobName.IncidentOpened | JobName.IncidentPressed;
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

/**
 * One statement per press, committed on its own: the alarm (idempotent on device + eventId),
 * the incident (opened, or the resident's open one of the same group folds the press in), the
 * timeline entry linking the alarm to its incident, the outbox row and the device's last
 * contact. Every step after the alarm selects FROM the alarm CTE, so a repeated eventId writes
 * nothing at all. Ids are made here, so no round trip is needed to learn them.
 */
const STORE_PRESS = `
WITH alarm AS (
  INSERT INTO alarms (id, device_serial, event_id, type, occurred_at, battery_pct, location, clock_skew_ms)
  VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)
  ON CONFLICT (device_serial, event_id) DO NOTHING
  RETURNING id
), incident AS (
  INSERT INTO incidents (id, resident_id, device_serial, type, type_group, location)
  SELECT $9::uuid, $10::uuid, $2::text, $11::text, $12::text, $7::jsonb FROM alarm
  ON CONFLICT (resident_id, type_group) WHERE status IN ${LIVE_STATUSES_SQL}
  DO UPDATE SET press_count = incidents.press_count + 1,
                last_press_at = now(),
                version = incidents.version + 1,
                updated_at = now(),
                location = COALESCE(EXCLUDED.location, incidents.location)
  RETURNING id, press_count, (xmax = 0) AS created
), timeline AS (
  INSERT INTO incident_events (incident_id, kind, data, alarm_id)
  SELECT incident.id, 'press', $13::jsonb || jsonb_build_object('pressCount', incident.press_count), alarm.id
  FROM incident CROSS JOIN alarm
  RETURNING id
), outbox AS (
  INSERT INTO outbox (id, incident_id, job_name, payload)
  SELECT $14::uuid, incident.id, CASE WHEN incident.created THEN $15::text ELSE $16::text END,
         jsonb_build_object('incidentId', incident.id)
  FROM incident
  RETURNING id, job_name
), device AS (
  UPDATE devices SET last_heard_at = now(), battery_pct = COALESCE($6::smallint, battery_pct)
  WHERE serial = $2 AND EXISTS (SELECT 1 FROM alarm)
)
SELECT incident.id AS "incidentId", incident.created, outbox.id AS "outboxId", outbox.job_name AS "jobName"
FROM incident CROSS JOIN outbox`;

/** Finds what an earlier press with the same eventId created (the timeline entry links the two). */
const FIND_PRESS = `
SELECT a.id AS "alarmId", e.incident_id AS "incidentId"
FROM alarms a JOIN incident_events e ON e.alarm_id = a.id
WHERE a.device_serial = $1 AND a.event_id = $2`;

@Injectable()
export class PressStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Resolves once the press is committed (or found to be a repeat); rejects when Postgres could not take it. */
  async store(device: IntakeDevice, alarm: IntakePress): Promise<StoredPress> {
    const alarmId = randomUUID();
    const type = incidentTypeForAlarm(alarm.type);
    const rows: Omit<NewPress, 'duplicate' | 'alarmId' | 'lane'>[] = await this.dataSource.query(STORE_PRESS, [
      alarmId,
      device.serial,
      alarm.eventId,
      alarm.type,
      alarm.occurredAt ?? null,
      alarm.batteryPct ?? null,
      alarm.location ? JSON.stringify(alarm.location) : null,
      device.clockSkewMs,
      randomUUID(),
      device.residentId,
      type,
      incidentGroupOf(type),
      JSON.stringify(pressFacts(alarm, device.clockSkewMs)),
      randomUUID(),
      JobName.IncidentOpened,
      JobName.IncidentPressed,
    ]);
    const stored = rows[0];
    if (stored) return { duplicate: false, alarmId, lane: laneOfIncident(type), ...stored };
    return this.findRepeated(device.serial, alarm.eventId);
  }

  private async findRepeated(serial: string, eventId: string): Promise<RepeatedPress> {
    const rows: Omit<RepeatedPress, 'duplicate'>[] = await this.dataSource.query(FIND_PRESS, [serial, eventId]);
    const first = rows[0];
    // The conflicting row is committed (ON CONFLICT waited for it), so it is always found.
    if (!first) throw new Error(`alarm ${eventId} of device ${serial} conflicted but was not found`);
    return { duplicate: true, ...first };
  }
}
