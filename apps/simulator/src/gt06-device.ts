import {
  buildGt06Alarm,
  buildGt06Heartbeat,
  buildGt06Location,
  buildGt06Login,
  crc16X25,
  type DeviceCommand,
  GT06_ALARM_CODE,
  GT06_TERMINAL_ALARM,
  type Gt06GpsFix,
  gt06Protocol,
  gt06TerminalInfoWithAlarm,
  type Gt06StatusFields,
} from '@app/protocols';
import type { FrameChoice, TcpAlarmType } from './args';
import { DEMO_CELL, type DeviceDialect, type FrameContext, type SimulatedDevice } from './device-dialect';

/** The server's command packet (Concox documents): a text command after a 4-byte server flag. */
const COMMAND_PROTOCOL = 0x80;
/** Power cut (alarm byte 0x02): an alarm this system does not act on, so the server sees a `device_alarm`. */
const POWER_CUT_ALARM = 0x02;
const MAX_VOLTAGE_LEVEL = 6;
const FULL_GSM_SIGNAL = 4;

/** The status a pendant reports for each alarm: the alarm byte, or the terminal-info alarm field (taken off). */
export function gt06AlarmStatus(type: TcpAlarmType): Pick<Gt06StatusFields, 'alarmCode' | 'terminalInfo'> {
  switch (type) {
    case 'sos':
      return { alarmCode: GT06_ALARM_CODE.sos };
    case 'fall':
      return { alarmCode: GT06_ALARM_CODE.fall };
    case 'low_battery':
      return { alarmCode: GT06_ALARM_CODE.internalLowBattery };
    case 'removed':
      return { alarmCode: GT06_ALARM_CODE.normal, terminalInfo: gt06TerminalInfoWithAlarm(0, GT06_TERMINAL_ALARM.removed) };
    case 'device_alarm':
      return { alarmCode: POWER_CUT_ALARM };
  }
}

/** Battery percent as the GT06 voltage level 0-6. */
export function voltageLevel(batteryPct: number): number {
  return Math.round((batteryPct * MAX_VOLTAGE_LEVEL) / 100);
}

function gpsFix(device: SimulatedDevice, fix: boolean, at: Date): Gt06GpsFix {
  const position = fix && device.home;
  // Without a fix the device still writes a GPS block, marked not positioned, at 0/0.
  return position ? { time: at, ...position, satellites: 9 } : { time: at, lat: 0, lng: 0, satellites: 0, positioned: false };
}

const hex = (bytes: Buffer) => bytes.toString('hex').replace(/(..)(?!$)/g, '$1 ');

interface ServerFrame {
  protocolNumber: number;
  serial: number;
  /** Between PROTO and SERIAL. */
  body: Buffer;
  crcValid: boolean;
}

/** `78 78 LEN PROTO … SERIAL CRC 0D 0A` (or `79 79` with a 2-byte LEN) taken apart, as the splitter handed it over. */
function openFrame(frame: Buffer): ServerFrame | undefined {
  const lengthBytes = frame[0] === 0x79 ? 2 : 1;
  const protocolAt = 2 + lengthBytes;
  if (frame.length < protocolAt + 1 + 2 + 2 + 2) return undefined;
  const serialAt = frame.length - 6;
  return {
    protocolNumber: frame[protocolAt],
    serial: frame.readUInt16BE(serialAt),
    body: frame.subarray(protocolAt + 1, serialAt),
    crcValid: crc16X25(frame.subarray(2, serialAt + 2)) === frame.readUInt16BE(serialAt + 2),
  };
}

/** The ASCII text of a 0x80 command: after its length byte and the 4-byte server flag. */
function commandText(frame: ServerFrame): string | undefined {
  if (frame.protocolNumber !== COMMAND_PROTOCOL || frame.body.length < 5) return undefined;
  return frame.body.subarray(5, 1 + frame.body[0]).toString('ascii');
}

/** Concox GT06, as the pendant speaks it: a connection starts with the login (0x01) and its IMEI. */
export const gt06Dialect: DeviceDialect = {
  protocol: gt06Protocol,
  loginFrame: (device, serial) => buildGt06Login({ imei: device.id, serial }),

  frame(device: SimulatedDevice, choice: FrameChoice, context: FrameContext): Buffer {
    const { serial, at } = context;
    const level = voltageLevel(context.batteryPct);
    switch (choice.kind) {
      case 'alarm':
        return buildGt06Alarm({
          fix: gpsFix(device, choice.fix, at),
          cell: DEMO_CELL,
          voltageLevel: level,
          gsmSignal: FULL_GSM_SIGNAL,
          ...gt06AlarmStatus(choice.type),
          serial,
        });
      case 'heartbeat':
        return buildGt06Heartbeat({ voltageLevel: level, gsmSignal: FULL_GSM_SIGNAL, serial });
      case 'location':
        return buildGt06Location({ fix: gpsFix(device, choice.fix, at), cell: DEMO_CELL, serial });
    }
  },

  describe(frame: Buffer): string {
    const opened = openFrame(frame);
    if (!opened) return `(${hex(frame)})`;
    const proto = `0x${opened.protocolNumber.toString(16).padStart(2, '0')}`;
    const text = commandText(opened);
    const crc = opened.crcValid ? '' : ' BAD CRC';
    return `${proto}${text === undefined ? '' : ` "${text}"`} serial 0x${opened.serial.toString(16).padStart(4, '0')}${crc} (${hex(frame)})`;
  },

  command(frame: Buffer): DeviceCommand | undefined {
    const opened = openFrame(frame);
    const text = opened?.crcValid ? commandText(opened) : undefined;
    if (text === 'DWXX#') return { kind: 'locate' };
    const sos = text && /^SOS,A,(.*)#$/.exec(text);
    if (sos) return { kind: 'sos-numbers', numbers: sos[1].split(',').filter(Boolean) };
    return undefined;
  },
};
