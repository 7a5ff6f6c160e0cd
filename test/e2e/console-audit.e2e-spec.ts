import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { createConsoleApp } from '../../apps/console/src/app';
import { LivePublisher } from '@app/live';
import { connectConsoleWithSnapshot, connectSocket, insertIncident, insertResidentWithDevice } from '../support/console-client';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

interface AuditItem {
  action: string;
  actor: { id?: string; username: string; role: string };
  entityId?: string;
  address?: string;
  details?: { ids?: string[] };
  residentIds: string[];
}

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
    // Socket pushes are written in batches: every 0.3 s here.
    env = await createSuiteEnvironment('audit', { AUDIT_STREAM_FLUSH_S: '0.3' });
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
    // Logins are audited too (their own test below).
    const actions = (audit.body.items as { action: string }[]).map((e) => e.action).filter((a) => !a.startsWith('auth.'));
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

  /** The audit rows of `query`, polled until `done` holds (socket pushes are written in batches). */
  async function auditUntil(query: string, done: (items: AuditItem[]) => boolean): Promise<AuditItem[]> {
    let items: AuditItem[] = [];
    for (let i = 0; i < 40; i++) {
      items = (await call('GET', `/v1/audit?limit=500&${query}`, admin)).body.items as AuditItem[];
      if (done(items)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return items;
  }

  it('records logins and failed logins, with the account when there is one, never the password', async () => {
    expect(await login('op-audit', 'operator-password-1')).toEqual(expect.any(String));
    await fetch(`${url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'op-audit', password: 'wrong-password-marker' }),
    });
    await fetch(`${url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody-here', password: 'another-password-marker' }),
    });
    const items = ((await call('GET', '/v1/audit?limit=50&entityType=user', admin)).body.items as AuditItem[]).filter((e) => e.action.startsWith('auth.'));
    expect(items.slice(0, 3).map((e) => [e.action, e.actor])).toEqual([
      ['auth.login_failed', { username: 'nobody-here', role: 'unknown' }],
      ['auth.login_failed', { id: operatorId, username: 'op-audit', role: 'operator' }],
      ['auth.login', { id: operatorId, username: 'op-audit', role: 'operator' }],
    ]);
    expect(items[0]!.address).toBe('127.0.0.1');
    expect(JSON.stringify(items)).not.toMatch(/password-marker|operator-password-1/);
  });

  it("finds by resident every path that showed that resident's data: views, searches, incidents, answers, dispatches and socket pushes", async () => {
    const db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    const sockets: { close(): void }[] = [];
    try {
      const { residentId, serial } = await insertResidentWithDevice(db, 'Whose Data');
      const other = await insertResidentWithDevice(db, 'Someone Else');
      const otherIncident = await insertIncident(db, other);
      const responder = (await call('POST', '/v1/responders', admin, { fullName: 'Audit Carer', role: 'carer', phone: '+86 2' })).body;
      expect(
        (await call('POST', '/v1/users', admin, { username: 'carer-audit', password: 'responder-password-1', role: 'responder', responderId: responder.id }))
          .status,
      ).toBe(201);
      const carer = await login('carer-audit', 'responder-password-1');
      const console = await connectConsoleWithSnapshot(url, operator);
      sockets.push(console.socket);
      await console.snapshot;
      const responderSocket = await connectSocket(url, '/responders', carer);
      sockets.push(responderSocket);
      // Opened after the snapshot: the console learns of it only from pushes.
      const incidentId = await insertIncident(db, { residentId, serial });

      expect((await call('GET', `/v1/residents/${residentId}`, operator)).status).toBe(200);
      expect((await call('GET', '/v1/residents?query=Whose', operator)).status).toBe(200);
      expect((await call('GET', '/v1/incidents', operator)).status).toBe(200);
      expect((await call('GET', `/v1/incidents/${incidentId}`, operator)).status).toBe(200);
      expect((await call('POST', `/v1/incidents/${incidentId}/acknowledge`, operator)).status).toBe(200);
      expect((await call('POST', `/v1/incidents/${incidentId}/notes`, operator, { text: 'note-text-marker' })).status).toBe(201);
      const offer = await call('POST', `/v1/incidents/${incidentId}/dispatches`, operator, { responderId: responder.id });
      expect(offer.status).toBe(201);
      expect((await call('GET', '/v1/dispatches/mine', carer)).body.map((d: { id: string }) => d.id)).toContain(offer.body.id);
      // The offer as the dispatcher pushes it (that process is not part of this suite).
      await app.get(LivePublisher).dispatchOffered(responder.id, {
        dispatchId: offer.body.id,
        incidentId,
        role: 'volunteer',
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
        resident: { fullName: 'Whose Data', age: 84, address: '12 Test Street', medicalHistory: ['hypertension'], allergies: [] },
      });
      expect((await call('POST', `/v1/incidents/${incidentId}/resolve`, operator, { outcome: 'assisted' })).status).toBe(200);
      expect((await call('POST', `/v1/incidents/${otherIncident}/cancel`, operator)).status).toBe(200);

      const expected = [
        'resident.view',
        'resident.search',
        'incident.list',
        'incident.view',
        'incident.acknowledge',
        'incident.note',
        'incident.resolve',
        'incident.stream',
        'dispatch.mine',
        'dispatch.stream',
      ];
      const items = await auditUntil(`residentId=${residentId}`, (found) => expected.every((a) => found.some((e) => e.action === a)));
      const actions = new Set(items.map((e) => e.action));
      expect(expected.filter((a) => !actions.has(a))).toEqual([]);
      expect(items.every((e) => e.residentIds.includes(residentId))).toBe(true);
      // Who was pushed what: the operator's console (the incident's updates) and the carer's app, each its own row.
      expect(items.find((e) => e.action === 'incident.stream' && e.actor.id === operatorId)?.details?.ids).toContain(incidentId);
      expect(items.find((e) => e.action === 'dispatch.stream')).toMatchObject({ actor: { username: 'carer-audit' }, details: { ids: [offer.body.id] } });
      // The other resident's cancelled incident is not this resident's data...
      expect(items.some((e) => e.action === 'incident.cancel')).toBe(false);
      // ...but is found by that resident.
      const others = await auditUntil(`residentId=${other.residentId}`, (found) => found.some((e) => e.action === 'incident.cancel'));
      expect(others.find((e) => e.action === 'incident.cancel')?.entityId).toBe(otherIncident);
      expect(others.find((e) => e.action === 'incident.snapshot')?.details?.ids).toContain(otherIncident);
      expect(JSON.stringify(items)).not.toMatch(/note-text-marker|hypertension/);
      expect((await call('GET', '/v1/audit?residentId=not-a-uuid', admin)).status).toBe(400);
    } finally {
      for (const socket of sockets) socket.close();
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
      await expect(db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
      expect((await db.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n).toBeGreaterThan(0);
    } finally {
      await db.end();
    }
  });
});
