import { JobName, Lane, Queue, jobIdFor } from '@app/contracts';
import { bullPrefix, QueueProducer } from '@app/queues';
import { createRedis } from '@app/redis';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { createDispatcherApp } from '../../apps/dispatcher/src/app';
import { ConsoleClient, insertIncident, insertResidentWithDevice, type RunningConsole, startConsole } from '../support/console-client';
import { createSuiteEnvironment, deleteRedisKeys, testRedisUrl, type SuiteEnvironment } from '../support/environment';
import { envOf, spawnApp } from '../support/processes';

/**
 * A Redis database of its own: then "every Redis client of this suite" is every client of that
 * database in CLIENT LIST, and killing them disturbs no other suite sharing the server.
 */
const SUITE_REDIS_DB = 11;
function suiteRedisUrl(): string {
  const url = new URL(testRedisUrl());
  url.pathname = `/${SUITE_REDIS_DB}`;
  return url.toString();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

describe('workers that stay up', () => {
  let env: SuiteEnvironment;
  let redisUrl: string;
  let dispatcher: NestFastifyApplication;
  let redis: IORedis;
  let db: Client;

  beforeAll(async () => {
    redisUrl = suiteRedisUrl();
    env = await createSuiteEnvironment('maint-workers', { REDIS_URL: redisUrl, WORKER_SHUTDOWN_GRACE_MS: '3000' });
    dispatcher = await createDispatcherApp(env.config);
    await dispatcher.listen(0, '127.0.0.1');
    redis = createRedis(redisUrl, 'command');
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await dispatcher?.close();
    redis?.disconnect();
    await db?.end();
    await env?.destroy();
    if (redisUrl) await deleteRedisKeys(redisUrl, env.redisPrefix);
  });

  const ready = () => request(dispatcher.getHttpServer()).get('/health/ready');

  it('is ready only through a probe job that its workers completed', async () => {
    const res = await ready().expect(200);
    expect(res.body.checks).toEqual({ postgres: 'ok', redis: 'ok', workers: 'ok' });
    // Probes clean up after themselves: no canary is left waiting in any queue.
    const producer = new QueueProducer(redis, bullPrefix(env.redisPrefix));
    try {
      for (const name of Object.values(Queue)) {
        const waiting = await producer.queue(name).getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
        expect(waiting.filter((job) => job.name === JobName.Probe)).toEqual([]);
      }
    } finally {
      await producer.close();
    }
  });

  it('schedules the maintenance jobs once, under fixed scheduler ids without ":"', async () => {
    const producer = new QueueProducer(redis, bullPrefix(env.redisPrefix));
    try {
      const schedulers = await eventually('maintenance schedulers', async () => {
        const found = await producer.queue(Queue.Maintenance).getJobSchedulers();
        return found.length === 2 ? found : undefined;
      });
      expect(schedulers.map((s) => s.key).sort()).toEqual([JobName.RelayOutbox, JobName.SuperviseDevices]);
    } finally {
      await producer.close();
    }
  });

  it('consumes again after its Redis connections were killed, and is ready again', async () => {
    const own = String(await redis.client('ID'));
    const clients = String(await redis.client('LIST'))
      .split('\n')
      .map((line) => Object.fromEntries(line.split(' ').map((field) => field.split('=', 2) as [string, string])))
      .filter((c) => c.db === String(SUITE_REDIS_DB) && c.id && c.id !== own);
    // The dispatcher's workers (their blocking connections are named after the queues), queues, producer and command connections.
    expect(clients.length).toBeGreaterThanOrEqual(4);
    expect(clients.some((c) => c.name?.startsWith(`${bullPrefix(env.redisPrefix)}:`))).toBe(true);
    for (const client of clients) await redis.client('KILL', 'ID', client.id!).catch(() => undefined);

    // A job added after the kill is processed: the dispatch worker takes delivery of an opened incident.
    const incidentId = await insertIncident(db, await insertResidentWithDevice(db, 'Qian Shu'));
    const outboxId = randomUUID();
    await db.query(`INSERT INTO outbox (id, incident_id, job_name, payload, published_at) VALUES ($1, $2, $3, $4, now())`, [
      outboxId,
      incidentId,
      JobName.IncidentOpened,
      JSON.stringify({ incidentId }),
    ]);
    const producerConnection = createRedis(redisUrl, 'producer');
    const producer = new QueueProducer(producerConnection, bullPrefix(env.redisPrefix));
    try {
      await eventually('the producer reconnected', async () => (await producer.enqueue(JobName.IncidentOpened, { incidentId, outboxId }, Lane.Alarm), true));
      const jobId = jobIdFor(JobName.IncidentOpened, outboxId);
      await eventually('the job was processed', async () => ((await producer.queue(Queue.Dispatch).getJobState(jobId)) === 'completed' ? true : undefined));
    } finally {
      await producer.close();
      producerConnection.disconnect();
    }
    await eventually('ready again', async () => ((await ready()).status === 200 ? true : undefined));
  });

  describe('queue dashboard (Bull Board)', () => {
    let consoleApp: RunningConsole;
    let api: ConsoleClient;
    let admin: string;
    let operator: string;

    beforeAll(async () => {
      consoleApp = await startConsole(env.config);
      api = new ConsoleClient(consoleApp.url);
      admin = await api.login('admin', 'admin-password-1');
      operator = await api.userToken(admin, { username: 'op.board', role: 'operator' });
    });

    afterAll(async () => {
      await consoleApp?.app.close();
    });

    it('refuses a request without a dashboard session: 401', async () => {
      const res = await request(consoleApp.url).get('/admin/queues').expect(401);
      expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
      await request(consoleApp.url).get('/admin/queues/api/queues').expect(401);
      await request(consoleApp.url).get('/admin/queues').set('Cookie', 'hk_queue_board=forged.token.value').expect(401);
    });

    it('refuses an operator: 403', async () => {
      await api.post('/v1/admin/queues/session', undefined, operator).expect(403);
      await api.get('/admin/queues', operator).expect(403);
    });

    it('shows the board to an admin with a session cookie, which is no access token', async () => {
      const session = await api.post('/v1/admin/queues/session', undefined, admin).expect(201);
      expect(session.body).toEqual({ url: '/admin/queues/', expiresAt: expect.any(String) });
      const setCookie = ([] as string[]).concat(session.headers['set-cookie'] ?? []);
      const cookie = setCookie.find((c) => c.startsWith('hk_queue_board='))!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/Path=\/admin\/queues/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const pair = cookie.split(';')[0]!;

      const page = await request(consoleApp.url).get('/admin/queues').set('Cookie', pair).expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('HeartKey queues');
      const queues = await request(consoleApp.url).get('/admin/queues/api/queues').set('Cookie', pair).expect(200);
      expect((queues.body.queues as { name: string }[]).map((q) => q.name).sort()).toEqual(Object.values(Queue).sort());

      // The cookie's token opens nothing else.
      await api.get('/v1/incidents', pair.slice('hk_queue_board='.length)).expect(401);
    });
  });

  it('stops gracefully on SIGTERM: workers close before the process exits', async () => {
    const app = await spawnApp('dispatcher', { ...envOf(env.config), LOG_LEVEL: 'info' });
    const exit = await app.kill('SIGTERM');
    const closed = app
      .output()
      .split('\n')
      .flatMap((line) => /worker \w+ (finished|still had)[a-z ]*/.exec(line)?.[0] ?? []);
    expect(exit).toEqual(exit.signal ? { code: null, signal: 'SIGTERM' } : { code: 0, signal: null });
    // Every worker of the process drained; the dispatch and maintenance workers are among them.
    expect(closed.every((line) => line.endsWith('finished its running jobs and closed'))).toBe(true);
    expect(closed).toEqual(
      expect.arrayContaining(['worker dispatch finished its running jobs and closed', 'worker maintenance finished its running jobs and closed']),
    );
  });
});
