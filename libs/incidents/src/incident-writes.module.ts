import { Module } from '@nestjs/common';
import { DispatchAnswers } from './dispatch-answers';
import { DispatchMetrics } from './dispatch-metrics';
import { DispatchesRepository } from './dispatches.repository';
import { IncidentChanges } from './incident-changes';
import { IncidentFacts } from './incident-facts';
import { IncidentPublisherModule } from './incident-publisher.module';
import { IncidentTransactions } from './incident-transactions';
import { IncidentsRepository } from './incidents.repository';
import { FollowUps } from './follow-ups';
import { Offers } from './offers';
import { WelfareCalls } from './welfare-calls';

/** Every writer, provided and exported alike: a writer added here is usable by both apps at once. */
const WRITERS = [
  IncidentTransactions,
  IncidentsRepository,
  DispatchesRepository,
  DispatchMetrics,
  IncidentChanges,
  IncidentFacts,
  Offers,
  DispatchAnswers,
  FollowUps,
  WelfareCalls,
];

/**
 * The write side of incidents and dispatches, shared by the console and the dispatcher. Needs
 * the app's DataSource and IncidentViews (DatabaseModule), LivePublisher (LivePublisherModule),
 * OutboxPublisher (OutboxModule), Metrics (ObservabilityModule) and APP_CONFIG.
 */
@Module({
  imports: [IncidentPublisherModule],
  providers: WRITERS,
  exports: [IncidentPublisherModule, ...WRITERS],
})
export class IncidentWritesModule {}
