import { errorStack } from '@app/errors';
import { parseArgs, USAGE, UsageError, type SimulatorOptions } from './args';
import { runHttp } from './http-run';
import { runTcp } from './tcp-run';

/**
 * The handset simulator (`npm run simulate`): signed SOS / fall / low-battery presses or
 * heartbeats against the ingest API, or a 3G watch / GT06 pendant over its TCP protocol; one or
 * many at a fixed rate, with a live progress line and a latency summary. Exits non-zero when
 * any press or frame was finally not accepted (answered).
 */
async function main(): Promise<void> {
  let options: SimulatorOptions | 'help';
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  try {
    process.exitCode = options.protocol === 'http' ? await runHttp(options) : await runTcp(options);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}

main().catch((error: unknown) => {
  console.error(`simulator failed: ${errorStack(error)}`);
  process.exit(1);
});
