import { ALARM_TYPES, type AlarmType, type TcpDeviceProtocolName } from '@app/contracts';
import { DEVICE_ID_DIGITS, isDeviceId, simulatedDeviceIdsFit } from './device-ids';

/** Which handset(s) the simulator presses over HTTP. */
export type Target =
  | { kind: 'resident'; resident: number }
  | { kind: 'device'; serial: string; secret: string }
  /** Every demo handset in turn (the default, for load). */
  | { kind: 'all-demo' }
  /** Every demo handset of a district (its name, or how it begins: `东港区` for `东港区 Donggang`). */
  | { kind: 'district'; district: string };

/** Which watch(es) or pendant(s) the simulator plays over TCP. */
export type TcpTarget =
  | { kind: 'resident'; resident: number }
  | { kind: 'device'; serial: string }
  /** Every demo device of the protocol in turn (the default). */
  | { kind: 'all-demo' }
  /** `count` devices of their own, ids `serialPrefix` + a number: provisioned or not (unprovisioned ones get no answer). */
  | { kind: 'simulated'; count: number; serialPrefix: string };

/** What a TCP device reports: each `--type` is one alarm this system tells apart. */
export const TCP_ALARM_TYPES = ['sos', 'fall', 'low_battery', 'removed', 'device_alarm'] as const;
export type TcpAlarmType = (typeof TCP_ALARM_TYPES)[number];

/** The frame a simulated TCP device sends. */
export type FrameChoice =
  /** `fix: false` sends the alarm without a GPS fix (as indoors). */
  { kind: 'alarm'; type: TcpAlarmType; fix: boolean } | { kind: 'heartbeat' } | { kind: 'location'; fix: boolean };

interface LoadOptions {
  count: number;
  /** Frames (presses) per second, started on schedule whether or not earlier ones were answered (open loop). */
  rate: number;
  batteryPct?: number;
  devicesFile?: string;
}

export interface HttpSimulatorOptions extends LoadOptions {
  protocol: 'http';
  url: string;
  type: AlarmType;
  heartbeat: boolean;
  /** One heartbeat from every handset of the district, then silence: an area outage opens after HEARTBEAT_TIMEOUT_S. */
  outage: boolean;
  target: Target;
  /** Attempts per press when the answer is 503 or there is none; the same eventId every time. */
  maxAttempts: number;
}

export interface TcpSimulatorOptions extends LoadOptions {
  protocol: TcpDeviceProtocolName;
  host: string;
  port: number;
  frame: FrameChoice;
  target: TcpTarget;
  /** Sends per alarm: one unanswered within `answerTimeoutMs` goes again, byte for byte. Heartbeats and logins are sent once. */
  maxAttempts: number;
  answerTimeoutMs: number;
  /** How long the connections stay open after the last frame, to show what the server sends (SOS numbers, a locate). */
  listenMs: number;
}

export type SimulatorOptions = HttpSimulatorOptions | TcpSimulatorOptions;

export class UsageError extends Error {}

export const DEFAULT_PORTS: Record<TcpDeviceProtocolName, number> = { watch: 5093, gt06: 5023 };
const DEFAULT_SERIAL_PREFIX = '99';

export const USAGE = `Handset simulator: signed presses and heartbeats against the ingest API (CONTRACT §1), or a
3G watch / GT06 pendant over their TCP protocols (CONTRACT §1b).

  npm run simulate -- --resident 1                   one SOS press from demo resident 1 (of 12)
  npm run simulate -- --resident 8 --type fall       a fall alarm
  npm run simulate -- --count 500 --rate 100         500 presses at 100/s spread over the demo handsets
  npm run simulate -- --serial S --secret K          a provisioned handset (POST /v1/devices gave the secret)
  npm run simulate -- --resident 2 --heartbeat --battery 15
  npm run simulate -- --outage --district 东港区          every handset of the district heard once, then silent: an area outage
  npm run simulate -- --heartbeat --district 东港区       ... and back again (the outage resolves itself)

  npm run simulate -- --protocol watch --resident 3              the demo watch: an SOS alarm (AL) with a fix
  npm run simulate -- --protocol gt06 --resident 4 --type fall   the demo GT06 pendant: login, then a fall alarm
  npm run simulate -- --protocol gt06 --resident 4 --no-fix      an SOS without a GPS fix
  npm run simulate -- --protocol watch --resident 3 --heartbeat --battery 15
  npm run simulate -- --protocol gt06 --resident 4 --location --listen 30   a position, then stay connected
  npm run simulate -- --protocol watch --devices 200 --count 2000 --rate 200   200 connections (unprovisioned ids)

Options
  --protocol P        http | watch | gt06 (default http)
  --resident N        demo resident N (.data/demo-devices.json); for watch / gt06 the resident who wears one
  --serial S          a provisioned device; HTTP needs --secret K too (the watch id or GT06 IMEI has no secret)
  --url U             ingest base URL (default http://localhost:3001); watch / gt06 connect to its host
  --host H            watch / gt06: the ingest host (default: the host of --url)
  --port N            watch / gt06: the listener's port (default 5093 watch, 5023 gt06)
  --type T            http: sos | fall | low_battery; watch / gt06 also removed | device_alarm (default sos)
  --no-fix            watch / gt06: the alarm or position without a GPS fix
  --district D        http: the demo handsets of district D (its name or how it begins)
  --outage            http, with --district: one heartbeat each, then silence (an area_outage after HEARTBEAT_TIMEOUT_S)
  --heartbeat         send heartbeats (watch LK, GT06 0x13) instead of alarms
  --location          watch / gt06: send a position (watch UD, GT06 0x12), which gets no answer
  --battery P         battery to report (0-100)
  --count N           how many presses / frames (default 1); each press is new (new eventId, time, serial)
  --rate R            presses / frames per second (default 10)
  --attempts N        http: attempts on 503 / no answer, same eventId; watch / gt06: sends of an
                      unanswered alarm, byte for byte (default 6)
  --answer-timeout MS watch / gt06: how long to wait for an answer before resending (default 3000)
  --listen S          watch / gt06: seconds to stay connected after the last frame, printing what the
                      server sends (default 1); a locate request is answered with a position
  --devices K         watch / gt06: K simulated devices, one TCP connection each, ids --serial-prefix
                      then a number (default prefix ${DEFAULT_SERIAL_PREFIX}); unprovisioned ids get no answer
  --serial-prefix P   digits the simulated ids start with
  --devices-file F    another demo devices file
  -h, --help`;

const FLAGS = new Set(['heartbeat', 'location', 'no-fix', 'help', 'outage']);
const KNOWN = new Set([
  'protocol',
  'resident',
  'serial',
  'secret',
  'url',
  'host',
  'port',
  'type',
  'no-fix',
  'heartbeat',
  'location',
  'battery',
  'count',
  'rate',
  'attempts',
  'answer-timeout',
  'listen',
  'devices',
  'serial-prefix',
  'devices-file',
  'district',
  'outage',
  'help',
]);
/** Options that only mean something to a TCP device. */
const TCP_ONLY = ['host', 'port', 'no-fix', 'location', 'answer-timeout', 'listen', 'devices', 'serial-prefix'];
/** Options only the HTTP handsets of the demo take. */
const HTTP_ONLY = ['district', 'outage'];

/** `--name value`, `--name=value` and bare flags into a map; refuses unknown or repeated options. */
function tokenize(argv: string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      values.set('help', 'true');
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!KNOWN.has(name)) throw new UsageError(`unknown option --${name}`);
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

function positive(name: string, raw: string, what: string, max: number): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new UsageError(`--${name} must be a number of ${what} above 0, not "${raw}"`);
  return n;
}

function oneOf<T extends string>(name: string, raw: string, allowed: readonly T[], hint = ''): T {
  const found = allowed.find((a) => a === raw);
  if (found === undefined) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}${hint}`);
  return found;
}

/** Parses the command line; throws UsageError with a message meant for the person typing it. */
export function parseArgs(argv: string[]): SimulatorOptions | 'help' {
  const v = tokenize(argv);
  if (v.has('help')) return 'help';

  const protocol = oneOf('protocol', v.get('protocol') ?? 'http', ['http', 'watch', 'gt06'] as const);
  const url = v.get('url') ?? 'http://localhost:3001';
  if (!/^https?:\/\/[^/]+/.test(url)) throw new UsageError(`--url must be an http(s) URL, not "${url}"`);
  if (v.has('heartbeat') && v.has('type')) throw new UsageError('--type is for alarms; a heartbeat has no type');
  if (v.has('resident') && v.has('serial')) throw new UsageError('give either --resident or --serial, not both');

  const load: LoadOptions = {
    count: v.has('count') ? integer('count', v.get('count')!, 1, 10_000_000) : 1,
    rate: positive('rate', v.get('rate') ?? '10', 'presses per second', 100_000),
    ...(v.has('battery') ? { batteryPct: integer('battery', v.get('battery')!, 0, 100) } : {}),
    ...(v.has('devices-file') ? { devicesFile: v.get('devices-file') } : {}),
  };
  const maxAttempts = v.has('attempts') ? integer('attempts', v.get('attempts')!, 1, 100) : 6;
  return protocol === 'http' ? httpOptions(v, url, load, maxAttempts) : tcpOptions(v, protocol, url, load, maxAttempts);
}

function httpOptions(v: Map<string, string>, url: string, load: LoadOptions, maxAttempts: number): HttpSimulatorOptions {
  const tcpOnly = TCP_ONLY.find((name) => v.has(name));
  if (tcpOnly) throw new UsageError(`--${tcpOnly} is for --protocol watch or gt06`);
  const type = oneOf('type', v.get('type') ?? 'sos', ALARM_TYPES, ' over HTTP (removed and device_alarm are watch / gt06 alarms)');

  let target: Target = { kind: 'all-demo' };
  if (v.has('resident')) target = { kind: 'resident', resident: integer('resident', v.get('resident')!, 1, 100_000) };
  if (v.has('serial') !== v.has('secret')) throw new UsageError('--serial and --secret go together');
  if (v.has('serial')) target = { kind: 'device', serial: v.get('serial')!, secret: v.get('secret')! };
  if (v.has('district')) {
    if (v.has('resident') || v.has('serial')) throw new UsageError('--district picks the handsets: no --resident or --serial');
    target = { kind: 'district', district: v.get('district')!.trim() };
  }
  const outage = v.has('outage');
  if (outage && !v.has('district')) throw new UsageError('--outage needs --district');
  if (outage && (v.has('type') || v.has('count'))) throw new UsageError('--outage sends one heartbeat per handset of the district: no --type or --count');

  return { protocol: 'http', url: url.replace(/\/+$/, ''), type, heartbeat: v.has('heartbeat') || outage, outage, target, maxAttempts, ...load };
}

function tcpOptions(v: Map<string, string>, protocol: TcpDeviceProtocolName, url: string, load: LoadOptions, maxAttempts: number): TcpSimulatorOptions {
  const httpOnly = HTTP_ONLY.find((name) => v.has(name));
  if (httpOnly) throw new UsageError(`--${httpOnly} is for the HTTP demo handsets`);
  if (v.has('secret')) throw new UsageError(`a ${protocol} device has no secret: give --serial with its id alone`);
  if (v.has('location') && (v.has('heartbeat') || v.has('type'))) throw new UsageError('--location sends a position: no --heartbeat, no --type');
  if (v.has('no-fix') && v.has('heartbeat')) throw new UsageError('--no-fix is for an alarm or a position; a heartbeat has no fix');

  const fix = !v.has('no-fix');
  const frame: FrameChoice = v.has('heartbeat')
    ? { kind: 'heartbeat' }
    : v.has('location')
      ? { kind: 'location', fix }
      : { kind: 'alarm', type: oneOf('type', v.get('type') ?? 'sos', TCP_ALARM_TYPES), fix };

  return {
    protocol,
    host: v.get('host') ?? new URL(url).hostname.replace(/^\[(.*)\]$/, '$1'),
    port: v.has('port') ? integer('port', v.get('port')!, 1, 65_535) : DEFAULT_PORTS[protocol],
    frame,
    target: tcpTarget(v, protocol),
    maxAttempts,
    answerTimeoutMs: v.has('answer-timeout') ? integer('answer-timeout', v.get('answer-timeout')!, 1, 600_000) : 3000,
    listenMs: Math.round(1000 * (v.has('listen') ? nonNegative('listen', v.get('listen')!) : 1)),
    ...load,
  };
}

function nonNegative(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 86_400) throw new UsageError(`--${name} must be a number of seconds from 0 to 86400, not "${raw}"`);
  return n;
}

function tcpTarget(v: Map<string, string>, protocol: TcpDeviceProtocolName): TcpTarget {
  if (v.has('serial-prefix') && !v.has('devices')) throw new UsageError('--serial-prefix goes with --devices');
  if (v.has('devices')) {
    if (v.has('resident') || v.has('serial')) throw new UsageError('--devices simulates devices of its own: no --resident or --serial');
    const count = integer('devices', v.get('devices')!, 1, 100_000);
    const serialPrefix = v.get('serial-prefix') ?? DEFAULT_SERIAL_PREFIX;
    if (!/^\d*$/.test(serialPrefix)) throw new UsageError(`--serial-prefix must be digits, not "${serialPrefix}"`);
    if (!simulatedDeviceIdsFit(protocol, serialPrefix, count)) {
      throw new UsageError(`${count} ${protocol} ids of ${DEVICE_ID_DIGITS[protocol]} digits do not fit after the prefix "${serialPrefix}"`);
    }
    return { kind: 'simulated', count, serialPrefix };
  }
  if (v.has('resident')) return { kind: 'resident', resident: integer('resident', v.get('resident')!, 1, 100_000) };
  if (v.has('serial')) {
    const serial = v.get('serial')!;
    if (!isDeviceId(protocol, serial)) {
      throw new UsageError(
        protocol === 'gt06' ? `a GT06 id is its 15-digit IMEI, not "${serial}"` : `a watch id is 10 digits or a 15-digit IMEI, not "${serial}"`,
      );
    }
    return { kind: 'device', serial };
  }
  return { kind: 'all-demo' };
}
