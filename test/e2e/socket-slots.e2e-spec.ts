import { createRedis } from '@app/redis';
import type IORedis from 'ioredis';
import { SocketSlots } from '../../apps/console/src/live/socket-slots';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

/**
 * The per-user socket slots against real Redis, at the size of a city's phones: the periodic
 * refresh vouches for every held socket in commands of a bounded size (one pipeline of 20,000
 * commands held the console's event loop for 90-150 ms; two commands a socket in smaller
 * pipelines still cost ioredis a command object each), and never re-adds a socket released
 * meanwhile.
 */
describe('socket slots', () => {
  let env: SuiteEnvironment;
  let redis: IORedis;
  let slots: SocketSlots;
  /** What the slots sent to Redis: the sockets each refresh command vouched for (its key count), and how many pipelines. */
  const scriptKeyCounts: number[] = [];
  let pipelines = 0;

  beforeAll(async () => {
    env = await createSuiteEnvironment('socket-slots');
    redis = createRedis(env.redisUrl, 'command');
    const pipeline = redis.pipeline.bind(redis);
    redis.pipeline = ((...args: Parameters<IORedis['pipeline']>) => {
      pipelines++;
      return pipeline(...args);
    }) as IORedis['pipeline'];
    const evaluate = redis.eval.bind(redis) as (...args: unknown[]) => Promise<unknown>;
    redis.eval = ((...args: unknown[]) => {
      scriptKeyCounts.push(Number(args[1]));
      return evaluate(...args);
    }) as IORedis['eval'];
    slots = new SocketSlots(redis, env.config);
  });

  afterAll(async () => {
    slots?.onModuleDestroy();
    redis?.disconnect();
    await env?.destroy();
  });

  const key = (userId: string) => `${env.config.REDIS_PREFIX}-socket-slots-${userId}`;
  const users = ['carer-a', 'carer-b', 'carer-c'];

  it('vouches for thousands of held sockets in a few commands of a bounded size, every one of them', async () => {
    const sockets = Array.from({ length: 3000 }, (_, i) => ({ socketId: `socket-${i}`, userId: users[i % users.length]! }));
    // Their slots as an hour-old refresh left them.
    const old = Date.now() - 3_600_000;
    const seed = redis.multi();
    for (const { socketId, userId } of sockets) seed.zadd(key(userId), old, socketId);
    await seed.exec();
    for (const { socketId, userId } of sockets) slots.hold(userId, socketId);

    scriptKeyCounts.length = 0;
    pipelines = 0;
    const startedAt = Date.now();
    await slots.refresh();
    // One command per chunk of at most 250 sockets, every socket in one of them, nothing per socket.
    expect(scriptKeyCounts.reduce((a, b) => a + b, 0)).toBe(sockets.length);
    expect(scriptKeyCounts.length).toBeGreaterThan(1);
    expect(Math.max(...scriptKeyCounts)).toBeLessThanOrEqual(250);
    expect(pipelines).toBe(0);
    for (const userId of users) {
      expect(await redis.zcount(key(userId), startedAt, '+inf')).toBe(1000);
      expect(await redis.pttl(key(userId))).toBeGreaterThan(0);
    }
    expect(await slots.connectedUsers([...users, 'nobody'])).toEqual(new Set(users));
  });

  it('does not re-add a socket released while a refresh is under way', async () => {
    const refresh = slots.refresh();
    // The first chunk is built at once; the last socket's comes after the release.
    slots.release('carer-c', 'socket-2999');
    await refresh;
    await new Promise((r) => setTimeout(r, 50));
    expect(await redis.zscore(key('carer-c'), 'socket-2999')).toBeNull();
    expect(await redis.zscore(key('carer-c'), 'socket-2996')).not.toBeNull();
  });
});
