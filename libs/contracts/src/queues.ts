/**
 * Queue names. Renaming a queue strands every job already waiting in Redis under
 * the old name (delayed timeouts included): add a new name and drain the old one instead.
 */
export enum Queue {
  Dispatch = 'dispatch',
}

/** Job names inside the queues. Same warning as for queue names. */
export enum JobName {
  IncidentOpened = 'incident-opened',
  IncidentPressed = 'incident-pressed',
}

/**
 * Job payloads carry ids only: health data lives in Postgres, never in Redis.
 * `outboxId` ties the job to the outbox row written in the same transaction as the alarm.
 */
export type JobPayload =
  | { name: JobName.IncidentOpened; data: { incidentId: string; outboxId: string } }
  | { name: JobName.IncidentPressed; data: { incidentId: string; outboxId: string } };

export type JobData<N extends JobName> = Extract<JobPayload, { name: N }>['data'];

/** Which queue each job name lives on; the single place a producer looks it up. */
export const QUEUE_OF_JOB: Record<JobName, Queue> = {
  [JobName.IncidentOpened]: Queue.Dispatch,
  [JobName.IncidentPressed]: Queue.Dispatch,
};

/**
 * Deterministic job ids make a retried enqueue a no-op. BullMQ forbids ':' in custom ids
 * (it is the key separator), so ids are joined with '-'.
 */
export function jobIdFor(name: JobName, outboxId: string): string {
  return `${name}-${outboxId}`;
}
