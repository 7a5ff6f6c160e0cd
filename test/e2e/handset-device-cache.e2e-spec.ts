import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SecretBox } from '@app/auth';
import { createIngestApp } from '../../apps/ingest/src/app';
import { ConsoleClient, type RunningConsole, startConsole } from '../support/console-client';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';
import { createResidentWithDevice, type ResidentWithDevice } from '../support/fixtures';
import { sendSigned } from '../support/handset';

/**
 * Ingest caches device rows for the handset signature check; console announces every device
 * change after its commit. With two ingest instances (each its own cache) behind one console: a
 * rotated secret and a disabled device are refused at once by both, and an enabled one is let in
 * at once by both, though each had the old row cached.
 */
describe('ingest: the cached device registry follows console at once', () => {
  let env: SuiteEnvironment;
  let consoleApp: RunningConsole;
  let api: ConsoleClient;
  let admin: string;
  const ingests: NestFastifyApplication[] = [];
  const urls: string[] = [];
  let device: ResidentWithDevice;

  beforeAll(async () => {
    env = await createSuiteEnvironment('device-cache');
    consoleApp = await startConsole(env.config);
    api = new ConsoleClient(consoleApp.url);
    admin = await api.login('admin', 'admin-password-1');
    for (let i = 0; i < 2; i++) {
      const app = await createIngestApp(env.config);
      await app.listen(0, '127.0.0.1');
      ingests.push(app);
      urls.push(await app.getUrl());
    }
    device = await createResidentWithDevice(ingests[0]!.get(DataSource), env.config);
  });

  afterAll(async () => {
    for (const app of ingests) await app.close();
    await consoleApp?.app.close();
    await env?.destroy();
  });

  /** One signed press to each instance, with `secret`: the statuses. */
  async function pressEach(secret: string): Promise<number[]> {
    const statuses: number[] = [];
    for (const baseUrl of urls) {
      const res = await sendSigned({ baseUrl, serial: device.serial, secret, path: '/v1/alarms', body: { eventId: `ev-${randomUUID()}`, type: 'sos' } });
      statuses.push(res.status);
    }
    return statuses;
  }

  it('refuses the old secret on every instance as soon as the rotation is answered, and takes the new one', async () => {
    // Both instances now hold the device row with the first secret.
    expect(await pressEach(device.secret)).toEqual([202, 202]);
    expect(await pressEach(device.secret)).toEqual([202, 202]);

    const rotated = await api.post(`/v1/devices/${device.serial}/rotate-secret`, undefined, admin).expect(200);
    const secret = (rotated.body as { secret: string }).secret;
    expect(await pressEach(device.secret)).toEqual([401, 401]);
    expect(await pressEach(secret)).toEqual([202, 202]);
    device = { ...device, secret };
  });

  it('refuses a disabled device on every instance at once, and lets it in again at once when enabled', async () => {
    expect(await pressEach(device.secret)).toEqual([202, 202]);
    await api.post(`/v1/devices/${device.serial}/disable`, undefined, admin).expect(200);
    expect(await pressEach(device.secret)).toEqual([401, 401]);
    await api.post(`/v1/devices/${device.serial}/enable`, undefined, admin).expect(200);
    expect(await pressEach(device.secret)).toEqual([202, 202]);
  });

  it('knows a device provisioned through console at once, though its serial was cached as unknown', async () => {
    const [resident] = await ingests[0]!.get(DataSource).query(`SELECT id FROM residents WHERE id = $1`, [device.residentId]);
    const serial = `HK-NEW-${randomUUID().slice(0, 8)}`;
    const unknown = await sendSigned({ baseUrl: urls[0]!, serial, secret: 'not-yet', path: '/v1/alarms', body: { eventId: 'e1', type: 'sos' } });
    expect(unknown.status).toBe(401);
    const created = await api.post('/v1/devices', { serial, residentId: resident.id, protocol: 'http' }, admin).expect(201);
    const secret = (created.body as { secret: string }).secret;
    const known = await sendSigned({ baseUrl: urls[0]!, serial, secret, path: '/v1/alarms', body: { eventId: 'e1', type: 'sos' } });
    expect(known.status).toBe(202);
  });

  it('opens a device secret once per read of its serial, a known one and an unknown one alike, and the rotated one at once', async () => {
    const opens = jest.spyOn(SecretBox.prototype, 'open');
    const press = async (serial: string, secret: string) =>
      (await sendSigned({ baseUrl: urls[0]!, serial, secret, path: '/v1/alarms', body: { eventId: `ev-${randomUUID()}`, type: 'sos' } })).status;
    const opensDuring = async (work: () => Promise<unknown>) => {
      const before = opens.mock.calls.length;
      await work();
      return opens.mock.calls.length - before;
    };
    try {
      const fresh = await createResidentWithDevice(ingests[0]!.get(DataSource), env.config);
      const unknown = `HK-NONE-${randomUUID().slice(0, 8)}`;
      // Three presses, one read of the serial: one decrypt. The same for a serial nobody has (the decoy's).
      expect(
        await opensDuring(async () =>
          expect([await press(fresh.serial, fresh.secret), await press(fresh.serial, fresh.secret), await press(fresh.serial, fresh.secret)]).toEqual([
            202, 202, 202,
          ]),
        ),
      ).toBe(1);
      expect(
        await opensDuring(async () => expect([await press(unknown, 'x'), await press(unknown, 'x'), await press(unknown, 'x')]).toEqual([401, 401, 401])),
      ).toBe(1);
      // A rotation drops the read: the next press reads the row again and opens the new secret.
      const rotated = await api.post(`/v1/devices/${fresh.serial}/rotate-secret`, undefined, admin).expect(200);
      const secret = (rotated.body as { secret: string }).secret;
      expect(await opensDuring(async () => expect([await press(fresh.serial, fresh.secret), await press(fresh.serial, secret)]).toEqual([401, 202]))).toBe(1);
    } finally {
      opens.mockRestore();
    }
  });
});
