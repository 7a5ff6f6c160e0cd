import type { DecodedFrame, DeviceMessage, TcpProtocolName } from '@app/protocols';
import { createHash } from 'node:crypto';
import type { IntakePress } from '../intake/intake-press';

type AlarmMessage = Extract<DeviceMessage, { kind: 'alarm' }>;

/** An alarm frame as the press intake takes it: the HTTP press's fields, plus the frame's facts for the timeline. */
export type AlarmFramePress = IntakePress & { facts: Record<string, unknown> };

/**
 * The idempotency key of an alarm frame. A device resends an unanswered alarm byte for byte,
 * so the key is derived from the device and the frame's content: a resend is a repeat (nothing
 * new is created, the device is answered again) while a new press, whose content carries a new
 * time or serial, is a new alarm that folds into the open incident. 40 characters of
 * base64url (240 bits) fit the eventId pattern of the HTTP API with room for the prefix.
 */
export function alarmEventId(protocol: TcpProtocolName, serial: string, content: Buffer): string {
  const digest = createHash('sha256').update(protocol).update('\0').update(serial).update('\0').update(content).digest('base64url');
  return `${protocol}-${digest.slice(0, 40)}`;
}

/** The press a decoded alarm frame makes. Never filtered: no fix, odd status, anything still makes a press. */
export function pressOfAlarmFrame(protocol: TcpProtocolName, serial: string, frame: DecodedFrame, alarm: AlarmMessage): AlarmFramePress {
  const { report } = alarm;
  const position = report.position;
  return {
    eventId: alarmEventId(protocol, serial, frame.content),
    type: alarm.meaning,
    ...(report.batteryPct !== undefined ? { batteryPct: report.batteryPct } : {}),
    ...(position ? { location: { lat: position.lat, lng: position.lng, ...(position.accuracyM !== undefined ? { accuracyM: position.accuracyM } : {}) } } : {}),
    facts: {
      protocol,
      rawStatus: alarm.rawStatus,
      flags: alarm.flags,
      // The device's own clock is kept as it said it (device clocks and time zones drift); the alarm is timed on receipt.
      ...(position?.fixedAt ? { deviceTime: position.fixedAt } : {}),
      ...(position ? {} : { fix: 'none' }),
      ...(report.cells?.length ? { cells: report.cells } : {}),
      ...(report.wifi?.length ? { wifi: report.wifi } : {}),
      ...(report.signalPct !== undefined ? { signalPct: report.signalPct } : {}),
    },
  };
}
