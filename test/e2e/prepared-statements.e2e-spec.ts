import { dataSourceOptions, INCIDENT_VIEW_SELECT, IncidentViews, MAX_PREPARED_PER_CONNECTION, PreparingClient } from '@app/database';
import { randomUUID } from 'node:crypto';
import { IncidentsRepository } from '@app/incidents';
import { DataSource, type QueryRunner } from 'typeorm';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

/**
 * Every pool of the apps prepares each parameterised statement once per connection
 * (libs/database/src/prepared-statements.ts): Postgres's own view of the connection's prepared
 * statements shows it, the answers are the same as unnamed, and what must stay unnamed does.
 */
describe('statements prepared once per connection', () => {
  let env: SuiteEnvironment;
  let dataSource: DataSource;
  let runner: QueryRunner;

  const preparedOnThisConnection = async (): Promise<{ name: string; statement: string }[]> =>
    runner.query(`SELECT name, statement FROM pg_prepared_statements ORDER BY prepare_time`);

  beforeAll(async () => {
    env = await createSuiteEnvironment('prepared-statements');
    dataSource = await new DataSource(dataSourceOptions({ url: env.databaseUrl, poolSize: 2 })).initialize();
    // The schema and a city's worth of past incidents with statistics, for the plan-choice cases:
    // Postgres chooses between plans by their estimated costs.
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query(`INSERT INTO residents (full_name, date_of_birth, address) SELECT 'R' || g, '1940-01-01', 'A' FROM generate_series(1, 200) g`);
    await dataSource.query(
      `INSERT INTO incidents (id, resident_id, type, type_group, status, opened_at)
       SELECT gen_random_uuid(), r.id, 'sos', 'emergency', 'resolved', now() - g * interval '1 hour' FROM residents r, generate_series(1, 100) g`,
    );
    await dataSource.query('ANALYZE');
  });

  beforeEach(async () => {
    runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.query('DEALLOCATE ALL');
  });

  afterEach(async () => {
    await runner.release();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await env?.destroy();
  });

  it('a parameterised statement is prepared on first use and reused after, with the same answers', async () => {
    const sql = 'SELECT $1::int + 1 AS n';
    expect(await runner.query(sql, [1])).toEqual([{ n: 2 }]);
    expect(await runner.query(sql, [41])).toEqual([{ n: 42 }]);
    const prepared = await preparedOnThisConnection();
    expect(prepared).toEqual([{ name: expect.stringMatching(/^hk_/), statement: sql }]);
  });

  it('statements without parameters (BEGIN, COMMIT, literal queries) are not prepared', async () => {
    await runner.startTransaction();
    await runner.query('SELECT 1 AS one');
    await runner.commitTransaction();
    expect(await preparedOnThisConnection()).toEqual([]);
  });

  it('a statement Postgres refuses is refused again the same way, never as a missing prepared statement', async () => {
    const broken = 'SELECT $1::int FROM no_such_table';
    for (let i = 0; i < 2; i++) await expect(runner.query(broken, [1])).rejects.toThrow(/relation "no_such_table" does not exist/);
    expect(await runner.query('SELECT $1::text AS t', ['still fine'])).toEqual([{ t: 'still fine' }]);
  });

  it('inside a transaction that failed and was rolled back, the next statement runs', async () => {
    await runner.startTransaction();
    await expect(runner.query('SELECT 1 / $1::int', [0])).rejects.toThrow(/division by zero/);
    await runner.rollbackTransaction();
    expect(await runner.query('SELECT 1 / $1::int AS q', [1])).toEqual([{ q: 1 }]);
  });

  /**
   * How Postgres planned this connection's runs of the statements whose text has `marker`. Sent
   * without parameters, so unprepared: `DEALLOCATE ALL` before each case would otherwise leave
   * the client holding a name Postgres has forgotten.
   */
  const plansOf = async (marker: string): Promise<{ generic: number; custom: number }> => {
    const [row] = await runner.query(
      `SELECT sum(generic_plans)::int AS generic, sum(custom_plans)::int AS custom FROM pg_prepared_statements WHERE strpos(statement, '${marker}') > 0`,
    );
    return row;
  };

  it('a view read of several incidents is planned once and its generic plan kept, where `= ANY($1)` is planned on every run', async () => {
    const views = new IncidentViews(runner);
    for (let run = 0; run < 12; run++) await views.byIds([randomUUID(), randomUUID()]);
    // Five custom plans first (Postgres always tries those), then the generic one every time.
    expect(await plansOf('hk_ids')).toEqual({ custom: 5, generic: 7 });

    // The same read through `= ANY($1)`: a plan for each run's two ids, every time.
    const anyText = `${INCIDENT_VIEW_SELECT} WHERE i.id = ANY($1::uuid[])`;
    for (let run = 0; run < 12; run++) await runner.query(anyText, [[randomUUID(), randomUUID()]]);
    expect(await plansOf('= ANY($1::uuid[])')).toEqual({ custom: 12, generic: 0 });
  });

  it("the cascade's facts for a batch of incidents keep their generic plan too", async () => {
    const repository = new IncidentsRepository();
    const ids: { id: string }[] = await runner.query('SELECT id FROM incidents LIMIT 3');
    for (let run = 0; run < 12; run++) await repository.cascadeFacts(runner.manager, ids.slice(0, 1 + (run % 3)));
    expect(await plansOf('care_team ct')).toEqual({ custom: 5, generic: 7 });
  });

  /** Runs `work` on one session opened as ingest opens its own (genericPlans), then closes it. */
  const inIngestSession = async (work: (session: QueryRunner) => Promise<void>): Promise<void> => {
    const ingestLike = await new DataSource(dataSourceOptions({ url: env.databaseUrl, poolSize: 1, genericPlans: true })).initialize();
    const session = ingestLike.createQueryRunner();
    try {
      await session.connect();
      await work(session);
    } finally {
      await session.release();
      await ingestLike.destroy();
    }
  };

  it('sessions opened with genericPlans (ingest) plan each statement once, whatever the arrays given', async () => {
    await inIngestSession(async (session) => {
      const text = `${INCIDENT_VIEW_SELECT} WHERE i.id = ANY($1::uuid[])`;
      for (let run = 0; run < 12; run++) await session.query(text, [[randomUUID(), randomUUID()]]);
      const [row] = await session.query(`SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE statement = $1`, [
        text,
      ]);
      expect(row).toEqual({ generic: 12, custom: 0 });
    });
  });

  it("sessions opened with genericPlans keep an index lookup for a table that was empty when it was planned, as Postgres's own foreign-key checks are", async () => {
    // The statement Postgres prepares to check a timeline entry's alarm (its foreign key), on
    // `alarms` as it is before the first press: empty. The plan is kept while the table grows.
    const foreignKeyCheck = `PREPARE alarm_key_check(uuid) AS SELECT 1 FROM ONLY alarms x WHERE id = $1 FOR KEY SHARE OF x`;
    const planOf = async (query: (sql: string) => Promise<{ 'QUERY PLAN': string }[]>): Promise<string> => {
      await query(foreignKeyCheck);
      const plan = await query(`EXPLAIN EXECUTE alarm_key_check('${randomUUID()}')`);
      return plan.map((line) => line['QUERY PLAN']).join('\n');
    };
    expect(await runner.query(`SELECT count(*)::int AS n FROM alarms`)).toEqual([{ n: 0 }]);

    await inIngestSession(async (session) => {
      expect(await planOf((sql) => session.query(sql))).toMatch(/Index Scan using alarms_pkey/);
    });
    // A generic plan made the default way on the same empty table scans it whole: what the
    // setting prevents.
    await runner.query('SET plan_cache_mode = force_generic_plan');
    try {
      expect(await planOf((sql) => runner.query(sql))).toMatch(/Seq Scan on alarms/);
    } finally {
      await runner.query('RESET plan_cache_mode');
      await runner.query('DEALLOCATE alarm_key_check');
    }
  });

  it(`past ${MAX_PREPARED_PER_CONNECTION} distinct texts a connection sends new ones unnamed, and they still run`, async () => {
    const client = new PreparingClient({ connectionString: env.databaseUrl });
    await client.connect();
    try {
      for (let i = 0; i < MAX_PREPARED_PER_CONNECTION + 20; i++) {
        const { rows } = await client.query(`SELECT $1::int AS n, ${i} AS i`, [i]);
        expect(rows).toEqual([{ n: i, i }]);
      }
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements');
      expect(rows[0]!.n).toBe(MAX_PREPARED_PER_CONNECTION);
    } finally {
      await client.end();
    }
  });
});
