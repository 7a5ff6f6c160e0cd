import { MigrationInterface, QueryRunner } from 'typeorm';

/** The first cut of the schema. */
export class InitialSchema1764316800000 implements MigrationInterface {
  name = 'InitialSchema1764316800000';

  async up(q: QueryRunner): Promise<void> {
    // ISO-8601 in UTC with milliseconds and "Z", the one time format of the contract.
    await q.query(`
      CREATE FUNCTION hk_iso(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$`);

    await q.query(`
      CREATE TABLE residents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        full_name text NOT NULL,
        date_of_birth date NOT NULL,
        gender text,
        phone text,
        address text NOT NULL,
        district text,
        living_situation text CHECK (living_situation IN ('alone','with_spouse','with_family','care_home')),
        medical_history jsonb NOT NULL DEFAULT '[]',
        medications jsonb NOT NULL DEFAULT '[]',
        allergies jsonb NOT NULL DEFAULT '[]',
        emergency_contacts jsonb NOT NULL DEFAULT '[]',
        access_notes text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX residents_full_name_idx ON residents (lower(full_name) text_pattern_ops)`);

    await q.query(`
      CREATE TABLE responders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        full_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('carer','cadre','doctor','volunteer')),
        phone text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE care_team (
        resident_id uuid NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('carer','cadre','doctor')),
        responder_id uuid NOT NULL REFERENCES responders(id),
        assigned_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (resident_id, role)
      )`);
    await q.query(`CREATE INDEX care_team_responder_idx ON care_team (responder_id)`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin','supervisor','operator','responder')),
        responder_id uuid REFERENCES responders(id),
        token_version integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (role <> 'responder' OR responder_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX users_username_key ON users (lower(username))`);

    await q.query(`
      CREATE TABLE devices (
        serial text PRIMARY KEY,
        resident_id uuid NOT NULL REFERENCES residents(id),
        secret_ciphertext text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        battery_pct smallint,
        signal_dbm real,
        last_heard_at timestamptz,
        last_heartbeat_at timestamptz,
        secret_rotated_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX devices_resident_idx ON devices (resident_id)`);

    await q.query(`
      CREATE TABLE alarms (
        id uuid PRIMARY KEY,
        device_serial text NOT NULL REFERENCES devices(serial),
        event_id text NOT NULL,
        type text NOT NULL,
        occurred_at timestamptz,
        received_at timestamptz NOT NULL DEFAULT now(),
        battery_pct smallint,
        location jsonb,
        clock_skew_ms bigint NOT NULL DEFAULT 0,
        CONSTRAINT alarms_device_event_key UNIQUE (device_serial, event_id)
      )`);

    await q.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY,
        resident_id uuid NOT NULL REFERENCES residents(id),
        device_serial text REFERENCES devices(serial),
        type text NOT NULL CHECK (type IN ('sos','fall','low_battery','device_offline')),
        type_group text NOT NULL CHECK (type_group IN ('emergency','low_battery','device_offline')),
        status text NOT NULL DEFAULT 'open'
          CHECK (status IN ('open','acknowledged','dispatched','on_scene','resolved','cancelled')),
        escalated boolean NOT NULL DEFAULT false,
        escalated_at timestamptz,
        escalation_reason text,
        opened_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        acknowledged_by uuid REFERENCES users(id),
        resolved_at timestamptz,
        outcome text CHECK (outcome IN ('assisted','false_alarm','hospitalised','no_access','other')),
        press_count integer NOT NULL DEFAULT 1,
        last_press_at timestamptz NOT NULL DEFAULT now(),
        location jsonb,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // At most one live incident per resident and group: a new press folds into it. The list is
    // LIVE_INCIDENT_STATUSES (contracts lib), spelled out: a migration is history and must not
    // change with the code. test/e2e/schema-statuses ties this index to the list.
    await q.query(`
      CREATE UNIQUE INDEX incidents_one_live_per_group ON incidents (resident_id, type_group)
      WHERE status IN ('open','acknowledged','dispatched','on_scene')`);
    await q.query(`CREATE INDEX incidents_live_idx ON incidents (opened_at DESC, id DESC) WHERE status NOT IN ('resolved','cancelled')`);
    await q.query(`CREATE INDEX incidents_opened_idx ON incidents (opened_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE incident_events (
        id bigserial PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incidents(id),
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        kind text NOT NULL,
        actor_id uuid REFERENCES users(id),
        data jsonb,
        alarm_id uuid UNIQUE REFERENCES alarms(id),
        dedupe_key text UNIQUE
      )`);
    await q.query(`CREATE INDEX incident_events_incident_idx ON incident_events (incident_id, id)`);
    // The timeline is append-only: refuse edits and deletes at the database itself.
    await q.query(`
      CREATE FUNCTION hk_timeline_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'incident_events is append-only'; END $$`);
    await q.query(`
      CREATE TRIGGER incident_events_append_only BEFORE UPDATE OR DELETE ON incident_events
      FOR EACH ROW EXECUTE FUNCTION hk_timeline_append_only()`);

    await q.query(`
      CREATE TABLE dispatches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents(id),
        responder_id uuid NOT NULL REFERENCES responders(id),
        role text NOT NULL,
        status text NOT NULL DEFAULT 'offered'
          CHECK (status IN ('offered','accepted','en_route','arrived','completed','declined','timed_out','cancelled')),
        manual boolean NOT NULL DEFAULT false,
        offered_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        responded_at timestamptz,
        arrived_at timestamptz,
        completed_at timestamptz
      )`);
    await q.query(`CREATE INDEX dispatches_incident_idx ON dispatches (incident_id, offered_at)`);
    // The cascade asks each responder of an incident once, and has at most one offer waiting at a time.
    await q.query(`CREATE UNIQUE INDEX dispatches_cascade_once_per_responder ON dispatches (incident_id, responder_id) WHERE NOT manual`);
    await q.query(`CREATE UNIQUE INDEX dispatches_cascade_one_waiting ON dispatches (incident_id) WHERE NOT manual AND status = 'offered'`);
    await q.query(`CREATE INDEX dispatches_responder_idx ON dispatches (responder_id, status)`);

    await q.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY,
        incident_id uuid REFERENCES incidents(id),
        job_name text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        -- When the job is due: now for work, later for timers (offer and acknowledgement timeouts).
        run_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_unpublished_idx ON outbox (created_at) WHERE published_at IS NULL`);

    // One row per offer and channel: a notification job that runs twice finds its row and sends nothing more.
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dispatch_id uuid NOT NULL REFERENCES dispatches(id),
        channel text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT notifications_once_per_channel UNIQUE (dispatch_id, channel)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'notifications',
      'outbox',
      'dispatches',
      'incident_events',
      'incidents',
      'alarms',
      'devices',
      'users',
      'care_team',
      'responders',
      'residents',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await q.query(`DROP FUNCTION IF EXISTS hk_timeline_append_only()`);
    await q.query(`DROP FUNCTION IF EXISTS hk_iso(timestamptz)`);
  }
}
