import { type DecodedFrame, type DeviceMessage, encodeGt06Answer, isUndecodable } from '@app/protocols';
import { TCP_ALARM_TYPES, type FrameChoice, type TcpAlarmType } from './args';
import { batteryFor, type DeviceDialect, expectedAnswer, type SimulatedDevice } from './device-dialect';
import { gt06Dialect, voltageLevel } from './gt06-device';
import { watchDialect } from './watch-device';

/**
 * The frames the simulated devices write, read back by the server's own decoders (`@app/protocols`):
 * each --type must reach the server as the alarm it names, with or without a fix.
 */
const home = { lat: 35.4098, lng: 119.5311 };
const watch: SimulatedDevice = { id: '8800000003', label: 'watch', home, maker: '3G' };
const pendant: SimulatedDevice = { id: '865700000000004', label: 'pendant', home };
const at = new Date('2026-11-28T08:30:15Z');

const dialects: [string, DeviceDialect, SimulatedDevice][] = [
  ['watch', watchDialect, watch],
  ['gt06', gt06Dialect, pendant],
];

function decode(dialect: DeviceDialect, frame: Buffer): DecodedFrame {
  const decoded = dialect.protocol.decode(frame);
  if (isUndecodable(decoded)) throw new Error(decoded.error);
  return decoded;
}

function send(dialect: DeviceDialect, device: SimulatedDevice, choice: FrameChoice, batteryPct = 80): DeviceMessage {
  return decode(dialect, dialect.frame(device, choice, { serial: 7, at, batteryPct })).message;
}

const MEANING: Record<TcpAlarmType, string> = {
  sos: 'sos',
  fall: 'fall',
  low_battery: 'low_battery',
  removed: 'device_removed',
  device_alarm: 'device_alarm',
};

describe.each(dialects)('the simulated %s', (_name, dialect, device) => {
  it.each(TCP_ALARM_TYPES.map((t) => [t]))('sends --type %s as the alarm the server decodes to that meaning, and only that', (type) => {
    const message = send(dialect, device, { kind: 'alarm', type, fix: true });
    expect(message).toMatchObject({ kind: 'alarm', meaning: MEANING[type] });
    if (message.kind !== 'alarm') throw new Error('not an alarm');
    expect(message.flags).toEqual(type === 'device_alarm' ? [] : [MEANING[type]]);
  });

  it('puts the resident home in an alarm as a fix, and none with --no-fix, keeping the cell tower', () => {
    const withFix = send(dialect, device, { kind: 'alarm', type: 'sos', fix: true });
    const withoutFix = send(dialect, device, { kind: 'alarm', type: 'sos', fix: false });
    if (withFix.kind !== 'alarm' || withoutFix.kind !== 'alarm') throw new Error('not alarms');
    expect(withFix.report.position?.lat).toBeCloseTo(home.lat, 5);
    expect(withFix.report.position?.lng).toBeCloseTo(home.lng, 5);
    expect(withoutFix.report.position).toBeUndefined();
    expect(withoutFix.meaning).toBe('sos');
    expect(withoutFix.report.cells).toEqual([expect.objectContaining({ mcc: 460 })]);
  });

  it('sends no fix for a device whose home is not known', () => {
    const message = send(dialect, { id: device.id, label: 'x' }, { kind: 'alarm', type: 'fall', fix: true });
    expect(message).toMatchObject({ kind: 'alarm', meaning: 'fall' });
    if (message.kind === 'alarm') expect(message.report.position).toBeUndefined();
  });

  it('sends a heartbeat with the battery, and a position that gets no answer', () => {
    const heartbeat = send(dialect, device, { kind: 'heartbeat' }, 100);
    expect(heartbeat).toEqual({ kind: 'heartbeat', report: expect.objectContaining({ batteryPct: 100 }) });
    const location = dialect.frame(device, { kind: 'location', fix: true }, { serial: 8, at, batteryPct: 80 });
    expect(decode(dialect, location).message.kind).toBe('location');
    expect(expectedAnswer(dialect.protocol, location)).toBeUndefined();
  });

  it('expects alarms and heartbeats to be answered', () => {
    for (const choice of [{ kind: 'alarm', type: 'sos', fix: true }, { kind: 'heartbeat' }] as const) {
      expect(expectedAnswer(dialect.protocol, dialect.frame(device, choice, { serial: 9, at, batteryPct: 50 }))).toBeInstanceOf(Buffer);
    }
  });

  it('reads the commands the server encodes for it, and nothing else as one', () => {
    const encode = (command: Parameters<DeviceDialect['protocol']['encodeCommand']>[1]) =>
      dialect.protocol.encodeCommand(device.id, command, { maker: '3G' }, 3);
    expect(dialect.command(encode({ kind: 'locate' }))).toEqual({ kind: 'locate' });
    expect(dialect.command(encode({ kind: 'sos-numbers', numbers: ['12349', '+8613800000000'] }))).toEqual({
      kind: 'sos-numbers',
      numbers: ['12349', '+8613800000000'],
    });
    const answer = expectedAnswer(dialect.protocol, dialect.frame(device, { kind: 'heartbeat' }, { serial: 9, at, batteryPct: 50 }))!;
    expect(dialect.command(answer)).toBeUndefined();
  });
});

describe('the simulated watch, in its own words', () => {
  it('writes frames in its maker dialect and shows frames as their text', () => {
    const frame = watchDialect.frame(watch, { kind: 'heartbeat' }, { serial: 1, at, batteryPct: 80 });
    expect(watchDialect.describe(frame)).toBe('[3G*8800000003*0009*LK,0,0,80]');
    expect(watchDialect.describe(expectedAnswer(watchDialect.protocol, frame)!)).toBe('[3G*8800000003*0002*LK]');
    expect(watchDialect.loginFrame(watch, 1)).toBeUndefined();
  });
});

describe('the simulated GT06 pendant', () => {
  it('logs in with its IMEI first', () => {
    const login = gt06Dialect.loginFrame(pendant, 1)!;
    expect(decode(gt06Dialect, login)).toMatchObject({ deviceId: '865700000000004', message: { kind: 'login' } });
  });

  it('shows an answer with its protocol number, serial and bytes, and a command with its text', () => {
    expect(gt06Dialect.describe(encodeGt06Answer(0x16, 5))).toMatch(/^0x16 serial 0x0005 \(78 78 05 16 00 05 [0-9a-f]{2} [0-9a-f]{2} 0d 0a\)$/);
    const command = gt06Dialect.protocol.encodeCommand(pendant.id, { kind: 'sos-numbers', numbers: ['12349'] }, {}, 2);
    expect(gt06Dialect.describe(command)).toMatch(/^0x80 "SOS,A,12349#" serial 0x0002 \(78 78 /);
    const corrupt = Buffer.from(encodeGt06Answer(0x13, 1));
    corrupt[corrupt.length - 3] ^= 0xff;
    expect(gt06Dialect.describe(corrupt)).toContain('BAD CRC');
  });

  it('turns the battery percent into the voltage level 0-6', () => {
    expect([0, 10, 50, 80, 100].map(voltageLevel)).toEqual([0, 1, 3, 5, 6]);
  });
});

describe('batteryFor', () => {
  it('reports --battery when given, else a low level with a low-battery alarm and a good one otherwise', () => {
    expect(batteryFor({ kind: 'heartbeat' }, 15)).toBe(15);
    expect(batteryFor({ kind: 'alarm', type: 'low_battery', fix: true }, undefined)).toBe(10);
    expect(batteryFor({ kind: 'alarm', type: 'sos', fix: true }, undefined)).toBe(80);
  });
});
