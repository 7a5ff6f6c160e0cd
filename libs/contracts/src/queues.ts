/**
 * Queue names. Renaming a queue strands every job already waiting in Redis under
 * the old name (delayed timeouts included): add a new name and drain the old one instead.
 */
export enum Queue {
  /** Incident work: starting and advancing the care-team cascade, timers, escalation. */
  Dispatch = 'dispatch',
  /** Delivering offers through the outside channels (webhook to an SMS/push gateway), retried on its own. */
  Notifications = 'notifications',
  /** Repeatable housekeeping: the outbox relay, device supervision. */
  Maintenance = 'maintenance',
}

/** Job names inside the queues. Same warning as for queue names. */
export enum JobName {
  IncidentOpened = 'incident-opened',
  IncidentPressed = 'incident-pressed',
  /** Move the cascade on (after a decline, or when an offer could not be made). */
  CascadeAdvance = 'cascade-advance',
  OfferTimeout = 'offer-timeout',
  AckTimeout = 'ack-timeout',
  /** Tell responders that their open offers are void (incident resolved or cancelled). */
  OffersCancelled = 'offers-cancelled',
  Notify = 'notify',
  RelayOutbox = 'relay-outbox',
  SuperviseDevices = 'supervise-devices',
  /** Readiness canary: a job that proves the workers really consume. */
  Probe = 'probe',
}

/** Channels an offer is delivered through: the responder's socket, and the webhook when one is configured. */
export const NOTIFICATION_CHANNELS = ['socket', 'webhook'] as const;
export type NotificationChannelName = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * Job payloads carry ids only: health data lives in Postgres, never in Redis.
 * Jobs born from an outbox row carry its id (`outboxId`); the row was written in the same
 * transaction as the fact that calls for the job, so a crash can delay the job but not lose it.
 */
export type JobPayload =
  | { name: JobName.IncidentOpened; data: { incidentId: string; outboxId: string } }
  | { name: JobName.IncidentPressed; data: { incidentId: string; outboxId: string } }
  | { name: JobName.CascadeAdvance; data: { incidentId: string; outboxId: string } }
  | { name: JobName.OfferTimeout; data: { dispatchId: string; outboxId: string } }
  | { name: JobName.AckTimeout; data: { incidentId: string; outboxId: string } }
  | { name: JobName.OffersCancelled; data: { incidentId: string; dispatchIds: string[]; outboxId: string } }
  | { name: JobName.Notify; data: { dispatchId: string; channel: NotificationChannelName; outboxId: string } }
  | { name: JobName.RelayOutbox; data: Record<string, never> }
  | { name: JobName.SuperviseDevices; data: Record<string, never> }
  | { name: JobName.Probe; data: { probeId: string } };

export type JobData<N extends JobName> = Extract<JobPayload, { name: N }>['data'];

/** Jobs that come from an outbox row. */
export type OutboxJobName = {
  [N in JobName]: JobData<N> extends { outboxId: string } ? N : never;
}[JobName];

/** Which queue each job name lives on; the single place a producer or a worker looks it up. */
export const QUEUE_OF_JOB = {
  [JobName.IncidentOpened]: Queue.Dispatch,
  [JobName.IncidentPressed]: Queue.Dispatch,
  [JobName.CascadeAdvance]: Queue.Dispatch,
  [JobName.OfferTimeout]: Queue.Dispatch,
  [JobName.AckTimeout]: Queue.Dispatch,
  [JobName.OffersCancelled]: Queue.Dispatch,
  [JobName.Notify]: Queue.Notifications,
  [JobName.RelayOutbox]: Queue.Maintenance,
  [JobName.SuperviseDevices]: Queue.Maintenance,
  [JobName.Probe]: Queue.Dispatch,
} as const satisfies Record<JobName, Queue>;

/**
 * The job names that live on queue `Q`. The readiness probe is listed on the dispatch queue
 * but is added to every consumed queue (every worker answers it).
 */
export type JobNameOn<Q extends Queue> = { [N in JobName]: (typeof QUEUE_OF_JOB)[N] extends Q ? N : never }[JobName];

/**
 * Deterministic job ids make a retried enqueue a no-op. BullMQ forbids ':' in custom ids
 * (it is the key separator), so ids are joined with '-'.
 */
export function jobIdFor(name: JobName, outboxId: string): string {
  return `${name}-${outboxId}`;
}
