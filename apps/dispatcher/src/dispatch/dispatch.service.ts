import { IncidentViews } from '@app/database';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The dispatch use cases. In this first cut the dispatcher only takes delivery of the work
 * (marking the outbox row as published, which the relay relies on); the care-team cascade,
 * offers and escalation build on this.
 */
@Injectable()
export class DispatchService {
  private readonly logger = new Logger(DispatchService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly views: IncidentViews,
  ) {}

  async incidentOpened(incidentId: string, outboxId: string): Promise<void> {
    await this.takeDelivery(incidentId, outboxId);
  }

  async incidentPressed(incidentId: string, outboxId: string): Promise<void> {
    await this.takeDelivery(incidentId, outboxId);
  }

  private async takeDelivery(incidentId: string, outboxId: string): Promise<void> {
    const view = await this.views.byId(incidentId);
    if (!view) throw new Error(`incident ${incidentId} not found`);
    // Idempotent: a job that runs twice only confirms what is already recorded.
    await this.dataSource.query(
      'UPDATE outbox SET published_at = COALESCE(published_at, now()) WHERE id = $1',
      [outboxId],
    );
    this.logger.log(`incident ${incidentId} (${view.type}, ${view.status}) received for dispatch`);
  }
}
