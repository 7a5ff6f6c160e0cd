import { APP_CONFIG, type AppConfig } from '@app/config';
import { checkEvictionPolicy, closeWorkerWithin, listenForErrors } from '@app/queues';
import { REDIS_COMMAND } from '@app/redis';
import { WorkerHost } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue, QueueEvents, type Worker } from 'bullmq';
import type IORedis from 'ioredis';

/**
 * The BullMQ workers of this process, found among its providers (every `@Processor`), so that
 * what keeps them up applies to each one, whoever wrote it:
 * - an `error` listener on every worker and queue that has none (without one, a Redis outage
 *   ends the process);
 * - on SIGTERM, workers stop taking jobs and finish the running ones, for at most
 *   WORKER_SHUTDOWN_GRACE_MS, before anything they need (Postgres, Redis) is closed;
 * - at start, a loud warning unless Redis runs with `maxmemory-policy noeviction`.
 */
@Injectable()
export class ConsumingWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ConsumingWorkers.name);
  private found: Worker[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(REDIS_COMMAND) private readonly redis: IORedis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The workers of this process (known from bootstrap on). */
  workers(): readonly Worker[] {
    return this.found;
  }

  onApplicationBootstrap(): void {
    const instances = this.discovery.getProviders().map((wrapper) => wrapper.instance as unknown);
    this.found = instances.filter((i): i is WorkerHost => i instanceof WorkerHost).map((host) => host.worker);
    for (const worker of this.found) listenForErrors(worker, `worker ${worker.name}`, this.logger);
    for (const emitter of instances.filter((i): i is Queue | QueueEvents => i instanceof Queue || i instanceof QueueEvents)) {
      listenForErrors(emitter, `queue ${emitter.name}`, this.logger);
    }
    this.logger.log(`consuming ${this.found.map((w) => `${w.name} (concurrency ${w.concurrency})`).join(', ') || 'no queue'}`);
    void this.warnUnlessNoEviction();
  }

  async beforeApplicationShutdown(): Promise<void> {
    const grace = this.config.WORKER_SHUTDOWN_GRACE_MS;
    const outcomes = await Promise.all(this.found.map(async (w) => [w.name, await closeWorkerWithin(w, grace).catch(() => 'forced' as const)] as const));
    for (const [name, outcome] of outcomes) {
      if (outcome === 'forced') this.logger.warn(`worker ${name} still had jobs running after ${grace} ms and was closed anyway (they run again elsewhere)`);
      else this.logger.log(`worker ${name} finished its running jobs and closed`);
    }
  }

  private async warnUnlessNoEviction(): Promise<void> {
    const check = await checkEvictionPolicy(this.redis);
    if (check.ok === true) return;
    const banner = '!'.repeat(78);
    this.logger.error(`\n${banner}\n${check.message}\n${banner}`);
  }
}
