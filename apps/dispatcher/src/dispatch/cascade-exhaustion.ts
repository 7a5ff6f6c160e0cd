import { appendTimeline } from '@app/database';
import type { Commit } from '@app/incidents';
import type { EntityManager } from 'typeorm';

/**
 * Every member of the care team has timed out or declined: nobody of the care team is coming.
 * That is a fact of its own (the incident may have been escalated already, for want of an
 * acknowledgement): stamped once on the incident (`cascadeExhaustedAt` in its view, so the
 * queue and the supervisor can say so) and written once to the timeline with each answer.
 * Called inside the cascade's transaction, which holds the incident's lock. Safe to repeat.
 */
export async function recordCascadeExhausted(tx: EntityManager, commit: Commit, incidentId: string): Promise<void> {
  const stamped: unknown[] = await tx.query(
    `WITH stamped AS (
       UPDATE incidents SET cascade_exhausted_at = now() WHERE id = $1 AND cascade_exhausted_at IS NULL RETURNING id
     ) SELECT id FROM stamped`,
    [incidentId],
  );
  if (!stamped.length) return;
  const answers: { responderId: string; role: string; status: string }[] = await tx.query(
    `SELECT responder_id AS "responderId", role, status FROM dispatches
     WHERE incident_id = $1 AND NOT manual ORDER BY offered_at, id`,
    [incidentId],
  );
  await appendTimeline(tx, { incidentId, kind: 'cascade_exhausted', data: { answers }, dedupeKey: `cascade-exhausted-${incidentId}` });
  commit.changed(incidentId);
}
