import { loadConfig } from '@app/config';
import { installProcessGuards, listen } from '@app/http';
import { createIngestApp } from './app';

async function main(): Promise<void> {
  installProcessGuards('ingest');
  const config = loadConfig();
  const app = await createIngestApp(config);
  await listen(app, config.INGEST_PORT, config.HOST, 'ingest');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
