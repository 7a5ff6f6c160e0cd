import { loadConfig } from '@app/config';
import { installProcessGuards, listen } from '@app/http';
import { createDispatcherApp } from './app';

async function main(): Promise<void> {
  installProcessGuards('dispatcher');
  const config = loadConfig();
  const app = await createDispatcherApp(config);
  await listen(app, config.DISPATCHER_PORT, config.HOST, 'dispatcher');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
