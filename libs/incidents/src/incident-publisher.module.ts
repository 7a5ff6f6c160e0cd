import { Module } from '@nestjs/common';
import { DistrictException } from './district-exception';
import { IncidentPublisher } from './incident-publisher';

/**
 * The after-commit publisher alone, for a process that writes incidents with its own SQL (the
 * ingest press intake). Needs IncidentViews (DatabaseModule), OutboxPublisher (OutboxModule)
 * and LivePublisher with DistrictPresence (LivePublisherModule).
 */
@Module({ providers: [IncidentPublisher, DistrictException], exports: [IncidentPublisher, DistrictException] })
export class IncidentPublisherModule {}
