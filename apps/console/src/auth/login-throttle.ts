import { APP_CONFIG, type AppConfig } from '@app/config';
import { errorMessage } from '@app/errors';
import { REDIS_COMMAND } from '@app/redis';
import { RateWindows } from './rate-windows';
import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type IORedis from 'ioredis';
import { createHash } from 'node:crypto';

/**
 * Slows password guessing two ways: attempts per client address, and failed attempts per
 * account (whoever makes them). A Redis outage lets logins through rather than locking every
 * operator out of the console in the middle of a shift.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly windows: RateWindows;

  constructor(
    @Inject(REDIS_COMMAND) redis: IORedis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.windows = new RateWindows(redis, config.REDIS_PREFIX);
  }

  /** Counts the attempt; refuses with 429 when the address or the account is over its limit. */
  async admit(address: string, username: string): Promise<void> {
    await this.guarded(async () => {
      const byAddress = await this.windows.hit(`login-address-${address}`, this.config.LOGIN_ADDRESS_WINDOW_S * 1000);
      if (byAddress.count > this.config.LOGIN_MAX_ATTEMPTS_PER_ADDRESS) throw tooMany(byAddress.resetInMs);
      const failures = await this.windows.peek(accountWindow(username));
      if (failures.count >= this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT) throw tooMany(failures.resetInMs);
    });
  }

  async failed(username: string): Promise<void> {
    await this.guarded(() => this.windows.hit(accountWindow(username), this.config.LOGIN_ACCOUNT_WINDOW_S * 1000));
  }

  async succeeded(username: string): Promise<void> {
    await this.guarded(() => this.windows.reset(accountWindow(username)));
  }

  private async guarded(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof HttpException) throw error;
      this.logger.warn(`login throttling skipped, Redis unavailable: ${errorMessage(error)}`);
    }
  }
}

/** Usernames are case-insensitive; hashed so that no raw input ends up in a Redis key. */
function accountWindow(username: string): string {
  return `login-account-${createHash('sha256').update(username.toLowerCase()).digest('hex').slice(0, 32)}`;
}

function tooMany(resetInMs: number): HttpException {
  const retryAfter = Math.max(1, Math.ceil(resetInMs / 1000));
  return new HttpException(
    { statusCode: 429, error: 'Too Many Requests', message: `too many login attempts, try again in ${retryAfter} s`, retryAfter },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}
