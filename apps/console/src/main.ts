import { loadConfig } from '@app/config';
import { installProcessGuards, listen } from '@app/http';
import { createConsoleApp } from './app';

async function main(): Promise<void> {
  installProcessGuards('console');
  const config = loadConfig();
  const app = await createConsoleApp(config);
  await listen(app, config.CONSOLE_PORT, config.HOST, 'console');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
