import { IncidentWritesModule } from '@app/incidents';
import { Module } from '@nestjs/common';
import { DistrictScopes } from '../common/district-scope';
import { CareReportQueries } from './care-report-queries';
import { CareReportsController } from './care-reports.controller';
import { FollowUpQueries } from './follow-up-queries';
import { FollowUpsController } from './follow-ups.controller';
import { VisitsController } from './visits.controller';
import { VisitsService } from './visits.service';

/** The care model: follow-up calls, visit requests, care visits and service hours, alarm patterns, their CSV exports (docs/care.md). */
@Module({
  imports: [IncidentWritesModule],
  controllers: [FollowUpsController, VisitsController, CareReportsController],
  providers: [DistrictScopes, FollowUpQueries, VisitsService, CareReportQueries],
})
export class CareModule {}
