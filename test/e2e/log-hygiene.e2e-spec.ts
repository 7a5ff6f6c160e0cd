import { randomUUID } from 'node:crypto';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';
import { sendSigned, signedHeaders } from '../support/handset';
import { envOf, spawnApp, type SpawnedApp } from '../support/processes';

/**
 * A full run of the three processes at debug level, then a search of everything they wrote for
 * the secrets and medical facts that went through them: device secrets, tokens, passwords,
 * signatures, keys, medical fields, contacts, notes. None may appear.
 */
describe('logs never hold secrets or medical data', () => {
  let env: SuiteEnvironment;
  const apps: SpawnedApp[] = [];
  const secrets = new Map<string, string>();
  let consoleUrl: string;
  let ingestUrl: string;

  const remember = (what: string, value: string): string => {
    secrets.set(what, value);
    return value;
  };

  async function call(method: string, path: string, token: string | undefined, body?: unknown): Promise<any> {
    const res = await fetch(`${consoleUrl}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async function login(username: string, password: string): Promise<string> {
    const res = await call('POST', '/v1/auth/login', undefined, { username, password });
    expect(res.status).toBe(200);
    return remember(`access token of ${username}`, res.body.accessToken as string);
  }

  beforeAll(async () => {
    env = await createSuiteEnvironment('loghygiene', { LOG_LEVEL: 'debug', DISPATCH_OFFER_TIMEOUT_S: '30' });
    remember('JWT_SECRET', env.config.JWT_SECRET);
    remember('DEVICE_SECRET_KEY', env.config.DEVICE_SECRET_KEY);
    remember('bootstrap admin password', 'admin-password-1');
    const processEnv = envOf(env.config);
    // The console migrates first; the others then find the schema in place.
    const consoleApp = await spawnApp('console', processEnv);
    apps.push(consoleApp);
    apps.push(await spawnApp('ingest', processEnv), await spawnApp('dispatcher', processEnv));
    consoleUrl = consoleApp.url;
    ingestUrl = apps[1]!.url;
  });

  afterAll(async () => {
    for (const app of apps) await app.kill('SIGTERM');
    await env?.destroy();
  });

  it('runs a whole alarm through every process, then finds none of it in their output', async () => {
    const admin = await login('admin', 'admin-password-1');
    const carer = (await call('POST', '/v1/responders', admin, { fullName: 'Log Carer', role: 'carer', phone: '+86 138 7777 0001' })).body;
    const resident = await call('POST', '/v1/residents', admin, {
      fullName: 'Log Resident',
      dateOfBirth: '1938-02-02',
      address: '9 Hygiene Road',
      medicalHistory: [remember('medical history', 'MedicalHistoryMarker-4711')],
      medications: [remember('medication', 'MedicationMarker-0815')],
      allergies: [remember('allergy', 'AllergyMarker-2323')],
      emergencyContacts: [{ name: 'Kin', relation: 'son', phone: remember('emergency contact phone', '+86 139 5555 4242') }],
      accessNotes: remember('access notes', 'AccessNotesMarker-key-under-mat'),
    });
    expect(resident.status).toBe(201);
    expect((await call('PUT', `/v1/residents/${resident.body.id}/care-team`, admin, { carerId: carer.id })).status).toBe(200);
    const device = await call('POST', '/v1/devices', admin, { serial: 'LOG-HYGIENE-1', residentId: resident.body.id });
    const secret = remember('device secret', device.body.secret as string);
    await call('POST', '/v1/users', admin, { username: 'log-op', password: remember('operator password', 'OperatorPassword-9931'), role: 'operator' });
    await call('POST', '/v1/users', admin, {
      username: 'log-carer',
      password: remember('responder password', 'ResponderPassword-7719'),
      role: 'responder',
      responderId: carer.id,
    });
    await call('POST', '/v1/auth/login', undefined, { username: 'log-op', password: remember('a wrong password', 'WrongPassword-Marker-555') });

    const raw = JSON.stringify({ eventId: randomUUID(), type: 'sos', batteryPct: 70 });
    const headers = signedHeaders('LOG-HYGIENE-1', secret, raw);
    remember('handset signature', headers['x-signature']!);
    const press = await fetch(`${ingestUrl}/v1/alarms`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
    expect(press.status).toBe(202);
    const { incidentId } = (await press.json()) as { incidentId: string };
    const forged = await sendSigned({
      baseUrl: ingestUrl,
      serial: 'LOG-HYGIENE-1',
      secret: 'not-the-secret',
      path: '/v1/alarms',
      body: { eventId: 'forged', type: 'sos' },
    });
    expect(forged.status).toBe(401);
    expect((await sendSigned({ baseUrl: ingestUrl, serial: 'LOG-HYGIENE-1', secret, path: '/v1/heartbeats', body: { batteryPct: 70 } })).status).toBe(204);

    const operator = await login('log-op', 'OperatorPassword-9931');
    expect((await call('GET', `/v1/incidents/${incidentId}`, operator)).status).toBe(200);
    expect((await call('POST', `/v1/incidents/${incidentId}/acknowledge`, operator)).status).toBe(200);
    expect(
      (await call('POST', `/v1/incidents/${incidentId}/notes`, operator, { text: remember('operator note', 'NoteMarker-breathing-difficulty') })).status,
    ).toBe(201);

    const responder = await login('log-carer', 'ResponderPassword-7719');
    let offered: { id: string }[] = [];
    for (let i = 0; i < 50 && !offered.length; i++) {
      offered = (await call('GET', '/v1/dispatches/mine', responder)).body ?? [];
      if (!offered.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(offered.length).toBe(1);
    expect((await call('POST', `/v1/dispatches/${offered[0]!.id}/accept`, responder)).status).toBe(200);
    expect(
      (
        await call('POST', '/v1/auth/password', responder, {
          currentPassword: 'ResponderPassword-7719',
          newPassword: remember('new password', 'NewPassword-Marker-31'),
        })
      ).status,
    ).toBe(204);
    remember('rotated device secret', (await call('POST', '/v1/devices/LOG-HYGIENE-1/rotate-secret', admin)).body.secret as string);
    expect(
      (
        await call('POST', `/v1/incidents/${incidentId}/resolve`, operator, {
          outcome: 'assisted',
          note: remember('resolution note', 'ResolveMarker-fracture'),
        })
      ).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 500));

    const output = apps.map((app) => app.output()).join('\n');
    expect(output.length).toBeGreaterThan(2000); // the processes did log, at debug level
    expect(output).toContain(incidentId); // ids are fine to log
    const leaked = [...secrets].filter(([, value]) => output.includes(value)).map(([what]) => what);
    expect(leaked).toEqual([]);
  });
});
