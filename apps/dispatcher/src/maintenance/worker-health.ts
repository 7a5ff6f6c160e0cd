import { JobName, type Queue as QueueName } from '@app/contracts';
import { errorMessage } from '@app/errors';
import { probeJobId, QueueProducer } from '@app/queues';
import { Injectable } from '@nestjs/common';
import type { Worker } from 'bullmq';
import { ConsumingWorkers } from './consuming-workers';

/** A success is reused this long, so frequent probes and scrapes do not flood Redis with canaries. */
const SUCCESS_CACHE_MS = 5000;
/** Within the 2 s the readiness endpoint gives each check, leaving time to clean up. */
const PROBE_TIMEOUT_MS = 1500;
const POLL_MS = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Readiness of the dispatcher: its workers really consume (a BullMQ worker can silently
 * stop taking jobs after Redis comes back while PING and `add` still work). A `probe` job is
 * added to every queue this process consumes and must be completed by a worker in time.
 * The probe carries only its own id.
 */
@Injectable()
export class WorkerHealth {
  readonly name = 'workers';
  private lastSuccessAt = 0;
  private running?: Promise<void>;

  constructor(
    private readonly consuming: ConsumingWorkers,
    private readonly producer: QueueProducer,
  ) {}

  async check(): Promise<void> {
    if (Date.now() - this.lastSuccessAt < SUCCESS_CACHE_MS) return;
    // Concurrent probes (a scrape and a readiness check at once) share one round trip.
    this.running ??= this.probeAll().finally(() => (this.running = undefined));
    await this.running;
  }

  private async probeAll(): Promise<void> {
    const workers = this.consuming.workers();
    if (!workers.length) throw new Error('this process consumes no queue');
    const failures = (
      await Promise.all(
        workers.map((w) =>
          this.probe(w).then(
            () => undefined,
            (error: unknown) => `${w.name}: ${errorMessage(error)}`,
          ),
        ),
      )
    ).filter(Boolean);
    if (failures.length) throw new Error(failures.join('; '));
    this.lastSuccessAt = Date.now();
  }

  private async probe(worker: Worker): Promise<void> {
    if (!worker.isRunning() || worker.isPaused()) throw new Error('worker not running');
    const queue = this.producer.queue(worker.name as QueueName);
    const id = probeJobId();
    // At the head of the wait list (lifo): a backlog of technical work must not make a healthy worker look stuck.
    await queue.add(JobName.Probe, { probeId: id }, { jobId: id, lifo: true, attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } });
    const deadline = Date.now() + PROBE_TIMEOUT_MS;
    for (;;) {
      // A completed probe removes itself (removeOnComplete), so "unknown" after the add means done.
      const state = await queue.getJobState(id);
      if (state === 'unknown' || state === 'completed') return;
      if (state === 'failed') throw new Error('the probe job failed: the processor does not complete probes');
      if (Date.now() >= deadline) {
        // Not left behind to pile up while the workers are stuck.
        await queue.remove(id).catch(() => undefined);
        throw new Error(`no worker took the probe within ${PROBE_TIMEOUT_MS} ms (it was ${state})`);
      }
      await sleep(POLL_MS);
    }
  }
}
