import { ConsoleEvent, DISPATCH_STATUSES, JobName } from '@app/contracts';
import { holdsCascade } from '@app/domain';
import { Metrics } from '@app/observability';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createIngestApp } from '../../apps/ingest/src/app';
import type { IntakeDevice, IntakePress } from '../../apps/ingest/src/intake/intake-press';
import { PressIntake, PressNotStored } from '../../apps/ingest/src/intake/press-intake';
import { type ConsoleListener, listenAsConsole } from '../support/console-listener';
import { eventually } from '../support/dispatch-world';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';
import { createResidentWithDevice, type ResidentWithDevice } from '../support/fixtures';
import { sendSigned } from '../support/handset';
import { startTcpProxy, type TcpProxy, throughProxy } from '../support/tcp-proxy';

/**
 * Group commit in ingest's press intake, against real Postgres and Redis: presses that arrive
 * together are stored by one statement and each gets its own answer after that commit; what
 * Postgres stores for them is what the same presses one after the other would store.
 * Presses handed to `PressIntake.accept` in one tick form one batch (the HTTP and TCP paths both
 * call it); the batch-size histogram shows how many statements stored them.
 */
describe('ingest: group commit of presses', () => {
  let env: SuiteEnvironment;
  let app: NestFastifyApplication;
  let db: DataSource;
  let intake: PressIntake;
  let metrics: Metrics;
  let consoleListener: ConsoleListener;

  beforeAll(async () => {
    env = await createSuiteEnvironment('group-commit');
    app = await createIngestApp(env.config);
    await app.listen(0, '127.0.0.1');
    db = app.get(DataSource);
    intake = app.get(PressIntake);
    metrics = app.get(Metrics);
    consoleListener = await listenAsConsole(env.redisUrl, env.redisPrefix);
  });

  afterAll(async () => {
    await consoleListener?.close();
    await app?.close();
    await env?.destroy();
  });

  const deviceOf = (r: ResidentWithDevice): IntakeDevice => ({ serial: r.serial, residentId: r.residentId, clockSkewMs: 0 });
  const sos = (eventId = `ev-${randomUUID()}`): IntakePress => ({ eventId, type: 'sos' });

  /** Batches stored so far and the presses they held, from `heartkey_alarm_batch_size`. */
  async function batches(): Promise<{ statements: number; presses: number }> {
    const values: { metricName?: string; value: number }[] = (await metrics.registry.getSingleMetric('heartkey_alarm_batch_size')!.get()).values;
    const pick = (suffix: string) => values.find((v) => v.metricName === `heartkey_alarm_batch_size_${suffix}`)?.value ?? 0;
    return { statements: pick('count'), presses: pick('sum') };
  }

  /** Statements the batches needed, from `heartkey_alarm_batch_rounds`. */
  async function rounds(): Promise<number> {
    const values: { metricName?: string; value: number }[] = (await metrics.registry.getSingleMetric('heartkey_alarm_batch_rounds')!.get()).values;
    return values.find((v) => v.metricName === 'heartkey_alarm_batch_rounds_sum')?.value ?? 0;
  }

  /** Statements of many presses that failed and were retried press by press. */
  async function retriedAlone(): Promise<number> {
    return (await metrics.registry.getSingleMetric('heartkey_alarm_batch_retried_alone_total')!.get()).values[0]?.value ?? 0;
  }

  async function count(table: string, where: string, params: unknown[]): Promise<number> {
    const [row] = await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
    return row.n;
  }

  it("runs on sessions that keep each statement's generic plan (a batch of two presses is not planned again)", async () => {
    expect(await db.query('SHOW plan_cache_mode')).toEqual([{ plan_cache_mode: 'force_generic_plan' }]);
  });

  it('stores a lone press in a batch of its own, at once', async () => {
    const resident = await createResidentWithDevice(db, env.config);
    const before = await batches();
    const answer = await intake.accept(deviceOf(resident), sos());
    expect(answer.duplicate).toBe(false);
    expect(await batches()).toEqual({ statements: before.statements + 1, presses: before.presses + 1 });
  });

  it('stores presses of many residents that arrive together in one statement, each with its own incident, outbox row and console push', async () => {
    const residents = await Promise.all(Array.from({ length: 30 }, () => createResidentWithDevice(db, env.config)));
    const [before, roundsBefore] = [await batches(), await rounds()];
    const answers = await Promise.all(residents.map((r) => intake.accept(deviceOf(r), sos())));
    expect(await batches()).toEqual({ statements: before.statements + 1, presses: before.presses + 30 });
    expect(await rounds()).toBe(roundsBefore + 1);

    expect(answers.every((a) => !a.duplicate)).toBe(true);
    const incidentIds = answers.map((a) => a.incidentId);
    expect(new Set(incidentIds).size).toBe(30);
    const rows: { resident_id: string; id: string; press_count: number }[] = await db.query(
      'SELECT resident_id, id, press_count FROM incidents WHERE id = ANY($1::uuid[])',
      [incidentIds],
    );
    // Each answer names its own resident's incident.
    expect(new Map(rows.map((r) => [r.id, r.resident_id]))).toEqual(new Map(answers.map((a, i) => [a.incidentId, residents[i]!.residentId])));
    expect(rows.every((r) => r.press_count === 1)).toBe(true);
    expect(await count('outbox', 'incident_id = ANY($1::uuid[]) AND job_name = $2', [incidentIds, JobName.IncidentOpened])).toBe(30);
    expect(await count('incident_events', `incident_id = ANY($1::uuid[]) AND kind = 'press'`, [incidentIds])).toBe(30);
    expect(await count('devices', 'serial = ANY($1::text[]) AND last_heard_at IS NOT NULL', [residents.map((r) => r.serial)])).toBe(30);

    // The batch's fan-out: every incident pushed to consoles, every outbox row enqueued.
    await eventually(
      () => incidentIds.every((id) => consoleListener.received.some((e) => e.event === ConsoleEvent.IncidentCreated && e.view.id === id)),
      10_000,
    );
    await eventually(async () => (await count('outbox', 'incident_id = ANY($1::uuid[]) AND published_at IS NULL', [incidentIds])) === 0, 10_000);
  });

  it('stores the same (device, eventId) twice in one batch once: both get the same ids, the second is the duplicate', async () => {
    const resident = await createResidentWithDevice(db, env.config);
    const press = sos();
    const before = await batches();
    const [first, second] = await Promise.all([intake.accept(deviceOf(resident), press), intake.accept(deviceOf(resident), press)]);
    expect(await batches()).toEqual({ statements: before.statements + 1, presses: before.presses + 2 });

    expect(first).toEqual({ incidentId: expect.any(String), alarmId: expect.any(String), duplicate: false });
    expect(second).toEqual({ ...first, duplicate: true });
    expect(await count('alarms', 'device_serial = $1', [resident.serial])).toBe(1);
    expect(await count('outbox', 'incident_id = $1', [first!.incidentId])).toBe(1);
  });

  it('answers a repeat of an earlier press inside a batch with the first ids, and stores the new presses beside it', async () => {
    const [resident, other] = [await createResidentWithDevice(db, env.config), await createResidentWithDevice(db, env.config)];
    const press = sos();
    const earlier = await intake.accept(deviceOf(resident), press);
    const [repeat, fresh] = await Promise.all([intake.accept(deviceOf(resident), press), intake.accept(deviceOf(other), sos())]);
    expect(repeat).toEqual({ ...earlier, duplicate: true });
    expect(fresh!.duplicate).toBe(false);
    expect(await count('alarms', 'device_serial = $1', [resident.serial])).toBe(1);
  });

  it('folds two presses of one resident in one batch into one incident, as two presses one after the other', async () => {
    const resident = await createResidentWithDevice(db, env.config);
    const retriedBefore = await retriedAlone();
    const [batchesBefore, roundsBefore] = [await batches(), await rounds()];
    const [first, second] = await Promise.all([intake.accept(deviceOf(resident), sos()), intake.accept(deviceOf(resident), { ...sos(), type: 'fall' })]);
    // One batch, two statements: the second press waits for the first one's round.
    expect((await batches()).statements).toBe(batchesBefore.statements + 1);
    expect(await rounds()).toBe(roundsBefore + 2);
    expect(first!.incidentId).toBe(second!.incidentId);
    expect(first!.alarmId).not.toBe(second!.alarmId);
    expect([first!.duplicate, second!.duplicate]).toEqual([false, false]);

    const [incident] = await db.query('SELECT press_count, version FROM incidents WHERE resident_id = $1', [resident.residentId]);
    expect(incident).toEqual({ press_count: 2, version: 2 });
    const jobs: { job_name: string }[] = await db.query('SELECT job_name FROM outbox WHERE incident_id = $1 ORDER BY created_at', [first!.incidentId]);
    expect(jobs.map((j) => j.job_name).sort()).toEqual([JobName.IncidentOpened, JobName.IncidentPressed].sort());
    const counts: { n: string }[] = await db.query(
      `SELECT data->>'pressCount' AS n FROM incident_events WHERE incident_id = $1 AND kind = 'press' ORDER BY (data->>'pressCount')::int`,
      [first!.incidentId],
    );
    expect(counts.map((c) => Number(c.n))).toEqual([1, 2]);
    // In two rounds of the batch, not through a failed statement retried press by press.
    expect(await retriedAlone()).toBe(retriedBefore);
  });

  it("asks the cascade to look again for a press that joins an open emergency only when no offer holds the cascade (the domain's holdsCascade, every status, by hand or not)", async () => {
    const cases = DISPATCH_STATUSES.flatMap((status) => [false, true].map((manual) => ({ status, manual })));
    const asked = await Promise.all(
      cases.map(async ({ status, manual }) => {
        const resident = await createResidentWithDevice(db, env.config);
        const opened = await intake.accept(deviceOf(resident), sos());
        await db.query(
          `INSERT INTO dispatches (incident_id, responder_id, role, status, manual, expires_at) VALUES ($1, $2, 'carer', $3, $4, now() + interval '1 minute')`,
          [opened.incidentId, resident.careTeam.carer!.id, status, manual],
        );
        const folded = await intake.accept(deviceOf(resident), { ...sos(), type: 'fall' });
        expect(folded.incidentId).toBe(opened.incidentId);
        return count('outbox', 'incident_id = $1 AND job_name = $2', [opened.incidentId, JobName.IncidentPressed]);
      }),
    );
    const expected = cases.map((offer) => (holdsCascade(offer) ? 0 : 1));
    expect(asked).toEqual(expected);
    // Both kinds occur: an offer waiting or taken holds the cascade, an ended one does not.
    expect(new Set(expected)).toEqual(new Set([0, 1]));
  });

  it('asks nothing of the dispatcher for a press that joins an open technical incident (no cascade to look at)', async () => {
    const resident = await createResidentWithDevice(db, env.config);
    const lowBattery = (): IntakePress => ({ eventId: `ev-${randomUUID()}`, type: 'low_battery', batteryPct: 9 });
    const opened = await intake.accept(deviceOf(resident), lowBattery());
    const folded = await intake.accept(deviceOf(resident), lowBattery());
    expect(folded.incidentId).toBe(opened.incidentId);
    const jobs: { job_name: string }[] = await db.query('SELECT job_name FROM outbox WHERE incident_id = $1', [opened.incidentId]);
    expect(jobs.map((j) => j.job_name)).toEqual([JobName.IncidentOpened]);
    // The press is still on the timeline and pushed to consoles.
    expect(await count('incident_events', `incident_id = $1 AND kind = 'press'`, [opened.incidentId])).toBe(2);
    await eventually(
      () => consoleListener.received.some((e) => e.event === ConsoleEvent.IncidentUpdated && e.view.id === opened.incidentId && e.view.pressCount === 2),
      10_000,
    );
  });

  it('fails only the press Postgres refuses, not the others of its batch', async () => {
    const residents = await Promise.all(Array.from({ length: 3 }, () => createResidentWithDevice(db, env.config)));
    const retriedBefore = await retriedAlone();
    // A time Postgres cannot read: the HTTP schema would refuse it; here it stands for any row the statement fails on.
    const outcomes = await Promise.allSettled([
      intake.accept(deviceOf(residents[0]!), sos()),
      intake.accept(deviceOf(residents[1]!), { ...sos(), occurredAt: 'not a time' }),
      intake.accept(deviceOf(residents[2]!), sos()),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await retriedAlone()).toBe(retriedBefore + 1);
    expect(await count('alarms', 'device_serial = ANY($1::text[])', [residents.map((r) => r.serial)])).toBe(2);
    expect(await count('alarms', 'device_serial = $1', [residents[1]!.serial])).toBe(0);
  });

  describe('when Postgres is away', () => {
    let proxy: TcpProxy;
    let cutApp: NestFastifyApplication;

    beforeAll(async () => {
      proxy = await startTcpProxy(Number(new URL(env.databaseUrl).port || 5432), new URL(env.databaseUrl).hostname);
      cutApp = await createIngestApp(env.configWith({ DATABASE_URL: throughProxy(env.databaseUrl, proxy) }));
      await cutApp.listen(0, '127.0.0.1');
    });

    afterAll(async () => {
      proxy?.restore();
      await cutApp?.close();
      await proxy?.close();
    });

    it('gives every press of the batch PressNotStored (503 over HTTP), and stores none of them', async () => {
      const residents = await Promise.all(Array.from({ length: 4 }, () => createResidentWithDevice(db, env.config)));
      const cutIntake = cutApp.get(PressIntake);
      proxy.cut();
      const outcomes = await Promise.allSettled(residents.map((r) => cutIntake.accept(deviceOf(r), sos())));
      expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof PressNotStored)).toBe(true);

      // Over HTTP: the guard's lookup or the batch fails; either way every handset is told to retry.
      const baseUrl = await cutApp.getUrl();
      const answers = await Promise.all(
        residents.map((r) =>
          sendSigned({ baseUrl, serial: r.serial, secret: r.secret, path: '/v1/alarms', body: { eventId: `ev-${randomUUID()}`, type: 'sos' } }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual([503, 503, 503, 503]);
      proxy.restore();
      expect(await count('alarms', 'device_serial = ANY($1::text[])', [residents.map((r) => r.serial)])).toBe(0);
    });
  });
});
