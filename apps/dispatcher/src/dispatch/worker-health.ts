import { Queue } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DispatchProcessor } from './dispatch.processor';

/** Readiness of the dispatcher: its worker is connected and running, not merely Redis answering. */
@Injectable()
export class WorkerHealth {
  readonly name = `worker:${Queue.Dispatch}`;
  constructor(private readonly processor: DispatchProcessor) {}

  async check(): Promise<void> {
    const worker = this.processor.worker;
    if (!worker?.isRunning() || worker.isPaused()) throw new Error('worker not running');
  }
}
