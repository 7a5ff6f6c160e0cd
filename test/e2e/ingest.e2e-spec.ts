import { type AlarmAccepted, ConsoleEvent, HANDSET_BODY_LIMIT_BYTES, HandsetHeader, jobIdFor, JobName, Queue as QueueName } from '@app/contracts';
import { bullPrefix } from '@app/queues';
import { redisConnectionOptions } from '@app/redis';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ConnectionOptions, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createIngestApp } from '../../apps/ingest/src/app';
import { type ConsoleListener, listenAsConsole, type ReceivedIncident } from '../support/console-listener';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';
import { createResidentWithDevice, type ResidentWithDevice } from '../support/fixtures';
import { type HandsetResponse, sendSigned, signedHeaders } from '../support/handset';
import { startTcpProxy, type TcpProxy, throughProxy } from '../support/tcp-proxy';

/**
 * The handset gateway against real Postgres and Redis: what a press stores and sends, every
 * refusal, clocks, heartbeats, a Postgres outage and concurrent presses (docs/architecture.md, 'Handset API').
 */
describe('ingest: the handset gateway', () => {
  let env: SuiteEnvironment;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let db: DataSource;
  let queue: Queue;
  let consoleListener: ConsoleListener;
  /** Every live event a console received, in order. */
  let received: ReceivedIncident[];

  beforeAll(async () => {
    env = await createSuiteEnvironment('ingest');
    app = await createIngestApp(env.config);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    db = app.get(DataSource);
    queue = new Queue(QueueName.Dispatch, {
      connection: redisConnectionOptions(env.redisUrl, 'command') as ConnectionOptions,
      prefix: bullPrefix(env.redisPrefix),
    });
    consoleListener = await listenAsConsole(env.redisUrl, env.redisPrefix);
    received = consoleListener.received;
  });

  afterAll(async () => {
    await consoleListener?.close();
    await queue?.close();
    await app?.close();
    await env?.destroy();
  });

  async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what = 'condition', timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  function press(
    device: ResidentWithDevice,
    body: object | string,
    { url = baseUrl, ...options }: { timestamp?: number; headers?: Record<string, string | undefined>; url?: string } = {},
  ): Promise<HandsetResponse<any>> {
    return sendSigned({ baseUrl: url, serial: device.serial, secret: device.secret, path: '/v1/alarms', body, ...options });
  }

  function heartbeat(device: ResidentWithDevice, body: object, timestamp?: number): Promise<HandsetResponse<any>> {
    return sendSigned({ baseUrl, serial: device.serial, secret: device.secret, path: '/v1/heartbeats', body, timestamp });
  }

  async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
    const [row] = await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
    return row.n;
  }

  const newEventId = () => `ev-${randomUUID()}`;
  const sos = (eventId = newEventId()) => ({ eventId, type: 'sos', batteryPct: 80, location: { lat: 35.42, lng: 119.52, accuracyM: 30 } });

  describe('a press', () => {
    let resident: ResidentWithDevice;
    let first: AlarmAccepted;
    const firstEventId = newEventId();

    beforeAll(async () => {
      resident = await createResidentWithDevice(db, env.config);
    });

    it('is answered 202 with ids once alarm, incident, timeline entry and outbox row are stored', async () => {
      const res = await press(resident, { ...sos(firstEventId), occurredAt: new Date().toISOString() });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ incidentId: expect.any(String), alarmId: expect.any(String), duplicate: false });
      first = res.body;

      const [alarm] = await db.query('SELECT device_serial, event_id, type, battery_pct FROM alarms WHERE id = $1', [first.alarmId]);
      expect(alarm).toEqual({ device_serial: resident.serial, event_id: firstEventId, type: 'sos', battery_pct: 80 });
      const [incident] = await db.query('SELECT resident_id, type, type_group, status, press_count, location FROM incidents WHERE id = $1', [first.incidentId]);
      expect(incident).toEqual({
        resident_id: resident.residentId,
        type: 'sos',
        type_group: 'emergency',
        status: 'open',
        press_count: 1,
        location: { lat: 35.42, lng: 119.52, accuracyM: 30 },
      });
      const timeline = await db.query('SELECT kind, data, alarm_id FROM incident_events WHERE incident_id = $1', [first.incidentId]);
      expect(timeline).toEqual([
        {
          kind: 'press',
          alarm_id: first.alarmId,
          data: expect.objectContaining({ type: 'sos', eventId: firstEventId, pressCount: 1, batteryPct: 80, location: incident.location }),
        },
      ]);
      expect(timeline[0].data).not.toHaveProperty('clockSkewMs');
      const outbox = await db.query('SELECT id, job_name FROM outbox WHERE incident_id = $1', [first.incidentId]);
      expect(outbox).toEqual([{ id: expect.any(String), job_name: JobName.IncidentOpened }]);
      const [device] = await db.query('SELECT battery_pct, last_heard_at FROM devices WHERE serial = $1', [resident.serial]);
      expect(device.battery_pct).toBe(80);
      expect(device.last_heard_at).toBeInstanceOf(Date);
    });

    it('puts a dispatch job in the queue and marks its outbox row published', async () => {
      const [outbox] = await db.query('SELECT id FROM outbox WHERE incident_id = $1', [first.incidentId]);
      const job = await waitFor(() => queue.getJob(jobIdFor(JobName.IncidentOpened, outbox.id)), 'the dispatch job');
      expect(job.name).toBe(JobName.IncidentOpened);
      expect(job.data).toEqual({ incidentId: first.incidentId, outboxId: outbox.id });
      await waitFor(async () => (await count('outbox', 'id = $1 AND published_at IS NOT NULL', [outbox.id])) === 1, 'the outbox row published');
    });

    it('reaches a console through Redis as incident.created with the whole IncidentView', async () => {
      const created = await waitFor(() => received.find((r) => r.view.id === first.incidentId), 'incident.created');
      expect(created.event).toBe(ConsoleEvent.IncidentCreated);
      expect(created.view).toMatchObject({
        id: first.incidentId,
        type: 'sos',
        status: 'open',
        pressCount: 1,
        resident: {
          id: resident.residentId,
          fullName: resident.fullName,
          age: expect.any(Number),
          address: expect.any(String),
          medicalHistory: expect.arrayContaining(['hypertension']),
          allergies: ['penicillin'],
          emergencyContacts: [expect.objectContaining({ relation: 'son' })],
          accessNotes: expect.any(String),
        },
        careTeam: {
          carer: { id: resident.careTeam.carer!.id, fullName: resident.careTeam.carer!.fullName, role: 'carer', phone: expect.any(String) },
          cadre: expect.objectContaining({ id: resident.careTeam.cadre!.id }),
          doctor: expect.objectContaining({ id: resident.careTeam.doctor!.id }),
        },
        device: { serial: resident.serial, batteryPct: 80 },
        location: { lat: 35.42, lng: 119.52, accuracyM: 30 },
      });
    });

    it('sent again with the same eventId is answered 200 with the same ids and creates nothing', async () => {
      const before = await Promise.all(['alarms', 'incidents', 'incident_events', 'outbox'].map((t) => count(t)));
      const jobsBefore = await queue.getJobCountByTypes('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized');
      const res = await press(resident, sos(firstEventId));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ incidentId: first.incidentId, alarmId: first.alarmId, duplicate: true });
      expect(await Promise.all(['alarms', 'incidents', 'incident_events', 'outbox'].map((t) => count(t)))).toEqual(before);
      expect(await queue.getJobCountByTypes('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized')).toBe(jobsBefore);
      expect(await count('incidents', 'id = $1 AND press_count = 1', [first.incidentId])).toBe(1);
    });

    it('with a new eventId joins the open incident and is pushed as incident.updated', async () => {
      const res = await press(resident, { eventId: newEventId(), type: 'fall' });
      expect(res.status).toBe(202);
      expect(res.body.incidentId).toBe(first.incidentId);
      expect(res.body.alarmId).not.toBe(first.alarmId);
      const [incident] = await db.query('SELECT press_count, type, location FROM incidents WHERE id = $1', [first.incidentId]);
      // The first press's location stays when a later press carries none.
      expect(incident).toEqual({ press_count: 2, type: 'sos', location: { lat: 35.42, lng: 119.52, accuracyM: 30 } });
      expect(await count('outbox', 'incident_id = $1 AND job_name = $2', [first.incidentId, JobName.IncidentPressed])).toBe(1);

      const updated = await waitFor(() => received.find((r) => r.view.id === first.incidentId && r.view.pressCount === 2), 'incident.updated');
      expect(updated.event).toBe(ConsoleEvent.IncidentUpdated);
      expect(updated.view.resident.fullName).toBe(resident.fullName);
      const events = received.filter((r) => r.view.id === first.incidentId).map((r) => r.event);
      expect(events).toEqual([ConsoleEvent.IncidentCreated, ConsoleEvent.IncidentUpdated]);
    });

    it('of a technical type opens its own incident beside the open emergency', async () => {
      const res = await press(resident, { eventId: newEventId(), type: 'low_battery', batteryPct: 12 });
      expect(res.status).toBe(202);
      expect(res.body.incidentId).not.toBe(first.incidentId);
      const [incident] = await db.query('SELECT type, type_group, press_count FROM incidents WHERE id = $1', [res.body.incidentId]);
      expect(incident).toEqual({ type: 'low_battery', type_group: 'low_battery', press_count: 1 });
    });
  });

  describe('refusals', () => {
    let resident: ResidentWithDevice;
    let disabled: ResidentWithDevice;
    let alarmsBefore: number;

    beforeAll(async () => {
      resident = await createResidentWithDevice(db, env.config);
      disabled = await createResidentWithDevice(db, env.config, { deviceEnabled: false });
      alarmsBefore = await count('alarms');
    });

    afterAll(async () => {
      // Nothing any refusal touched was stored.
      expect(await count('alarms')).toBe(alarmsBefore);
      expect(await count('incidents', 'resident_id = ANY($1)', [[resident.residentId, disabled.residentId]])).toBe(0);
    });

    const expectRefusal = (res: HandsetResponse<any>, status: number) => {
      expect(res.status).toBe(status);
      expect(res.body).toEqual(expect.objectContaining({ statusCode: status, error: expect.any(String), message: expect.anything() }));
      expect(res.headers.get('date')).toBeTruthy();
    };

    it('refuses an unknown device with 401', async () => {
      const stranger: ResidentWithDevice = { ...resident, serial: 'HK-NOT-PROVISIONED' };
      expectRefusal(await press(stranger, sos()), 401);
    });

    it('refuses a disabled device with 401, even correctly signed', async () => {
      expectRefusal(await press(disabled, sos()), 401);
    });

    it('refuses a device provisioned for a TCP protocol with 401, even correctly signed: only http handsets use this API', async () => {
      const other = await createResidentWithDevice(db, env.config);
      // As if the handset had been switched to the watch protocol: it keeps an old secret, which no longer counts.
      await db.query(`UPDATE devices SET protocol = 'watch' WHERE serial = $1`, [other.serial]);
      expectRefusal(await press(other, sos()), 401);
      expectRefusal(await heartbeat(other, { batteryPct: 80 }), 401);
      expect(await count('incidents', 'resident_id = $1', [other.residentId])).toBe(0);
    });

    it('gives the same answer for an unknown device, a disabled one and a bad signature', async () => {
      const answers = await Promise.all([
        press({ ...resident, serial: 'HK-NOT-PROVISIONED' }, sos()),
        press(disabled, sos()),
        press({ ...resident, secret: disabled.secret }, sos()),
      ]);
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    });

    it.each([
      ['a changed body byte', (body: string, ts: number, d: ResidentWithDevice) => signedHeaders(d.serial, d.secret, body.replace('"sos"', '"sOs"'), ts)],
      [
        'a changed timestamp',
        (body: string, ts: number, d: ResidentWithDevice) => ({ ...signedHeaders(d.serial, d.secret, body, ts), [HandsetHeader.Timestamp]: String(ts + 1) }),
      ],
      [
        'a changed signature byte',
        (body: string, ts: number, d: ResidentWithDevice) => {
          const headers = signedHeaders(d.serial, d.secret, body, ts);
          const signature = headers[HandsetHeader.Signature]!;
          return { ...headers, [HandsetHeader.Signature]: (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1) };
        },
      ],
      [
        'an upper-case signature',
        (body: string, ts: number, d: ResidentWithDevice) => {
          const headers = signedHeaders(d.serial, d.secret, body, ts);
          return { ...headers, [HandsetHeader.Signature]: headers[HandsetHeader.Signature]!.toUpperCase() };
        },
      ],
      ["another device's secret", (body: string, ts: number, d: ResidentWithDevice) => signedHeaders(d.serial, disabled.secret, body, ts)],
      [
        'a signature that is not hex',
        (body: string, ts: number, d: ResidentWithDevice) => ({ ...signedHeaders(d.serial, d.secret, body, ts), [HandsetHeader.Signature]: 'not-a-signature' }),
      ],
    ])('refuses %s with 401', async (_case, headersFor) => {
      const body = JSON.stringify(sos());
      const ts = Date.now();
      expectRefusal(await press(resident, body, { timestamp: ts, headers: headersFor(body, ts, resident) }), 401);
    });

    it.each([HandsetHeader.DeviceId, HandsetHeader.Timestamp, HandsetHeader.Signature])('refuses a request without %s with 401', async (header) => {
      expectRefusal(await press(resident, sos(), { headers: { [header]: undefined } }), 401);
    });

    it.each(['1e12', '-5', 'yesterday', ''])('refuses a malformed X-Timestamp %p with 401', async (timestamp) => {
      const body = JSON.stringify(sos());
      expectRefusal(await press(resident, body, { headers: { ...signedHeaders(resident.serial, resident.secret, body, timestamp) } }), 401);
    });

    it('checks the signature before the body: an unsigned invalid body is 401, not 400', async () => {
      expectRefusal(await press(resident, { eventId: 'has spaces', type: 'panic' }, { headers: { [HandsetHeader.Signature]: '0'.repeat(64) } }), 401);
    });

    it.each([
      ['malformed JSON', '{"eventId": "e1", "type": "sos"'],
      ['an unknown field', { ...sos(), colour: 'red' }],
      ['an unknown field in the location', { ...sos(), location: { lat: 1, lng: 2, altitude: 3 } }],
      ['an eventId with spaces', sos('has spaces')],
      ['an eventId of 65 characters', sos('e'.repeat(65))],
      ['an empty eventId', sos('')],
      ['no eventId', { type: 'sos' }],
      ['an unknown type', { eventId: newEventId(), type: 'panic' }],
      ['no type', { eventId: newEventId() }],
      ['batteryPct 101', { ...sos(), batteryPct: 101 }],
      ['batteryPct -1', { ...sos(), batteryPct: -1 }],
      ['lat 91', { ...sos(), location: { lat: 91, lng: 0 } }],
      ['lng -181', { ...sos(), location: { lat: 0, lng: -181 } }],
      ['an occurredAt that is not a date', { ...sos(), occurredAt: 'this morning' }],
      ['a JSON array', '[]'],
      ['JSON null', 'null'],
    ])('refuses %s with 400', async (_case, body) => {
      expectRefusal(await press(resident, body), 400);
    });

    it(`refuses a body over ${HANDSET_BODY_LIMIT_BYTES} bytes with 413`, async () => {
      const body = JSON.stringify({ ...sos(), padding: 'x'.repeat(HANDSET_BODY_LIMIT_BYTES) });
      expectRefusal(await press(resident, body), 413);
    });

    it('refuses a body that is not JSON with a 4xx', async () => {
      for (const contentType of ['text/plain', 'application/xml']) {
        const res = await press(resident, JSON.stringify(sos()), { headers: { 'content-type': contentType } });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
    });
  });

  describe('handset clocks', () => {
    let resident: ResidentWithDevice;
    const hour = 3_600_000;

    beforeAll(async () => {
      resident = await createResidentWithDevice(db, env.config);
    });

    it.each([
      ['behind', -hour],
      ['ahead', +hour],
    ])('accepts an alarm from a clock an hour %s and records the skew', async (_case, offset) => {
      const res = await press(resident, sos(), { timestamp: Date.now() + offset });
      expect(res.status).toBe(202);
      const [entry] = await db.query('SELECT data FROM incident_events WHERE alarm_id = $1', [res.body.alarmId]);
      // Skew is server time minus handset time.
      expect(Math.abs(entry.data.clockSkewMs + offset)).toBeLessThan(10_000);
      const [alarm] = await db.query('SELECT clock_skew_ms FROM alarms WHERE id = $1', [res.body.alarmId]);
      expect(Math.abs(Number(alarm.clock_skew_ms) + offset)).toBeLessThan(10_000);
    });

    it('refuses a heartbeat from a clock an hour off with 401', async () => {
      const behind = await heartbeat(resident, { batteryPct: 50 }, Date.now() - hour);
      const ahead = await heartbeat(resident, { batteryPct: 50 }, Date.now() + hour);
      expect([behind.status, ahead.status]).toEqual([401, 401]);
      expect(await count('devices', 'serial = $1 AND last_heartbeat_at IS NOT NULL', [resident.serial])).toBe(0);
    });
  });

  describe('heartbeats', () => {
    let resident: ResidentWithDevice;

    beforeAll(async () => {
      resident = await createResidentWithDevice(db, env.config);
    });

    it('are answered 204 and store battery and signal', async () => {
      const res = await heartbeat(resident, { batteryPct: 64, signalDbm: -71.5 });
      expect(res.status).toBe(204);
      expect(res.headers.get('date')).toBeTruthy();
      const [device] = await db.query('SELECT battery_pct, signal_dbm, last_heard_at, last_heartbeat_at FROM devices WHERE serial = $1', [resident.serial]);
      expect(device).toEqual({ battery_pct: 64, signal_dbm: -71.5, last_heard_at: expect.any(Date), last_heartbeat_at: expect.any(Date) });
    });

    it('sent again at once is refused with 429 and not stored', async () => {
      const res = await heartbeat(resident, { batteryPct: 63 });
      expect(res.status).toBe(429);
      expect(res.body).toEqual(expect.objectContaining({ statusCode: 429 }));
      expect(await count('devices', 'serial = $1 AND battery_pct = 64', [resident.serial])).toBe(1);
    });

    it('throttle one device without throttling another', async () => {
      const other = await createResidentWithDevice(db, env.config);
      expect((await heartbeat(other, {})).status).toBe(204);
    });

    it('refuse unknown fields with 400', async () => {
      const other = await createResidentWithDevice(db, env.config);
      expect((await heartbeat(other, { batteryPct: 50, temperature: 20 })).status).toBe(400);
    });

    it('from many devices at once are written together: what arrives while a write runs is the next statement', async () => {
      const devices = await Promise.all(Array.from({ length: 40 }, () => createResidentWithDevice(db, env.config)));
      // Hold the first device's row, so the first write waits in Postgres while the others arrive.
      const holder = db.createQueryRunner();
      await holder.startTransaction();
      await holder.query('SELECT 1 FROM devices WHERE serial = $1 FOR UPDATE', [devices[0]!.serial]);
      const first = heartbeat(devices[0]!, { batteryPct: 50 });
      await waitFor(async () => {
        const [row]: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`);
        return row!.n > 0;
      }, 'the first write waiting for the row');
      const rest = devices.slice(1).map((d, i) => heartbeat(d, { batteryPct: 51 + i }));
      // None of the rest can be written while the first write waits: give them time to arrive, then let it go.
      await new Promise((r) => setTimeout(r, 500));
      await holder.rollbackTransaction();
      await holder.release();
      const answers = await Promise.all([first, ...rest]);
      expect(answers.map((a) => a.status)).toEqual(devices.map(() => 204));
      // now() is the statement's time: the first write and, behind it, the rest together (one
      // write per heartbeat would give forty distinct times).
      const rows: { battery_pct: number; at: string }[] = await db.query(
        'SELECT battery_pct, last_heartbeat_at::text AS at FROM devices WHERE serial = ANY($1::text[]) ORDER BY battery_pct',
        [devices.map((d) => d.serial)],
      );
      expect(rows.map((r) => r.battery_pct)).toEqual(devices.map((_, i) => 50 + i));
      expect(new Set(rows.map((r) => r.at)).size).toBeLessThanOrEqual(3);
    });

    it('do not throttle alarms: presses right after a heartbeat are all accepted', async () => {
      const answers = await Promise.all(Array.from({ length: 5 }, () => press(resident, sos())));
      expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    });
  });

  it('puts the server time in the Date header of every answer to a handset', async () => {
    const resident = await createResidentWithDevice(db, env.config);
    const answers = [
      await press(resident, sos()),
      await press(resident, { eventId: 'x', type: 'panic' }),
      await press({ ...resident, secret: 'wrong' }, sos()),
      await heartbeat(resident, {}),
    ];
    for (const answer of answers) {
      const date = Date.parse(answer.headers.get('date') ?? '');
      expect(Math.abs(date - Date.now())).toBeLessThan(5_000);
    }
  });

  describe('when Postgres is unreachable', () => {
    let proxy: TcpProxy;
    let cutApp: NestFastifyApplication;
    let cutUrl: string;
    let resident: ResidentWithDevice;

    beforeAll(async () => {
      proxy = await startTcpProxy(Number(new URL(env.databaseUrl).port || 5432), new URL(env.databaseUrl).hostname);
      cutApp = await createIngestApp(env.configWith({ DATABASE_URL: throughProxy(env.databaseUrl, proxy) }));
      await cutApp.listen(0, '127.0.0.1');
      cutUrl = await cutApp.getUrl();
      resident = await createResidentWithDevice(db, env.config);
    });

    afterAll(async () => {
      proxy?.restore();
      await cutApp?.close();
      await proxy?.close();
    });

    it('answers 503 with Retry-After within seconds, and the retry is stored once Postgres is back', async () => {
      const eventId = newEventId();
      expect((await press(resident, sos(newEventId()), { url: cutUrl })).status).toBe(202);

      proxy.cut();
      proxy.resetAll();
      const started = Date.now();
      const refused = await press(resident, sos(eventId), { url: cutUrl });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body).toEqual(expect.objectContaining({ statusCode: 503, error: 'Service Unavailable' }));
      const ready = await fetch(`${cutUrl}/health/ready`);
      expect(ready.status).toBe(503);

      proxy.restore();
      const retried = await waitFor(
        async () => {
          const res = await press(resident, sos(eventId), { url: cutUrl });
          expect([202, 503]).toContain(res.status);
          return res.status === 202 ? res : undefined;
        },
        'the retry to be stored',
        15_000,
      );
      expect(retried.body.duplicate).toBe(false);
      expect(await count('alarms', 'device_serial = $1 AND event_id = $2', [resident.serial, eventId])).toBe(1);
    });

    it('answers a heartbeat with 503 and Retry-After too, and lets its retry through once Postgres is back', async () => {
      const device = await createResidentWithDevice(db, env.config);
      const beat = () => sendSigned({ baseUrl: cutUrl, serial: device.serial, secret: device.secret, path: '/v1/heartbeats', body: { batteryPct: 55 } });
      proxy.cut();
      const refused = await beat();
      proxy.restore();
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBeTruthy();
      // The refused heartbeat did not use up the device's interval.
      const retried = await waitFor(
        async () => {
          const res = await beat();
          return res.status === 204 ? res : undefined;
        },
        'the heartbeat retry',
        15_000,
      );
      expect(retried.status).toBe(204);
    });
  });

  describe('concurrent presses', () => {
    it('20 copies of one eventId at once store one alarm and all get the same ids', async () => {
      const resident = await createResidentWithDevice(db, env.config);
      const body = sos();
      const answers = await Promise.all(Array.from({ length: 20 }, () => press(resident, body)));
      expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
      expect(new Set(answers.map((a) => `${a.body.incidentId}/${a.body.alarmId}`)).size).toBe(1);
      expect(await count('alarms', 'device_serial = $1', [resident.serial])).toBe(1);
      expect(await count('incidents', 'resident_id = $1', [resident.residentId])).toBe(1);
      expect(await count('outbox o JOIN incidents i ON i.id = o.incident_id', 'i.resident_id = $1', [resident.residentId])).toBe(1);
    });

    it('30 new devices pressing at once share the device lookups (group commit), each verified and stored', async () => {
      const devices = await Promise.all(Array.from({ length: 30 }, () => createResidentWithDevice(db, env.config)));
      const queries = jest.spyOn(db, 'query');
      try {
        const answers = await Promise.all(devices.map((d) => press(d, sos())));
        expect(answers.map((a) => a.status)).toEqual(devices.map(() => 202));
        const lookups = queries.mock.calls.filter(([sql]) => /FROM devices WHERE serial/.test(sql));
        expect(lookups.length).toBeGreaterThan(0);
        expect(lookups.length).toBeLessThan(devices.length / 2);
      } finally {
        queries.mockRestore();
      }
      expect(await count('alarms', 'device_serial = ANY($1::text[])', [devices.map((d) => d.serial)])).toBe(30);
    });

    it('20 different presses at once from one device fold into one incident with press count 20', async () => {
      const resident = await createResidentWithDevice(db, env.config);
      const answers = await Promise.all(Array.from({ length: 20 }, () => press(resident, sos())));
      expect(answers.every((a) => a.status === 202)).toBe(true);
      const incidentIds = new Set(answers.map((a) => a.body.incidentId));
      expect(incidentIds.size).toBe(1);
      const [incident] = await db.query('SELECT press_count, version FROM incidents WHERE resident_id = $1', [resident.residentId]);
      expect(incident).toEqual({ press_count: 20, version: 20 });
      const counts = await db.query(
        `SELECT data->>'pressCount' AS n FROM incident_events WHERE incident_id = $1 AND kind = 'press' ORDER BY (data->>'pressCount')::int`,
        [[...incidentIds][0]],
      );
      expect(counts.map((c: { n: string }) => Number(c.n))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await count('outbox', 'incident_id = $1 AND job_name = $2', [[...incidentIds][0], JobName.IncidentOpened])).toBe(1);
    });
  });

  describe('operations', () => {
    it('is ready while Postgres and Redis answer', async () => {
      const res = await fetch(`${baseUrl}/health/ready`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });
    });

    it('counts alarms by type and result, and times the store', async () => {
      const text = await (await fetch(`${baseUrl}/metrics`)).text();
      expect(text).toMatch(/heartkey_alarms_total\{type="sos",result="accepted"\} \d+/);
      expect(text).toMatch(/heartkey_alarms_total\{type="sos",result="duplicate"\} \d+/);
      expect(text).toMatch(/heartkey_alarms_total\{type="unknown",result="refused"\} \d+/);
      expect(text).toMatch(/heartkey_alarm_store_seconds_count \d+/);
    });

    it('serves the OpenAPI docs with both handset endpoints', async () => {
      expect((await fetch(`${baseUrl}/docs`)).status).toBe(200);
      const document = (await (await fetch(`${baseUrl}/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/alarms', '/v1/heartbeats']));
    });
  });
});
