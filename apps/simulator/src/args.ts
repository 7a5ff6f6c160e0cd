import { ALARM_TYPES, type AlarmType } from '@app/contracts';

/** Which handset(s) the simulator presses. */
export type Target =
  | { kind: 'resident'; resident: number }
  | { kind: 'device'; serial: string; secret: string }
  /** Every demo handset in turn (the default, for load). */
  | { kind: 'all-demo' };

export interface SimulatorOptions {
  url: string;
  type: AlarmType;
  heartbeat: boolean;
  count: number;
  /** Presses per second, started on schedule whether or not earlier ones were answered (open loop). */
  rate: number;
  target: Target;
  batteryPct?: number;
  /** Attempts per press when the answer is 503 or there is none; the same eventId every time. */
  maxAttempts: number;
  devicesFile?: string;
}

export class UsageError extends Error {}

export const USAGE = `Handset simulator: signed presses and heartbeats against the ingest API (CONTRACT §1).

  npm run simulate -- --resident 1                   one SOS press from demo resident 1 (of 12)
  npm run simulate -- --resident 8 --type fall       a fall alarm
  npm run simulate -- --count 500 --rate 100         500 presses at 100/s spread over the demo handsets
  npm run simulate -- --serial S --secret K          a provisioned handset (POST /v1/devices gave the secret)
  npm run simulate -- --resident 2 --heartbeat --battery 15

Options
  --resident N        demo resident N; its handset secret comes from .data/demo-devices.json
  --serial S --secret K
  --url U             ingest base URL (default http://localhost:3001)
  --type T            sos | fall | low_battery (default sos)
  --heartbeat         send heartbeats instead of alarms
  --battery P         batteryPct to report (0-100)
  --count N           how many presses (default 1); each press has a new eventId
  --rate R            presses per second (default 10)
  --attempts N        attempts per press on 503 / no answer, same eventId (default 6)
  --devices-file F    another demo devices file
  -h, --help`;

const FLAGS = new Set(['heartbeat', 'help']);

/** `--name value`, `--name=value` and bare flags into a map; refuses unknown or repeated options. */
function tokenize(argv: string[]): Map<string, string> {
  const known = new Set(['resident', 'serial', 'secret', 'url', 'type', 'heartbeat', 'battery', 'count', 'rate', 'attempts', 'devices-file', 'help']);
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      values.set('help', 'true');
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!known.has(name)) throw new UsageError(`unknown option --${name}`);
    if (values.has(name)) throw new UsageError(`--${name} given twice`);
    if (FLAGS.has(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      values.set(name, 'true');
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    values.set(name, value);
  }
  return values;
}

function integer(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  return n;
}

/** Parses the command line; throws UsageError with a message meant for the person typing it. */
export function parseArgs(argv: string[]): SimulatorOptions | 'help' {
  const v = tokenize(argv);
  if (v.has('help')) return 'help';

  const url = v.get('url') ?? 'http://localhost:3001';
  if (!/^https?:\/\/[^/]+/.test(url)) throw new UsageError(`--url must be an http(s) URL, not "${url}"`);

  const type = v.get('type') ?? 'sos';
  if (!(ALARM_TYPES as readonly string[]).includes(type)) throw new UsageError(`--type must be one of ${ALARM_TYPES.join(', ')}`);
  const heartbeat = v.has('heartbeat');
  if (heartbeat && v.has('type')) throw new UsageError('--type is for alarms; a heartbeat has no type');

  let target: Target = { kind: 'all-demo' };
  if (v.has('resident') && (v.has('serial') || v.has('secret'))) throw new UsageError('give either --resident or --serial/--secret, not both');
  if (v.has('resident')) target = { kind: 'resident', resident: integer('resident', v.get('resident')!, 1, 100_000) };
  if (v.has('serial') !== v.has('secret')) throw new UsageError('--serial and --secret go together');
  if (v.has('serial')) target = { kind: 'device', serial: v.get('serial')!, secret: v.get('secret')! };

  const rate = Number(v.get('rate') ?? 10);
  if (!Number.isFinite(rate) || rate <= 0 || rate > 100_000)
    throw new UsageError(`--rate must be a number of presses per second above 0, not "${v.get('rate')}"`);

  return {
    url: url.replace(/\/+$/, ''),
    type: type as AlarmType,
    heartbeat,
    count: v.has('count') ? integer('count', v.get('count')!, 1, 10_000_000) : 1,
    rate,
    target,
    ...(v.has('battery') ? { batteryPct: integer('battery', v.get('battery')!, 0, 100) } : {}),
    maxAttempts: v.has('attempts') ? integer('attempts', v.get('attempts')!, 1, 100) : 6,
    ...(v.has('devices-file') ? { devicesFile: v.get('devices-file') } : {}),
  };
}
