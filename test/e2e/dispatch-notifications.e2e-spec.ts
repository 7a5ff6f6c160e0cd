import { JobName, Queue as QueueName, ResponderEvent } from '@app/contracts';
import { LivePublisher } from '@app/live';
import { bullPrefix } from '@app/queues';
import { Queue } from 'bullmq';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { type DispatchWorld, eventually, offerFor, startDispatchWorld, updateOf } from '../support/dispatch-world';
import { FakeGateway } from '../support/dispatch-webhook';
import { NotificationsRepository } from '../../apps/dispatcher/src/notifications/notifications.repository';

/**
 * Offers delivered through the signed webhook (an SMS/push gateway) and the socket: retried
 * with backoff, every attempt in the timeline, at most once per offer and channel, and a
 * notification that finally fails escalates the incident.
 */
const SECRET = randomBytes(24).toString('hex');
const ATTEMPTS = 4;

describe('dispatch notifications', () => {
  let world: DispatchWorld;
  let gateway: FakeGateway;
  let queue: Queue;

  beforeAll(async () => {
    gateway = new FakeGateway();
    await gateway.start();
    world = await startDispatchWorld('dispatchnotify', {
      DISPATCH_OFFER_TIMEOUT_S: '30',
      ACK_TIMEOUT_S: '60',
      NOTIFY_WEBHOOK_URL: gateway.url,
      NOTIFY_WEBHOOK_SECRET: SECRET,
      NOTIFY_ATTEMPTS: String(ATTEMPTS),
      NOTIFY_RETRY_BASE_MS: '100',
    });
    queue = new Queue(QueueName.Notifications, { connection: { url: world.config.REDIS_URL }, prefix: bullPrefix(world.config.REDIS_PREFIX) });
  });

  afterAll(async () => {
    await queue?.close();
    await world?.close();
    await gateway?.stop();
  });

  it('sends a signed request with an idempotency key, retried after failures, every attempt in the timeline', async () => {
    const resident = await world.resident({ fullName: `Retry ${randomBytes(3).toString('hex')}` });
    gateway.plan(resident.fullName, [500, 500]);
    const incidentId = await world.press(resident);
    const offer = await offerFor(resident.carer, incidentId);

    const requests = await eventually(() => gateway.for(offer.dispatchId).length === 3 && gateway.for(offer.dispatchId), 10_000, 'three webhook attempts');
    expect(requests.map((r) => r.status)).toEqual([500, 500, 200]);
    const keys = new Set(requests.map((r) => r.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    for (const request of requests) {
      const timestamp = request.headers['x-heartkey-timestamp'] as string;
      expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(60_000);
      const expected = createHmac('sha256', SECRET).update(`${timestamp}.${request.rawBody}`).digest('hex');
      expect(request.headers['x-heartkey-signature']).toBe(expected);
    }
    const body = requests[2]!.body;
    expect(body).toMatchObject({
      dispatchId: offer.dispatchId,
      incidentId,
      expiresAt: offer.expiresAt,
      responder: { id: resident.carer.id, role: 'carer', phone: '+86 138 0000 0001' },
      resident: { fullName: resident.fullName, address: 'Building 3, Unit 2, Room 501, Lanshan Road 18' },
    });
    expect(typeof body.message).toBe('string');
    // What an SMS carries: no medical details, no key-safe code.
    expect(requests[2]!.rawBody).not.toMatch(/penicillin|hypertension|4711/);

    // The gateway has answered the third attempt; its row is committed just after.
    const rows = await eventually(
      async () => {
        const { rows: now } = await world.db.query<{ status: string }>(
          'SELECT id, status, attempts FROM notifications WHERE dispatch_id = $1 ORDER BY channel',
          [offer.dispatchId],
        );
        return now.every((r) => r.status === 'sent') && now;
      },
      10_000,
      'both notifications recorded as sent',
    );
    expect(rows).toEqual([
      { id: expect.any(String), status: 'sent', attempts: 1 }, // socket
      { id: keys.values().next().value, status: 'sent', attempts: 3 }, // webhook
    ]);
    const { timeline } = await world.incident(incidentId);
    const webhookFacts = timeline.filter((e) => e.data?.channel === 'webhook').map((e) => [e.kind, e.data?.attempt]);
    expect(webhookFacts).toEqual([
      ['notification_failed', 1],
      ['notification_failed', 2],
      ['notification_sent', 3],
    ]);
    expect(timeline.filter((e) => e.kind === 'notification_sent' && e.data?.channel === 'socket')).toHaveLength(1);
    expect((await world.incident(incidentId)).escalated).toBe(false);
  });

  it('sends once per offer and channel even when the notify job runs twice', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    const offer = await offerFor(resident.carer, incidentId);
    await eventually(() => gateway.for(offer.dispatchId).length === 1, 5000, 'first webhook');

    // The same notifications again, under new job ids (as after a lost acknowledgement of the job).
    const again = await Promise.all(
      (['webhook', 'socket'] as const).map((channel) =>
        queue.add(JobName.Notify, { dispatchId: offer.dispatchId, channel, outboxId: randomUUID() }, { jobId: `notify-again-${randomUUID()}` }),
      ),
    );
    await eventually(async () => (await Promise.all(again.map((job) => job.getState()))).every((s) => s === 'completed'), 5000, 'repeated jobs completed');
    await new Promise((r) => setTimeout(r, 200));
    expect(gateway.for(offer.dispatchId)).toHaveLength(1);
    expect(resident.carer.socket.all(ResponderEvent.DispatchOffered, (o: { dispatchId: string }) => o.dispatchId === offer.dispatchId)).toHaveLength(1);
    const { rows } = await world.db.query('SELECT channel, status, attempts FROM notifications WHERE dispatch_id = $1 ORDER BY channel', [offer.dispatchId]);
    expect(rows).toEqual([
      { channel: 'socket', status: 'sent', attempts: 1 },
      { channel: 'webhook', status: 'sent', attempts: 1 },
    ]);
    const { timeline } = await world.incident(incidentId);
    expect(timeline.filter((e) => e.kind === 'notification_sent')).toHaveLength(2);
  });

  it('delivers offers made together in shared batches, each with its own outcome: a failed send retries alone, the others are sent once', async () => {
    const repository = world.dispatcher!.get(NotificationsRepository, { strict: false });
    const claims = jest.spyOn(repository, 'claim');
    const socketBatches = jest.spyOn(world.dispatcher!.get(LivePublisher, { strict: false }), 'dispatchesOffered');
    try {
      const residents = await Promise.all(Array.from({ length: 12 }, () => world.resident({ fullName: `Together ${randomBytes(3).toString('hex')}` })));
      const failing = residents[5]!;
      gateway.plan(failing.fullName, [503]);
      const incidentIds = await Promise.all(residents.map((r) => world.press(r)));
      const offers = await Promise.all(residents.map((r, i) => offerFor(r.carer, incidentIds[i]!)));
      const dispatchIds = offers.map((o) => o.dispatchId);
      const rows = await eventually(
        async () => {
          const { rows: now } = await world.db.query<{ dispatch_id: string; channel: string; status: string; attempts: number }>(
            `SELECT dispatch_id, channel, status, attempts FROM notifications WHERE dispatch_id = ANY($1::uuid[])`,
            [dispatchIds],
          );
          return now.length === 24 && now.every((r) => r.status === 'sent') && now;
        },
        10_000,
        'every notification of the twelve offers sent',
      );
      // Twelve offers at once took fewer claims than notifications: some went together.
      expect(Math.max(...claims.mock.calls.map(([, ids]) => ids.length))).toBeGreaterThan(1);
      // And the socket sends of a batch left together (one pipeline), each offer in exactly one of them.
      const socketSends = socketBatches.mock.calls.map(([offers]) => offers.map((o) => o.offer.dispatchId).filter((id) => dispatchIds.includes(id)));
      expect(Math.max(...socketSends.map((ids) => ids.length))).toBeGreaterThan(1);
      expect(socketSends.flat().sort()).toEqual([...dispatchIds].sort());
      const failingDispatch = offers[5]!.dispatchId;
      for (const row of rows) expect(row.attempts).toBe(row.channel === 'webhook' && row.dispatch_id === failingDispatch ? 2 : 1);
      for (const [i, dispatchId] of dispatchIds.entries()) {
        expect(gateway.for(dispatchId).map((r) => r.status)).toEqual(i === 5 ? [503, 200] : [200]);
        expect(residents[i]!.carer.socket.all(ResponderEvent.DispatchOffered, (o: { dispatchId: string }) => o.dispatchId === dispatchId)).toHaveLength(1);
      }
      const { timeline } = await world.incident(incidentIds[5]!);
      expect(timeline.filter((e) => e.data?.channel === 'webhook').map((e) => [e.kind, e.data?.attempt])).toEqual([
        ['notification_failed', 1],
        ['notification_sent', 2],
      ]);
    } finally {
      claims.mockRestore();
      socketBatches.mockRestore();
    }
  });

  it('raises the incident version for each notification fact and pushes it to the consoles', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    const offer = await offerFor(resident.carer, incidentId);
    const offered = await updateOf(world, incidentId, (v) => v.dispatches.some((d) => d.id === offer.dispatchId));
    await eventually(
      async () => {
        const { rows } = await world.db.query(`SELECT count(*)::int AS n FROM notifications WHERE dispatch_id = $1 AND status = 'sent'`, [offer.dispatchId]);
        return rows[0].n === 2;
      },
      5000,
      'both notifications sent',
    );
    const { timeline } = await world.incident(incidentId);
    expect(timeline.filter((e) => e.kind === 'notification_sent')).toHaveLength(2);
    // Socket and webhook: two facts, two versions more than the offer's, and the newest reaches the operator.
    const version = await eventually(
      async () => {
        const { rows } = await world.db.query('SELECT version FROM incidents WHERE id = $1', [incidentId]);
        return rows[0].version >= offered.version + 2 && (rows[0].version as number);
      },
      5000,
      'the version raised by the notification facts',
    );
    await updateOf(world, incidentId, (v) => v.version === version);
  });

  it('escalates the incident when a notification fails for the last time (notification_failed)', async () => {
    const resident = await world.resident({ fullName: `Unreachable ${randomBytes(3).toString('hex')}` });
    gateway.plan(resident.fullName, Array(ATTEMPTS + 5).fill(503));
    const incidentId = await world.press(resident);
    const offer = await offerFor(resident.carer, incidentId);

    const escalated = await updateOf(world, incidentId, (v) => v.escalated, 10_000);
    expect(escalated.escalationReason).toBe('notification_failed');
    expect(gateway.for(offer.dispatchId)).toHaveLength(ATTEMPTS);
    const { rows } = await world.db.query(`SELECT status, attempts, last_error FROM notifications WHERE dispatch_id = $1 AND channel = 'webhook'`, [
      offer.dispatchId,
    ]);
    expect(rows).toEqual([{ status: 'failed', attempts: ATTEMPTS, last_error: 'webhook answered 503' }]);
    const { timeline } = await world.incident(incidentId);
    const failures = timeline.filter((e) => e.kind === 'notification_failed');
    expect(failures.map((e) => e.data?.attempt)).toEqual([1, 2, 3, 4]);
    expect(failures.at(-1)?.data).toMatchObject({ final: true });
    expect(timeline.find((e) => e.kind === 'escalated')?.data).toEqual({ reason: 'notification_failed' });

    const metrics = await fetch(`${(await world.dispatcher!.getUrl()).replace('[::1]', '127.0.0.1')}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/heartkey_notification_failures_total\{channel="webhook"\} [1-9]/);
    expect(metrics).toMatch(/heartkey_escalations_total\{reason="notification_failed"\} 1/);
  });

  it('escalates when a notify job fails for good for another reason than the channel (invalid data: notification_failed)', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    const offer = await offerFor(resident.carer, incidentId);
    // No handler may run a job whose payload lacks its outbox id: BullMQ fails it at once, without retrying.
    await queue.add(JobName.Notify, { dispatchId: offer.dispatchId, channel: 'webhook' }, { attempts: ATTEMPTS });
    const escalated = await updateOf(world, incidentId, (v) => v.escalated, 5000);
    expect(escalated.escalationReason).toBe('notification_failed');
  });
});
