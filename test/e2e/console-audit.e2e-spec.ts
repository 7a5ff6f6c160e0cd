import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { createConsoleApp } from '../../apps/console/src/app';
import { connectConsoleWithSnapshot } from '../support/console-client';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

/** Every view of a resident's medical data and every change to a resident, device or user is audited. */
describe('audit log', () => {
  let env: SuiteEnvironment;
  let app: NestFastifyApplication;
  let url: string;
  let admin: string;
  let operator: string;
  let operatorId: string;

  async function call(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  }

  async function login(username: string, password: string): Promise<string> {
    const res = await fetch(`${url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  beforeAll(async () => {
    env = await createSuiteEnvironment('audit');
    app = await createConsoleApp(env.config);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    admin = await login('admin', 'admin-password-1');
    operatorId = (await call('POST', '/v1/users', admin, { username: 'op-audit', password: 'operator-password-1', role: 'operator' })).body.id;
    operator = await login('op-audit', 'operator-password-1');
  });

  afterAll(async () => {
    await app?.close();
    await env?.destroy();
  });

  it('records who viewed and changed what, from where, without copying medical data', async () => {
    const resident = await call('POST', '/v1/residents', admin, {
      fullName: 'Audit Resident',
      dateOfBirth: '1939-09-09',
      address: '7 Audit Lane',
      allergies: ['latex-allergy-marker'],
      medicalHistory: ['secret-diagnosis-marker'],
    });
    expect(resident.status).toBe(201);
    const id = resident.body.id as string;
    expect((await call('GET', `/v1/residents/${id}`, operator)).status).toBe(200);
    expect((await call('GET', '/v1/residents?query=Audit', operator)).status).toBe(200);
    expect((await call('PATCH', `/v1/residents/${id}`, admin, { allergies: ['latex-allergy-marker', 'iodine'] })).status).toBe(200);
    const device = await call('POST', '/v1/devices', admin, { serial: 'AUDIT-1', residentId: id });
    expect(device.status).toBe(201);
    expect((await call('POST', '/v1/devices/AUDIT-1/rotate-secret', admin)).status).toBe(200);
    // A refused request changes nothing and is not recorded as done.
    expect((await call('GET', '/v1/residents/00000000-0000-0000-0000-000000000000', operator)).status).toBe(404);

    const audit = await call('GET', '/v1/audit?limit=50', admin);
    expect(audit.status).toBe(200);
    const actions = (audit.body.items as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(['device.rotate_secret', 'device.create', 'resident.update', 'resident.search', 'resident.view', 'resident.create', 'user.create']);
    const view = audit.body.items.find((e: { action: string }) => e.action === 'resident.view');
    expect(view).toMatchObject({
      actor: { id: operatorId, username: 'op-audit', role: 'operator' },
      entityType: 'resident',
      entityId: id,
      address: '127.0.0.1',
    });
    expect(view.at).toMatch(/Z$/);
    expect(audit.body.items.find((e: { action: string }) => e.action === 'resident.update').details).toEqual({ fields: ['allergies'] });
    expect(audit.body.items.find((e: { action: string }) => e.action === 'resident.search').details.ids).toContain(id);
    expect(audit.body.items.find((e: { action: string }) => e.action === 'device.rotate_secret').entityId).toBe('AUDIT-1');
    const text = JSON.stringify(audit.body);
    expect(text).not.toContain('latex-allergy-marker');
    expect(text).not.toContain('secret-diagnosis-marker');
    expect(text).not.toContain(device.body.secret);

    const filtered = await call('GET', `/v1/audit?entityType=resident&entityId=${id}`, admin);
    expect(filtered.body.items.map((e: { action: string }) => e.action)).toEqual(['resident.update', 'resident.view', 'resident.create']);
    const paged = await call('GET', '/v1/audit?limit=2', admin);
    expect(paged.body.items).toHaveLength(2);
    const next = await call('GET', `/v1/audit?limit=2&cursor=${paged.body.nextCursor}`, admin);
    expect(next.body.items[0].id).not.toBe(paged.body.items[1].id);
  });

  it('records who was shown incidents: list, detail and the console snapshot', async () => {
    const db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    try {
      const resident = (await call('POST', '/v1/residents', admin, { fullName: 'Snap', dateOfBirth: '1940-01-01', address: '1 Road' })).body;
      await db.query(`INSERT INTO devices (serial, resident_id, secret_ciphertext) VALUES ('AUDIT-SNAP', $1, 'x')`, [resident.id]);
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO incidents (id, resident_id, device_serial, type, type_group) VALUES (gen_random_uuid(), $1, 'AUDIT-SNAP', 'sos', 'emergency') RETURNING id`,
        [resident.id],
      );
      const incidentId = rows[0]!.id;
      expect((await call('GET', '/v1/incidents', operator)).status).toBe(200);
      expect((await call('GET', `/v1/incidents/${incidentId}`, operator)).status).toBe(200);
      const socket = await connectConsoleWithSnapshot(url, operator);
      await socket.snapshot;
      socket.socket.close();
      const audit = (await call('GET', `/v1/audit?entityType=incident&actorId=${operatorId}`, admin)).body.items as {
        action: string;
        entityId?: string;
        details?: { ids?: string[] };
      }[];
      const byAction = Object.fromEntries(audit.map((e) => [e.action, e]));
      expect(byAction['incident.list']!.details!.ids).toContain(incidentId);
      expect(byAction['incident.view']!.entityId).toBe(incidentId);
      for (let i = 0; i < 20 && !byAction['incident.snapshot']; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const again = (await call('GET', `/v1/audit?entityType=incident&actorId=${operatorId}`, admin)).body.items as typeof audit;
        Object.assign(byAction, Object.fromEntries(again.map((e) => [e.action, e])));
      }
      expect(byAction['incident.snapshot']!.details!.ids).toContain(incidentId);
    } finally {
      await db.end();
    }
  });

  it('is for admins only, and append-only in the database', async () => {
    expect((await call('GET', '/v1/audit', operator)).status).toBe(403);
    expect((await call('GET', '/v1/audit?entityType=nope', admin)).status).toBe(400);
    const db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    try {
      await expect(db.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    } finally {
      await db.end();
    }
  });
});
