import { SecretBox } from '@app/auth';
import { Client } from 'pg';
import request from 'supertest';
import { ConsoleClient, type RunningConsole, startConsole } from '../support/console-client';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

describe('console administration', () => {
  let env: SuiteEnvironment;
  let consoleApp: RunningConsole;
  let api: ConsoleClient;
  let admin: string;

  beforeAll(async () => {
    env = await createSuiteEnvironment('console-admin');
    consoleApp = await startConsole(env.config);
    api = new ConsoleClient(consoleApp.url);
    admin = await api.login('admin', 'admin-password-1');
  });

  afterAll(async () => {
    await consoleApp?.app.close();
    await env?.destroy();
  });

  describe('login', () => {
    it('lets the bootstrap admin in', async () => {
      const res = await api.post('/v1/auth/login', { username: 'admin', password: 'admin-password-1' }).expect(200);
      expect(res.body).toEqual({ accessToken: expect.any(String), user: { id: expect.any(String), username: 'admin', role: 'admin' } });
    });

    it('refuses a wrong password and an unknown user alike, in the error format', async () => {
      const wrong = await api.post('/v1/auth/login', { username: 'admin', password: 'not-the-password' }).expect(401);
      const unknown = await api.post('/v1/auth/login', { username: 'nobody', password: 'admin-password-1' }).expect(401);
      expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'wrong username or password' });
      expect(unknown.body).toEqual(wrong.body);
    });

    it('refuses an unknown field with 400', async () => {
      const res = await api.post('/v1/auth/login', { username: 'admin', password: 'x', extra: 1 }).expect(400);
      expect(res.body.statusCode).toBe(400);
    });

    it('creates the bootstrap admin only once, even when another replica starts', async () => {
      const second = await startConsole(env.config);
      try {
        const users = await api.get('/v1/users', admin).expect(200);
        expect(users.body.filter((u: { role: string }) => u.role === 'admin')).toHaveLength(1);
      } finally {
        await second.app.close();
      }
    });
  });

  describe('provisioning', () => {
    const resident = {
      fullName: 'Wang Xiuying',
      dateOfBirth: '1948-03-02',
      gender: 'female',
      phone: '+86 532 1234 5678',
      address: '3-201 Harbour Road, Shinan',
      district: 'Shinan',
      livingSituation: 'alone',
      medicalHistory: ['atrial fibrillation', 'type 2 diabetes'],
      medications: ['warfarin 3 mg'],
      allergies: ['penicillin'],
      emergencyContacts: [{ name: 'Wang Lei', relation: 'son', phone: '+86 139 0000 0000' }],
      accessNotes: 'Key box by the door, code 4711',
    };
    let residentId: string;
    let currentSecret: string;
    const responders: Record<string, { id: string; fullName: string; role: string; phone: string }> = {};

    it('creates responders and lists them by role', async () => {
      for (const role of ['carer', 'cadre', 'doctor']) {
        const res = await api.post('/v1/responders', { fullName: `Test ${role}`, role, phone: '+86 138 1111 2222' }, admin).expect(201);
        expect(res.body).toEqual({ id: expect.any(String), fullName: `Test ${role}`, role, phone: '+86 138 1111 2222' });
        responders[role] = res.body;
      }
      const doctors = await api.get('/v1/responders?role=doctor', admin).expect(200);
      expect(doctors.body).toEqual([responders.doctor]);
      await api.get('/v1/responders?role=plumber', admin).expect(400);
    });

    it('creates a resident with a full profile and computes the age', async () => {
      const res = await api.post('/v1/residents', resident, admin).expect(201);
      residentId = res.body.id;
      const now = new Date();
      const birthdayPassed = now.getUTCMonth() + 1 > 3 || (now.getUTCMonth() + 1 === 3 && now.getUTCDate() >= 2);
      expect(res.body).toEqual({ ...resident, id: expect.any(String), age: now.getUTCFullYear() - 1948 - (birthdayPassed ? 0 : 1) });
      const fetched = await api.get(`/v1/residents/${residentId}`, admin).expect(200);
      expect(fetched.body).toEqual(res.body);
    });

    it('fills the lists with empty arrays and leaves absent optional fields out', async () => {
      const res = await api.post('/v1/residents', { fullName: 'Li Ming', dateOfBirth: '1950-12-31', address: '1 Hill Lane' }, admin).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        fullName: 'Li Ming',
        dateOfBirth: '1950-12-31',
        age: expect.any(Number),
        address: '1 Hill Lane',
        medicalHistory: [],
        medications: [],
        allergies: [],
        emergencyContacts: [],
      });
    });

    it('patches a resident: given fields change, null clears an optional one', async () => {
      const res = await api.patch(`/v1/residents/${residentId}`, { district: null, allergies: ['penicillin', 'latex'] }, admin).expect(200);
      expect(res.body.district).toBeUndefined();
      expect(res.body.allergies).toEqual(['penicillin', 'latex']);
      expect(res.body.fullName).toBe(resident.fullName);
      await api.patch(`/v1/residents/${residentId}`, {}, admin).expect(400);
      await api.patch(`/v1/residents/${residentId}`, { address: null }, admin).expect(400);
    });

    it('searches residents by name, phone or address, with wildcards taken literally', async () => {
      const byName = await api.get('/v1/residents?query=xiuying', admin).expect(200);
      expect(byName.body.map((r: { id: string }) => r.id)).toEqual([residentId]);
      const byPhone = await api.get(`/v1/residents?query=${encodeURIComponent('1234 5678')}`, admin).expect(200);
      expect(byPhone.body.map((r: { id: string }) => r.id)).toEqual([residentId]);
      const byAddress = await api.get('/v1/residents?query=harbour', admin).expect(200);
      expect(byAddress.body.map((r: { id: string }) => r.id)).toEqual([residentId]);
      const wildcard = await api.get(`/v1/residents?query=${encodeURIComponent('%')}`, admin).expect(200);
      expect(wildcard.body).toEqual([]);
      const all = await api.get('/v1/residents', admin).expect(200);
      expect(all.body).toHaveLength(2);
    });

    it('sets the care team, whole: an absent slot is empty', async () => {
      const team = { carerId: responders.carer!.id, cadreId: responders.cadre!.id, doctorId: responders.doctor!.id };
      const res = await api.put(`/v1/residents/${residentId}/care-team`, team, admin).expect(200);
      expect(res.body).toEqual({ carer: responders.carer, cadre: responders.cadre, doctor: responders.doctor });
      const smaller = await api.put(`/v1/residents/${residentId}/care-team`, { carerId: responders.carer!.id, doctorId: null }, admin).expect(200);
      expect(smaller.body).toEqual({ carer: responders.carer });
      await api.put(`/v1/residents/${residentId}/care-team`, team, admin).expect(200);
      const fetched = await api.get(`/v1/residents/${residentId}/care-team`, admin).expect(200);
      expect(fetched.body).toEqual({ carer: responders.carer, cadre: responders.cadre, doctor: responders.doctor });
    });

    it('provisions a device whose secret is shown once, and rotates it', async () => {
      const res = await api.post('/v1/devices', { serial: 'HK-0001', residentId }, admin).expect(201);
      expect(res.body).toEqual({ serial: 'HK-0001', residentId, secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
      const list = await api.get('/v1/devices', admin).expect(200);
      expect(list.body).toEqual([{ serial: 'HK-0001', residentId, protocol: 'http', enabled: true }]);
      expect(JSON.stringify(list.body)).not.toContain(res.body.secret);
      const rotated = await api.post('/v1/devices/HK-0001/rotate-secret', undefined, admin).expect(200);
      expect(rotated.body).toEqual({ serial: 'HK-0001', secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
      expect(rotated.body.secret).not.toBe(res.body.secret);
      currentSecret = rotated.body.secret;
    });

    it('stores the current device secret sealed, never in clear', async () => {
      const db = new Client({ connectionString: env.databaseUrl });
      await db.connect();
      try {
        const { rows } = await db.query<{ secret_ciphertext: string }>(`SELECT secret_ciphertext FROM devices WHERE serial = 'HK-0001'`);
        expect(rows[0]!.secret_ciphertext).not.toContain(currentSecret);
        expect(new SecretBox(env.config.DEVICE_SECRET_KEY).open(rows[0]!.secret_ciphertext)).toBe(currentSecret);
      } finally {
        await db.end();
      }
    });

    it('disables and enables a device', async () => {
      const disabled = await api.post('/v1/devices/HK-0001/disable', undefined, admin).expect(200);
      expect(disabled.body).toEqual({ serial: 'HK-0001', residentId, protocol: 'http', enabled: false });
      const enabled = await api.post('/v1/devices/HK-0001/enable', undefined, admin).expect(200);
      expect(enabled.body.enabled).toBe(true);
    });

    it('creates users, a responder user linked to a responder', async () => {
      const operator = await api.post('/v1/users', { username: 'op.zhang', password: 'operator-pass-1', role: 'operator' }, admin).expect(201);
      expect(operator.body).toEqual({ id: expect.any(String), username: 'op.zhang', role: 'operator', districts: [], disabled: false });
      const carer = await api
        .post('/v1/users', { username: 'carer.chen', password: 'carer-pass-01', role: 'responder', responderId: responders.carer!.id }, admin)
        .expect(201);
      expect(carer.body).toMatchObject({ username: 'carer.chen', role: 'responder' });
      await api.login('op.zhang', 'operator-pass-1');
    });

    describe('refusals', () => {
      it('400 for an unknown field, a bad date or a bad phone', async () => {
        await api.post('/v1/residents', { ...resident, shoeSize: 42 }, admin).expect(400);
        await api.post('/v1/residents', { ...resident, dateOfBirth: '1948-02-30' }, admin).expect(400);
        await api.post('/v1/residents', { ...resident, dateOfBirth: '2999-01-01' }, admin).expect(400);
        const phone = await api.post('/v1/residents', { ...resident, phone: 'call me maybe' }, admin).expect(400);
        expect(phone.body).toEqual({
          statusCode: 400,
          error: 'Bad Request',
          message: [expect.stringContaining('phone')],
          issues: [expect.objectContaining({ path: ['phone'] })],
        });
        await api.post('/v1/responders', { fullName: 'X', role: 'carer', phone: 'abc' }, admin).expect(400);
      });

      it('400 for a care team with a doctor in the carer slot, or an unknown responder', async () => {
        const res = await api.put(`/v1/residents/${residentId}/care-team`, { carerId: responders.doctor!.id }, admin).expect(400);
        expect(res.body.message).toEqual([expect.stringContaining('is a doctor, not a carer')]);
        await api.put(`/v1/residents/${residentId}/care-team`, { cadreId: '00000000-0000-4000-8000-000000000000' }, admin).expect(400);
        // The refused team changed nothing.
        const team = await api.get(`/v1/residents/${residentId}/care-team`, admin).expect(200);
        expect(Object.keys(team.body).sort()).toEqual(['cadre', 'carer', 'doctor']);
      });

      it('400 for a responder user without an existing responder, and a malformed id', async () => {
        await api.post('/v1/users', { username: 'carer.x', password: 'carer-pass-01', role: 'responder' }, admin).expect(400);
        await api
          .post('/v1/users', { username: 'carer.y', password: 'carer-pass-01', role: 'responder', responderId: '00000000-0000-4000-8000-000000000000' }, admin)
          .expect(400);
        await api.get('/v1/residents/not-a-uuid', admin).expect(400);
        await api.post('/v1/devices', { serial: 'HK-0002', residentId: '00000000-0000-4000-8000-000000000000' }, admin).expect(400);
        await api.post('/v1/devices', { serial: 'bad serial!', residentId }, admin).expect(400);
      });

      it('404 for unknown residents and devices', async () => {
        const unknown = '00000000-0000-4000-8000-000000000000';
        const res = await api.get(`/v1/residents/${unknown}`, admin).expect(404);
        expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: `no resident ${unknown}` });
        await api.patch(`/v1/residents/${unknown}`, { fullName: 'Nobody' }, admin).expect(404);
        await api.get(`/v1/residents/${unknown}/care-team`, admin).expect(404);
        await api.put(`/v1/residents/${unknown}/care-team`, {}, admin).expect(404);
        await api.post('/v1/devices/NO-SUCH/rotate-secret', undefined, admin).expect(404);
        await api.post('/v1/devices/NO-SUCH/disable', undefined, admin).expect(404);
      });

      it('409 for a duplicate serial or username (whatever its case)', async () => {
        await api.post('/v1/devices', { serial: 'HK-0001', residentId }, admin).expect(409);
        const dup = await api.post('/v1/users', { username: 'OP.Zhang', password: 'operator-pass-2', role: 'operator' }, admin).expect(409);
        expect(dup.body).toEqual({ statusCode: 409, error: 'Conflict', reason: 'username_taken', message: 'username "OP.Zhang" is taken' });
      });
    });

    describe('roles', () => {
      let operator: string;
      let responder: string;

      beforeAll(async () => {
        operator = await api.login('op.zhang', 'operator-pass-1');
        responder = await api.login('carer.chen', 'carer-pass-01');
      });

      const adminRoutes: { method: 'get' | 'post' | 'put' | 'patch'; path: string; body?: object }[] = [
        { method: 'post', path: '/v1/users', body: { username: 'someone', password: 'long-enough-1', role: 'operator' } },
        { method: 'get', path: '/v1/users' },
        { method: 'post', path: '/v1/residents', body: resident },
        { method: 'patch', path: '/v1/residents/00000000-0000-4000-8000-000000000000', body: { fullName: 'X' } },
        { method: 'put', path: '/v1/residents/00000000-0000-4000-8000-000000000000/care-team', body: {} },
        { method: 'post', path: '/v1/responders', body: { fullName: 'X', role: 'carer', phone: '123' } },
        { method: 'post', path: '/v1/devices', body: { serial: 'HK-9', residentId: '00000000-0000-4000-8000-000000000000' } },
        { method: 'get', path: '/v1/devices' },
        { method: 'post', path: '/v1/devices/HK-0001/rotate-secret' },
        { method: 'post', path: '/v1/devices/HK-0001/disable' },
        { method: 'post', path: '/v1/devices/HK-0001/enable' },
      ];

      it.each(adminRoutes)('$method $path: 403 for an operator, 401 without a token', async ({ method, path, body }) => {
        const call = (token?: string) => {
          const req = request(consoleApp.url)[method](path);
          if (token) void req.set('Authorization', `Bearer ${token}`);
          return body ? req.send(body) : req;
        };
        const forbidden = await call(operator).expect(403);
        expect(forbidden.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
        const anonymous = await call().expect(401);
        expect(anonymous.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      });

      it('401 for a garbage token', async () => {
        await api.get('/v1/residents', 'garbage.token.here').expect(401);
      });

      it('lets operators read residents, care teams, responders and incidents', async () => {
        await api.get(`/v1/residents/${residentId}`, operator).expect(200);
        await api.get('/v1/residents?query=wang', operator).expect(200);
        await api.get(`/v1/residents/${residentId}/care-team`, operator).expect(200);
        await api.get('/v1/responders', operator).expect(200);
        await api.get('/v1/incidents', operator).expect(200);
      });

      it('keeps responders out of the console routes', async () => {
        await api.get('/v1/incidents', responder).expect(403);
        await api.get(`/v1/residents/${residentId}`, responder).expect(403);
      });
    });
  });

  describe('operations', () => {
    it('is ready while Postgres and Redis answer, without a token', async () => {
      await api.get('/health/live').expect(200);
      const ready = await api.get('/health/ready').expect(200);
      expect(ready.body.checks).toEqual({ postgres: 'ok', redis: 'ok' });
      await api.get('/metrics').expect(200);
    });

    it('serves the OpenAPI docs without a token', async () => {
      await api.get('/docs').expect(200);
      const spec = await api.get('/docs/openapi.json').expect(200);
      expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/v1/auth/login', '/v1/incidents/{id}/acknowledge']));
    });
  });
});
