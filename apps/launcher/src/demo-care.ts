import type { EntityManager } from 'typeorm';
import { DEMO_RESIDENTS, DEMO_RESPONDERS } from './demo-data';

/**
 * The care model in the demo (docs/care.md): weekly targets, a past emergency of 王秀英 with
 * an overdue follow-up call and one already made, carers' visits this week and last (王秀英
 * below target two weeks running), and 李德明 whose alarms rose sharply in the last two weeks.
 * Fixed ids, inserted once (ON CONFLICT DO NOTHING): times are relative to the first seed.
 */
const id = (kind: string, n: number) => `${kind}0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Resident numbers (1-based) and their weekly care target in hours. */
const TARGETS: [number, number][] = [
  [1, 6],
  [2, 6],
  [3, 4],
];

/** Past sos incidents: resident, days ago, outcome; the rising resident (2) presses more and more. */
const PAST_ALARMS: [number, number, string][] = [
  [1, 2, 'assisted'],
  [1, 9, 'assisted'],
  [2, 45, 'assisted'],
  [2, 12, 'false_alarm'],
  [2, 9, 'assisted'],
  [2, 6, 'assisted'],
  [2, 3, 'assisted'],
  [2, 1, 'assisted'],
];

/** Visits: resident, carer (index into DEMO_RESPONDERS), days ago, hours, services. */
const VISITS: [number, number, number, number, string[]][] = [
  [1, 0, 1, 1.5, ['meals', 'cleaning']],
  [1, 0, 8, 2, ['meals', 'company']],
  [1, 0, 10, 1, ['medication']],
  [3, 2, 2, 2.5, ['bathing', 'company']],
  [3, 2, 8, 4, ['rehabilitation', 'meals']],
];

export async function seedDemoCare(tx: EntityManager, now = Date.now()): Promise<number> {
  let written = 0;
  const run = async (sql: string, params: unknown[]) => {
    const rows: unknown[] = await tx.query(`${sql} RETURNING 1`, params);
    written += rows.length;
  };
  for (const [n, hours] of TARGETS) {
    await run(`UPDATE residents SET weekly_care_hours_target = $2 WHERE id = $1 AND weekly_care_hours_target IS DISTINCT FROM $2`, [
      DEMO_RESIDENTS[n - 1]!.id,
      hours,
    ]);
  }
  for (const [i, [n, daysAgo, outcome]] of PAST_ALARMS.entries()) {
    const incidentId = id('e', i + 1);
    const openedAt = new Date(now - daysAgo * DAY - 5 * HOUR);
    await run(
      `INSERT INTO incidents (id, resident_id, type, type_group, status, opened_at, last_press_at, acknowledged_at, resolved_at, outcome)
       VALUES ($1, $2, 'sos', 'emergency', 'resolved', $3, $3, $3::timestamptz + interval '20 seconds', $3::timestamptz + interval '40 minutes', $4)
       ON CONFLICT (id) DO NOTHING`,
      [incidentId, DEMO_RESIDENTS[n - 1]!.id, openedAt, outcome],
    );
    await run(`INSERT INTO incident_events (incident_id, kind, at, data, dedupe_key) VALUES ($1, 'resolved', $2, $3, $4) ON CONFLICT (dedupe_key) DO NOTHING`, [
      incidentId,
      new Date(openedAt.getTime() + 40 * 60_000),
      JSON.stringify({ outcome, demo: true }),
      `demo-resolved-${incidentId}`,
    ]);
  }
  // 王秀英's two emergencies: the call after the older one was made, the one after the latest is overdue.
  await run(
    `INSERT INTO follow_ups (id, incident_id, resident_id, due_at, status, outcome, satisfaction, note, done_at)
     VALUES ($1, $2, $3, $4, 'done', 'well', 5, '已恢复，感谢及时上门 Recovered, thanks for coming quickly', $4) ON CONFLICT (id) DO NOTHING`,
    [id('f', 1), id('e', 2), DEMO_RESIDENTS[0]!.id, new Date(now - 8 * DAY)],
  );
  await run(`INSERT INTO follow_ups (id, incident_id, resident_id, due_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`, [
    id('f', 2),
    id('e', 1),
    DEMO_RESIDENTS[0]!.id,
    new Date(now - 1 * DAY),
  ]);
  await run(`INSERT INTO follow_ups (id, incident_id, resident_id, due_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`, [
    id('f', 3),
    id('e', 8),
    DEMO_RESIDENTS[1]!.id,
    new Date(now + 18 * HOUR),
  ]);
  for (const [i, [n, carer, daysAgo, hours, services]] of VISITS.entries()) {
    const startedAt = new Date(now - daysAgo * DAY - 6 * HOUR);
    await run(
      `INSERT INTO care_visits (id, resident_id, responder_id, started_at, ended_at, services, note)
       VALUES ($1, $2, $3, $4, $5, $6, '演示数据 demo') ON CONFLICT (id) DO NOTHING`,
      [id('9', i + 1), DEMO_RESIDENTS[n - 1]!.id, DEMO_RESPONDERS[carer]!.id, startedAt, new Date(startedAt.getTime() + hours * HOUR), services],
    );
  }
  return written;
}
