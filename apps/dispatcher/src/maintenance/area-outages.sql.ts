import { lastContact, LIVE_STATUSES_SQL, silentLongerThan } from '@app/database';

/**
 * The statements of outage detection (area-outages.ts). Each is one autocommitted statement
 * that is safe to repeat: the unique keys (`incidents_one_live_outage_per_district`, the
 * outage_devices primary key) decide races. Rounds take turns (DeviceSupervision.supervise).
 * Parameters shared by all: $1 the silence threshold (HEARTBEAT_TIMEOUT_S and the contact flush
 * delay, silenceThresholdS), $2 OUTAGE_WINDOW_S (seconds).
 */

const LIVE_OUTAGE = (i: string) => `${i}.type = 'area_outage' AND ${i}.status IN ${LIVE_STATUSES_SQL}`;

/**
 * The end of a statement whose CTE `changed` (incident_id, device_serial) changed devices of
 * outages: one timeline entry `kind` per outage, and the outages that changed as the answer.
 */
const devicesChanged = (kind: string, changed: string) => `timeline AS (
  INSERT INTO incident_events (incident_id, kind, data)
  SELECT incident_id, '${kind}', jsonb_build_object('devices', count(*), 'serials', jsonb_agg(device_serial ORDER BY device_serial))
  FROM ${changed} GROUP BY incident_id
)
SELECT DISTINCT incident_id AS "incidentId" FROM ${changed}`;

/**
 * Silent devices of a district with no live outage whose silence no outage has taken yet; per
 * district the densest OUTAGE_WINDOW_S of silences, and, when it holds at least $3
 * (OUTAGE_MIN_DEVICES) devices, one area_outage incident with those devices, its timeline
 * entry and its incident-opened outbox row ($4 the job name).
 */
export const OPEN_OUTAGES = `
WITH silent AS (
  SELECT d.serial, d.resident_id, ${lastContact('d')} AS last_heard_at, r.district
  FROM devices d JOIN residents r ON r.id = d.resident_id
  WHERE d.enabled AND r.district IS NOT NULL AND ${silentLongerThan('d', '$1::double precision')}
    AND NOT EXISTS (SELECT 1 FROM outage_devices od WHERE od.device_serial = d.serial AND od.joined_at > ${lastContact('d')})
    AND NOT EXISTS (SELECT 1 FROM incidents o WHERE ${LIVE_OUTAGE('o')} AND o.district = r.district)
), windows AS (
  SELECT district, last_heard_at AS window_end,
         count(*) OVER (PARTITION BY district ORDER BY last_heard_at
                        RANGE BETWEEN make_interval(secs => $2::double precision) PRECEDING AND CURRENT ROW) AS devices
  FROM silent
), densest AS (
  SELECT DISTINCT ON (district) district, window_end FROM windows WHERE devices >= $3::int
  ORDER BY district, devices DESC, window_end DESC
), opened AS (
  INSERT INTO incidents (id, resident_id, district, type, type_group)
  SELECT gen_random_uuid(), NULL, w.district, 'area_outage', 'area_outage' FROM densest w
  ON CONFLICT (district) WHERE type = 'area_outage' AND status IN ${LIVE_STATUSES_SQL} DO NOTHING
  RETURNING id, district
), members AS (
  INSERT INTO outage_devices (incident_id, device_serial, resident_id, silent_since)
  SELECT o.id, s.serial, s.resident_id, s.last_heard_at
  FROM opened o JOIN densest w ON w.district = o.district JOIN silent s ON s.district = o.district
  WHERE s.last_heard_at BETWEEN w.window_end - make_interval(secs => $2::double precision) AND w.window_end
  RETURNING incident_id
), timeline AS (
  INSERT INTO incident_events (incident_id, kind, data)
  SELECT o.id, 'area_outage', jsonb_build_object('district', o.district,
         'devices', (SELECT count(*) FROM members m WHERE m.incident_id = o.id),
         'windowS', $2::double precision, 'timeoutS', $1::double precision)
  FROM opened o
), outbox AS (
  INSERT INTO outbox (id, incident_id, job_name, payload)
  SELECT gen_random_uuid(), o.id, $4::text, jsonb_build_object('incidentId', o.id) FROM opened o
  RETURNING id, incident_id
)
SELECT incident_id AS "incidentId", id AS "outboxId" FROM outbox`;

/**
 * Devices of a district with a live outage that fell silent since the outage began (its
 * earliest silence less the window): they join it; one that was back and is silent again
 * joins again. One timeline entry per outage and round. Answers the outages that changed.
 */
export const JOIN_OUTAGES = `
WITH live AS (
  SELECT o.id, o.district, (SELECT min(od.silent_since) FROM outage_devices od WHERE od.incident_id = o.id) AS began
  FROM incidents o WHERE ${LIVE_OUTAGE('o')}
), joined AS (
  INSERT INTO outage_devices (incident_id, device_serial, resident_id, silent_since)
  SELECT l.id, d.serial, d.resident_id, ${lastContact('d')}
  FROM live l JOIN residents r ON r.district = l.district JOIN devices d ON d.resident_id = r.id
  WHERE d.enabled AND ${silentLongerThan('d', '$1::double precision')}
    AND ${lastContact('d')} >= l.began - make_interval(secs => $2::double precision)
  ON CONFLICT (incident_id, device_serial) DO UPDATE
    SET silent_since = EXCLUDED.silent_since, joined_at = now(), recovered_at = NULL
    WHERE outage_devices.recovered_at IS NOT NULL AND EXCLUDED.silent_since >= outage_devices.recovered_at
  RETURNING incident_id, device_serial
), ${devicesChanged('outage_joined', 'joined')}`;

/** Devices of a live outage heard since their silence began: recovered, at the time they were heard. Answers the outages that changed. */
export const RECOVER_OUTAGE_DEVICES = `
WITH back AS (
  UPDATE outage_devices od SET recovered_at = ${lastContact('d')}
  FROM devices d, incidents o
  WHERE d.serial = od.device_serial AND o.id = od.incident_id AND ${LIVE_OUTAGE('o')}
    AND od.recovered_at IS NULL AND ${lastContact('d')} > od.silent_since
  RETURNING od.incident_id, od.device_serial
), ${devicesChanged('outage_recovered', 'back')}`;

/** Live device_offline incidents of devices that a live outage holds as silent: folded into the outage. */
export const FOLDABLE_OFFLINE = `
SELECT i.id, od.incident_id AS "outageId", o.district, i.device_serial AS serial
FROM incidents i
JOIN outage_devices od ON od.device_serial = i.device_serial AND od.recovered_at IS NULL
JOIN incidents o ON o.id = od.incident_id AND ${LIVE_OUTAGE('o')}
WHERE i.type = 'device_offline' AND i.status IN ${LIVE_STATUSES_SQL}`;

/** Live outages whose every device is back. */
export const FINISHED_OUTAGES = `
SELECT o.id, o.district, count(*)::int AS devices, hk_iso(max(od.recovered_at)) AS "lastBackAt"
FROM incidents o JOIN outage_devices od ON od.incident_id = o.id
WHERE ${LIVE_OUTAGE('o')}
GROUP BY o.id, o.district
HAVING bool_and(od.recovered_at IS NOT NULL)`;

/** A device whose current silence an outage holds (whatever became of the outage) gets no device_offline of its own. */
export const IN_OUTAGE = (d: string) => `EXISTS (SELECT 1 FROM outage_devices od WHERE od.device_serial = ${d}.serial AND od.joined_at > ${lastContact(d)})`;
