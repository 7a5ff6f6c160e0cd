import type { IncidentType } from './views';

/**
 * Queue names. Renaming a queue strands every job already waiting in Redis under
 * the old name (delayed timeouts included): add a new name and drain the old one instead.
 *
 * Incident work runs in two lanes (see `Lane`), each with its own queues and workers. The alarm
 * lane kept the names all incident work had before lanes existed, so jobs waiting in Redis at
 * an upgrade (offer and acknowledgement timers of live SOS incidents among them) are consumed
 * at alarm priority; the few technical ones among them run there once.
 */
export enum Queue {
  /** Alarm lane (sos, fall): starting and advancing the care-team cascade, timers, escalation. */
  Dispatch = 'dispatch',
  /** Alarm lane: delivering offers (responder socket, webhook to an SMS/push gateway), retried on its own. */
  Notifications = 'notifications',
  /** Technical lane (low battery, offline, removed, unreadable alarms, outages): the same work, shed first under load. */
  TechnicalDispatch = 'technical-dispatch',
  /** Technical lane: offers of technical incidents (made by hand by operators). */
  TechnicalNotifications = 'technical-notifications',
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

/**
 * Lanes keep life-safety alarms apart from technical work end to end: an incident's jobs (its
 * cascade, timers, offers and their notifications) go through the queues of its lane, consumed
 * by workers of their own, so a storm of heartbeats, offline devices or outages can never sit
 * in front of an SOS. The technical lane is the one slowed down (fewer workers, a rate limit).
 */
export enum Lane {
  Alarm = 'alarm',
  Technical = 'technical',
}

/** The incident types whose work goes through the alarm lane. */
export const ALARM_LANE_INCIDENT_TYPES = ['sos', 'fall'] as const satisfies readonly IncidentType[];

/** The lane of an incident's work, from its type (which never changes lane: sos and fall fold only into each other). */
export function laneOfIncident(type: IncidentType): Lane {
  const alarms: readonly IncidentType[] = ALARM_LANE_INCIDENT_TYPES;
  return alarms.includes(type) ? Lane.Alarm : Lane.Technical;
}

const alarmOrTechnical = <A extends Queue, T extends Queue>(alarm: A, technical: T) => ({ [Lane.Alarm]: alarm, [Lane.Technical]: technical }) as const;
const laneless = <Q extends Queue>(queue: Q) => alarmOrTechnical(queue, queue);

/**
 * Which queue each job goes to in each lane; the single place a producer or a worker looks it
 * up. Housekeeping belongs to no incident and has one queue whatever the lane.
 */
export const QUEUE_OF_JOB = {
  [JobName.IncidentOpened]: alarmOrTechnical(Queue.Dispatch, Queue.TechnicalDispatch),
  [JobName.IncidentPressed]: alarmOrTechnical(Queue.Dispatch, Queue.TechnicalDispatch),
  [JobName.CascadeAdvance]: alarmOrTechnical(Queue.Dispatch, Queue.TechnicalDispatch),
  [JobName.OfferTimeout]: alarmOrTechnical(Queue.Dispatch, Queue.TechnicalDispatch),
  [JobName.AckTimeout]: alarmOrTechnical(Queue.Dispatch, Queue.TechnicalDispatch),
  [JobName.OffersCancelled]: alarmOrTechnical(Queue.Dispatch, Queue.TechnicalDispatch),
  [JobName.Notify]: alarmOrTechnical(Queue.Notifications, Queue.TechnicalNotifications),
  [JobName.RelayOutbox]: laneless(Queue.Maintenance),
  [JobName.SuperviseDevices]: laneless(Queue.Maintenance),
  [JobName.Probe]: laneless(Queue.Dispatch),
} as const satisfies Record<JobName, Record<Lane, Queue>>;

/** The queue of a job in a lane. */
export function queueOf(name: JobName, lane: Lane): Queue {
  return QUEUE_OF_JOB[name][lane];
}

/** Whether job `name` lives on `queue` (in either lane). */
export function jobLivesOn(name: JobName, queue: Queue): boolean {
  const queues: readonly Queue[] = Object.values(QUEUE_OF_JOB[name]);
  return queues.includes(queue);
}

/**
 * The job names that live on queue `Q` (in either lane). The readiness probe is listed on the
 * dispatch queue but is added to every consumed queue (every worker answers it).
 */
export type JobNameOn<Q extends Queue> = { [N in JobName]: Q extends (typeof QUEUE_OF_JOB)[N][Lane] ? N : never }[JobName];

/**
 * Deterministic job ids make a retried enqueue a no-op. BullMQ forbids ':' in custom ids
 * (it is the key separator), so ids are joined with '-'.
 */
export function jobIdFor(name: JobName, outboxId: string): string {
  return `${name}-${outboxId}`;
}

/**
 * Jobs that only ask the cascade to look again (a press, a decline): the cascade reads the
 * incident's state when it runs, so two of them waiting for one incident would decide the same
 * thing twice. They share a coalescing key per incident: while one waits, another one adds
 * nothing; while one runs, one more is kept to run after it (a look at the state after the
 * last trigger is always made). A press storm on one incident is then a few jobs, not one per press.
 */
export function coalescingKeyOf(job: { name: JobName; data: object }): string | undefined {
  if (job.name !== JobName.IncidentPressed && job.name !== JobName.CascadeAdvance) return undefined;
  const { incidentId } = job.data as { incidentId?: unknown };
  return typeof incidentId === 'string' ? `cascade-look-${incidentId}` : undefined;
}
