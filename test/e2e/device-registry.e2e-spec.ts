import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createIngestApp } from '../../apps/ingest/src/app';
import { DeviceRegistry } from '../../apps/ingest/src/device-gateway/device-registry';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';
import { provisionTcpResidents } from '../support/fixtures';

/**
 * The TCP devices' registry against real Postgres, at the size of a reconnect storm or of the
 * periodic check of every connection: lookups made together share statements, and never take
 * more than two of the pool's connections, so a press never queues behind them.
 */
describe('device registry', () => {
  let env: SuiteEnvironment;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    env = await createSuiteEnvironment('device-registry');
    app = await createIngestApp(env.config);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await env?.destroy();
  });

  it('looks up 5,000 devices asked at once in statements of up to 500, at most two in flight, each answered with its own row', async () => {
    const devices = await provisionTcpResidents(env.databaseUrl, 'watch', 4000, '77');
    const unknown = Array.from({ length: 1000 }, (_, i) => `7800000${String(i).padStart(3, '0')}`);
    const db = app.get(DataSource);
    const query = db.query.bind(db);
    let inFlight = 0;
    let mostInFlight = 0;
    let lookups = 0;
    const spy = jest.spyOn(db, 'query').mockImplementation(async (sql: string, params?: Parameters<DataSource['query']>[1]) => {
      const lookup = sql.includes('FROM devices WHERE serial = ANY');
      if (lookup) {
        lookups++;
        mostInFlight = Math.max(mostInFlight, ++inFlight);
      }
      try {
        return await query(sql, params);
      } finally {
        if (lookup) inFlight--;
      }
    });
    try {
      const registry = app.get(DeviceRegistry);
      const serials = [...devices.map((d) => d.serial), ...unknown];
      const found = await Promise.all(serials.map((serial) => registry.find(serial, 'watch')));
      expect(found.slice(0, devices.length).map((d) => d?.residentId)).toEqual(devices.map((d) => d.residentId));
      expect(found.slice(devices.length).every((d) => d === undefined)).toBe(true);
      expect(mostInFlight).toBeLessThanOrEqual(2);
      expect(lookups).toBeGreaterThanOrEqual(10);
      expect(lookups).toBeLessThanOrEqual(12);
    } finally {
      spy.mockRestore();
    }
  });
});
