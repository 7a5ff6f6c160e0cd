import { DEMO_DEVICES_FILE, demoDataDir, readDemoDevices, type DemoDevice } from '@app/demo';
import type { TcpDeviceProtocolName } from '@app/contracts';
import { join } from 'node:path';
import { type FrameChoice, type TcpSimulatorOptions, UsageError } from './args';
import { batteryFor, type DeviceDialect, type SimulatedDevice } from './device-dialect';
import { simulatedDeviceId } from './device-ids';
import { gt06Dialect } from './gt06-device';
import { runOpenLoop } from './open-loop';
import { formatTcpSummary } from './stats';
import { TcpDeviceClient } from './tcp-device';
import { describeOutcome, printingTrace } from './tcp-report';
import { watchDialect } from './watch-device';

const DIALECTS: Record<TcpDeviceProtocolName, DeviceDialect> = { watch: watchDialect, gt06: gt06Dialect };
const PROTOCOL_NAMES: Record<TcpDeviceProtocolName, string> = { watch: 'watch', gt06: 'GT06 pendant' };

/** Watches or GT06 pendants over TCP (CONTRACT §1b), one connection per device. Resolves to the exit code. */
export async function runTcp(options: TcpSimulatorOptions): Promise<number> {
  const dialect = DIALECTS[options.protocol];
  const devices = devicesFor(options);
  const verbose = options.count === 1;
  const trace = printingTrace(dialect, verbose);
  const endpoint = { host: options.host, port: options.port };
  const clients = devices.map(
    (device) => new TcpDeviceClient(dialect, device, endpoint, options, (choice: FrameChoice) => batteryFor(choice, options.batteryPct), trace),
  );
  if (verbose) console.log(`${clients[0].device.label} → tcp://${options.host}:${options.port} (${options.protocol})`);
  else
    console.log(
      `${options.count} ${describeChoice(options.frame)} at ${options.rate}/s to tcp://${options.host}:${options.port}, over ${clients.length} ${options.protocol} connection(s)`,
    );

  const failures: string[] = [];
  const { stats, elapsedMs, stopped } = await runOpenLoop(options, async (i) => {
    const client = clients[i % clients.length];
    const outcome = await client.send(options.frame);
    const accepted = outcome.answer !== undefined || !outcome.expectsAnswer;
    const line = `${client.device.label}: ${describeOutcome(outcome, dialect)}`;
    if (verbose) console.log(line);
    else if (!accepted && failures.length < 10) failures.push(line);
    return { accepted, attempts: outcome.attempts, latencyMs: outcome.latencyMs, expectsAnswer: outcome.expectsAnswer };
  });

  if (options.listenMs > 0 && !stopped && clients.some((client) => client.connected)) {
    if (verbose) console.log(`  (connected ${options.listenMs / 1000} s more for what the server sends)`);
    await new Promise((resolve) => setTimeout(resolve, options.listenMs));
  }
  await Promise.all(clients.map((client) => client.close()));
  if (trace.unshown()) console.log(`  … and ${trace.unshown()} more frames from the server`);
  if (failures.length) console.log(`first frames without an answer:\n  ${failures.join('\n  ')}`);
  const summary = stats.summary(elapsedMs);
  console.log(formatTcpSummary(summary, Math.min(options.count, clients.length)));
  return summary.notAccepted > 0 || stopped ? 1 : 0;
}

function describeChoice(choice: FrameChoice): string {
  switch (choice.kind) {
    case 'alarm':
      return `${choice.type} alarms${choice.fix ? '' : ' without a fix'}`;
    case 'heartbeat':
      return 'heartbeats';
    case 'location':
      return `positions${choice.fix ? '' : ' without a fix'}`;
  }
}

/** Simulated devices live around the centre of Rizhao, a few hundred metres apart. */
function simulatedHome(n: number): { lat: number; lng: number } {
  return { lat: 35.4 + (n % 97) * 0.001, lng: 119.5 + (n % 89) * 0.001 };
}

function fromDemo(d: DemoDevice): SimulatedDevice {
  return {
    id: d.serial,
    label: `${d.serial} (resident ${d.resident}, ${d.residentName})`,
    home: d.home,
    ...('maker' in d && d.maker ? { maker: d.maker } : {}),
  };
}

export function devicesFor(options: TcpSimulatorOptions): SimulatedDevice[] {
  const { target, protocol } = options;
  if (target.kind === 'simulated') {
    return Array.from({ length: target.count }, (_, i) => {
      const id = simulatedDeviceId(protocol, target.serialPrefix, i + 1);
      return { id, label: id, home: simulatedHome(i + 1) };
    });
  }
  const file = options.devicesFile ?? join(demoDataDir(), DEMO_DEVICES_FILE);
  const demo = readDemoDevices(file).filter((d) => d.protocol === protocol);
  if (target.kind === 'device') {
    // A demo device given by its id keeps its home and maker; any other has no known home: no fix.
    const known = demo.find((d) => d.serial === target.serial);
    return [known ? fromDemo(known) : { id: target.serial, label: target.serial }];
  }
  const name = PROTOCOL_NAMES[protocol];
  if (!demo.length) {
    throw new UsageError(`no demo ${name} in ${file}: start the demo first (npm start, or npm run seed), or use --serial or --devices`);
  }
  if (target.kind === 'all-demo') return demo.map(fromDemo);
  const device = demo.find((d) => d.resident === target.resident);
  if (!device) {
    const wearers = demo.map((d) => `resident ${d.resident}`).join(', ');
    throw new UsageError(`demo resident ${target.resident} has no ${name}; the demo ${name} is worn by ${wearers}`);
  }
  return [fromDemo(device)];
}
