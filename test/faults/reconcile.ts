import type { LedgerEntry } from '../support/handset-ledger';
import { type FaultWorld, log, sleep } from './world';

/** One row of the table. */
export interface Figures {
  scenario: string;
  presses: number;
  acknowledged: number;
  answers503: number;
  lost: number;
  duplicateOffers: number;
  duplicateNotifications: number;
  recoveryS?: number;
  /** Checks that failed (empty: the scenario passed). */
  failures: string[];
  notes: string[];
}

/** Incidents, of those given, that a responder was offered or that escalated. */
async function offeredOrEscalated(world: FaultWorld, incidentIds: string[]): Promise<Set<string>> {
  const { rows } = await world.db.query<{ id: string }>(
    `SELECT i.id FROM incidents i
     WHERE i.id = ANY($1::uuid[]) AND (i.escalated OR EXISTS (SELECT 1 FROM dispatches d WHERE d.incident_id = i.id))`,
    [incidentIds],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Waits until the backlog of a fault is worked off: every press a handset first sent before
 * `faultEndedAt` is acknowledged, and its incident was shown to a console and offered to a
 * responder (or escalated). Returns the seconds from `faultEndedAt`, or undefined after `timeoutMs`.
 */
export async function recoveryAfter(world: FaultWorld, faultEndedAt: number, timeoutMs = 90_000): Promise<number | undefined> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const backlog = world.ledger.entries.filter((e) => e.firstSentAt <= faultEndedAt && e.failure === undefined);
    if (backlog.every((e) => e.ackedAt !== undefined)) {
      const incidents = [...new Set(backlog.map((e) => e.incidentId!))];
      const shown = world.shownIncidents();
      if (incidents.every((id) => shown.has(id))) {
        const offered = await offeredOrEscalated(world, incidents).catch(() => new Set<string>());
        if (incidents.every((id) => offered.has(id))) return Math.max(0, (performance.now() - faultEndedAt) / 1000);
      }
    }
    await sleep(200);
  }
  return undefined;
}

/** What the database says about a lost press's incident: enough to tell where the chain broke. */
async function postMortem(world: FaultWorld, entry: LedgerEntry): Promise<string> {
  const handset = `${entry.serial}/${entry.eventId} (${entry.attempts} attempt(s), ${entry.answers503} x 503, answered ${entry.status})`;
  const { rows: incident } = await world.db.query(`SELECT status, escalated, opened_at, press_count, version FROM incidents WHERE id = $1`, [entry.incidentId]);
  const { rows: outbox } = await world.db.query(`SELECT job_name, created_at, run_at, published_at FROM outbox WHERE incident_id = $1 ORDER BY created_at`, [
    entry.incidentId,
  ]);
  const { rows: timeline } = await world.db.query(`SELECT at, kind FROM incident_events WHERE incident_id = $1 ORDER BY id`, [entry.incidentId]);
  return `${handset} -> incident ${entry.incidentId} ${JSON.stringify(incident[0])}; outbox ${JSON.stringify(outbox)}; timeline ${JSON.stringify(timeline)}`;
}

interface StoredAlarm {
  serial: string;
  event_id: string;
  alarm_id: string;
  incident_id: string | null;
}

/**
 * The ledger against the database, the consoles and the gateway: lost presses, duplicate
 * offers and notifications, and the scenario's own checks.
 */
/**
 * Offers still waiting whose webhook has not been delivered, after giving the notification
 * retries (their backoff grows to 16 s and more after an outage) up to `timeoutMs` to get there.
 */
async function undeliveredOffers(world: FaultWorld, everyOffer: boolean, timeoutMs = 60_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const delivered = new Set(world.gateway.requests.filter((r) => r.status < 300).map((r) => r.body.dispatchId));
    const { rows } = await world.db.query<{ id: string }>(`SELECT id FROM dispatches WHERE status = 'offered' OR $1`, [everyOffer]);
    const undelivered = rows.filter((d) => !delivered.has(d.id)).length;
    if (!undelivered || performance.now() > deadline) return undelivered;
    await sleep(500);
  }
}

export interface ReconcileOptions {
  failures?: string[];
  notes?: string[];
  /** Every offer ever made must have been delivered (no offer ended before its notification could go out). */
  everyOfferDelivered?: boolean;
}

export async function reconcile(world: FaultWorld, recoveryS: number | undefined, extra: ReconcileOptions = {}): Promise<Figures> {
  const failures = [...(extra.failures ?? [])];
  // The last presses of the run are only just stored: let them be shown and offered (or count as lost after a minute).
  const drainS = await recoveryAfter(world, performance.now(), 60_000);
  const entries = world.ledger.entries;
  const acked = world.ledger.acknowledged();

  const { rows: alarms } = await world.db.query<StoredAlarm>(
    `SELECT a.device_serial AS serial, a.event_id, a.id AS alarm_id, e.incident_id
     FROM alarms a LEFT JOIN incident_events e ON e.alarm_id = a.id`,
  );
  const stored = new Map<string, StoredAlarm[]>();
  for (const alarm of alarms) {
    const key = `${alarm.serial}/${alarm.event_id}`;
    stored.set(key, [...(stored.get(key) ?? []), alarm]);
  }
  const incidents = [...new Set(acked.map((e) => e.incidentId!))];
  const offered = await offeredOrEscalated(world, incidents);
  const shown = world.shownIncidents();

  const why = new Map<string, number>();
  const lose = (reason: string) => why.set(reason, (why.get(reason) ?? 0) + 1);
  const isLost = (entry: LedgerEntry): boolean => {
    const copies = stored.get(`${entry.serial}/${entry.eventId}`) ?? [];
    if (copies.length !== 1) return (lose(copies.length ? 'stored more than once' : 'not stored'), true);
    const [copy] = copies;
    if (copy!.alarm_id !== entry.alarmId || copy!.incident_id !== entry.incidentId) return (lose('stored under other ids than acknowledged'), true);
    if (!shown.has(entry.incidentId!)) return (lose('incident never shown on a console'), true);
    if (!offered.has(entry.incidentId!)) return (lose('incident neither offered nor escalated'), true);
    return false;
  };
  const lostEntries = acked.filter(isLost);
  const lost = lostEntries.length;
  if (why.size) failures.push(`lost presses: ${[...why].map(([reason, n]) => `${n} ${reason}`).join(', ')}`);
  for (const entry of lostEntries.slice(0, 3)) log(`lost: ${await postMortem(world, entry)}`);

  const gaveUp = world.ledger.failed();
  if (gaveUp.length) failures.push(`${gaveUp.length} press(es) never acknowledged: ${gaveUp[0]!.failure}`);
  const ledgerKeys = new Set(entries.map((e) => `${e.serial}/${e.eventId}`));
  const strays = [...stored.keys()].filter((key) => !ledgerKeys.has(key)).length;
  if (strays) failures.push(`${strays} stored alarm(s) no handset sent`);

  // An offer still waiting must have reached the responder's phone (counted before duplicates, which it may still add).
  const undelivered = await undeliveredOffers(world, extra.everyOfferDelivered ?? false);
  if (undelivered) failures.push(`${undelivered} offer(s) never delivered to the webhook`);

  const { rows: offerRows } = await world.db.query<{ extra: number }>(
    `SELECT (count(*) - count(DISTINCT (incident_id, responder_id)))::int AS extra FROM dispatches WHERE NOT manual`,
  );
  const duplicateOffers = offerRows[0]!.extra;

  const { rows: notificationRows } = await world.db.query<{ extra: number }>(
    `SELECT (count(*) - count(DISTINCT (dispatch_id, channel)))::int AS extra FROM notifications`,
  );
  // What reaches a responder's phone. The webhook channel sends each notification at least once
  // with its notification id as Idempotency-Key (a crash or a lost commit after a send makes it
  // send again), and the gateway delivers each key once: a delivery is a distinct key. A second
  // key for one offer would be a real duplicate; a repeated key is reported as a re-send.
  const keysPerDispatch = new Map<string, Set<string>>();
  let resends = 0;
  for (const request of world.gateway.requests) {
    if (request.status >= 300) continue;
    const keys = keysPerDispatch.get(request.body.dispatchId) ?? new Set<string>();
    const key = String(request.headers['idempotency-key']);
    if (keys.has(key)) resends++;
    keysPerDispatch.set(request.body.dispatchId, keys.add(key));
  }
  const keyless = world.gateway.requests.filter((r) => !r.headers['idempotency-key']).length;
  if (keyless) failures.push(`${keyless} webhook request(s) without an Idempotency-Key`);
  const duplicateWebhooks = [...keysPerDispatch.values()].reduce((n, keys) => n + keys.size - 1, 0);
  const duplicateNotifications = notificationRows[0]!.extra + duplicateWebhooks;

  // The suite's faults are all recoverable: giving up on a job or a notification is a defect.
  const { rows: gaveUpRows } = await world.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM incidents WHERE escalation_reason IN ('job_failed', 'notification_failed')`,
  );
  if (gaveUpRows[0]!.n) failures.push(`${gaveUpRows[0]!.n} incident(s) escalated because a job or a notification gave up`);

  // An operator may be told to try again (503) while a server is away, never be answered with another 5xx.
  const badAnswers = [...world.operatorAnswers].filter(([status]) => status >= 500 && status !== 503);
  if (badAnswers.length) failures.push(`the console answered the operator ${badAnswers.map(([status, n]) => `${n} x ${status}`).join(', ')}`);

  if (world.unexpectedExits.length) failures.push(...world.unexpectedExits.map((e) => e.split('\n')[0]!));
  if (recoveryS === undefined) failures.push('the backlog was not worked off in time');
  if (lost || duplicateOffers || duplicateNotifications) failures.push('lost or duplicated');

  const { rows: counts } = await world.db.query<{ incidents: number; dispatches: number; slowest: number | null }>(
    `SELECT (SELECT count(*) FROM incidents)::int AS incidents, (SELECT count(*) FROM dispatches)::int AS dispatches,
            (SELECT max(extract(epoch FROM first.offered_at - i.opened_at))::float FROM incidents i
               CROSS JOIN LATERAL (SELECT min(offered_at) AS offered_at FROM dispatches d WHERE d.incident_id = i.id) first) AS slowest`,
  );
  const notes = [
    ...(extra.notes ?? []),
    `the last presses were offered ${drainS?.toFixed(1) ?? 'never'} s after the run ended`,
    `${counts[0]!.incidents} incidents, ${counts[0]!.dispatches} offers, ${world.gateway.requests.length} webhook requests (${resends} re-sent with the same idempotency key), ${world.ledger.totalNetworkErrors()} handset network errors`,
    `operator's resolve requests answered: ${
      [...world.operatorAnswers]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${n} x ${status || 'no answer'}`)
        .join(', ') || 'none'
    }, the slowest in ${(world.slowestOperatorAnswerMs / 1000).toFixed(1)} s`,
    `slowest first offer: ${counts[0]!.slowest?.toFixed(1) ?? '-'} s after its incident opened`,
  ];
  for (const unexpected of world.unexpectedExits) log(unexpected);
  return {
    scenario: world.name,
    presses: entries.length,
    acknowledged: acked.length,
    answers503: world.ledger.total503(),
    lost,
    duplicateOffers,
    duplicateNotifications,
    ...(recoveryS === undefined ? {} : { recoveryS }),
    failures,
    notes,
  };
}
