import type { TcpDeviceProtocolName } from '@app/contracts';
import { DEMO_PASSWORDS, DEMO_RESIDENTS, DEMO_TCP_DEVICES, DEMO_USERS } from './demo-data';

/** A device protocol listener of the ingest process that is on. */
export interface DeviceListener {
  protocol: TcpDeviceProtocolName;
  port: number;
  /** The simulator's default for this protocol: another port has to be given to it. */
  defaultPort: number;
}

export interface BannerInput {
  demo: boolean;
  consoleUrl: string;
  ingestUrl: string;
  dispatcherUrl: string;
  services: string[];
  deviceListeners: DeviceListener[];
}

const PROTOCOL_NAMES: Record<TcpDeviceProtocolName, string> = { watch: '3G watch', gt06: 'GT06' };

function usernames(role: string, prefix?: string): string {
  return DEMO_USERS.filter((u) => u.role === role && (!prefix || u.username.startsWith(prefix)))
    .map((u) => u.username)
    .join(', ');
}

/** The simulate commands for the demo watch and pendant whose listener is on. */
function deviceCommands(listeners: DeviceListener[]): string[] {
  const lines: string[] = [];
  for (const device of DEMO_TCP_DEVICES) {
    const listener = listeners.find((l) => l.protocol === device.protocol);
    if (!listener) continue;
    const base = `npm run simulate -- --protocol ${device.protocol} --resident ${device.resident}${listener.port === listener.defaultPort ? '' : ` --port ${listener.port}`}`;
    const who = `${PROTOCOL_NAMES[device.protocol]} ${device.serial}, ${DEMO_RESIDENTS[device.resident - 1].fullName}`;
    lines.push(`    ${base.padEnd(62)} (${who})`);
    lines.push(`    ${`${base} --type fall`.padEnd(62)} (also --heartbeat, --location, --no-fix)`);
  }
  return lines;
}

/** What a newcomer needs after `npm start`: where to click, how to log in, how to press a key. */
export function banner(input: BannerInput): string {
  const lines = [
    '',
    '═══════════════════════════════════════════════════════════════════════',
    `  HeartKey is running${input.demo ? ' (demo mode)' : ''}`,
    '',
    `  Operator console   ${input.consoleUrl}`,
    `  API docs           ${input.consoleUrl}/docs   (console, admin)`,
    `                     ${input.ingestUrl}/docs   (handsets)`,
    `  Health / metrics   ${input.dispatcherUrl}/health/ready   …/metrics on every process`,
    ...(input.deviceListeners.length
      ? [`  Device protocols   ${input.deviceListeners.map((l) => `${PROTOCOL_NAMES[l.protocol]} on TCP :${l.port}`).join(' · ')}   (ingest)`]
      : []),
    ...input.services.map((s, i) => `${i === 0 ? '  Using             ' : '                    '} ${s}`),
  ];
  if (input.demo) {
    lines.push(
      '',
      '  Demo logins (username / password)',
      `    admin                  ${DEMO_PASSWORDS.admin}`,
      `    supervisor             ${DEMO_PASSWORDS.supervisor}`,
      `    ${usernames('operator').padEnd(22)} ${DEMO_PASSWORDS.operator}`,
      `    carer1 … carer4        ${DEMO_PASSWORDS.responder}   (responder view; also ${usernames('responder', 'cadre')}, ${usernames('responder', 'doctor')})`,
      '',
      `  Press a demo handset key (resident 1 of ${DEMO_RESIDENTS.length}):`,
      '    npm run simulate -- --resident 1',
      '    npm run simulate -- --resident 8 --type fall',
      '    npm run simulate -- --count 200 --rate 50      (load, spread over all residents)',
    );
    const devices = deviceCommands(input.deviceListeners);
    if (devices.length) lines.push('', '  The demo watch and pendant, over their own TCP protocols:', ...devices);
  }
  lines.push('', '  Ctrl-C stops everything.', '═══════════════════════════════════════════════════════════════════════', '');
  return lines.join('\n');
}
