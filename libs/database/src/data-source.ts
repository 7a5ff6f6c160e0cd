import { cliDatabaseUrl } from '@app/config';
import { DataSource, DataSourceOptions } from 'typeorm';
import { PreparingClient } from './prepared-statements';
import { InitialSchema1764316800000 } from './migrations/1764316800000-initial-schema';
import { AuditLog1764320000000 } from './migrations/1764320000000-audit-log';
import { DeviceProtocols1764340000000 } from './migrations/1764340000000-device-protocols';
import { UserLifecycleAuditResidents1764360000000 } from './migrations/1764360000000-user-lifecycle-audit-residents';
import { AreaOutages1764430000000 } from './migrations/1764430000000-area-outages';
import { DistrictScoping1764440000000 } from './migrations/1764440000000-district-scoping';
import { CareModel1764450000000 } from './migrations/1764450000000-care-model';
import { CentrePages1764480000000 } from './migrations/1764480000000-centre-pages';
import { NightShiftAlarms1764460000000 } from './migrations/1764460000000-night-shift-alarms';
import { PlannableViews1796176919187 } from './migrations/1796176919187-plannable-views';

/** Every migration in order. New ones are appended here (how to write one: docs/migrations.md). */
export const MIGRATIONS = [
  InitialSchema1764316800000,
  AuditLog1764320000000,
  DeviceProtocols1764340000000,
  UserLifecycleAuditResidents1764360000000,
  AreaOutages1764430000000,
  DistrictScoping1764440000000,
  CareModel1764450000000,
  CentrePages1764480000000,
  NightShiftAlarms1764460000000,
  PlannableViews1796176919187,
];

export interface DataSourceSettings {
  url: string;
  poolSize?: number;
  applicationName?: string;
  /** Run every prepared statement with its generic plan (sessionOptions). */
  genericPlans?: boolean;
}

/**
 * The settings of each pooled session. `genericPlans` is for a process whose every statement
 * finds its rows by key (ingest: presses, heartbeats, device lookups, incident views by id).
 * Postgres otherwise plans a prepared statement with array parameters again on every run, for
 * the values given (a custom plan, cheaper on paper for a batch of two presses than the generic
 * one), and planning the press statement was a quarter of its time (docs/capacity.md). Not for
 * the console or the dispatcher: a search (`LIKE $1`) or a time range needs its values planned
 * in to use its index.
 *
 * A generic plan is made once per connection and kept, so it must not depend on how big a
 * table was when it was made: such sessions plan without sequential scans where an index
 * serves (`enable_seqscan = off`). This covers the statements Postgres prepares itself, the
 * foreign-key checks: the check of each timeline entry's alarm was planned on a nearly empty
 * `alarms` table as a scan of the whole table, and kept while the table grew by thousands of
 * rows a second, until a press statement took 50-150 ms (docs/capacity.md, "Plans that do not
 * age").
 */
export function sessionOptions(settings: Pick<DataSourceSettings, 'genericPlans'>): string {
  const generic = settings.genericPlans ? ['-c plan_cache_mode=force_generic_plan', '-c enable_seqscan=off'] : [];
  return ['-c timezone=UTC', ...generic].join(' ');
}

export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    // Schema changes go through hand-written migrations only; there are no entities (docs/migrations.md).
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    entities: [],
    applicationName: settings.applicationName ?? 'heartkey',
    poolSize: settings.poolSize ?? 10,
    connectTimeoutMS: 3000,
    extra: {
      // Each parameterised statement is parsed and planned once per connection, not on every run.
      Client: PreparingClient,
      // Fail fast when Postgres is away, so a handset gets 503 quickly instead of waiting.
      statement_timeout: 10_000,
      // Client side too: a connection that went silent without a reset must not hold a handset's request.
      query_timeout: 12_000,
      idle_in_transaction_session_timeout: 30_000,
      options: sessionOptions(settings),
    },
  };
}

/** Default export for the TypeORM CLI (`npm run migration:run`, `migration:revert`; see docs/migrations.md). */
export default new DataSource(dataSourceOptions({ url: cliDatabaseUrl() }));
