/**
 * The outage part of an `area_outage` IncidentView (libs/contracts outages.ts), built in
 * Postgres like the rest of the view. An outage incident has a district and no resident.
 */

/** The district standing in for the resident of an outage incident `i`. */
export const districtStandInJson = (i: string) => `json_build_object(
  'id', ${i}.id, 'fullName', ${i}.district, 'address', ${i}.district, 'district', ${i}.district,
  'medicalHistory', '[]'::json, 'medications', '[]'::json, 'allergies', '[]'::json, 'emergencyContacts', '[]'::json)`;

/**
 * One row per resident of the outage `incidentId`: back when all its devices are; the last
 * welfare call. `stillSilent`: not back while at least half the residents are.
 */
export const outageResidentsSql = (incidentId: string) => `
  SELECT r.id, r.full_name, r.phone, r.living_situation, r.date_of_birth, r.address, r.emergency_contacts,
         CASE WHEN bool_and(od.recovered_at IS NOT NULL) THEN max(od.recovered_at) END AS recovered_at,
         wc.outcome, wc.note, wc.called_at, wc.called_by
  FROM outage_devices od
  JOIN residents r ON r.id = od.resident_id
  LEFT JOIN welfare_calls wc ON wc.incident_id = od.incident_id AND wc.resident_id = r.id
  WHERE od.incident_id = ${incidentId}
  GROUP BY r.id, wc.outcome, wc.note, wc.called_at, wc.called_by`;

/** Welfare order: living alone first, then oldest first (then by name, so the order is stable). */
export const WELFARE_ORDER = `(o.living_situation IS DISTINCT FROM 'alone'), o.date_of_birth, o.full_name, o.id`;

export const outageJson = (i: string) => `(
  SELECT json_build_object(
    'district', ${i}.district,
    'affected', count(*),
    'recovered', count(*) FILTER (WHERE o.recovered_at IS NOT NULL),
    'called', count(*) FILTER (WHERE o.outcome IS NOT NULL),
    'residents', COALESCE(json_agg(json_strip_nulls(json_build_object(
      'id', o.id, 'fullName', o.full_name, 'phone', o.phone, 'livingSituation', o.living_situation,
      'dateOfBirth', to_char(o.date_of_birth, 'YYYY-MM-DD'), 'address', o.address,
      'emergencyContacts', o.emergency_contacts, 'recoveredAt', hk_iso(o.recovered_at),
      'call', CASE WHEN o.outcome IS NULL THEN NULL ELSE json_strip_nulls(json_build_object(
        'outcome', o.outcome, 'note', o.note, 'at', hk_iso(o.called_at),
        'by', (SELECT json_build_object('id', cu.id, 'username', cu.username) FROM users cu WHERE cu.id = o.called_by))) END
    )) ORDER BY ${WELFARE_ORDER}) FILTER (WHERE o.id IS NOT NULL), '[]'::json)
  )
  FROM (${outageResidentsSql(`${i}.id`)}) o)`;
