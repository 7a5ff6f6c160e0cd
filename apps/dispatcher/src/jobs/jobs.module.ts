import { BullRegistrar, WorkerHost } from '@nestjs/bullmq';
import { Global, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { JobRegistry } from './job-registry';
import { RoutedProcessor } from './routed-processor';

/**
 * Refuses to start a process that would take jobs it cannot handle: a worker that does not
 * route through the registry, or a job name of a consumed queue with no handler or two. Only
 * then are the workers started (BullModule is set up with `manualRegistration`), so not one
 * job is taken, and failed for good, by a process that is about to refuse.
 */
@Injectable()
class EveryJobHandled implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly discovery: DiscoveryService,
    private readonly bull: BullRegistrar,
  ) {}

  /** Handlers register while the processors are built, which is over before any module initialises. */
  onModuleInit(): void {
    const unrouted = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost && !(instance instanceof RoutedProcessor))
      .map((host) => `${host.constructor.name} consumes a queue without the job registry`);
    const problems = [...unrouted, ...this.registry.problems()];
    if (problems.length) throw new Error(`refusing to start: ${problems.join('; ')}`);
    this.bull.register();
  }
}

@Global()
@Module({ imports: [DiscoveryModule], providers: [JobRegistry, EveryJobHandled], exports: [JobRegistry] })
export class JobsModule {}
