import { appendTimelines, dataSourceOptions } from '@app/database';
import { DispatchesRepository, IncidentsRepository, raiseVersions } from '@app/incidents';
import { randomUUID } from 'node:crypto';
import { DataSource, type QueryRunner } from 'typeorm';
import { NotificationsRepository } from '../../apps/dispatcher/src/notifications/notifications.repository';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';
import { createResidentWithDevice } from '../support/fixtures';

/**
 * The locks of a cascade writer (incident, then dispatch) and of the notifier (its notification
 * rows and timeline facts, which only point at the incident and the dispatch) do not wait for
 * each other. Before, the writers locked FOR UPDATE, which conflicts with the KEY SHARE locks the
 * notifier's foreign keys take: an answer or a timeout waited for an offer's send, and under load
 * the two deadlocked (the notifier, rolled back after its send, sent again).
 *
 * Each side runs in its own transaction on its own connection, with a lock timeout: a wait
 * fails the statement instead of hanging the test.
 */
describe('cascade writers and the notifier do not lock each other out', () => {
  let env: SuiteEnvironment;
  let dataSource: DataSource;
  const incidents = new IncidentsRepository();
  const dispatches = new DispatchesRepository();
  const notifications = new NotificationsRepository();

  beforeAll(async () => {
    env = await createSuiteEnvironment('cascade-locks');
    dataSource = await new DataSource(dataSourceOptions({ url: env.databaseUrl, poolSize: 4 })).initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await env?.destroy();
  });

  /** An incident with one offer waiting, as the cascade leaves it. */
  async function offerWaiting(): Promise<{ incidentId: string; dispatchId: string }> {
    const resident = await createResidentWithDevice(dataSource, env.config);
    const incidentId = randomUUID();
    const dispatchId = randomUUID();
    await dataSource.query(`INSERT INTO incidents (id, resident_id, device_serial, type, type_group) VALUES ($1, $2, $3, 'sos', 'emergency')`, [
      incidentId,
      resident.residentId,
      resident.serial,
    ]);
    const [responder] = await dataSource.query(
      `INSERT INTO responders (full_name, role, phone) VALUES ('王芳 Wang Fang', 'carer', '13800000000') RETURNING id`,
    );
    await dataSource.query(`INSERT INTO dispatches (id, incident_id, responder_id, role, expires_at) VALUES ($1, $2, $3, 'carer', now() + interval '60 s')`, [
      dispatchId,
      incidentId,
      responder.id,
    ]);
    return { incidentId, dispatchId };
  }

  async function openTransaction(): Promise<QueryRunner> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(`SET LOCAL lock_timeout = '2s'`);
    return runner;
  }

  const timelineFact = (incidentId: string, dispatchId: string) => ({
    incidentId,
    kind: 'notification_sent',
    data: { dispatchId, channel: 'socket' },
    dedupeKey: `notify-sent-${dispatchId}-socket-${randomUUID()}`,
  });

  it('an answer or a timeout locks an offer the notifier is sending, and the notifier records its fact while the writer holds the incident', async () => {
    const { incidentId, dispatchId } = await offerWaiting();
    const notifier = await openTransaction();
    const writer = await openTransaction();
    try {
      // The notifier claims the offer's row (its foreign key share-locks the dispatch) and is sending.
      expect((await notifications.claim(notifier.manager, [dispatchId], 'socket')).has(dispatchId)).toBe(true);

      // Meanwhile the offer's timeout (or its answer) locks the incident, then the dispatch.
      expect(await incidents.lock(writer.manager, incidentId)).toMatchObject({ id: incidentId });
      expect(await dispatches.lock(writer.manager, dispatchId)).toMatchObject({ id: dispatchId, status: 'offered' });

      // The notifier records the send on the timeline while the writer still holds both.
      expect(await appendTimelines(notifier.manager, [timelineFact(incidentId, dispatchId)])).toEqual([incidentId]);

      await notifier.commitTransaction();
      await writer.query(`UPDATE dispatches SET status = 'timed_out', responded_at = now() WHERE id = $1`, [dispatchId]);
      await writer.commitTransaction();
    } finally {
      if (notifier.isTransactionActive) await notifier.rollbackTransaction();
      if (writer.isTransactionActive) await writer.rollbackTransaction();
      await notifier.release();
      await writer.release();
    }
    const [row] = await dataSource.query(
      `SELECT d.status, n.status AS notification FROM dispatches d JOIN notifications n ON n.dispatch_id = d.id WHERE d.id = $1`,
      [dispatchId],
    );
    expect(row).toEqual({ status: 'timed_out', notification: 'pending' });
  });

  it('two writers of one incident still queue: the second waits for the first', async () => {
    const { incidentId } = await offerWaiting();
    const first = await openTransaction();
    const second = await openTransaction();
    try {
      await incidents.lock(first.manager, incidentId);
      await second.query(`SET LOCAL lock_timeout = '200ms'`);
      await expect(incidents.lock(second.manager, incidentId)).rejects.toThrow(/lock timeout/);
    } finally {
      await first.rollbackTransaction();
      await second.rollbackTransaction();
      await first.release();
      await second.release();
    }
  });

  it('a version raise of several incidents locks them in resident order, as a press batch does, so the two cannot deadlock', async () => {
    const [first, second] = (await Promise.all([createResidentWithDevice(dataSource, env.config), createResidentWithDevice(dataSource, env.config)])).sort(
      (a, b) => a.residentId.localeCompare(b.residentId),
    );
    // The first resident's incident has the higher id and the newer row: id order and table order both put it last.
    const later = `f${randomUUID().slice(1)}`;
    const earlier = `0${randomUUID().slice(1)}`;
    for (const [id, resident] of [
      [earlier, second!],
      [later, first!],
    ] as const) {
      await dataSource.query(`INSERT INTO incidents (id, resident_id, device_serial, type, type_group) VALUES ($1, $2, $3, 'sos', 'emergency')`, [
        id,
        resident.residentId,
        resident.serial,
      ]);
    }
    const batch = await openTransaction();
    try {
      // A press batch holds the first resident's incident and goes on to the second's, in resident order.
      await incidents.lock(batch.manager, later);
      const raised = raiseVersions(dataSource, [earlier, later]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The raise waits for the first without holding the second: the batch takes it (no deadlock, no lock timeout).
      expect(await incidents.lock(batch.manager, earlier)).toMatchObject({ id: earlier });
      await batch.commitTransaction();
      await raised;
    } finally {
      if (batch.isTransactionActive) await batch.rollbackTransaction();
      await batch.release();
    }
    const rows: { version: number }[] = await dataSource.query(`SELECT version FROM incidents WHERE id = ANY($1::uuid[])`, [[earlier, later]]);
    expect(rows.map((r) => r.version)).toEqual([2, 2]);
  });
});
