import { JobName, Queue, jobIdFor } from '@app/contracts';
import { Metrics } from '@app/observability';
import { bullPrefix, QueueProducer } from '@app/queues';
import { createRedis } from '@app/redis';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { createDispatcherApp } from '../../apps/dispatcher/src/app';
import { OutboxRelay } from '../../apps/dispatcher/src/maintenance/outbox-relay';
import { insertIncident, insertResidentWithDevice } from '../support/console-client';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** What the relay counted in one process's metrics. */
async function relayedBy(app: NestFastifyApplication): Promise<number> {
  const metric = await app.get(Metrics).registry.getSingleMetric('heartkey_outbox_relayed_total')?.get();
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

describe('outbox relay', () => {
  let env: SuiteEnvironment;
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;
  let db: Client;
  let redis: IORedis;
  let producer: QueueProducer;

  beforeAll(async () => {
    env = await createSuiteEnvironment('maint-relay', { OUTBOX_RELAY_INTERVAL_MS: '300', OUTBOX_RELAY_GRACE_MS: '1000' });
    first = await createDispatcherApp(env.config);
    await first.listen(0, '127.0.0.1');
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    redis = createRedis(env.redisUrl, 'command');
    producer = new QueueProducer(redis, bullPrefix(env.redisPrefix));
  });

  afterAll(async () => {
    await producer?.close();
    redis?.disconnect();
    await db?.end();
    await second?.close();
    await first?.close();
    await env?.destroy();
  });

  /** An outbox row committed and never enqueued, as a crash between commit and enqueue leaves it. */
  const strandedRow = async (jobName: JobName, payload: object, opts: { incidentId?: string; runAt?: Date; ageMs?: number } = {}) => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO outbox (id, incident_id, job_name, payload, run_at, created_at)
       VALUES ($1, $2, $3, $4, $5, now() - make_interval(secs => $6::double precision / 1000))`,
      [id, opts.incidentId ?? null, jobName, JSON.stringify(payload), opts.runAt ?? new Date(), opts.ageMs ?? 0],
    );
    return id;
  };
  const publishedAt = async (id: string) =>
    (await db.query<{ published_at: Date | null }>('SELECT published_at FROM outbox WHERE id = $1', [id])).rows[0]?.published_at;

  it('enqueues a stranded incident-opened row within a few seconds, and the dispatcher processes it', async () => {
    const incidentId = await insertIncident(db, await insertResidentWithDevice(db, 'Sun Li'));
    const outboxId = await strandedRow(JobName.IncidentOpened, { incidentId }, { incidentId });
    const jobId = jobIdFor(JobName.IncidentOpened, outboxId);
    const queue = producer.queue(Queue.Dispatch);

    // The in-line publisher's grace period first: the relay leaves a fresh row alone.
    await sleep(500);
    expect(await queue.getJob(jobId)).toBeUndefined();
    expect(await publishedAt(outboxId)).toBeNull();

    await eventually('the relayed job was processed', async () => ((await queue.getJobState(jobId)) === 'completed' ? true : undefined));
    expect(await publishedAt(outboxId)).toBeInstanceOf(Date);
    const job = await queue.getJob(jobId);
    expect(job?.data).toEqual({ incidentId, outboxId });
    expect(await relayedBy(first)).toBeGreaterThanOrEqual(1);
  });

  it('enqueues a timer row with the delay left until its run_at', async () => {
    const incidentId = await insertIncident(db, await insertResidentWithDevice(db, 'Zhou Min'));
    const runAt = new Date(Date.now() + 60_000);
    const outboxId = await strandedRow(JobName.AckTimeout, { incidentId }, { incidentId, runAt, ageMs: 5000 });
    const queue = producer.queue(Queue.Dispatch);
    const job = await eventually('the timer was enqueued', async () => (await queue.getJob(jobIdFor(JobName.AckTimeout, outboxId))) ?? undefined);
    expect(await job.getState()).toBe('delayed');
    expect(Math.abs(job.timestamp + (job.delay ?? 0) - runAt.getTime())).toBeLessThan(1500);
    expect(job.data).toEqual({ incidentId, outboxId });
  });

  it('does not enqueue twice when it runs again over a row it already relayed', async () => {
    const incidentId = await insertIncident(db, await insertResidentWithDevice(db, 'Wu Gang'));
    const outboxId = await strandedRow(JobName.IncidentOpened, { incidentId }, { incidentId, ageMs: 5000 });
    const jobId = jobIdFor(JobName.IncidentOpened, outboxId);
    const queue = producer.queue(Queue.Dispatch);
    await eventually('processed once', async () => ((await queue.getJobState(jobId)) === 'completed' ? true : undefined));
    const processedOn = (await queue.getJob(jobId))?.processedOn;

    // As if the mark were lost (a crash after the enqueue): the next runs add nothing new.
    await db.query('UPDATE outbox SET published_at = NULL WHERE id = $1', [outboxId]);
    const relay = first.get(OutboxRelay);
    await relay.relay();
    await relay.relay();
    await sleep(300);
    const job = await queue.getJob(jobId);
    expect(await job?.getState()).toBe('completed');
    expect(job?.processedOn).toBe(processedOn);
    expect(job?.attemptsMade).toBe(1);
    expect(await publishedAt(outboxId)).toBeInstanceOf(Date);
  });

  it('splits the rows between two dispatchers relaying at once, each row enqueued once (SKIP LOCKED)', async () => {
    second = await createDispatcherApp(env.config);
    await second.listen(0, '127.0.0.1');
    await request(second.getHttpServer()).get('/health/ready').expect(200);
    const before = (await relayedBy(first)) + (await relayedBy(second));
    const delayedBefore = await producer.queue(Queue.Dispatch).getDelayedCount();

    // 1,000 stranded timers an hour away: far more than one batch, nothing for the workers to run now.
    const rows = 1000;
    await db.query(
      `INSERT INTO outbox (id, job_name, payload, run_at, created_at)
       SELECT gen_random_uuid(), $1, jsonb_build_object('incidentId', gen_random_uuid()), now() + interval '1 hour', now() - interval '1 minute'
       FROM generate_series(1, $2)`,
      [JobName.AckTimeout, rows],
    );
    // Both relays by hand, at once, racing the two schedulers' own runs as well.
    const [a, b] = await Promise.all([first.get(OutboxRelay).relay(), second.get(OutboxRelay).relay()]);
    await eventually('every row published', async () => {
      const left = await db.query<{ n: string }>('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
      return Number(left.rows[0]!.n) === 0 ? true : undefined;
    });

    const relayed = (await relayedBy(first)) + (await relayedBy(second)) - before;
    expect(relayed).toBe(rows);
    expect(a + b).toBeLessThanOrEqual(rows);
    expect((await producer.queue(Queue.Dispatch).getDelayedCount()) - delayedBefore).toBe(rows);
  });

  it('exposes the waiting rows as a gauge', async () => {
    await strandedRow(JobName.AckTimeout, { incidentId: randomUUID() }, { runAt: new Date(Date.now() + 3600_000) });
    const metrics = await request(first.getHttpServer()).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^heartkey_outbox_unpublished [1-9]/m);
    expect(metrics.text).toMatch(/^heartkey_outbox_relayed_total\{job="ack-timeout"\} \d+/m);
  });
});
