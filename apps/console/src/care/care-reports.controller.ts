import type { AuthUser } from '@app/auth';
import {
  type AlarmPattern,
  type AlarmPatternsQuery,
  alarmPatternsQuerySchema,
  type CareHoursQuery,
  careHoursQuerySchema,
  type CareHoursReport,
  type CareWatch,
  careWatchQuerySchema,
  CONSOLE_ROLES,
  idParamSchema,
} from '@app/contracts';
import { shiftIsoWeek } from '@app/domain';
import { ZodPipe } from '@app/http';
import { Controller, Get, NotFoundException, Param, Query, type StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Audited } from '../audit/audited.decorator';
import { CurrentUser, Roles } from '../common/auth.decorators';
import { csvFile } from '../common/csv';
import { DistrictScopes } from '../common/district-scope';
import { ALARM_PATTERN_COLUMNS, CARE_HOURS_COLUMNS } from './care-csv-columns';
import { CareReportQueries } from './care-report-queries';

/** Weekly care hours against targets, each resident's alarm pattern, and the supervisor's summary of both. */
@ApiTags('care')
@ApiBearerAuth()
@Roles(...CONSOLE_ROLES)
@Controller()
export class CareReportsController {
  constructor(
    private readonly reports: CareReportQueries,
    private readonly scopes: DistrictScopes,
  ) {}

  @Get('v1/reports/care-hours')
  @Audited('report.care_hours', 'resident')
  async careHours(@CurrentUser() user: AuthUser, @Query(new ZodPipe(careHoursQuerySchema)) query: CareHoursQuery): Promise<CareHoursReport> {
    return this.reports.careHours(query.week ?? this.reports.currentWeek(), await this.scopes.forUser(user, query.district));
  }

  @Get('v1/reports/care-hours/export.csv')
  @Audited('report.care_hours_export', 'report')
  async exportCareHours(@CurrentUser() user: AuthUser, @Query(new ZodPipe(careHoursQuerySchema)) query: CareHoursQuery): Promise<StreamableFile> {
    const week = query.week ?? this.reports.currentWeek();
    const rows = await this.reports.streamCareHours(week, await this.scopes.forUser(user, query.district));
    return csvFile(`care-hours-${week}.csv`, CARE_HOURS_COLUMNS, rows);
  }

  @Get('v1/reports/alarm-patterns')
  @Audited('report.alarm_patterns', 'resident')
  async patterns(@CurrentUser() user: AuthUser, @Query(new ZodPipe(alarmPatternsQuerySchema)) query: AlarmPatternsQuery): Promise<{ items: AlarmPattern[] }> {
    return { items: await this.reports.patterns(await this.scopes.forUser(user, query.district), query.flagged === 'true') };
  }

  @Get('v1/reports/alarm-patterns/export.csv')
  @Audited('report.alarm_patterns_export', 'report')
  async exportPatterns(@CurrentUser() user: AuthUser, @Query(new ZodPipe(alarmPatternsQuerySchema)) query: AlarmPatternsQuery): Promise<StreamableFile> {
    const scope = await this.scopes.forUser(user, query.district);
    return csvFile('alarm-patterns.csv', ALARM_PATTERN_COLUMNS, this.reports.streamPatterns(scope, query.flagged === 'true'));
  }

  @Get('v1/residents/:id/alarm-pattern')
  @Audited('resident.alarm_pattern', 'resident')
  async patternOf(@Param('id', new ZodPipe(idParamSchema)) id: string, @CurrentUser() user: AuthUser): Promise<AlarmPattern> {
    const pattern = await this.reports.patternOf(id, await this.scopes.forUser(user));
    if (!pattern) throw new NotFoundException(`no resident ${id}`);
    return pattern;
  }

  /** The supervisor view's care panel: follow-ups waiting, residents short of care two weeks running, flagged patterns. */
  @Get('v1/reports/care-watch')
  async careWatch(@CurrentUser() user: AuthUser, @Query(new ZodPipe(careWatchQuerySchema)) query: z.infer<typeof careWatchQuerySchema>): Promise<CareWatch> {
    const scope = await this.scopes.forUser(user, query.district);
    // The last complete week: the current one is still being given.
    const week = shiftIsoWeek(this.reports.currentWeek(), -1);
    const [counts, hours, patterns] = await Promise.all([
      this.reports.followUpCounts(scope),
      this.reports.careHours(week, scope),
      this.reports.patterns(scope, true),
    ]);
    return {
      dueFollowUps: counts.due,
      overdueFollowUps: counts.overdue,
      openVisitRequests: counts.openVisitRequests,
      week,
      belowTargetTwoWeeks: hours.items.filter((r) => r.belowTargetTwoWeeks),
      flaggedPatterns: patterns,
    };
  }
}
