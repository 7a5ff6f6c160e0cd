import { errorMessage, toError } from '@app/errors';
import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** Something readiness depends on: Postgres, Redis, a worker that really consumes. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

const CHECK_TIMEOUT_MS = 2000;

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      () => (clearTimeout(timer), resolve()),
      (e: unknown) => (clearTimeout(timer), reject(toError(e))),
    );
  });
}

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ok'; checks: Record<string, string> }> {
    const results = await Promise.all(
      this.checks.map(async (c) => {
        try {
          await withTimeout(c.check(), CHECK_TIMEOUT_MS);
          return [c.name, 'ok'] as const;
        } catch (e) {
          return [c.name, errorMessage(e)] as const;
        }
      }),
    );
    const checks = Object.fromEntries(results);
    if (results.some(([, r]) => r !== 'ok')) {
      throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', message: 'not ready', checks });
    }
    return { status: 'ok', checks };
  }
}
