import { ConsoleEvent, jobIdFor, JobName, Lane, Queue } from '@app/contracts';
import { dataSourceOptions, IncidentViews, runMigrationsLocked } from '@app/database';
import { type CommittedWrite, DistrictException, IncidentPublisher } from '@app/incidents';
import { DistrictPresence, LivePublisher, socketIoKey } from '@app/live';
import { type OutboxEntry, outboxEntry, OutboxPublisher, writeOutbox } from '@app/outbox';
import { bullPrefix, QueueProducer } from '@app/queues';
import { createRedis } from '@app/redis';
import type IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { insertIncident, insertResidentWithDevice } from '../support/console-client';
import { type ConsoleListener, listenAsConsole } from '../support/console-listener';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The after-commit publisher of incident writes against real Postgres and Redis, with the
 * real queues and a socket.io adapter standing in for the console. A batch of commits (what
 * group commit will hand it) must cost one read of the views, one addBulk per queue and one
 * outbox update, and give each incident exactly one push.
 */
describe('IncidentPublisher: many commits published together', () => {
  let env: SuiteEnvironment;
  let dataSource: DataSource;
  let db: Client;
  let producerRedis: IORedis;
  let liveRedis: IORedis;
  let producer: QueueProducer;
  let publisher: IncidentPublisher;
  let listener: ConsoleListener;

  beforeAll(async () => {
    env = await createSuiteEnvironment('incident-publisher');
    dataSource = await new DataSource(dataSourceOptions({ url: env.databaseUrl, poolSize: 3 })).initialize();
    await runMigrationsLocked(dataSource);
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    producerRedis = createRedis(env.redisUrl, 'producer');
    liveRedis = createRedis(env.redisUrl, 'publisher');
    producer = new QueueProducer(producerRedis, bullPrefix(env.redisPrefix));
    const views = new IncidentViews(dataSource);
    publisher = new IncidentPublisher(
      new OutboxPublisher(producer, dataSource),
      views,
      new LivePublisher(liveRedis, socketIoKey(env.redisPrefix)),
      new DistrictException(dataSource, new DistrictPresence(liveRedis, env.redisPrefix), views),
    );
    listener = await listenAsConsole(env.redisUrl, env.redisPrefix);
  });

  afterAll(async () => {
    await listener?.close();
    await producer?.close();
    producerRedis?.disconnect();
    liveRedis?.disconnect();
    await db?.end();
    await dataSource?.destroy();
    await env?.destroy();
  });

  const newIncident = async (name: string) => insertIncident(db, await insertResidentWithDevice(db, name));

  /** Outbox rows committed, as the writer's transaction leaves them. */
  const committed = async (...entries: OutboxEntry[]): Promise<OutboxEntry[]> => {
    await writeOutbox(dataSource, entries);
    return entries;
  };

  it('reads the views once, adds once per queue, updates the outbox once and pushes once per incident', async () => {
    const [opened, timed, folded] = [await newIncident('Opened Ma'), await newIncident('Timed Zhou'), await newIncident('Folded Sun')];
    const dueIn = 60_000;
    const commits: CommittedWrite[] = [
      {
        outbox: await committed(outboxEntry(JobName.IncidentOpened, { incidentId: opened }, { incidentId: opened, lane: Lane.Alarm })),
        incidents: [{ id: opened, created: true }],
      },
      {
        outbox: await committed(
          outboxEntry(JobName.AckTimeout, { incidentId: timed }, { incidentId: timed, runAt: new Date(Date.now() + dueIn), lane: Lane.Alarm }),
          outboxEntry(JobName.Notify, { dispatchId: randomUUID(), channel: 'socket' }, { incidentId: timed, lane: Lane.Alarm }),
        ),
        incidents: [{ id: timed, created: false }],
      },
      {
        outbox: await committed(outboxEntry(JobName.IncidentPressed, { incidentId: folded }, { incidentId: folded, lane: Lane.Alarm })),
        incidents: [{ id: folded, created: false }],
      },
      // A second press folded into the same incident in the same batch: still one push.
      {
        outbox: await committed(outboxEntry(JobName.IncidentPressed, { incidentId: folded }, { incidentId: folded, lane: Lane.Alarm })),
        incidents: [{ id: folded, created: false }],
      },
      // The first press of `opened` opened it; a later one of the batch does not make it an update.
      { outbox: [], incidents: [{ id: opened, created: false }] },
    ];
    const entries = commits.flatMap((c) => c.outbox);

    const dispatchAdds = jest.spyOn(producer.queue(Queue.Dispatch), 'addBulk');
    const notificationAdds = jest.spyOn(producer.queue(Queue.Notifications), 'addBulk');
    const queries = jest.spyOn(dataSource, 'query');
    // How many messages each pipeline on the live connection published (district presence uses pipelines too).
    const publishedPerPipeline: number[] = [];
    const pipeline = liveRedis.pipeline.bind(liveRedis);
    const pipelines = jest.spyOn(liveRedis, 'pipeline').mockImplementation((...args) => {
      const created = pipeline(...args);
      const index = publishedPerPipeline.push(0) - 1;
      const publish = created.publish.bind(created);
      created.publish = ((...message: Parameters<typeof publish>) => {
        publishedPerPipeline[index]!++;
        return publish(...message);
      }) as typeof created.publish;
      return created;
    });
    const publishes = jest.spyOn(liveRedis, 'publish');
    try {
      await publisher.publish(commits);

      // The three incidents' pushes left in one pipeline: one write to Redis, not three.
      expect(publishedPerPipeline.filter((n) => n > 0)).toEqual([3]);
      expect(publishes).not.toHaveBeenCalled();

      expect(dispatchAdds).toHaveBeenCalledTimes(1);
      expect(dispatchAdds.mock.calls[0]![0]).toHaveLength(4);
      expect(notificationAdds).toHaveBeenCalledTimes(1);
      expect(notificationAdds.mock.calls[0]![0]).toHaveLength(1);
      const sql = queries.mock.calls.map(([text]) => text);
      expect(sql.filter((text) => text.includes('FROM incidents i'))).toHaveLength(1);
      expect(sql.filter((text) => text.startsWith('UPDATE outbox'))).toHaveLength(1);
      expect(sql).toHaveLength(2);
    } finally {
      dispatchAdds.mockRestore();
      notificationAdds.mockRestore();
      queries.mockRestore();
      pipelines.mockRestore();
      publishes.mockRestore();
    }

    // Every job is in Redis under its deterministic id, but the second press of `folded`: it
    // coalesced into the first, still waiting (coalescingKeyOf). The timer is there with its delay.
    const coalesced = commits[3]!.outbox[0]!;
    expect(await producer.queue(Queue.Dispatch).getJob(jobIdFor(coalesced.jobName, coalesced.id))).toBeUndefined();
    for (const entry of entries.filter((e) => e !== coalesced)) {
      const job = await producer.queue(entry.jobName === JobName.Notify ? Queue.Notifications : Queue.Dispatch).getJob(jobIdFor(entry.jobName, entry.id));
      expect(job?.data).toEqual({ ...entry.payload, outboxId: entry.id });
    }
    const timer = await producer.queue(Queue.Dispatch).getJob(jobIdFor(JobName.AckTimeout, commits[1]!.outbox[0]!.id));
    expect(timer?.opts.delay).toBeGreaterThan(dueIn - 5000);
    expect(timer?.opts.delay).toBeLessThanOrEqual(dueIn);
    expect(await timer?.getState()).toBe('delayed');

    const { rows } = await db.query<{ unpublished: string }>(
      'SELECT count(*) FILTER (WHERE published_at IS NULL) AS unpublished FROM outbox WHERE id = ANY($1::uuid[])',
      [entries.map((e) => e.id)],
    );
    expect(Number(rows[0]!.unpublished)).toBe(0);

    const deadline = Date.now() + 5000;
    while (listener.received.length < 3 && Date.now() < deadline) await sleep(25);
    // Anything more (a second push of one incident) would arrive within moments.
    await sleep(300);
    expect(listener.received.map((r) => [r.view.id, r.event]).sort()).toEqual(
      [
        [opened, ConsoleEvent.IncidentCreated],
        [timed, ConsoleEvent.IncidentUpdated],
        [folded, ConsoleEvent.IncidentUpdated],
      ].sort(),
    );
  });

  it('publishing the same commits again adds nothing new (deterministic job ids)', async () => {
    const incidentId = await newIncident('Again Liu');
    const commit: CommittedWrite = {
      outbox: await committed(outboxEntry(JobName.IncidentOpened, { incidentId }, { incidentId, lane: Lane.Alarm })),
      incidents: [{ id: incidentId, created: true }],
    };
    const before = await producer.queue(Queue.Dispatch).getJobCounts('waiting', 'delayed');
    await publisher.publish([commit]);
    const once = await producer.queue(Queue.Dispatch).getJobCounts('waiting', 'delayed');
    await publisher.publish([commit]);
    expect(await producer.queue(Queue.Dispatch).getJobCounts('waiting', 'delayed')).toEqual(once);
    expect(once.waiting).toBe(before.waiting + 1);
  });

  it('an empty batch reads and adds nothing', async () => {
    const queries = jest.spyOn(dataSource, 'query');
    try {
      await publisher.publish([{ outbox: [], incidents: [] }]);
      expect(queries).not.toHaveBeenCalled();
    } finally {
      queries.mockRestore();
    }
  });
});
