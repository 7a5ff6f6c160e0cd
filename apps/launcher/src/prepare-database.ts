import { dataSourceOptions, runMigrationsLocked } from '@app/database';
import { DataSource } from 'typeorm';
import { seedDemoData, type SeedOptions, type SeedResult } from './seed';

/**
 * Migrates once before any app starts (the apps would do it too, under the same advisory lock,
 * but the seed needs the schema first) and loads the demo data.
 */
export async function migrateAndSeed(databaseUrl: string, options: SeedOptions): Promise<{ migrations: string[]; seed: SeedResult }> {
  const dataSource = await new DataSource(dataSourceOptions({ url: databaseUrl, poolSize: 2, applicationName: 'heartkey-launcher' })).initialize();
  try {
    const migrations = await runMigrationsLocked(dataSource);
    const seed = await seedDemoData(dataSource, options);
    return { migrations, seed };
  } finally {
    await dataSource.destroy();
  }
}
