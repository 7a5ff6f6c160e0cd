import type { DataSource } from 'typeorm';

/** Any constant works; all replicas use the same one so that only one migrates at a time. */
const MIGRATION_LOCK_KEY = 7_349_120_001;

/**
 * Runs pending migrations while holding a session-level advisory lock, so several replicas
 * starting together migrate once and the others wait, then find nothing to do.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
