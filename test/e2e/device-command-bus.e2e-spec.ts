import type { DeviceCommand } from '@app/contracts';
import { DeviceCommandBus, deviceCommandReplyKey, deviceConnectionKey, DeviceConnectionRegistry } from '@app/device-commands';
import { createRedis } from '@app/redis';
import type IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { deleteRedisKeys, testRedisUrl } from '../support/environment';

/**
 * The device command bus and connection registry over real Redis, with two "ingest instances"
 * (two serve() subscribers) of which only one holds the device, as in a scaled-out deployment.
 */
describe('device command bus', () => {
  const redisUrl = testRedisUrl();
  const redisPrefix = `hkt-devbus-${randomBytes(4).toString('hex')}`;
  const TIMEOUT_MS = 400;
  const TTL_S = 660;
  let redis: IORedis;
  let registry: DeviceConnectionRegistry;
  const buses: DeviceCommandBus[] = [];

  const newBus = () => {
    const bus = new DeviceCommandBus({ redisPrefix, timeoutMs: TIMEOUT_MS, publisher: redis, connect: (purpose) => createRedis(redisUrl, purpose) });
    buses.push(bus);
    return bus;
  };

  /** An ingest instance holding some devices: writes what it holds, records everything it was asked. */
  async function instance(holds: Set<string>, behaviour: 'writes' | 'throws' = 'writes') {
    const asked: { serial: string; command: DeviceCommand }[] = [];
    const bus = newBus();
    await bus.serve((serial, command) => {
      asked.push({ serial, command });
      if (behaviour === 'throws' && holds.has(serial)) return Promise.reject(new Error('socket write failed'));
      return Promise.resolve(holds.has(serial));
    });
    return { bus, asked };
  }

  beforeAll(() => {
    redis = createRedis(redisUrl, 'command');
    registry = new DeviceConnectionRegistry(redis, redisPrefix, TTL_S);
  });

  afterAll(async () => {
    for (const bus of buses) await bus.close();
    redis?.disconnect();
    await deleteRedisKeys(redisUrl, redisPrefix);
  });

  describe('requests', () => {
    let a: Awaited<ReturnType<typeof instance>>;
    let b: Awaited<ReturnType<typeof instance>>;
    let consoleBus: DeviceCommandBus;

    beforeAll(async () => {
      a = await instance(new Set(['861000000000001']));
      b = await instance(new Set(['8800000015']));
      consoleBus = newBus();
    });

    beforeEach(() => {
      a.asked.length = 0;
      b.asked.length = 0;
    });

    it('reaches the instance that holds the device, which confirms; the other one stays silent', async () => {
      await expect(consoleBus.request('8800000015', { kind: 'locate' })).resolves.toBe('delivered');
      expect(b.asked).toEqual([{ serial: '8800000015', command: { kind: 'locate' } }]);
      // Every instance hears every request; only the holder answers.
      expect(a.asked).toEqual([{ serial: '8800000015', command: { kind: 'locate' } }]);

      const numbers: DeviceCommand = { kind: 'sos-numbers', numbers: ['12349', '+8613900000000'] };
      await expect(consoleBus.request('861000000000001', numbers)).resolves.toBe('delivered');
      expect(a.asked.at(-1)).toEqual({ serial: '861000000000001', command: numbers });
    });

    it('is not_connected when no instance holds the device, after the timeout and not long after', async () => {
      const started = Date.now();
      await expect(consoleBus.request('359586015829802', { kind: 'locate' })).resolves.toBe('not_connected');
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(waited).toBeLessThan(TIMEOUT_MS + 1500);
      expect(a.asked.map((x) => x.serial)).toEqual(['359586015829802']);
    });

    it('keeps concurrent requests apart: each gets its own confirmation', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, i) => consoleBus.request(i % 2 ? '8800000015' : '359586015829802', { kind: 'locate' })),
      );
      expect(outcomes).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 ? 'delivered' : 'not_connected')));
    });

    it('leaves no confirmation behind for long: one nobody waits for expires', async () => {
      // A request whose console gave up (or died) before the holder confirmed.
      await redis.publish(`${redisPrefix}-device-commands`, JSON.stringify({ requestId: 'abandoned-1', serial: '8800000015', command: { kind: 'locate' } }));
      const key = deviceCommandReplyKey(redisPrefix, 'abandoned-1');
      const deadline = Date.now() + 2000;
      while (!(await redis.exists(key)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await redis.lrange(key, 0, -1)).toEqual(['delivered']);
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(30);
    });
  });

  it('is not_connected when nothing serves at all', async () => {
    const lonely = new DeviceCommandBus({
      redisPrefix: `${redisPrefix}-nobody`,
      timeoutMs: TIMEOUT_MS,
      publisher: redis,
      connect: (purpose) => createRedis(redisUrl, purpose),
    });
    buses.push(lonely);
    await expect(lonely.request('8800000015', { kind: 'locate' })).resolves.toBe('not_connected');
  });

  it('is not_connected when the holder fails to write (and that instance keeps serving)', async () => {
    const holds = new Set(['8800000099']);
    const failing = await instance(holds, 'throws');
    const consoleBus = newBus();
    await expect(consoleBus.request('8800000099', { kind: 'locate' })).resolves.toBe('not_connected');
    expect(failing.asked).toHaveLength(1);
    await expect(consoleBus.request('8800000099', { kind: 'locate' })).resolves.toBe('not_connected');
    expect(failing.asked).toHaveLength(2);
    await failing.bus.close();
  });

  it('stops serving once closed', async () => {
    const closing = await instance(new Set(['8800000077']));
    const consoleBus = newBus();
    await expect(consoleBus.request('8800000077', { kind: 'locate' })).resolves.toBe('delivered');
    await closing.bus.close();
    await expect(consoleBus.request('8800000077', { kind: 'locate' })).resolves.toBe('not_connected');
  });

  it('ignores malformed messages on the channel', async () => {
    const serving = await instance(new Set(['8800000055']));
    await redis.publish(`${redisPrefix}-device-commands`, 'not json');
    await redis.publish(`${redisPrefix}-device-commands`, JSON.stringify({ requestId: 'x', serial: '8800000055', command: { kind: 'reboot' } }));
    await expect(newBus().request('8800000055', { kind: 'locate' })).resolves.toBe('delivered');
    expect(serving.asked).toEqual([{ serial: '8800000055', command: { kind: 'locate' } }]);
  });

  describe('connection registry', () => {
    const serial = '123456789012345';
    const at = (instanceId: string) => ({ instanceId, protocol: 'gt06' as const, remoteAddress: '10.0.0.7:40112', connectedAt: new Date().toISOString() });

    it('registers a connection with the TTL, and refreshes it only for its holder', async () => {
      await registry.markConnected(serial, at('ingest-a'));
      expect(await registry.connection(serial)).toEqual({
        instanceId: 'ingest-a',
        protocol: 'gt06',
        remoteAddress: '10.0.0.7:40112',
        connectedAt: expect.any(String),
      });
      const key = deviceConnectionKey(redisPrefix, serial);
      expect(await redis.ttl(key)).toBeGreaterThan(TTL_S - 5);
      await redis.expire(key, 10);
      await expect(registry.touch(serial, 'ingest-a')).resolves.toBe('refreshed');
      expect(await redis.ttl(key)).toBeGreaterThan(TTL_S - 5);
    });

    it('lets a stale instance neither refresh nor delete a newer registration', async () => {
      await registry.markConnected(serial, at('ingest-a'));
      // The device reconnected through another instance before the first noticed its socket was dead.
      await registry.markConnected(serial, at('ingest-b'));
      const key = deviceConnectionKey(redisPrefix, serial);
      await redis.expire(key, 100);
      await expect(registry.touch(serial, 'ingest-a')).resolves.toBe('taken');
      expect(await redis.ttl(key)).toBeLessThanOrEqual(100);
      await expect(registry.markDisconnected(serial, 'ingest-a')).resolves.toBe(false);
      expect((await registry.connection(serial))?.instanceId).toBe('ingest-b');
      await expect(registry.markDisconnected(serial, 'ingest-b')).resolves.toBe(true);
      expect(await registry.connection(serial)).toBeUndefined();
      await expect(registry.touch(serial, 'ingest-b')).resolves.toBe('missing');
      await expect(registry.markDisconnected(serial, 'ingest-b')).resolves.toBe(false);
    });

    it('answers for many serials at once, skipping the unconnected and anything unreadable', async () => {
      await registry.markConnected('8800000015', { ...at('ingest-a'), protocol: 'watch' });
      await registry.markConnected('8800000016', { ...at('ingest-b'), protocol: 'watch' });
      await redis.set(deviceConnectionKey(redisPrefix, '8800000017'), 'garbage');
      const found = await registry.connections(['8800000015', '8800000016', '8800000017', '8800000018']);
      expect([...found.keys()]).toEqual(['8800000015', '8800000016']);
      expect(found.get('8800000016')).toMatchObject({ instanceId: 'ingest-b', protocol: 'watch', remoteAddress: '10.0.0.7:40112' });
      expect(await registry.connections([])).toEqual(new Map());
    });
  });
});
