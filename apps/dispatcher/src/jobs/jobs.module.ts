import { JobName, Queue } from '@app/contracts';
import { Global, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { JobRegistry } from './job-registry';

/** The queues whose every job this process must handle; maintenance jobs (and the probe) belong to the maintenance module. */
const CHECKED_QUEUES = [Queue.Dispatch, Queue.Notifications] as const;
const HANDLED_ELSEWHERE = [JobName.Probe];

@Injectable()
class EveryJobHandled implements OnModuleInit {
  constructor(private readonly registry: JobRegistry) {}

  /** Handlers register while the processors are built, which is over before any module initialises. */
  onModuleInit(): void {
    const missing = this.registry.unhandled(CHECKED_QUEUES, HANDLED_ELSEWHERE);
    if (missing.length) throw new Error(`refusing to start: no handler for job(s) ${missing.join(', ')}`);
  }
}

@Global()
@Module({ providers: [JobRegistry, EveryJobHandled], exports: [JobRegistry] })
export class JobsModule {}
