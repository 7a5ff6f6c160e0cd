import { createRedis } from '@app/redis';
import type IORedis from 'ioredis';
import { SocketSlots } from '../../apps/console/src/live/socket-slots';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

/**
 * The per-user socket slots against real Redis, at the size of a city's phones: the periodic
 * refresh vouches for every held socket in bounded pipelines (one pipeline of 20,000 commands
 * held the console's event loop for 90-150 ms), and never re-adds a socket released meanwhile.
 */
describe('socket slots', () => {
  let env: SuiteEnvironment;
  let redis: IORedis;
  let slots: SocketSlots;
  /** Commands per pipeline the slots sent, in order. */
  const pipelineSizes: number[] = [];

  beforeAll(async () => {
    env = await createSuiteEnvironment('socket-slots');
    redis = createRedis(env.redisUrl, 'command');
    const pipeline = redis.pipeline.bind(redis);
    redis.pipeline = ((...args: Parameters<IORedis['pipeline']>) => {
      const created = pipeline(...args);
      const exec = created.exec.bind(created);
      created.exec = ((...execArgs: Parameters<typeof exec>) => (pipelineSizes.push(created.length), exec(...execArgs))) as typeof exec;
      return created;
    }) as IORedis['pipeline'];
    slots = new SocketSlots(redis, env.config);
  });

  afterAll(async () => {
    slots?.onModuleDestroy();
    redis?.disconnect();
    await env?.destroy();
  });

  const key = (userId: string) => `${env.config.REDIS_PREFIX}-socket-slots-${userId}`;
  const users = ['carer-a', 'carer-b', 'carer-c'];

  it('vouches for thousands of held sockets in pipelines of a bounded size, every one of them', async () => {
    const sockets = Array.from({ length: 3000 }, (_, i) => ({ socketId: `socket-${i}`, userId: users[i % users.length]! }));
    // Their slots as an hour-old refresh left them.
    const old = Date.now() - 3_600_000;
    const seed = redis.multi();
    for (const { socketId, userId } of sockets) seed.zadd(key(userId), old, socketId);
    await seed.exec();
    for (const { socketId, userId } of sockets) slots.hold(userId, socketId);

    pipelineSizes.length = 0;
    const startedAt = Date.now();
    await slots.refresh();
    // Two commands a socket (score, expiry), in several pipelines of at most 250 sockets.
    expect(pipelineSizes.reduce((a, b) => a + b, 0)).toBe(2 * sockets.length);
    expect(pipelineSizes.length).toBeGreaterThan(1);
    expect(Math.max(...pipelineSizes)).toBeLessThanOrEqual(500);
    for (const userId of users) {
      expect(await redis.zcount(key(userId), startedAt, '+inf')).toBe(1000);
      expect(await redis.pttl(key(userId))).toBeGreaterThan(0);
    }
    expect(await slots.connectedUsers([...users, 'nobody'])).toEqual(new Set(users));
  });

  it('does not re-add a socket released while a refresh is under way', async () => {
    const refresh = slots.refresh();
    // The first pipeline is built at once; the last socket's comes after the release.
    slots.release('carer-c', 'socket-2999');
    await refresh;
    await new Promise((r) => setTimeout(r, 50));
    expect(await redis.zscore(key('carer-c'), 'socket-2999')).toBeNull();
    expect(await redis.zscore(key('carer-c'), 'socket-2996')).not.toBeNull();
  });
});
