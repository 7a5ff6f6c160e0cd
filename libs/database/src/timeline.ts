import type { DataSource, EntityManager } from 'typeorm';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

export interface TimelineFact {
  incidentId: string;
  kind: string;
  actorId?: string;
  data?: Record<string, unknown>;
  /** A fact with a dedupe key is written at most once, however often a job or request repeats. */
  dedupeKey?: string;
}

/** Appends one fact to an incident's timeline; returns false when the dedupe key was already there. */
export async function appendTimeline(db: Queryable, fact: TimelineFact): Promise<boolean> {
  const rows: unknown[] = await db.query(
    `INSERT INTO incident_events (incident_id, kind, actor_id, data, dedupe_key)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [fact.incidentId, fact.kind, fact.actorId ?? null, fact.data ? JSON.stringify(fact.data) : null, fact.dedupeKey ?? null],
  );
  return rows.length === 1;
}

/**
 * Appends many facts in one statement (the first offers of incidents opened together, offers
 * notified together); a dedupe key already there is skipped. Answers the incidents of the facts
 * it recorded, once each.
 */
export async function appendTimelines(db: Queryable, facts: readonly TimelineFact[]): Promise<string[]> {
  if (!facts.length) return [];
  const rows: { incident_id: string }[] = await db.query(
    `INSERT INTO incident_events (incident_id, kind, actor_id, data, dedupe_key)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::jsonb[], $5::text[]) ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING incident_id`,
    [
      facts.map((f) => f.incidentId),
      facts.map((f) => f.kind),
      facts.map((f) => f.actorId ?? null),
      facts.map((f) => (f.data ? JSON.stringify(f.data) : null)),
      facts.map((f) => f.dedupeKey ?? null),
    ],
  );
  return [...new Set(rows.map((r) => r.incident_id))];
}
