import { DEMO_DEVICES_FILE, demoDataDir } from '@app/demo';
import { errorMessage } from '@app/errors';
import { join } from 'node:path';
import { loadOrCreateDemoSecrets } from './demo-secrets';
import { migrateAndSeed } from './prepare-database';
import { describeDemoDevices } from './seed';
import { findOrStartPostgres } from './services';

/**
 * `npm run seed`: loads the demo data into the database `npm start` uses (DATABASE_URL, else
 * Postgres on 127.0.0.1:5432 / the embedded one), sealing handset secrets with the demo key
 * (DEVICE_SECRET_KEY, else the one in .data/demo-secrets.json), so the running demo accepts them.
 */
async function main(): Promise<void> {
  const dataDir = demoDataDir();
  const postgres = await findOrStartPostgres(process.env, { database: 'heartkey', dataDir: join(dataDir, 'pg') });
  try {
    const deviceSecretKey = process.env.DEVICE_SECRET_KEY ?? loadOrCreateDemoSecrets(dataDir).DEVICE_SECRET_KEY;
    const devicesFile = join(dataDir, DEMO_DEVICES_FILE);
    const { migrations, seed } = await migrateAndSeed(postgres.url, { deviceSecretKey, devicesFile });
    if (migrations.length) console.log(`applied migrations: ${migrations.join(', ')}`);
    console.log(
      `seeded ${postgres.origin}: ${seed.residents} residents, ${seed.responders} responders, ${seed.users} users, ` +
        `${describeDemoDevices(seed.devicesList)}; ${seed.rowsWritten} rows written. Demo devices and handset secrets: ${devicesFile}`,
    );
  } finally {
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`seed failed: ${errorMessage(error)}`);
  process.exit(1);
});
