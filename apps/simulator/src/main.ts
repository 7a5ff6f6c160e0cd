import { DEMO_DEVICES_FILE, demoDataDir, isDemoHttpDevice, readDemoDevices } from '@app/demo';
import { errorStack } from '@app/errors';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs, USAGE, UsageError, type SimulatorOptions } from './args';
import { press, type Answer, type Handset } from './handset';
import { progressLine } from './progress';
import { formatSummary, PressStats } from './stats';

/**
 * The handset simulator (`npm run simulate`): signed SOS / fall / low-battery presses or
 * heartbeats against the ingest API, one or many at a fixed rate, with a live progress line
 * and a latency summary. Exits non-zero when any press was finally not accepted.
 */

function handsetsFor(options: SimulatorOptions): Handset[] {
  const { target } = options;
  if (target.kind === 'device') return [{ serial: target.serial, secret: target.secret, label: target.serial }];
  const file = options.devicesFile ?? join(demoDataDir(), DEMO_DEVICES_FILE);
  const demo = readDemoDevices(file).filter(isDemoHttpDevice);
  if (!demo.length) {
    throw new UsageError(`no demo handsets in ${file}: start the demo first (npm start, or npm run seed), or use --serial and --secret`);
  }
  const toHandset = (d: (typeof demo)[number]): Handset => ({
    serial: d.serial,
    secret: d.secret,
    label: `${d.serial} (resident ${d.resident}, ${d.residentName})`,
    home: d.home,
  });
  if (target.kind === 'all-demo') return demo.map(toHandset);
  const device = demo.find((d) => d.resident === target.resident);
  if (!device) throw new UsageError(`there is no demo resident ${target.resident}; the demo has residents 1 to ${demo.length}`);
  return [toHandset(device)];
}

function describe(answer: Answer): string {
  if (answer.status === undefined) return `no answer (${answer.error ?? 'unknown error'})`;
  const body = answer.body as Record<string, unknown> | string | undefined;
  if (body && typeof body === 'object') {
    if ('incidentId' in body)
      return `${answer.status} incident ${String(body.incidentId)} · alarm ${String(body.alarmId)} · duplicate ${String(body.duplicate)}`;
    if ('message' in body) return `${answer.status} ${String(body.error ?? '')}: ${JSON.stringify(body.message)}`;
  }
  return `${answer.status}${body ? ` ${typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body)}` : ''}`;
}

async function run(options: SimulatorOptions): Promise<number> {
  const handsets = handsetsFor(options);
  const stats = new PressStats();
  const runId = `sim-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const what = options.heartbeat ? 'heartbeats' : `${options.type} presses`;
  const tty = Boolean(process.stdout.isTTY) && options.count > 1;
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  let inFlight = 0;
  let stopRequested = false;
  const failures: string[] = [];

  if (options.count > 1) {
    console.log(`${options.count} ${what} at ${options.rate}/s to ${options.url}, over ${handsets.length} handset(s)`);
  }
  process.on('SIGINT', () => {
    if (stopRequested) process.exit(130);
    stopRequested = true; // stop starting presses; the summary still covers those in flight
  });

  const ticker = options.count > 1 ? setInterval(() => render(), tty ? 100 : 1000) : undefined;
  function render(final = false): void {
    const line = progressLine(stats.done, options.count, stats.failed, inFlight, elapsed());
    if (tty) process.stdout.write(`\r\u001b[K${line}${final ? '\n' : ''}`);
    else if (!final) console.log(line);
  }

  const pending: Promise<void>[] = [];
  const intervalMs = 1000 / options.rate;
  for (let i = 0; i < options.count && !stopRequested; i++) {
    // Open loop: each press starts on its schedule, however slow the answers to earlier ones are.
    const wait = started + i * intervalMs - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const handset = handsets[i % handsets.length];
    inFlight++;
    pending.push(
      press({
        baseUrl: options.url,
        handset,
        heartbeat: options.heartbeat,
        type: options.type,
        eventId: `${runId}-${i}`,
        batteryPct: options.batteryPct,
        maxAttempts: options.maxAttempts,
      }).then((outcome) => {
        inFlight--;
        stats.record(outcome);
        const line = `${handset.label}: ${describe(outcome.answer)} (${Math.round(outcome.latencyMs)} ms${outcome.attempts > 1 ? `, ${outcome.attempts} attempts` : ''})`;
        if (options.count === 1) console.log(line);
        else if (!outcome.accepted && failures.length < 10) failures.push(line);
      }),
    );
  }
  await Promise.all(pending);
  clearInterval(ticker);
  if (options.count > 1) render(true);
  if (failures.length) console.log(`first presses not accepted:\n  ${failures.join('\n  ')}`);
  const summary = stats.summary(elapsed());
  console.log(formatSummary(summary));
  return summary.notAccepted > 0 || stopRequested ? 1 : 0;
}

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
    process.exitCode = await run(options);
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
