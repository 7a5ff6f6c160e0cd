import { rankAlarmFlags } from '../alarm-ranking';
import type { AlarmMeaning } from '../device-protocol';

/**
 * Bits of the watch status word (8 hex digits: the high 16 bits are alarms, the low 16 the
 * device state). Only the bits this system acts on are named.
 */
export const WatchStatusBit = {
  lowBattery: 0,
  sos: 16,
  lowBatteryAlarm: 17,
  removed: 20,
  fall: 21,
  fallAlternate: 22,
} as const;

/** Which bits carry which meaning, listed in rank order (the ranking itself is the one every protocol shares). */
const MEANING_BITS: readonly { meaning: AlarmMeaning; bits: readonly number[] }[] = [
  { meaning: 'sos', bits: [WatchStatusBit.sos] },
  { meaning: 'fall', bits: [WatchStatusBit.fall, WatchStatusBit.fallAlternate] },
  { meaning: 'device_removed', bits: [WatchStatusBit.removed] },
  { meaning: 'low_battery', bits: [WatchStatusBit.lowBattery, WatchStatusBit.lowBatteryAlarm] },
];

export interface AlarmStatus {
  meaning: AlarmMeaning;
  /** Every meaning recognised, highest rank first; empty when none is (the meaning is then `device_alarm`). */
  flags: AlarmMeaning[];
}

/**
 * The status word as a number, or undefined when the field is not hex.
 *
 * Most watches send 8 hex digits. Some older firmwares send 4: these are read as the ALARM
 * half (bits 16-31), because the one thing a 4-digit word must carry on an `AL` frame is the
 * alarm; read the other way, an SOS (`0001`) would come out as low battery. If that guess is
 * wrong the error is a false SOS a human closes, never an SOS shown as a battery warning.
 */
export function watchStatusWord(field: string): number | undefined {
  const hex = field.trim();
  if (!/^[0-9A-Fa-f]{1,8}$/.test(hex)) return undefined;
  const value = Number.parseInt(hex, 16);
  return hex.length === 4 ? value * 0x10000 : value;
}

/** Decodes every bit, never the first match; a word with no bit this system knows is `device_alarm`. */
export function decodeAlarmStatus(word: number | undefined): AlarmStatus {
  const flags =
    word === undefined ? [] : MEANING_BITS.filter(({ bits }) => bits.some((bit) => Math.floor(word / 2 ** bit) % 2 === 1)).map(({ meaning }) => meaning);
  return { meaning: rankAlarmFlags(flags), flags };
}

/** The status word with the given bits set (for device-side frames). */
export function watchStatusWithBits(...bits: number[]): number {
  return [...new Set(bits)].reduce((word, bit) => word + 2 ** bit, 0);
}
