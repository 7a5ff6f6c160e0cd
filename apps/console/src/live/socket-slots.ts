import { APP_CONFIG, type AppConfig } from '@app/config';
import { errorMessage } from '@app/errors';
import { REDIS_COMMAND } from '@app/redis';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type IORedis from 'ioredis';

/** How often an instance tells Redis its sockets are still open. */
const REFRESH_MS = 20_000;
/** A slot nobody refreshed for this long belongs to a socket that is gone (its instance died, or it never connected). */
const STALE_MS = 3 * REFRESH_MS;
/**
 * Sockets vouched for per command. With 10,000 sockets, one pipeline of 20,000 commands held
 * the event loop for 90-150 ms (building it and reading its replies) and Redis as long, and every
 * console push in that window waited (press → console p99 ×6.9 in `npm run bench:connections`).
 */
const REFRESH_CHUNK = 250;
/**
 * A chunk's refresh in one command: for each socket, its user's set gets the socket's new score
 * and a new expiry (KEYS[i] is the set of ARGV[i + 2]). Two commands per socket in a pipeline
 * cost ioredis a command object, its arguments and its promise each: a refresh of 10,000
 * sockets took 80-170 ms of CPU and five to ten young-generation collections (their pauses in
 * every push of the moment); this takes 15-20 ms and none.
 */
const REFRESH_SCRIPT = `
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], ARGV[1], ARGV[i + 2])
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
return #KEYS`;
/** Redis slower than this at a handshake: admit the socket rather than keep an operator from the alarms. */
const CLAIM_TIMEOUT_MS = 1000;

/**
 * One sorted set per user, member = socket id, score = when its instance last vouched for it.
 * Dropping the stale members, counting and adding happen in one script, so a burst of
 * handshakes on several instances cannot all see "room left" at once.
 */
const CLAIM_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

export type ClaimResult = 'claimed' | 'full' | 'unchecked';

/**
 * The cap on open sockets per user (MAX_SOCKETS_PER_USER), counted in Redis across every
 * console instance and both namespaces: each socket runs a snapshot query and an audit row,
 * so one token must not be able to open hundreds.
 */
@Injectable()
export class SocketSlots implements OnModuleDestroy {
  private readonly logger = new Logger(SocketSlots.name);
  /** The sockets of this instance that hold a slot: socket id → user id. */
  private readonly held = new Map<string, string>();
  private readonly refresher: NodeJS.Timeout;

  constructor(
    @Inject(REDIS_COMMAND) private readonly redis: IORedis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.refresher = setInterval(() => void this.refresh(), REFRESH_MS);
    this.refresher.unref();
  }

  /**
   * Takes one of the user's slots for a socket being handshaken. `unchecked` when Redis did not
   * answer in time: the socket is admitted (a resource cap never outranks seeing the alarms).
   */
  async claim(userId: string, socketId: string): Promise<ClaimResult> {
    const now = Date.now();
    const claimed = this.redis.eval(CLAIM_SCRIPT, 1, this.key(userId), now, now - STALE_MS, this.config.MAX_SOCKETS_PER_USER, socketId, STALE_MS);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), CLAIM_TIMEOUT_MS)));
    try {
      const result = await Promise.race([claimed, timeout]);
      if (result === 'timeout') throw new Error(`no answer within ${CLAIM_TIMEOUT_MS} ms`);
      return result === 1 ? 'claimed' : 'full';
    } catch (error) {
      claimed.catch(() => undefined);
      this.logger.warn(`socket cap not checked for user ${userId}: ${errorMessage(error)}`);
      return 'unchecked';
    } finally {
      clearTimeout(timer);
    }
  }

  /** The socket connected: keep its slot alive for as long as it stays. */
  hold(userId: string, socketId: string): void {
    this.held.set(socketId, userId);
  }

  /** The socket is gone: its slot is free at once (or, should Redis be away, once it goes stale). */
  release(userId: string, socketId: string): void {
    this.held.delete(socketId);
    this.redis.zrem(this.key(userId), socketId).catch((error: unknown) => this.logger.warn(`slot of socket ${socketId} not released: ${errorMessage(error)}`));
  }

  /** Which of these users have a socket open now, on any console instance (a slot refreshed lately). */
  async connectedUsers(userIds: readonly string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const pipeline = this.redis.pipeline();
    for (const id of userIds) pipeline.zcount(this.key(id), Date.now() - STALE_MS, '+inf');
    const counts = (await pipeline.exec()) ?? [];
    return new Set(userIds.filter((_id, i) => Number(counts[i]?.[1] ?? 0) > 0));
  }

  onModuleDestroy(): void {
    clearInterval(this.refresher);
  }

  /**
   * Vouches for every held socket, a chunk at a time: each chunk is one script, and the next is
   * sent only once it is answered, so pushes and handshakes get the event loop and Redis in
   * between. A socket released meanwhile is skipped: its chunk is built after the release, so it
   * is not re-added.
   */
  async refresh(): Promise<void> {
    const sockets = [...this.held.keys()];
    for (let start = 0; start < sockets.length; start += REFRESH_CHUNK) {
      const keys: string[] = [];
      const members: string[] = [];
      for (const socketId of sockets.slice(start, start + REFRESH_CHUNK)) {
        const userId = this.held.get(socketId);
        // Re-added if a Redis outage let it go stale: the socket is open. A release queued after this is sent after it (one connection).
        if (!userId) continue;
        keys.push(this.key(userId));
        members.push(socketId);
      }
      if (!keys.length) continue;
      try {
        await this.redis.eval(REFRESH_SCRIPT, keys.length, ...keys, Date.now(), STALE_MS, ...members);
      } catch (error) {
        this.logger.warn(`socket slots not refreshed: ${errorMessage(error)}`);
        return;
      }
    }
  }

  private key(userId: string): string {
    return `${this.config.REDIS_PREFIX}-socket-slots-${userId}`;
  }
}
