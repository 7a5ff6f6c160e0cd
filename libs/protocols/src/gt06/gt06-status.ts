import type { AlarmMeaning, DeviceReport } from '../device-protocol';
import { orderAlarmFlags } from '../alarm-ranking';

/**
 * The status block of heartbeats (0x13) and alarm packets (0x16, 0x26, 0x19), 5 bytes:
 * terminal info, voltage level (0-6), GSM signal (0-4), alarm byte, language.
 *
 * Terminal info: bit 7 oil/electricity cut · bit 6 GPS tracking on · bits 5-3 alarm field ·
 * bit 2 charging · bit 1 ACC high · bit 0 armed.
 */
export const STATUS_BLOCK_BYTES = 5;

/** Values of terminal-info bits 5-3 (Concox documents; 7 is Traccar's "removing"). */
export const TERMINAL_ALARM = {
  none: 0b000,
  shock: 0b001,
  powerCut: 0b010,
  lowBattery: 0b011,
  sos: 0b100,
  removed: 0b111,
} as const;

const TERMINAL_ALARM_SHIFT = 3;
const TERMINAL_ALARM_MASK = 0b111 << TERMINAL_ALARM_SHIFT;
export const TERMINAL_CHARGING = 1 << 2;
export const TERMINAL_GPS_TRACKING = 1 << 6;

/** Alarm byte values this system acts on (the others are shown to a human as device_alarm). */
export const ALARM_CODE = {
  normal: 0x00,
  sos: 0x01,
  /** External battery low (Traccar: low battery). */
  lowBattery: 0x0e,
  /** External battery low protection (Traccar: low battery). */
  lowBatteryProtection: 0x0f,
  /** Internal battery low (Concox documents of the 4G models). */
  internalLowBattery: 0x19,
  fall: 0x23,
} as const;

const ALARM_CODE_MEANINGS: ReadonlyMap<number, AlarmMeaning> = new Map([
  [ALARM_CODE.sos, 'sos'],
  [ALARM_CODE.lowBattery, 'low_battery'],
  [ALARM_CODE.lowBatteryProtection, 'low_battery'],
  [ALARM_CODE.internalLowBattery, 'low_battery'],
  [ALARM_CODE.fall, 'fall'],
]);

const TERMINAL_ALARM_MEANINGS: ReadonlyMap<number, AlarmMeaning> = new Map([
  [TERMINAL_ALARM.sos, 'sos'],
  [TERMINAL_ALARM.lowBattery, 'low_battery'],
  [TERMINAL_ALARM.removed, 'device_removed'],
]);

export interface Gt06Status {
  terminalInfo: number;
  voltageLevel: number;
  gsmSignal: number;
  alarmCode: number;
  language: number;
}

export function readStatusBlock(buf: Buffer, at: number): Gt06Status {
  return { terminalInfo: buf[at], voltageLevel: buf[at + 1], gsmSignal: buf[at + 2], alarmCode: buf[at + 3], language: buf[at + 4] };
}

export function encodeStatusBlock(status: Gt06Status): Buffer {
  return Buffer.from([status.terminalInfo, status.voltageLevel, status.gsmSignal, status.alarmCode, status.language]);
}

export function terminalAlarmField(terminalInfo: number): number {
  return (terminalInfo & TERMINAL_ALARM_MASK) >> TERMINAL_ALARM_SHIFT;
}

export function withTerminalAlarm(terminalInfo: number, field: number): number {
  return (terminalInfo & ~TERMINAL_ALARM_MASK & 0xff) | ((field << TERMINAL_ALARM_SHIFT) & TERMINAL_ALARM_MASK);
}

/** Every flag recognised in the status, from both sources (alarm byte and terminal-info field), in rank order. */
export function statusAlarmFlags(status: Pick<Gt06Status, 'terminalInfo' | 'alarmCode'>): AlarmMeaning[] {
  const flags: AlarmMeaning[] = [];
  const fromCode = ALARM_CODE_MEANINGS.get(status.alarmCode);
  if (fromCode) flags.push(fromCode);
  const fromTerminal = TERMINAL_ALARM_MEANINGS.get(terminalAlarmField(status.terminalInfo));
  if (fromTerminal) flags.push(fromTerminal);
  return orderAlarmFlags(flags);
}

/** As sent, for the timeline: terminal info and alarm byte, hex. */
export function rawStatusHex(status: Pick<Gt06Status, 'terminalInfo' | 'alarmCode'>): string {
  return Buffer.from([status.terminalInfo, status.alarmCode]).toString('hex');
}

const MAX_VOLTAGE_LEVEL = 6;
const MAX_GSM_LEVEL = 4;

/** Battery and signal in percent; a level outside the documented range is left out rather than invented. */
export function statusReport(status: Pick<Gt06Status, 'voltageLevel' | 'gsmSignal'>): DeviceReport {
  const report: DeviceReport = {};
  if (status.voltageLevel <= MAX_VOLTAGE_LEVEL) report.batteryPct = Math.round((status.voltageLevel * 100) / MAX_VOLTAGE_LEVEL);
  if (status.gsmSignal <= MAX_GSM_LEVEL) report.signalPct = Math.round((status.gsmSignal * 100) / MAX_GSM_LEVEL);
  return report;
}
