import { APP_CONFIG, type AppConfig } from '@app/config';
import { errorMessage } from '@app/errors';
import { REDIS_COMMAND } from '@app/redis';
import { RateWindows } from './rate-windows';
import { HttpException, HttpStatus, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import type IORedis from 'ioredis';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Slows password guessing (login and password change) without letting anyone lock an
 * operator out: on a hotline, a locked account is a denial of service against the people who
 * answer alarms. Three measures:
 * - attempts per client address (any account): 429 past LOGIN_MAX_ATTEMPTS_PER_ADDRESS;
 * - failures on one account from one address: 429 for that address only;
 * - failures on an account from anywhere: every attempt on it waits a little longer (bounded),
 *   right password or not, so guessing from many addresses is slow while the owner still gets in.
 * A Redis outage lets attempts through rather than locking every operator out mid-shift.
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

  /**
   * Runs one password check on `username`'s account from `address` under the throttle. The
   * check refuses a wrong password by throwing UnauthorizedException (counted as a failure);
   * it resolves when the password was right.
   */
  async attempt<T>(address: string, username: string, check: () => Promise<T>): Promise<T> {
    await this.admit(address, username);
    let result: T;
    try {
      result = await check();
    } catch (error) {
      if (error instanceof UnauthorizedException) await this.failed(address, username);
      throw error;
    }
    await this.succeeded(address, username);
    return result;
  }

  /** Counts the attempt; refuses with 429 when the address is over a limit, else waits the account's delay. */
  private async admit(address: string, username: string): Promise<void> {
    let delayMs = 0;
    await this.guarded(async () => {
      const byAddress = await this.windows.hit(addressWindow(address), this.config.LOGIN_ADDRESS_WINDOW_S * 1000);
      if (byAddress.count > this.config.LOGIN_MAX_ATTEMPTS_PER_ADDRESS) throw tooMany(byAddress.resetInMs);
      const [fromAddress, onAccount] = await Promise.all([
        this.windows.peek(addressAccountWindow(address, username)),
        this.windows.peek(accountWindow(username)),
      ]);
      if (fromAddress.count >= this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT) throw tooMany(fromAddress.resetInMs);
      delayMs = accountDelayMs(onAccount.count, this.config.LOGIN_DELAY_BASE_MS, this.config.LOGIN_DELAY_MAX_MS);
    });
    if (delayMs > 0) await sleep(delayMs);
  }

  private async failed(address: string, username: string): Promise<void> {
    const windowMs = this.config.LOGIN_ACCOUNT_WINDOW_S * 1000;
    await this.guarded(() =>
      Promise.all([this.windows.hit(addressAccountWindow(address, username), windowMs), this.windows.hit(accountWindow(username), windowMs)]),
    );
  }

  /**
   * Clears the failures of this address on this account only. The account's delay stays until
   * its window ends: the owner logging in elsewhere must not wipe the trace of someone guessing.
   */
  private async succeeded(address: string, username: string): Promise<void> {
    await this.guarded(() => this.windows.reset(addressAccountWindow(address, username)));
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

/**
 * The wait before an attempt on an account with `recentFailures` failures in its window: none
 * without failures, then `baseMs` doubled per further failure, never above `maxMs`.
 */
export function accountDelayMs(recentFailures: number, baseMs: number, maxMs: number): number {
  if (recentFailures <= 0 || baseMs <= 0) return 0;
  // Capped exponent: past 2^20 the cap has long been reached, and 2 ** n stays finite.
  return Math.min(maxMs, baseMs * 2 ** Math.min(recentFailures - 1, 20));
}

/** Hashed so that no raw input (usernames, header-supplied addresses) ends up in a Redis key. */
function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

function addressWindow(address: string): string {
  return `login-address-${digest(address)}`;
}

/** Usernames are case-insensitive. */
function accountWindow(username: string): string {
  return `login-account-${digest(username.toLowerCase())}`;
}

function addressAccountWindow(address: string, username: string): string {
  return `login-address-account-${digest(`${address}\n${username.toLowerCase()}`)}`;
}

function tooMany(resetInMs: number): HttpException {
  const retryAfter = Math.max(1, Math.ceil(resetInMs / 1000));
  return new HttpException(
    { statusCode: 429, error: 'Too Many Requests', message: `too many password attempts, try again in ${retryAfter} s`, retryAfter },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}
