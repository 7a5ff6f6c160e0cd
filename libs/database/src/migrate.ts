import type { DataSource } from 'typeorm';
import { ADVISORY_LOCK, holdingAdvisoryLock } from './advisory-lock';

/**
 * Runs pending migrations while holding a session-level advisory lock, so several replicas
 * starting together migrate once and the others wait, then find nothing to do.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const { value: applied } = await holdingAdvisoryLock(dataSource, ADVISORY_LOCK.migrations, 'wait', () => dataSource.runMigrations({ transaction: 'each' }));
  return applied.map((m) => m.name);
}
