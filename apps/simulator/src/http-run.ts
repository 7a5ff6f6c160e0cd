import { DEMO_DEVICES_FILE, demoDataDir, isDemoHttpDevice, readDemoDevices } from '@app/demo';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type HttpSimulatorOptions, UsageError } from './args';
import { press, type Answer, type Handset } from './handset';
import { runOpenLoop } from './open-loop';
import { formatSummary } from './stats';

/** Signed SOS / fall / low-battery presses or heartbeats against the ingest API (CONTRACT §1). Resolves to the exit code. */
export async function runHttp(requested: HttpSimulatorOptions): Promise<number> {
  const handsets = handsetsFor(requested);
  // An outage: every handset of the district heard once, at once, then nothing more.
  const options = requested.outage ? { ...requested, count: handsets.length, rate: Math.max(requested.rate, handsets.length) } : requested;
  const runId = `sim-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const what = options.heartbeat ? 'heartbeats' : `${options.type} presses`;
  const failures: string[] = [];
  if (options.count > 1) console.log(`${options.count} ${what} at ${options.rate}/s to ${options.url}, over ${handsets.length} handset(s)`);

  const { stats, elapsedMs, stopped } = await runOpenLoop(options, async (i) => {
    const handset = handsets[i % handsets.length];
    const outcome = await press({
      baseUrl: options.url,
      handset,
      heartbeat: options.heartbeat,
      type: options.type,
      eventId: `${runId}-${i}`,
      batteryPct: options.batteryPct,
      maxAttempts: options.maxAttempts,
    });
    const line = `${handset.label}: ${describe(outcome.answer)} (${Math.round(outcome.latencyMs)} ms${outcome.attempts > 1 ? `, ${outcome.attempts} attempts` : ''})`;
    if (options.count === 1) console.log(line);
    else if (!outcome.accepted && failures.length < 10) failures.push(line);
    return outcome;
  });
  if (failures.length) console.log(`first presses not accepted:\n  ${failures.join('\n  ')}`);
  const summary = stats.summary(elapsedMs);
  console.log(formatSummary(summary));
  if (options.outage) {
    console.log(
      `${handsets.length} handset(s) of ${options.target.kind === 'district' ? options.target.district : 'the district'} heard once and now silent: ` +
        'supervision opens one area_outage once HEARTBEAT_TIMEOUT_S has passed (start the demo with HEARTBEAT_TIMEOUT_S=60 to see it within about a minute); ' +
        'bring them back with --heartbeat --district.',
    );
  }
  return summary.notAccepted > 0 || stopped ? 1 : 0;
}

function handsetsFor(options: HttpSimulatorOptions): Handset[] {
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
  if (target.kind === 'district') {
    const inDistrict = demo.filter((d) => d.district !== undefined && d.district.startsWith(target.district));
    if (!inDistrict.length) throw new UsageError(`no demo handset in district "${target.district}" (re-seed with npm start if the devices file is older)`);
    return inDistrict.map(toHandset);
  }
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
