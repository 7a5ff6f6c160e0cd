import { JobName, Lane, Queue } from '@app/contracts';
import { bullPrefix, QueueProducer } from '@app/queues';
import { createRedis } from '@app/redis';
import { type Job, Worker } from 'bullmq';
import type IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';
import { eventually } from '../support/dispatch-world';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The jobs that only ask the cascade to look again (a press, a decline) coalesce per incident
 * in real BullMQ on real Redis (coalescingKeyOf, @app/contracts): a storm of presses on one
 * incident is a few jobs, and a trigger that comes while one runs is never lost, because one
 * more look runs after it. Every other job is added as before, one per outbox row.
 */
describe('cascade looks coalesce per incident', () => {
  let env: SuiteEnvironment;
  let redis: IORedis;
  let producer: QueueProducer;

  const press = (incidentId: string) =>
    producer.enqueueBulk([{ name: JobName.IncidentPressed, data: { incidentId, outboxId: randomUUID() }, lane: Lane.Alarm }]);
  const decline = (incidentId: string) =>
    producer.enqueueBulk([{ name: JobName.CascadeAdvance, data: { incidentId, outboxId: randomUUID() }, lane: Lane.Alarm }]);

  /**
   * A worker on the dispatch queue that records what it ran; each run waits while `hold.until`
   * is set. Closing it also closes its connection (BullMQ leaves a connection it was given open).
   */
  const recordingWorker = (ran: string[], hold: { until?: Promise<void> }) => {
    const connection = redis.duplicate({ maxRetriesPerRequest: null });
    const worker = new Worker(
      Queue.Dispatch,
      async (job: Job<{ incidentId: string }>) => {
        ran.push(`${job.name}:${job.data.incidentId}`);
        await hold.until;
      },
      { connection, prefix: bullPrefix(env.redisPrefix), concurrency: 4 },
    );
    return {
      close: async () => {
        await worker.close();
        connection.disconnect();
      },
    };
  };

  beforeAll(async () => {
    env = await createSuiteEnvironment('cascade-coalescing');
    redis = createRedis(env.redisUrl, 'producer');
    producer = new QueueProducer(redis, bullPrefix(env.redisPrefix));
  });

  afterAll(async () => {
    await producer?.close();
    redis?.disconnect();
    await env?.destroy();
  });

  afterEach(async () => {
    await producer.queue(Queue.Dispatch).obliterate({ force: true });
  });

  it('presses and declines of one incident waiting together are one job; another incident has its own', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    for (let i = 0; i < 20; i++) await press(a);
    await decline(a);
    await press(b);
    const waiting = await producer.queue(Queue.Dispatch).getWaiting();
    expect(waiting.map((j) => (j.data as { incidentId: string }).incidentId).sort()).toEqual([a, b].sort());
  });

  it('a trigger while a look runs is kept: exactly one more look runs after it, however many came', async () => {
    const incident = randomUUID();
    const ran: string[] = [];
    let release!: () => void;
    const hold: { until?: Promise<void> } = { until: new Promise<void>((resolve) => (release = resolve)) };
    const worker = recordingWorker(ran, hold);
    try {
      await press(incident);
      await eventually(() => ran.length === 1, 5000, 'the first look running');
      // The first look is running (and has read the state): these come after it.
      for (let i = 0; i < 10; i++) await press(incident);
      hold.until = undefined;
      release();
      await eventually(() => ran.length === 2, 5000, 'the look kept for after it');
      await sleep(500);
      expect(ran).toEqual([`${JobName.IncidentPressed}:${incident}`, `${JobName.IncidentPressed}:${incident}`]);
    } finally {
      await worker.close();
    }
  });

  it('offer timeouts, acknowledgement timers and openings are never coalesced', async () => {
    const incident = randomUUID();
    await producer.enqueueBulk([
      { name: JobName.IncidentOpened, data: { incidentId: incident, outboxId: randomUUID() }, lane: Lane.Alarm },
      { name: JobName.OfferTimeout, data: { dispatchId: randomUUID(), outboxId: randomUUID() }, lane: Lane.Alarm },
      { name: JobName.OfferTimeout, data: { dispatchId: randomUUID(), outboxId: randomUUID() }, lane: Lane.Alarm },
      { name: JobName.AckTimeout, data: { incidentId: incident, outboxId: randomUUID() }, lane: Lane.Alarm },
      { name: JobName.IncidentPressed, data: { incidentId: incident, outboxId: randomUUID() }, lane: Lane.Alarm },
    ]);
    expect(await producer.queue(Queue.Dispatch).getWaitingCount()).toBe(5);
  });
});
