import type { AlarmMeaning } from '../device-protocol';
import { decodeAlarmStatus, watchStatusWithBits, watchStatusWord } from './watch-alarm-status';

/** What each single bit of the 32-bit word means to this system. */
const SINGLE_BIT: Record<number, AlarmMeaning> = { 0: 'low_battery', 16: 'sos', 17: 'low_battery', 20: 'device_removed', 21: 'fall', 22: 'fall' };

describe('watch alarm status', () => {
  it.each(Array.from({ length: 32 }, (_, bit) => bit))('bit %i alone', (bit) => {
    const known = SINGLE_BIT[bit];
    expect(decodeAlarmStatus(watchStatusWithBits(bit))).toEqual(known ? { meaning: known, flags: [known] } : { meaning: 'device_alarm', flags: [] });
  });

  it('reads 8 hex digits as the whole word, 4 as its alarm half, anything else not at all', () => {
    expect(watchStatusWord('00010000')).toBe(0x10000);
    expect(watchStatusWord('80000000')).toBe(0x80000000);
    expect(watchStatusWord('0001')).toBe(0x10000);
    expect(watchStatusWord(' 00200010 ')).toBe(0x200010);
    expect(watchStatusWord('')).toBeUndefined();
    expect(watchStatusWord('0x10')).toBeUndefined();
    expect(watchStatusWord('000100000')).toBeUndefined();
  });

  it('is a device_alarm when the word cannot be read', () => {
    expect(decodeAlarmStatus(undefined)).toEqual({ meaning: 'device_alarm', flags: [] });
  });
});
