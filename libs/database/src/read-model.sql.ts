/**
 * SQL fragments that build the public JSON shapes (`libs/contracts` views) inside Postgres, so one
 * round trip returns a whole IncidentView. json_strip_nulls drops absent optional fields.
 * `age` is filled in by the caller from the domain's ageOn(), the one definition of age.
 */

export const responderJson = (r: string) => `json_build_object(
  'id', ${r}.id, 'fullName', ${r}.full_name, 'role', ${r}.role, 'phone', ${r}.phone)`;

export const residentJson = (r: string) => `json_strip_nulls(json_build_object(
  'id', ${r}.id, 'fullName', ${r}.full_name, 'dateOfBirth', to_char(${r}.date_of_birth, 'YYYY-MM-DD'),
  'gender', ${r}.gender, 'phone', ${r}.phone, 'address', ${r}.address, 'district', ${r}.district,
  'livingSituation', ${r}.living_situation, 'medicalHistory', ${r}.medical_history,
  'medications', ${r}.medications, 'allergies', ${r}.allergies,
  'emergencyContacts', ${r}.emergency_contacts, 'accessNotes', ${r}.access_notes,
  'weeklyCareHoursTarget', ${r}.weekly_care_hours_target))`;

export const careTeamJson = (residentId: string) => `COALESCE((
  SELECT json_object_agg(ct.role, ${responderJson('rsp')})
  FROM care_team ct JOIN responders rsp ON rsp.id = ct.responder_id
  WHERE ct.resident_id = ${residentId}), '{}'::json)`;

export const dispatchJson = (d: string, r: string) => `json_strip_nulls(json_build_object(
  'id', ${d}.id, 'responder', ${responderJson(r)}, 'status', ${d}.status,
  'offeredAt', hk_iso(${d}.offered_at), 'expiresAt', hk_iso(${d}.expires_at),
  'respondedAt', hk_iso(${d}.responded_at), 'arrivedAt', hk_iso(${d}.arrived_at),
  'completedAt', hk_iso(${d}.completed_at)))`;

/**
 * The device of an incident (IncidentView.device). `connected` is not here: it lives in Redis
 * (the connection registry), and the console adds it to the views it answers over REST.
 */
export const deviceJson = (d: string) => `json_strip_nulls(json_build_object(
  'serial', ${d}.serial, 'protocol', ${d}.protocol, 'batteryPct', ${d}.battery_pct, 'lastSeenAt', hk_iso(${d}.last_heard_at),
  'position', CASE WHEN ${d}.last_position IS NULL THEN NULL ELSE json_strip_nulls(json_build_object(
     'lat', ${d}.last_position->'lat', 'lng', ${d}.last_position->'lng', 'accuracyM', ${d}.last_position->'accuracyM',
     'at', hk_iso(${d}.last_position_at), 'source', ${d}.last_position_source)) END))`;

/** Selects one `view` column per incident row `i`; callers add WHERE / ORDER BY / LIMIT. */
export const INCIDENT_VIEW_SELECT = `
SELECT i.id, i.opened_at, json_build_object(
  'id', i.id, 'type', i.type, 'status', i.status, 'escalated', i.escalated,
  'escalatedAt', hk_iso(i.escalated_at), 'escalationReason', i.escalation_reason,
  'openedAt', hk_iso(i.opened_at), 'acknowledgedAt', hk_iso(i.acknowledged_at),
  'acknowledgedBy', CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'username', u.username) END,
  'resolvedAt', hk_iso(i.resolved_at), 'outcome', i.outcome,
  'pressCount', i.press_count, 'lastPressAt', hk_iso(i.last_press_at), 'version', i.version,
  'resident', ${residentJson('res')},
  'careTeam', ${careTeamJson('i.resident_id')},
  'device', ${deviceJson('dev')},
  'location', i.location,
  'dispatches', COALESCE((SELECT json_agg(${dispatchJson('d', 'dr')} ORDER BY d.offered_at, d.id)
     FROM dispatches d JOIN responders dr ON dr.id = d.responder_id WHERE d.incident_id = i.id), '[]'::json),
  'shownBecause', i.shown_because
) AS view
FROM incidents i
JOIN residents res ON res.id = i.resident_id
LEFT JOIN devices dev ON dev.serial = i.device_serial
LEFT JOIN users u ON u.id = i.acknowledged_by`;
