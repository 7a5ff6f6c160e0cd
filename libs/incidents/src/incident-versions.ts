import { type OutboxEntry, outboxInsert, writeOutbox } from '@app/outbox';
import type { DataSource, EntityManager } from 'typeorm';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

/**
 * The rows are locked in resident order first, as every writer of several incidents locks them
 * (the press batch's upsert, `lockMany`). A raise outside a transaction that holds them (the
 * notifier's, `versionsChanged`) would otherwise lock in id or table order, and deadlock with a
 * press batch that holds one of them and waits for another (seen under the sustained bench).
 */
const raiseSql = (param: string) =>
  `UPDATE incidents SET version = version + 1, updated_at = now()
   WHERE id IN (SELECT id FROM incidents WHERE id = ANY(${param}::uuid[]) ORDER BY resident_id, id FOR NO KEY UPDATE)`;

/**
 * Every change of what a console shows raises the version it keeps the newest of. Call it in
 * the transaction of the change, and hand the incidents to IncidentPublisher after the commit.
 */
export async function raiseVersions(tx: Queryable, incidentIds: readonly string[]): Promise<void> {
  if (!incidentIds.length) return;
  await tx.query(raiseSql('$1'), [incidentIds]);
}

/**
 * The end of every incident transaction: the outbox rows of the jobs that follow and the version
 * raise of the incidents it changed, in one statement when there are both (one round trip on
 * every offer, answer and timeout).
 */
export async function writeFollowUps(tx: Queryable, outbox: readonly OutboxEntry[], incidentIds: readonly string[]): Promise<void> {
  if (!outbox.length) return raiseVersions(tx, incidentIds);
  if (!incidentIds.length) return writeOutbox(tx, [...outbox]);
  const insert = outboxInsert(outbox, 1);
  const raise = raiseSql(`$${insert.params.length + 1}`);
  await tx.query(`WITH written AS (${insert.sql}) ${raise}`, [...insert.params, incidentIds]);
}
