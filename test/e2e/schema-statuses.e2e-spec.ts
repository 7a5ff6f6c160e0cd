import { CLOSED_INCIDENT_STATUSES, INCIDENT_STATUSES, LIVE_INCIDENT_STATUSES } from '@app/contracts';
import { dataSourceOptions, LIVE_STATUSES_SQL, runMigrationsLocked } from '@app/database';
import { DataSource } from 'typeorm';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

/** The quoted literals of a definition as Postgres prints it back (`ARRAY['open'::text, …]`), in order. */
function literalsIn(definition: string): string[] {
  return [...definition.matchAll(/'([^']*)'::text/g)].map((m) => m[1]!);
}

/**
 * The migrations spell the status lists out (a migration is history and does not follow the
 * code); the code takes them from the contracts lib. This suite ties the two on a migrated
 * database, and proves that the ON CONFLICT clause built from the list still makes Postgres
 * infer the partial unique index (it refuses the statement when it cannot).
 */
describe('incident status lists in the schema', () => {
  let env: SuiteEnvironment;
  let dataSource: DataSource;

  const indexDefinition = async (name: string): Promise<string> => {
    const rows: { indexdef: string }[] = await dataSource.query(`SELECT indexdef FROM pg_indexes WHERE tablename = 'incidents' AND indexname = $1`, [name]);
    if (!rows[0]) throw new Error(`index ${name} not found`);
    return rows[0].indexdef;
  };

  beforeAll(async () => {
    env = await createSuiteEnvironment('schema-statuses');
    dataSource = await new DataSource(dataSourceOptions({ url: env.databaseUrl, poolSize: 2 })).initialize();
    await runMigrationsLocked(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await env?.destroy();
  });

  it('one live incident per resident and group: the index predicate is LIVE_INCIDENT_STATUSES', async () => {
    const definition = await indexDefinition('incidents_one_live_per_group');
    expect(definition).toMatch(/WHERE \(status = ANY \(ARRAY\[/);
    expect(literalsIn(definition)).toEqual([...LIVE_INCIDENT_STATUSES]);
  });

  it('the live-queue index leaves out exactly CLOSED_INCIDENT_STATUSES', async () => {
    const definition = await indexDefinition('incidents_live_idx');
    expect(definition).toMatch(/WHERE \(status <> ALL \(ARRAY\[/);
    expect(literalsIn(definition)).toEqual([...CLOSED_INCIDENT_STATUSES]);
  });

  it('the status check allows exactly INCIDENT_STATUSES', async () => {
    const rows: { definition: string }[] = await dataSource.query(
      `SELECT pg_get_constraintdef(c.oid) AS definition FROM pg_constraint c
       WHERE c.conrelid = 'incidents'::regclass AND c.contype = 'c' AND pg_get_constraintdef(c.oid) LIKE '%status%'`,
    );
    expect(rows).toHaveLength(1);
    expect(literalsIn(rows[0]!.definition)).toEqual([...INCIDENT_STATUSES]);
  });

  it('ON CONFLICT … WHERE status IN LIVE_STATUSES_SQL infers the index (planning fails when it cannot)', async () => {
    const insert = (predicate: string) =>
      `EXPLAIN INSERT INTO incidents (id, resident_id, type, type_group)
       VALUES (gen_random_uuid(), gen_random_uuid(), 'sos', 'emergency')
       ON CONFLICT (resident_id, type_group) WHERE ${predicate} DO NOTHING`;
    await expect(dataSource.query(insert(`status IN ${LIVE_STATUSES_SQL}`))).resolves.toBeDefined();
    // The check has teeth: a predicate the index does not cover is refused.
    await expect(dataSource.query(insert(`status IN ('open','resolved')`))).rejects.toThrow(/no unique or exclusion constraint/);
  });
});
