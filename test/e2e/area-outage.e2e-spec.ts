import { ConsoleEvent, type IncidentView, isOutageView, type OutageIncidentView } from '@app/contracts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { createDispatcherApp } from '../../apps/dispatcher/src/app';
import { createIngestApp } from '../../apps/ingest/src/app';
import { ConsoleClient, connectConsole, nextEvent, type RunningConsole, startConsole } from '../support/console-client';
import { eventually } from '../support/dispatch-world';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';
import { type ProvisionedDevice, provisionResidents } from '../support/fixtures';
import { sendSigned } from '../support/handset';

/** A silence is noticed 4 s after the last heartbeat; supervision runs every 300 ms. */
const TIMEOUT_S = 4;
const DISTRICT = '东港区';
const LIVING = ['with_family', 'alone', 'with_spouse', 'care_home', 'alone'] as const;

describe('area outage: many devices of one district silent together are one incident with a welfare list', () => {
  let env: SuiteEnvironment;
  let ingest: NestFastifyApplication;
  let ingestUrl: string;
  let dispatcher: NestFastifyApplication;
  let consoleApp: RunningConsole;
  let api: ConsoleClient;
  let admin: string;
  let socket: Socket;
  let db: Client;
  let district: ProvisionedDevice[];
  let lone: ProvisionedDevice;

  beforeAll(async () => {
    env = await createSuiteEnvironment('area-outage', {
      HEARTBEAT_TIMEOUT_S: String(TIMEOUT_S),
      HEARTBEAT_MIN_INTERVAL_S: '0.01',
      SUPERVISION_INTERVAL_MS: '300',
      OUTAGE_WINDOW_S: '300',
      OUTAGE_MIN_DEVICES: '10',
      LOG_LEVEL: 'error',
    });
    dispatcher = await createDispatcherApp(env.config);
    await dispatcher.listen(0, '127.0.0.1');
    ingest = await createIngestApp(env.config);
    await ingest.listen(0, '127.0.0.1');
    ingestUrl = (await ingest.getUrl()).replace('[::1]', '127.0.0.1');
    consoleApp = await startConsole(env.config);
    api = new ConsoleClient(consoleApp.url);
    admin = await api.login('admin', 'admin-password-1');
    socket = await connectConsole(consoleApp.url, admin);
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();

    const devices = await provisionResidents(env.databaseUrl, env.config.DEVICE_SECRET_KEY, 31, 'OUT');
    district = devices.slice(0, 30);
    lone = devices[30]!;
    // Thirty residents of one district, of mixed living situations and ages; one elsewhere.
    for (const [i, d] of district.entries()) {
      await db.query(`UPDATE residents SET district = $2, living_situation = $3, date_of_birth = $4, phone = $5 WHERE id = $1`, [
        d.residentId,
        DISTRICT,
        LIVING[i % LIVING.length],
        `19${30 + ((i * 7) % 40)}-0${1 + (i % 9)}-1${i % 10}`,
        `+86 539 000 ${String(i).padStart(4, '0')}`,
      ]);
    }
    await db.query(`UPDATE residents SET district = '西城区' WHERE id = $1`, [lone.residentId]);
  });

  afterAll(async () => {
    socket?.close();
    await db?.end();
    await consoleApp?.app.close();
    await ingest?.close();
    await dispatcher?.close();
    await env?.destroy();
  });

  const heartbeat = async (device: ProvisionedDevice) => {
    const res = await sendSigned({ baseUrl: ingestUrl, serial: device.serial, secret: device.secret, path: '/v1/heartbeats', body: {} });
    expect(res.status).toBe(204);
  };
  const liveOffline = async (serials: string[]) =>
    (
      await db.query<{ id: string; device_serial: string }>(
        `SELECT id, device_serial FROM incidents WHERE type = 'device_offline' AND status IN ('open','acknowledged') AND device_serial = ANY($1)`,
        [serials],
      )
    ).rows;
  const outages = async () => (await db.query<{ id: string; status: string }>(`SELECT id, status FROM incidents WHERE type = 'area_outage'`)).rows;
  const outageView = async (id: string): Promise<OutageIncidentView> => {
    const res = await api.get(`/v1/incidents/${id}`, admin).expect(200);
    const view = res.body as IncidentView;
    if (!isOutageView(view)) throw new Error('not an outage view');
    return view;
  };
  const kinds = async (id: string) =>
    (await db.query<{ kind: string }>('SELECT kind FROM incident_events WHERE incident_id = $1 ORDER BY id', [id])).rows.map((r) => r.kind);

  let outageId: string;

  it('opens one area_outage for 30 silent devices of a district, folding the device_offline incidents opened before it', async () => {
    // Five fall silent first: alone they are five device_offline incidents.
    const first = district.slice(0, 5);
    for (const d of first) await heartbeat(d);
    await eventually(async () => (await liveOffline(first.map((d) => d.serial))).length === 5, 15_000, 'five device_offline incidents');
    const early = await liveOffline(first.map((d) => d.serial));

    const created = nextEvent<IncidentView>(socket, ConsoleEvent.IncidentCreated, (v) => v.type === 'area_outage', 20_000);
    for (const d of [...district.slice(5), lone]) await heartbeat(d);
    const pushed = await created;
    expect(pushed).toMatchObject({ type: 'area_outage', status: 'open', resident: { fullName: DISTRICT, district: DISTRICT } });
    outageId = pushed.id;

    const view = await eventually(
      async () => {
        const v = await outageView(outageId);
        return v.outage.affected === 30 && (await liveOffline(district.map((d) => d.serial))).length === 0 && v;
      },
      15_000,
      '30 affected and no device_offline left open in the district',
    );
    expect(view.outage).toMatchObject({ district: DISTRICT, affected: 30, recovered: 0, called: 0 });
    expect(await outages()).toHaveLength(1);

    // The early ones were closed with a note naming the outage.
    for (const incident of early) {
      const detail = (await api.get(`/v1/incidents/${incident.id}`, admin).expect(200)).body as IncidentView & {
        status: string;
        timeline: { kind: string; data?: Record<string, unknown> }[];
      };
      expect(detail.status).toBe('resolved');
      expect(detail.timeline.find((e) => e.kind === 'folded_into_outage')?.data).toMatchObject({ outageIncidentId: outageId, district: DISTRICT });
    }

    // The device silent alone in another district has its own device_offline.
    await eventually(async () => (await liveOffline([lone.serial])).length === 1, 15_000, 'the lone device_offline');
  });

  it('shows the outage to operators of its district and to nobody else', async () => {
    const ofDistrict = await api.userToken(admin, { username: 'op.donggang', role: 'operator', districts: [DISTRICT] });
    const ofOther = await api.userToken(admin, { username: 'op.xicheng', role: 'operator', districts: ['西城区'] });
    await api.get(`/v1/incidents/${outageId}`, ofDistrict).expect(200);
    await api.get(`/v1/incidents/${outageId}`, ofOther).expect(404);
  });

  it('orders the welfare list living alone first, then oldest first, with phones and emergency contacts', async () => {
    const view = await outageView(outageId);
    const expected = (
      await db.query<{ id: string }>(
        `SELECT id FROM residents WHERE district = $1 ORDER BY (living_situation IS DISTINCT FROM 'alone'), date_of_birth, full_name, id`,
        [DISTRICT],
      )
    ).rows.map((r) => r.id);
    expect(view.outage.residents.map((r) => r.id)).toEqual(expected);
    const alone = view.outage.residents.filter((r) => r.livingSituation === 'alone');
    expect(view.outage.residents.slice(0, alone.length).every((r) => r.livingSituation === 'alone')).toBe(true);
    expect(view.outage.residents[0]).toMatchObject({ phone: expect.stringMatching(/^\+86/), emergencyContacts: expect.any(Array), age: expect.any(Number) });
  });

  it('records welfare calls (audited, in the timeline, pushed) and exports the list as CSV', async () => {
    const view = await outageView(outageId);
    const first = view.outage.residents[0]!;
    const updated = nextEvent<IncidentView>(socket, ConsoleEvent.IncidentUpdated, (v) => v.id === outageId && isOutageView(v) && v.outage.called === 1, 5000);
    const answer = await api
      .post(`/v1/incidents/${outageId}/welfare-calls/${first.id}`, { outcome: 'reached', note: '电话已接通,一切安好' }, admin)
      .expect(200);
    expect((answer.body as OutageIncidentView).outage.residents[0]).toMatchObject({
      id: first.id,
      call: { outcome: 'reached', note: '电话已接通,一切安好', by: { username: 'admin' } },
    });
    await updated;
    expect(await kinds(outageId)).toContain('welfare_call');
    const audit = await db.query(`SELECT resident_ids FROM audit_log WHERE action = 'incident.welfare_call'`);
    expect(audit.rows[0].resident_ids).toContain(first.id);

    // Bad input changes nothing; a resident not in the outage is 404.
    await api.post(`/v1/incidents/${outageId}/welfare-calls/${first.id}`, { outcome: 'maybe' }, admin).expect(400);
    await api.post(`/v1/incidents/${outageId}/welfare-calls/${lone.residentId}`, { outcome: 'reached' }, admin).expect(404);
    expect((await outageView(outageId)).outage.called).toBe(1);

    const csv = await api
      .get(`/v1/incidents/${outageId}/welfare-calls.csv`, admin)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const text = csv.body as string;
    expect(text.startsWith('\uFEFFrank,residentId,fullName')).toBe(true);
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(31);
    expect(lines[1]).toContain(first.id);
    expect(lines[1]).toContain('reached');
  });

  it('marks devices heard again as recovered, calls out the one still silent, and resolves when all are back', async () => {
    const [last, ...rest] = district;
    // Devices that are back keep their heartbeats (the timeout is 4 s here), as real ones do.
    const back = new Set(rest);
    let beat: Promise<unknown> = Promise.resolve();
    // A keep-alive beat may be shed under load (503) or slow on a busy machine: only the recoveries it causes are checked.
    const keepAlive = () => (beat = Promise.allSettled([...back].map((d) => heartbeat(d))));
    await keepAlive();
    const beating = setInterval(() => void keepAlive(), 1000);
    try {
      const view = await eventually(
        async () => {
          const v = await outageView(outageId);
          return v.outage.recovered === 29 && v;
        },
        15_000,
        '29 recovered',
      );
      expect(view.status).toBe('open');
      const silent = view.outage.residents.filter((r) => r.recoveredAt === undefined);
      expect(silent.map((r) => r.id)).toEqual([last!.residentId]);
      expect(silent[0]!.stillSilent).toBe(true);
      expect(view.outage.residents.filter((r) => r.stillSilent)).toHaveLength(1);
      expect(view.outage.residents.find((r) => r.id === rest[0]!.residentId)?.recoveredAt).toEqual(expect.any(String));

      const resolved = nextEvent<IncidentView>(socket, ConsoleEvent.IncidentUpdated, (v) => v.id === outageId && v.status === 'resolved', 15_000);
      back.add(last!);
      await heartbeat(last!);
      expect(await resolved).toMatchObject({ status: 'resolved', outcome: 'other' });
      const timeline = await kinds(outageId);
      expect(timeline[0]).toBe('area_outage');
      expect(timeline).toEqual(expect.arrayContaining(['outage_recovered', 'outage_over', 'resolved']));
      expect(await liveOffline(district.map((d) => d.serial))).toEqual([]);
    } finally {
      clearInterval(beating);
      await beat;
    }
  });

  it('shows per district the devices heard in the last hour against those registered', async () => {
    const overview = (await api.get('/v1/districts/overview', admin).expect(200)).body as {
      items: { district: string; registered: number; heardLastHour: number }[];
    };
    expect(overview.items).toEqual(
      expect.arrayContaining([
        { district: DISTRICT, registered: 30, heardLastHour: 30 },
        // The outage is over: no live outage is named any more.
        { district: '西城区', registered: 1, heardLastHour: 1 },
      ]),
    );
  });
});
