import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an alarm-receiving centre needs beyond the live queue:
 * - `alarm_protocols`: the short checklist per kind of alarm (sos, fall, no answer from the
 *   resident, technical), edited by admins. Ticks are timeline facts, not rows here.
 * - `incident_assignments`: who holds an incident now that it can be handed to a colleague;
 *   "my incidents" reads it (an incident never handed over is its acknowledger's).
 * - `shift_handovers`: the notes an operator leaves at the end of a shift.
 * - `incidents_resident_history_idx`: a resident's previous incidents, newest first.
 */
export class CentrePages1764480000000 implements MigrationInterface {
  name = 'CentrePages1764480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alarm_protocols (
        kind text PRIMARY KEY CHECK (kind IN ('sos','fall','no_answer','technical')),
        steps jsonb NOT NULL DEFAULT '[]',
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES users(id)
      )`);
    // The starting checklists; admins replace them. Ids are stable so a tick keeps its meaning.
    const defaults: Record<string, [string, string][]> = {
      sos: [
        ['call-back', '回拨居民电话，确认情况'],
        ['assess', '判断是否需要急救（120）或报警（110）'],
        ['dispatch', '派遣照护人员上门'],
        ['contact-family', '通知紧急联系人'],
      ],
      fall: [
        ['call-back', '回拨居民电话，询问能否起身'],
        ['injury', '询问是否受伤、是否头部着地'],
        ['dispatch', '派遣医生或照护人员上门'],
        ['contact-family', '通知紧急联系人'],
      ],
      no_answer: [
        ['retry', '再次回拨居民电话'],
        ['contact-family', '联系紧急联系人确认居民情况'],
        ['dispatch', '派遣最近的照护人员上门查看'],
        ['emergency', '无法进门时联系 110 协助开门'],
      ],
      technical: [
        ['call-back', '电话联系居民，确认人员安全'],
        ['device-check', '请居民检查设备（充电、佩戴、开机）'],
        ['visit', '无法解决时安排上门检修'],
      ],
    };
    for (const [kind, steps] of Object.entries(defaults)) {
      await q.query(`INSERT INTO alarm_protocols (kind, steps) VALUES ($1, $2)`, [kind, JSON.stringify(steps.map(([id, text]) => ({ id, text })))]);
    }

    await q.query(`
      CREATE TABLE incident_assignments (
        incident_id uuid PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        assigned_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX incident_assignments_user_idx ON incident_assignments (user_id)`);

    await q.query(`
      CREATE TABLE shift_handovers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        author_id uuid NOT NULL REFERENCES users(id),
        text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX shift_handovers_created_idx ON shift_handovers (created_at DESC)`);

    await q.query(`CREATE INDEX incidents_resident_history_idx ON incidents (resident_id, opened_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS incidents_resident_history_idx`);
    await q.query(`DROP TABLE IF EXISTS shift_handovers`);
    await q.query(`DROP TABLE IF EXISTS incident_assignments`);
    await q.query(`DROP TABLE IF EXISTS alarm_protocols`);
  }
}
