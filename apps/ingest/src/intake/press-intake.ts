import type { AlarmAccepted, AlarmRequest } from '@app/contracts';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { isDatabaseUnavailable } from '@app/database';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuthenticatedDevice } from '../handset-auth/authenticated-device';
import { retryLater } from '../retry-later';
import { AlarmMetrics } from './alarm-metrics';
import { AlarmStore, type StoredPress } from './alarm-store';
import { PressFanout } from './press-fanout';

/** Accepting one press: store it durably, answer, then fan it out. Alarms are never throttled or filtered. */
@Injectable()
export class AlarmsService {
  private readonly logger = new Logger(AlarmsService.name);

  constructor(
    private readonly store: AlarmStore,
    private readonly fanout: PressFanout,
    private readonly metrics: AlarmMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Resolves only after the press is committed; a repeat of an eventId resolves with the first one's ids. */
  async accept(device: AuthenticatedDevice, alarm: AlarmRequest): Promise<AlarmAccepted> {
    const stopTimer = this.metrics.storeSeconds.startTimer();
    let stored: StoredPress;
    try {
      stored = await this.store.store(device, alarm);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.logger.warn(`alarm ${alarm.eventId} of device ${device.serial} not stored, handset told to retry: ${(error as Error).message}`);
      throw retryLater('the alarm could not be stored, send it again');
    } finally {
      stopTimer();
    }
    const answer = { incidentId: stored.incidentId, alarmId: stored.alarmId, duplicate: stored.duplicate };
    if (stored.duplicate) return answer;

    if (this.config.TEST_FAULT_POINT === 'after-commit-before-enqueue') {
      // Test-only: a crash in the one gap the outbox relay exists for (refused in production by config).
      process.kill(process.pid, 'SIGKILL');
    }
    this.fanout.start(stored);
    return answer;
  }
}
