import type { DataSource } from 'typeorm';

/**
 * The advisory lock keys of HeartKey, in one place so that no two uses collide (session and
 * transaction-level locks share one key space). Any constants work; every replica uses the same.
 */
export const ADVISORY_LOCK = {
  /** Several replicas starting together migrate once. */
  migrations: 7_349_120_001,
  /** Only one demo seed at a time, should two launchers start against one database (a transaction's lock). */
  demoSeed: 7_349_120_002,
  /** One device supervision round at a time, on every dispatcher together. */
  deviceSupervision: 7_349_120_003,
} as const;

/**
 * Runs `work` while one pooled connection holds the advisory lock `key`. With `wait` it waits
 * for the lock; with `skip`, when another session holds it, `work` does not run and the answer
 * is `{ ran: false }`. The lock is a session's: should the connection die, Postgres lets go of
 * it at once, so a dead holder never keeps the work from running again.
 */
export function holdingAdvisoryLock<T>(dataSource: DataSource, key: number, whenHeld: 'wait', work: () => Promise<T>): Promise<{ ran: true; value: T }>;
export function holdingAdvisoryLock<T>(
  dataSource: DataSource,
  key: number,
  whenHeld: 'skip',
  work: () => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }>;
export async function holdingAdvisoryLock<T>(
  dataSource: DataSource,
  key: number,
  whenHeld: 'wait' | 'skip',
  work: () => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    if (whenHeld === 'wait') {
      await runner.query('SELECT pg_advisory_lock($1)', [key]);
    } else {
      const [row]: { locked: boolean }[] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key]);
      if (!row.locked) return { ran: false };
    }
    try {
      return { ran: true, value: await work() };
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    await runner.release();
  }
}
