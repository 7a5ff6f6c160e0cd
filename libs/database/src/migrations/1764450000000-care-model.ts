import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The care model around incidents (docs/care.md):
 * - `follow_ups`: the call back after an sos or fall incident was resolved, one per incident
 *   (the unique key makes scheduling it idempotent), due some hours later, done once;
 * - `visit_requests`: a follow-up found that the resident needs someone at the door;
 * - `care_services`: the list of services a visit can give, edited by admins (codes stay, so
 *   old visits keep their meaning when a service is retired);
 * - `care_visits`: what carers gave, with an exclusion constraint so one responder's visits
 *   never overlap (btree_gist gives `=` on uuid inside a GiST index);
 * - `residents.weekly_care_hours_target`: the hours of care a week a resident is owed.
 */
export class CareModel1764450000000 implements MigrationInterface {
  name = 'CareModel1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE residents ADD COLUMN weekly_care_hours_target numeric(5,2) CHECK (weekly_care_hours_target BETWEEN 0 AND 168)`);

    await q.query(`
      CREATE TABLE follow_ups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL UNIQUE REFERENCES incidents(id),
        resident_id uuid NOT NULL REFERENCES residents(id),
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'due' CHECK (status IN ('due','done')),
        outcome text CHECK (outcome IN ('well','needs_visit','unreachable','hospitalised','other')),
        satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5),
        note text,
        done_at timestamptz,
        done_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'done') = (done_at IS NOT NULL AND outcome IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX follow_ups_due_idx ON follow_ups (due_at) WHERE status = 'due'`);
    await q.query(`CREATE INDEX follow_ups_resident_idx ON follow_ups (resident_id)`);

    await q.query(`
      CREATE TABLE care_services (
        code text PRIMARY KEY,
        label text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        position integer NOT NULL DEFAULT 0
      )`);
    await q.query(`
      INSERT INTO care_services (code, label, position) VALUES
        ('meals', '助餐 Meals', 1), ('cleaning', '助洁 Cleaning', 2), ('bathing', '助浴 Bathing', 3),
        ('medication', '用药 Medication', 4), ('company', '陪伴 Company', 5), ('rehabilitation', '康复 Rehabilitation', 6)`);

    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      CREATE TABLE care_visits (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        resident_id uuid NOT NULL REFERENCES residents(id),
        responder_id uuid NOT NULL REFERENCES responders(id),
        started_at timestamptz NOT NULL,
        ended_at timestamptz NOT NULL,
        services text[] NOT NULL,
        note text,
        recorded_by uuid REFERENCES users(id),
        visit_request_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ended_at > started_at),
        CONSTRAINT care_visits_no_overlap EXCLUDE USING gist (responder_id WITH =, tstzrange(started_at, ended_at) WITH &&)
      )`);
    await q.query(`CREATE INDEX care_visits_resident_idx ON care_visits (resident_id, started_at)`);

    await q.query(`
      CREATE TABLE visit_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        follow_up_id uuid NOT NULL UNIQUE REFERENCES follow_ups(id),
        resident_id uuid NOT NULL REFERENCES residents(id),
        incident_id uuid NOT NULL REFERENCES incidents(id),
        note text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),
        visit_id uuid REFERENCES care_visits(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz
      )`);
    await q.query(`CREATE INDEX visit_requests_open_idx ON visit_requests (resident_id) WHERE status = 'open'`);
    await q.query(`ALTER TABLE care_visits ADD CONSTRAINT care_visits_request_fk FOREIGN KEY (visit_request_id) REFERENCES visit_requests(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE care_visits DROP CONSTRAINT IF EXISTS care_visits_request_fk`);
    await q.query(`DROP TABLE IF EXISTS visit_requests`);
    await q.query(`DROP TABLE IF EXISTS care_visits`);
    await q.query(`DROP TABLE IF EXISTS care_services`);
    await q.query(`DROP TABLE IF EXISTS follow_ups`);
    await q.query(`ALTER TABLE residents DROP COLUMN IF EXISTS weekly_care_hours_target`);
  }
}
