import { Module } from '@nestjs/common';
import { IncidentPublisher } from './incident-publisher';

/**
 * The after-commit publisher alone, for a process that writes incidents with its own SQL (the
 * ingest press intake). Needs IncidentViews (DatabaseModule), OutboxPublisher (OutboxModule)
 * and LivePublisher (LivePublisherModule).
 */
@Module({ providers: [IncidentPublisher], exports: [IncidentPublisher] })
export class IncidentPublisherModule {}
