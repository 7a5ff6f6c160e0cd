import { DispatchesRepository } from '@app/incidents';
import { LivePublisher } from '@app/live';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Tells each responder whose offer an operator voided (incident resolved or cancelled) to forget it. */
@Injectable()
export class OfferCancellations {
  constructor(
    private readonly dataSource: DataSource,
    private readonly dispatches: DispatchesRepository,
    private readonly live: LivePublisher,
  ) {}

  /** A repeat sends `dispatch.cancelled` again, which a responder's app ignores; a Redis failure throws so the job retries. */
  async notify(dispatchIds: string[]): Promise<void> {
    const owners = await this.dispatches.responders(this.dataSource, dispatchIds);
    await this.live.dispatchesCancelled(owners);
  }
}
