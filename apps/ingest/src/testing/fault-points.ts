import { APP_CONFIG, type AppConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';

/** The places where the fault suite (test/faults) can make this process fail on purpose. */
export type FaultPoint = NonNullable<AppConfig['TEST_FAULT_POINT']>;

/**
 * Test support, not behaviour. TEST_FAULT_POINT (which the config refuses in production)
 * names one point where the process kills itself, so that the fault suite can crash it in
 * the one gap the outbox relay exists for. Without it, `reached` does nothing.
 */
@Injectable()
export class FaultPoints {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  reached(point: FaultPoint): void {
    if (this.config.TEST_FAULT_POINT === point) process.kill(process.pid, 'SIGKILL');
  }
}
