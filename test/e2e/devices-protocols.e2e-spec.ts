import type { DeviceCommand } from '@app/contracts';
import { connectionTtlSeconds, DeviceCommandBus, DeviceConnectionRegistry } from '@app/device-commands';
import { createRedis } from '@app/redis';
import type IORedis from 'ioredis';
import { Client } from 'pg';
import { ConsoleClient, insertIncident, type RunningConsole, startConsole } from '../support/console-client';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

/**
 * Watch and GT06 devices on the console side: provisioning per protocol, the ids
 * heard but not registered, and commands to connected devices over the real command bus. The
 * ingest instance holding a device is stood in for by a real serve() subscriber on real Redis.
 */
const COMMAND_TIMEOUT_MS = 500;
const WATCH = '8800000015';
const WATCH_IMEI = '359586015829802';
const GT06 = '123456789012345';
const UNKNOWN_RESIDENT = '00000000-0000-4000-8000-000000000000';

describe('devices that speak TCP protocols (console)', () => {
  let env: SuiteEnvironment;
  let consoleApp: RunningConsole;
  let api: ConsoleClient;
  let db: Client;
  let redis: IORedis;
  let registry: DeviceConnectionRegistry;
  let admin: string;
  let operator: string;
  let supervisor: string;
  let responder: string;
  let residentId: string;

  beforeAll(async () => {
    env = await createSuiteEnvironment('devices-protocols', { DEVICE_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS) });
    consoleApp = await startConsole(env.config);
    api = new ConsoleClient(consoleApp.url);
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    redis = createRedis(env.redisUrl, 'command');
    registry = new DeviceConnectionRegistry(redis, env.redisPrefix, connectionTtlSeconds(env.config.DEVICE_IDLE_TIMEOUT_S));
    admin = await api.login('admin', 'admin-password-1');
    operator = await api.userToken(admin, { username: 'op.li', role: 'operator' });
    supervisor = await api.userToken(admin, { username: 'sup.wu', role: 'supervisor' });
    const carer = await api.post('/v1/responders', { fullName: 'Carer Zhao', role: 'carer', phone: '+86 138 0000 0001' }, admin).expect(201);
    responder = await api.userToken(admin, { username: 'carer.zhao', role: 'responder', responderId: carer.body.id });
    residentId = (await api.post('/v1/residents', { fullName: 'Sun Guiying', dateOfBirth: '1939-09-09', address: '7 Well Lane' }, admin).expect(201)).body.id;
  });

  afterAll(async () => {
    await consoleApp?.app.close();
    redis?.disconnect();
    await db?.end();
    await env?.destroy();
  });

  /** A stand-in ingest instance: holds (registers and serves) the given serials, records what it was asked. */
  async function ingestInstance(instanceId: string, serials: string[]) {
    const holds = new Set(serials);
    const asked: { serial: string; command: DeviceCommand }[] = [];
    const bus = new DeviceCommandBus({
      redisPrefix: env.redisPrefix,
      timeoutMs: COMMAND_TIMEOUT_MS,
      publisher: redis,
      connect: (purpose) => createRedis(env.redisUrl, purpose),
    });
    await bus.serve((serial, command) => {
      asked.push({ serial, command });
      return Promise.resolve(holds.has(serial));
    });
    for (const serial of serials) {
      await registry.markConnected(serial, {
        instanceId,
        protocol: serial.length === 10 ? 'watch' : 'gt06',
        remoteAddress: '10.1.2.3:50000',
        connectedAt: new Date().toISOString(),
      });
    }
    return {
      asked,
      stop: async () => {
        for (const serial of serials) await registry.markDisconnected(serial, instanceId);
        await bus.close();
      },
    };
  }

  describe('provisioning', () => {
    it('gives an http handset a secret, as before (protocol defaults to http)', async () => {
      const res = await api.post('/v1/devices', { serial: 'HK-1001', residentId }, admin).expect(201);
      expect(res.body).toEqual({ serial: 'HK-1001', residentId, secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
      const explicit = await api.post('/v1/devices', { serial: 'HK-1002', residentId, protocol: 'http' }, admin).expect(201);
      expect(explicit.body.secret).toEqual(expect.any(String));
    });

    it.each([
      ['watch', WATCH],
      ['watch', WATCH_IMEI],
      ['gt06', GT06],
    ])('registers a %s device %s by its id alone: no secret', async (protocol, serial) => {
      const res = await api.post('/v1/devices', { serial, residentId, protocol }, admin).expect(201);
      expect(res.body).toEqual({ serial, residentId, protocol });
      const { rows } = await db.query('SELECT protocol, secret_ciphertext, sos_numbers, sos_numbers_pending FROM devices WHERE serial = $1', [serial]);
      expect(rows).toEqual([{ protocol, secret_ciphertext: null, sos_numbers: null, sos_numbers_pending: false }]);
    });

    it.each([
      ['watch', 'HK-2001', 'a watch serial is its 10-digit id or its 15-digit IMEI'],
      ['watch', '12345678901', 'a watch serial is its 10-digit id or its 15-digit IMEI'],
      ['gt06', '8800000016', 'a GT06 serial is its 15-digit IMEI'],
      ['gt06', '12345678901234X', 'a GT06 serial is its 15-digit IMEI'],
    ])('refuses a %s serial %s with 400, naming the rule', async (protocol, serial, rule) => {
      const res = await api.post('/v1/devices', { serial, residentId, protocol }, admin).expect(400);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: [`serial: ${rule}`],
        issues: [expect.objectContaining({ path: ['serial'], rule: expect.stringMatching(/^serial_/) })],
      });
    });

    it('refuses an unknown protocol, an unknown resident and a taken serial', async () => {
      await api.post('/v1/devices', { serial: GT06, residentId, protocol: 'jt808' }, admin).expect(400);
      await api.post('/v1/devices', { serial: '123456789012399', residentId: UNKNOWN_RESIDENT, protocol: 'gt06' }, admin).expect(400);
      await api.post('/v1/devices', { serial: GT06, residentId, protocol: 'gt06' }, admin).expect(409);
      await api.post('/v1/devices', { serial: WATCH, residentId, protocol: 'http' }, admin).expect(409);
    });

    it('keeps the database honest too: an http handset without a secret is refused', async () => {
      await expect(db.query(`INSERT INTO devices (serial, resident_id, protocol) VALUES ('HK-NOSECRET', $1, 'http')`, [residentId])).rejects.toThrow(
        /devices_http_has_secret/,
      );
    });

    it('has no secret to rotate for a TCP device (409); an http one still rotates', async () => {
      const res = await api.post(`/v1/devices/${WATCH}/rotate-secret`, undefined, admin).expect(409);
      expect(res.body.message).toMatch(/no secret/);
      await api.post('/v1/devices/HK-1001/rotate-secret', undefined, admin).expect(200);
      await api.post('/v1/devices/NO-SUCH/rotate-secret', undefined, admin).expect(404);
    });

    it('lists every device with its protocol, and TCP devices with whether they are connected', async () => {
      const instance = await ingestInstance('ingest-list', [WATCH]);
      try {
        const res = await api.get('/v1/devices', admin).expect(200);
        const bySerial = Object.fromEntries((res.body as { serial: string }[]).map((d) => [d.serial, d]));
        expect(bySerial['HK-1001']).toEqual({ serial: 'HK-1001', residentId, protocol: 'http', enabled: true });
        expect(bySerial[WATCH]).toEqual({ serial: WATCH, residentId, protocol: 'watch', enabled: true, connected: true });
        expect(bySerial[GT06]).toEqual({ serial: GT06, residentId, protocol: 'gt06', enabled: true, connected: false });
      } finally {
        await instance.stop();
      }
      const after = await api.get('/v1/devices', admin).expect(200);
      expect(after.body.find((d: { serial: string }) => d.serial === WATCH).connected).toBe(false);
    });
  });

  describe('ids heard but not registered', () => {
    beforeAll(async () => {
      await db.query(
        `INSERT INTO unregistered_devices (serial, protocol, first_heard_at, last_heard_at, frames, remote_address) VALUES
           ('8800000100', 'watch', now() - interval '2 hours', now() - interval '1 hour', 12, '10.9.0.1:40000'),
           ('861234567890123', 'gt06', now() - interval '10 minutes', now() - interval '1 minute', 3, '10.9.0.2:40001'),
           ('8800000101', 'watch', now() - interval '1 day', now() - interval '30 minutes', 5000000000, NULL),
           ($1, 'watch', now() - interval '3 days', now() - interval '2 days', 7, '10.9.0.3:40002')`,
        [WATCH],
      );
    });

    it('shows admins what was heard, newest first, leaving out ids an enabled device answers to', async () => {
      const res = await api.get('/v1/devices/unregistered', admin).expect(200);
      expect(res.body).toEqual({
        items: [
          {
            serial: '861234567890123',
            protocol: 'gt06',
            firstHeardAt: expect.any(String),
            lastHeardAt: expect.any(String),
            frames: 3,
            remoteAddress: '10.9.0.2:40001',
          },
          { serial: '8800000101', protocol: 'watch', firstHeardAt: expect.any(String), lastHeardAt: expect.any(String), frames: 5000000000 },
          {
            serial: '8800000100',
            protocol: 'watch',
            firstHeardAt: expect.any(String),
            lastHeardAt: expect.any(String),
            frames: 12,
            remoteAddress: '10.9.0.1:40000',
          },
        ],
      });
      const first = res.body.items[0];
      expect(Date.parse(first.lastHeardAt) - Date.parse(first.firstHeardAt)).toBeCloseTo(9 * 60_000, -3);
    });

    it('lists a disabled device heard again (it gets no answer either)', async () => {
      await api.post(`/v1/devices/${WATCH}/disable`, undefined, admin).expect(200);
      try {
        const res = await api.get('/v1/devices/unregistered', admin).expect(200);
        expect(res.body.items.map((d: { serial: string }) => d.serial)).toContain(WATCH);
      } finally {
        await api.post(`/v1/devices/${WATCH}/enable`, undefined, admin).expect(200);
      }
    });

    it('drops an id from the list once it is registered', async () => {
      await api.post('/v1/devices', { serial: '8800000100', residentId, protocol: 'watch' }, admin).expect(201);
      const res = await api.get('/v1/devices/unregistered', admin).expect(200);
      expect(res.body.items.map((d: { serial: string }) => d.serial)).toEqual(['861234567890123', '8800000101']);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM unregistered_devices WHERE serial = '8800000100'`);
      expect(rows[0].n).toBe(0);
    });

    it('is for admins only', async () => {
      for (const token of [operator, supervisor, responder]) await api.get('/v1/devices/unregistered', token).expect(403);
      await api.get('/v1/devices/unregistered').expect(401);
    });
  });

  describe('locate now', () => {
    it('is 409 "the device is not connected" at once when no ingest instance holds it', async () => {
      const started = Date.now();
      const res = await api.post(`/v1/devices/${GT06}/locate`, undefined, operator).expect(409);
      expect(res.body).toEqual({ statusCode: 409, error: 'Conflict', reason: 'device_not_connected', message: 'the device is not connected' });
      expect(Date.now() - started).toBeLessThan(COMMAND_TIMEOUT_MS);
    });

    it('is 409 after the timeout when the registration is stale (its instance died) and nobody confirms', async () => {
      await registry.markConnected(GT06, { instanceId: 'ingest-dead', protocol: 'gt06', remoteAddress: '10.1.2.3:1', connectedAt: new Date().toISOString() });
      try {
        const started = Date.now();
        const res = await api.post(`/v1/devices/${GT06}/locate`, undefined, operator).expect(409);
        expect(res.body.message).toBe('the device is not connected');
        expect(Date.now() - started).toBeGreaterThanOrEqual(COMMAND_TIMEOUT_MS - 50);
      } finally {
        await registry.markDisconnected(GT06, 'ingest-dead');
      }
    });

    it('is 202 once the instance holding the device wrote the request to it; other instances stay out of it', async () => {
      const holder = await ingestInstance('ingest-a', [GT06]);
      const bystander = await ingestInstance('ingest-b', [WATCH_IMEI]);
      try {
        for (const token of [operator, supervisor, admin]) {
          const res = await api.post(`/v1/devices/${GT06}/locate`, undefined, token).expect(202);
          expect(res.body).toEqual({ serial: GT06, delivered: true });
        }
        expect(holder.asked).toEqual(Array.from({ length: 3 }, () => ({ serial: GT06, command: { kind: 'locate' } })));
        // The other instance heard each request too, and (not holding the device) wrote nothing and confirmed nothing.
        expect(bystander.asked.map((a) => a.serial)).toEqual([GT06, GT06, GT06]);
        const { rows } = await db.query(`SELECT actor_username FROM audit_log WHERE action = 'device.locate' AND entity_id = $1 ORDER BY id`, [GT06]);
        expect(rows.map((r) => r.actor_username)).toEqual(['op.li', 'sup.wu', 'admin']);
      } finally {
        await holder.stop();
        await bystander.stop();
      }
    });

    it('is 404 for an unknown device, 409 for an http handset, 403 for a responder, 401 without a token', async () => {
      await api.post('/v1/devices/NO-SUCH/locate', undefined, operator).expect(404);
      const http = await api.post('/v1/devices/HK-1001/locate', undefined, operator).expect(409);
      expect(http.body.message).toMatch(/http handset/);
      await api.post(`/v1/devices/${GT06}/locate`, undefined, responder).expect(403);
      await api.post(`/v1/devices/${GT06}/locate`).expect(401);
    });
  });

  describe('SOS numbers', () => {
    const stored = async (serial: string) =>
      (await db.query('SELECT sos_numbers, sos_numbers_pending FROM devices WHERE serial = $1', [serial])).rows[0] as {
        sos_numbers: string[] | null;
        sos_numbers_pending: boolean;
      };

    it('stores them for the next connection when the device is away', async () => {
      const res = await api.put(`/v1/devices/${WATCH}/sos-numbers`, { numbers: ['12349', '+8613900000001'] }, operator).expect(200);
      expect(res.body).toEqual({ serial: WATCH, sosNumbers: ['12349', '+8613900000001'], delivered: false });
      expect(await stored(WATCH)).toEqual({ sos_numbers: ['12349', '+8613900000001'], sos_numbers_pending: true });
    });

    it('writes them to a connected device now, and then nothing is pending', async () => {
      const holder = await ingestInstance('ingest-a', [WATCH]);
      try {
        const res = await api.put(`/v1/devices/${WATCH}/sos-numbers`, { numbers: ['12349'] }, admin).expect(200);
        expect(res.body).toEqual({ serial: WATCH, sosNumbers: ['12349'], delivered: true });
        expect(holder.asked).toEqual([{ serial: WATCH, command: { kind: 'sos-numbers', numbers: ['12349'] } }]);
        expect(await stored(WATCH)).toEqual({ sos_numbers: ['12349'], sos_numbers_pending: false });
      } finally {
        await holder.stop();
      }
      const listed = await api.get('/v1/devices', admin).expect(200);
      expect(listed.body.find((d: { serial: string }) => d.serial === WATCH).sosNumbers).toEqual(['12349']);
    });

    it('keeps them pending when the holder cannot confirm (stale registration)', async () => {
      await registry.markConnected(GT06, { instanceId: 'ingest-dead', protocol: 'gt06', remoteAddress: '10.1.2.3:1', connectedAt: new Date().toISOString() });
      try {
        const res = await api.put(`/v1/devices/${GT06}/sos-numbers`, { numbers: ['12349', '110'] }, supervisor).expect(200);
        expect(res.body.delivered).toBe(false);
        expect(await stored(GT06)).toEqual({ sos_numbers: ['12349', '110'], sos_numbers_pending: true });
      } finally {
        await registry.markDisconnected(GT06, 'ingest-dead');
      }
    });

    it.each([
      ['no numbers', { numbers: [] }],
      ['four numbers', { numbers: ['111', '222', '333', '444'] }],
      ['letters', { numbers: ['call home'] }],
      ['a + inside', { numbers: ['12+349'] }],
      ['an unknown field', { numbers: ['12349'], primary: 0 }],
    ])('refuses %s with 400 and changes nothing', async (_case, body) => {
      const before = await stored(GT06);
      await api.put(`/v1/devices/${GT06}/sos-numbers`, body, admin).expect(400);
      expect(await stored(GT06)).toEqual(before);
    });

    it('is 404 for an unknown device, 409 for an http handset, 403 for a responder', async () => {
      await api.put('/v1/devices/NO-SUCH/sos-numbers', { numbers: ['12349'] }, admin).expect(404);
      await api.put('/v1/devices/HK-1001/sos-numbers', { numbers: ['12349'] }, admin).expect(409);
      await api.put(`/v1/devices/${WATCH}/sos-numbers`, { numbers: ['12349'] }, responder).expect(403);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'device.sos_numbers'`);
      expect(rows[0].n).toBe(3);
    });
  });

  describe('incidents of TCP devices', () => {
    it('shows the device protocol, whether it is connected and its last position with its time and source', async () => {
      await db.query(
        `UPDATE devices SET last_position = '{"lat": 35.4211, "lng": 119.5267, "accuracyM": 12}', last_position_at = now() - interval '3 minutes',
           last_position_source = 'gps', last_radio = '{"cells": [{"mcc": 460, "mnc": 0, "lac": 9520, "cid": 3671}], "wifi": []}' WHERE serial = $1`,
        [GT06],
      );
      const incidentId = await insertIncident(db, { residentId, serial: GT06, type: 'sos' });
      const away = await api.get(`/v1/incidents/${incidentId}`, operator).expect(200);
      expect(away.body.device).toEqual({
        serial: GT06,
        protocol: 'gt06',
        connected: false,
        position: { lat: 35.4211, lng: 119.5267, accuracyM: 12, at: expect.any(String), source: 'gps' },
      });
      expect(Date.now() - Date.parse(away.body.device.position.at)).toBeGreaterThan(170_000);

      const holder = await ingestInstance('ingest-a', [GT06]);
      try {
        const here = await api.get(`/v1/incidents/${incidentId}`, operator).expect(200);
        expect(here.body.device.connected).toBe(true);
        const listed = await api.get('/v1/incidents?status=open', operator).expect(200);
        expect(listed.body.items.find((i: { id: string }) => i.id === incidentId).device.connected).toBe(true);
      } finally {
        await holder.stop();
      }
    });

    it('opens the new technical incident types beside an emergency, and leaves connected out for http handsets', async () => {
      const removed = await insertIncident(db, { residentId, serial: WATCH, type: 'device_removed' });
      const unknownAlarm = await insertIncident(db, { residentId, serial: WATCH_IMEI, type: 'device_alarm' });
      const httpPress = await insertIncident(db, { residentId, serial: 'HK-1001', type: 'low_battery' });
      const views = await Promise.all([removed, unknownAlarm, httpPress].map(async (id) => (await api.get(`/v1/incidents/${id}`, operator).expect(200)).body));
      expect(views.map((v) => [v.type, v.device.protocol, v.device.connected])).toEqual([
        ['device_removed', 'watch', false],
        ['device_alarm', 'watch', false],
        ['low_battery', 'http', undefined],
      ]);
      const { rows } = await db.query(`SELECT type_group FROM incidents WHERE id = ANY($1) ORDER BY type_group`, [[removed, unknownAlarm]]);
      expect(rows.map((r) => r.type_group)).toEqual(['device_alarm', 'device_removed']);
    });
  });
});
