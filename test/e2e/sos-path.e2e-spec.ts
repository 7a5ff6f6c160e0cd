import { signHandsetRequest } from '@app/auth';
import { ConsoleEvent, type IncidentSnapshot, type IncidentView, Namespace } from '@app/contracts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { createConsoleApp } from '../../apps/console/src/app';
import { createDispatcherApp } from '../../apps/dispatcher/src/app';
import { createIngestApp } from '../../apps/ingest/src/app';
import { eventually } from '../support/dispatch-world';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

/**
 * The whole SOS path across the three processes, through the public interface only:
 * provisioning over the console API, a signed press on the handset API, the alert on a
 * console socket with everything an operator needs, and the dispatcher taking delivery.
 */
const PROFILE = {
  fullName: '王秀英 Wang Xiuying',
  dateOfBirth: '1941-04-12',
  gender: 'female',
  phone: '+86 532 8888 1234',
  address: '青岛市市南区香港中路 18 号 3 单元 502',
  district: '市南区 Shinan',
  livingSituation: 'alone',
  medicalHistory: ['atrial fibrillation', 'type 2 diabetes'],
  medications: ['warfarin 3 mg', 'metformin 500 mg'],
  allergies: ['penicillin'],
  emergencyContacts: [{ name: '王强 Wang Qiang', relation: 'son', phone: '+86 138 1234 5678' }],
  accessNotes: 'Key box left of the door, code 2468',
};

describe('SOS path end to end', () => {
  let env: SuiteEnvironment;
  let consoleApp: NestFastifyApplication;
  let ingestApp: NestFastifyApplication;
  let dispatcherApp: NestFastifyApplication;
  let consoleUrl: string;
  let ingestUrl: string;
  let operatorToken: string;
  let serial: string;
  let secret: string;
  let residentId: string;
  const sockets: Socket[] = [];

  async function api<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
    const res = await fetch(`${consoleUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as T };
  }

  async function login(username: string, password: string): Promise<string> {
    const res = await api<{ accessToken: string }>('POST', '/v1/auth/login', { username, password });
    expect(res.status).toBe(200);
    return res.body.accessToken;
  }

  async function press(eventId: string, type = 'sos'): Promise<{ status: number; body: any; sentAt: number }> {
    const raw = JSON.stringify({ eventId, type, batteryPct: 76, location: { lat: 35.42, lng: 119.52, accuracyM: 25 } });
    const timestamp = String(Date.now());
    const sentAt = Date.now();
    const res = await fetch(`${ingestUrl}/v1/alarms`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-device-id': serial,
        'x-timestamp': timestamp,
        'x-signature': signHandsetRequest(secret, timestamp, raw),
      },
      body: raw,
    });
    return { status: res.status, body: await res.json(), sentAt };
  }

  function connectConsole(token: string): Promise<{ socket: Socket; snapshot: IncidentSnapshot }> {
    return new Promise((resolve, reject) => {
      const socket = io(`${consoleUrl}${Namespace.Console}`, { auth: { token }, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      socket.once(ConsoleEvent.IncidentSnapshot, (snapshot: IncidentSnapshot) => resolve({ socket, snapshot }));
      socket.once('connect_error', reject);
    });
  }

  function nextIncident(socket: Socket, event: string, match: (v: IncidentView) => boolean): Promise<{ view: IncidentView; at: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within 5 s`)), 5000);
      const listener = (view: IncidentView) => {
        if (!match(view)) return;
        clearTimeout(timer);
        socket.off(event, listener);
        resolve({ view, at: Date.now() });
      };
      socket.on(event, listener);
    });
  }

  /** The suite's database, read directly by the checks below. */
  let db: Client;

  /** The `n` of a `SELECT count(*) AS n` on the suite's database. */
  async function countRows(sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await db.query<{ n: string }>(sql, params);
    return Number(rows[0]!.n);
  }

  beforeAll(async () => {
    env = await createSuiteEnvironment('sospath');
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    consoleApp = await createConsoleApp(env.config);
    await consoleApp.listen(0, '127.0.0.1');
    consoleUrl = await consoleApp.getUrl();
    ingestApp = await createIngestApp(env.config);
    await ingestApp.listen(0, '127.0.0.1');
    ingestUrl = await ingestApp.getUrl();
    dispatcherApp = await createDispatcherApp(env.config);
    await dispatcherApp.listen(0, '127.0.0.1');

    const admin = await login('admin', 'admin-password-1');
    const responder = async (fullName: string, role: string, phone: string) =>
      (await api('POST', '/v1/responders', { fullName, role, phone }, admin)).body.id as string;
    const carerId = await responder('李桂兰 Li Guilan', 'carer', '+86 139 0000 0001');
    const cadreId = await responder('张伟 Zhang Wei', 'cadre', '+86 139 0000 0002');
    const doctorId = await responder('Dr. 陈明 Chen Ming', 'doctor', '+86 139 0000 0003');
    const resident = await api('POST', '/v1/residents', PROFILE, admin);
    expect(resident.status).toBe(201);
    residentId = resident.body.id;
    expect((await api('PUT', `/v1/residents/${residentId}/care-team`, { carerId, cadreId, doctorId }, admin)).status).toBe(200);
    serial = `HK-E2E-${randomUUID().slice(0, 8)}`;
    const device = await api('POST', '/v1/devices', { serial, residentId }, admin);
    expect(device.status).toBe(201);
    secret = device.body.secret;
    expect((await api('POST', '/v1/users', { username: 'op1', password: 'operator-password-1', role: 'operator' }, admin)).status).toBe(201);
    operatorToken = await login('op1', 'operator-password-1');
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await db?.end();
    await dispatcherApp?.close();
    await ingestApp?.close();
    await consoleApp?.close();
    await env?.destroy();
  });

  it('puts a press on the console with the full profile and care team, then folds the next press into it', async () => {
    const { socket, snapshot } = await connectConsole(operatorToken);
    expect(snapshot.items).toEqual([]);

    const created = nextIncident(socket, ConsoleEvent.IncidentCreated, (v) => v.resident.id === residentId);
    const first = await press(randomUUID());
    expect(first.status).toBe(202);
    const { view } = await created;

    expect(view).toMatchObject({
      id: first.body.incidentId,
      type: 'sos',
      status: 'open',
      escalated: false,
      pressCount: 1,
      location: { lat: 35.42, lng: 119.52, accuracyM: 25 },
      device: { serial, batteryPct: 76 },
      resident: { id: residentId, ...PROFILE },
      careTeam: {
        carer: { fullName: '李桂兰 Li Guilan', role: 'carer', phone: '+86 139 0000 0001' },
        cadre: { fullName: '张伟 Zhang Wei', role: 'cadre' },
        doctor: { fullName: 'Dr. 陈明 Chen Ming', role: 'doctor' },
      },
    });
    expect(view.resident.age).toBeGreaterThanOrEqual(84);
    expect(view.openedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    // The cascade offers the job to the carer; a press while that offer waits asks nothing of the dispatcher (next test).
    await eventually(
      async () => (await countRows(`SELECT count(*) AS n FROM dispatches WHERE incident_id = $1 AND status = 'offered'`, [first.body.incidentId])) === 1,
      10_000,
    );
    const updated = nextIncident(socket, ConsoleEvent.IncidentUpdated, (v) => v.id === first.body.incidentId && v.pressCount === 2);
    const second = await press(randomUUID());
    expect(second.status).toBe(202);
    expect(second.body.incidentId).toBe(first.body.incidentId);
    await updated;
  });

  it('hands the opening press to the dispatcher through the queue (the outbox rows end up published); the repeat press while an offer waits asks for nothing', async () => {
    await eventually(async () => (await countRows('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL')) === 0, 5000);
    // The cascade's own rows (offers, timers, notifications) come on top.
    expect(await countRows(`SELECT count(*) AS n FROM outbox WHERE job_name = 'incident-opened'`)).toBe(1);
    expect(await countRows(`SELECT count(*) AS n FROM outbox WHERE job_name = 'incident-pressed'`)).toBe(0);
  });

  it('gives a console that reconnects what it missed', async () => {
    const first = await connectConsole(operatorToken);
    first.socket.disconnect();
    const missed = await press(randomUUID());
    expect(missed.status).toBe(202);
    const { snapshot } = await connectConsole(operatorToken);
    const incident = snapshot.items.find((v) => v.id === missed.body.incidentId);
    expect(incident?.pressCount).toBe(3);
    expect(incident?.resident.allergies).toEqual(['penicillin']);
  });
});
