/** Where the TypeORM CLI (`npm run migration:run`, `migration:revert`) works when DATABASE_URL is unset: the local demo database. */
const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/heartkey';

/**
 * The database of the migration CLI. The CLI is no HeartKey process, so it does not validate
 * the whole configuration (loadConfig): it needs this one setting.
 */
export function cliDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL ?? LOCAL_DATABASE_URL;
}
