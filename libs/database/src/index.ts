export { dataSourceOptions, MIGRATIONS } from './data-source';
export type { DataSourceSettings } from './data-source';
export { runMigrationsLocked } from './migrate';
export { isDatabaseUnavailable, isUniqueViolation } from './db-errors';
export { IncidentViews, InvalidCursorError, withAge } from './incident-views';
export { appendTimeline } from './timeline';
export type { TimelineFact } from './timeline';
export { residentJson, responderJson, careTeamJson, dispatchJson } from './read-model.sql';
export { DatabaseModule, PostgresHealth } from './database.module';
