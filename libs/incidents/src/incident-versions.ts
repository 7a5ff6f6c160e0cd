import type { DataSource, EntityManager } from 'typeorm';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

/**
 * Every change of what a console shows raises the version it keeps the newest of. Call it in
 * the transaction of the change, and hand the incidents to IncidentPublisher after the commit.
 */
export async function raiseVersions(tx: Queryable, incidentIds: readonly string[]): Promise<void> {
  if (!incidentIds.length) return;
  await tx.query('UPDATE incidents SET version = version + 1, updated_at = now() WHERE id = ANY($1::uuid[])', [incidentIds]);
}
