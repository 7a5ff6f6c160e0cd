import type { AlarmMeaning } from './device-protocol';

/**
 * The rank of every flag an alarm frame can carry (SOS wins over everything, then
 * fall, then taken off the wrist, then low battery). Shared by every protocol so that one
 * frame with several flags means the same thing whatever the device speaks.
 */
const RANKED: readonly AlarmMeaning[] = ['sos', 'fall', 'device_removed', 'low_battery'];

/** The meaning of an alarm frame from every flag it carries; `device_alarm` when none is recognised. */
export function rankAlarmFlags(flags: readonly AlarmMeaning[]): AlarmMeaning {
  return RANKED.find((meaning) => flags.includes(meaning)) ?? 'device_alarm';
}

/** The flags in rank order, each once (the order a timeline shows them). */
export function orderAlarmFlags(flags: readonly AlarmMeaning[]): AlarmMeaning[] {
  return RANKED.filter((meaning) => flags.includes(meaning));
}
