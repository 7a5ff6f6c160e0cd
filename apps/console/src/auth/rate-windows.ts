import type IORedis from 'ioredis';

export interface WindowCount {
  count: number;
  /** Milliseconds until the window ends and the count starts again. */
  resetInMs: number;
}

/**
 * Fixed-window counters in Redis, shared by every replica of a process (login throttling).
 * Callers decide what to do when Redis is away; for logins that is "let it through": an
 * operator must be able to log in during a Redis outage.
 */
export class RateWindows {
  constructor(
    private readonly redis: IORedis,
    private readonly prefix: string,
  ) {}

  private key(name: string): string {
    return `${this.prefix}-rate-${name}`;
  }

  /** Counts one event in the window named `name` (the window starts with its first event). */
  async hit(name: string, windowMs: number): Promise<WindowCount> {
    const key = this.key(name);
    const results = await this.redis.multi().incr(key).pexpire(key, windowMs, 'NX').pttl(key).exec();
    if (!results) throw new Error('rate window transaction aborted');
    const [[incrError, count], , [ttlError, ttl]] = results as [[Error | null, number], unknown, [Error | null, number]];
    if (incrError || ttlError) throw incrError ?? ttlError;
    return { count, resetInMs: Math.max(0, ttl) };
  }

  async peek(name: string): Promise<WindowCount> {
    const key = this.key(name);
    const [count, ttl] = await Promise.all([this.redis.get(key), this.redis.pttl(key)]);
    return { count: Number(count ?? 0), resetInMs: Math.max(0, ttl) };
  }

  async reset(name: string): Promise<void> {
    await this.redis.del(this.key(name));
  }
}
