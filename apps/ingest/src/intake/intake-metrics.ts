import { LATENCY_BUCKETS_S, Metrics } from '@app/observability';
import { Injectable } from '@nestjs/common';
import type { Histogram } from 'prom-client';

/** `heartkey_alarm_store_seconds`: how long storing one press durably takes, whatever transport it came by. */
@Injectable()
export class IntakeMetrics {
  readonly storeSeconds: Histogram<string>;

  constructor(metrics: Metrics) {
    this.storeSeconds = metrics.histogram('heartkey_alarm_store_seconds', 'Time to store one alarm durably', LATENCY_BUCKETS_S);
  }
}
