import type { PatternFlag } from '@app/contracts';

/** The counts the pattern rule looks at, for one resident's emergency alarms (sos and fall incidents). */
export interface AlarmCounts {
  /** Alarms opened in the last 14 days. */
  last14Days: number;
  /** Alarms opened in the 60 days before those 14. */
  previous60Days: number;
  /** Alarms over the period the false-alarm share is taken on, and how many of them were false alarms. */
  total: number;
  falseAlarms: number;
}

export interface PatternThresholds {
  /** Fewer alarms than this in the last 14 days never count as a rise (one or two presses are noise). */
  risingMinimum: number;
  /** At least this many false alarms... */
  falseAlarmMinimum: number;
  /** ...making at least this share of all alarms. */
  falseAlarmShare: number;
}

export const DEFAULT_PATTERN_THRESHOLDS: PatternThresholds = { risingMinimum: 3, falseAlarmMinimum: 3, falseAlarmShare: 0.5 };

/**
 * The one rule that flags a resident's alarm pattern:
 * - `rising`: more alarms in the last 14 days than in the 60 before them, and at least
 *   `risingMinimum` of them: a resident pressing more and more often is telling something;
 * - `false_alarms`: many false alarms, a large share of all: likely accidental presses, a hint to
 *   check the handset or show the resident again how it works.
 */
export function alarmPatternFlags(counts: AlarmCounts, thresholds: PatternThresholds = DEFAULT_PATTERN_THRESHOLDS): PatternFlag[] {
  const flags: PatternFlag[] = [];
  if (counts.last14Days >= thresholds.risingMinimum && counts.last14Days > counts.previous60Days) flags.push('rising');
  if (counts.falseAlarms >= thresholds.falseAlarmMinimum && counts.total > 0 && counts.falseAlarms / counts.total >= thresholds.falseAlarmShare) {
    flags.push('false_alarms');
  }
  return flags;
}
