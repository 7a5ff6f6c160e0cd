import { LATENCY_BUCKETS_S, Metrics } from '@app/observability';
import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';

/** `heartkey_alarm_store_seconds`: how long storing one press durably takes, whatever transport it came by. */
@Injectable()
export class IntakeMetrics {
  readonly storeSeconds: Histogram<string>;
  /** `heartkey_alarm_batch_size`: how many presses each group-commit batch held. */
  readonly batchSize: Histogram<string>;
  /**
   * `heartkey_alarm_batch_rounds`: statements each batch needed. More than one when a resident
   * pressed more than once within the batch (PressBatches stores those presses in rounds, one
   * after the other).
   */
  readonly batchRounds: Histogram<string>;
  /** `heartkey_alarm_batch_retried_alone_total`: statements of many presses that failed and were retried press by press. */
  readonly retriedAlone: Counter<string>;

  constructor(metrics: Metrics) {
    this.storeSeconds = metrics.histogram('heartkey_alarm_store_seconds', 'Time to store one alarm durably', LATENCY_BUCKETS_S);
    this.batchSize = metrics.histogram('heartkey_alarm_batch_size', 'Presses stored by one group-commit batch', [1, 2, 5, 10, 25, 50, 100, 250, 500]);
    this.batchRounds = metrics.histogram('heartkey_alarm_batch_rounds', 'Statements one group-commit batch needed', [1, 2, 3, 5, 10, 25]);
    this.retriedAlone = metrics.counter('heartkey_alarm_batch_retried_alone_total', 'Group-commit statements that failed and were retried press by press');
  }
}
