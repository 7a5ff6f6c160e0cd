import type { AlarmFramePress } from './alarm-press';

/** The press intake as the gateway uses it: resolves once the alarm is committed (or found to be a repeat). */
export interface AlarmIntake {
  accept(device: { serial: string; residentId: string; clockSkewMs: number }, press: AlarmFramePress): Promise<unknown>;
}

export const ALARM_INTAKE = Symbol('ALARM_INTAKE');
