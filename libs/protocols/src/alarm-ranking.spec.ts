import type { AlarmMeaning } from './device-protocol';
import { orderAlarmFlags, rankAlarmFlags } from './alarm-ranking';

describe('rankAlarmFlags', () => {
  it.each<[AlarmMeaning[], AlarmMeaning]>([
    [['low_battery', 'sos'], 'sos'],
    [['low_battery', 'fall'], 'fall'],
    [['fall', 'sos'], 'sos'],
    [['low_battery', 'device_removed'], 'device_removed'],
    [['device_removed', 'fall'], 'fall'],
    [['low_battery'], 'low_battery'],
    [[], 'device_alarm'],
  ])('%j means %s', (flags, meaning) => {
    expect(rankAlarmFlags(flags)).toBe(meaning);
  });
});

describe('orderAlarmFlags', () => {
  it('puts the flags in rank order, each once', () => {
    expect(orderAlarmFlags(['low_battery', 'sos', 'low_battery'])).toEqual(['sos', 'low_battery']);
  });
});
