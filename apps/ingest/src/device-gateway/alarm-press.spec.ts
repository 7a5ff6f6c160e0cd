import { buildWatchAlarm, type DecodedFrame, type DeviceMessage, isUndecodable, WatchStatusBit, watchProtocol, watchStatusWithBits } from '@app/protocols';
import { alarmEventId, pressOfAlarmFrame } from './alarm-press';

const header = { maker: '3G', deviceId: '8800000003' };

function decodedAlarm(frame: Buffer): { decoded: DecodedFrame; alarm: Extract<DeviceMessage, { kind: 'alarm' }> } {
  const decoded = watchProtocol.decode(frame);
  if (isUndecodable(decoded) || decoded.message.kind !== 'alarm') throw new Error('not an alarm frame');
  return { decoded, alarm: decoded.message };
}

describe('the press an alarm frame makes', () => {
  const at = new Date('2026-12-01T08:00:00Z');
  const sosNoFix = buildWatchAlarm(header, {
    at,
    fix: { kind: 'no-fix' },
    batteryPct: 9,
    status: watchStatusWithBits(WatchStatusBit.sos, WatchStatusBit.lowBattery),
  });

  it('derives the idempotency key from the device and the content: a resend repeats it, a new press does not', () => {
    const first = decodedAlarm(sosNoFix).decoded;
    const resent = decodedAlarm(Buffer.from(sosNoFix)).decoded;
    const later = decodedAlarm(
      buildWatchAlarm(header, { at: new Date(at.getTime() + 1000), fix: { kind: 'no-fix' }, status: watchStatusWithBits(WatchStatusBit.sos) }),
    ).decoded;
    const key = alarmEventId('watch', header.deviceId, first.content);
    expect(key).toMatch(/^watch-[A-Za-z0-9_-]{40}$/);
    expect(alarmEventId('watch', header.deviceId, resent.content)).toBe(key);
    expect(alarmEventId('watch', header.deviceId, later.content)).not.toBe(key);
    // The same bytes from another device, or over another protocol, are another alarm.
    expect(alarmEventId('watch', '8800000004', first.content)).not.toBe(key);
    expect(alarmEventId('gt06', header.deviceId, first.content)).not.toBe(key);
  });

  it('keeps an SOS without a fix, ranked over its low battery, with the raw status and radios for the timeline', () => {
    const { decoded, alarm } = decodedAlarm(sosNoFix);
    const press = pressOfAlarmFrame('watch', header.deviceId, decoded, alarm);
    expect(press).toMatchObject({
      type: 'sos',
      batteryPct: 9,
      facts: { protocol: 'watch', flags: ['sos', 'low_battery'], rawStatus: '00010001', fix: 'none' },
    });
    expect(press.location).toBeUndefined();
  });

  it('gives a location only for a valid fix, and the device time as a fact (never the alarm time)', () => {
    const { decoded, alarm } = decodedAlarm(
      buildWatchAlarm(header, { at, fix: { kind: 'fix', lat: 35.416, lng: 119.527 }, status: watchStatusWithBits(WatchStatusBit.fall) }),
    );
    const press = pressOfAlarmFrame('watch', header.deviceId, decoded, alarm);
    expect(press.type).toBe('fall');
    expect(press.location).toEqual({ lat: expect.closeTo(35.416, 5), lng: expect.closeTo(119.527, 5) });
    expect(new Date(String(press.facts.deviceTime)).toISOString()).toBe(at.toISOString());
    expect(press.facts).not.toHaveProperty('fix');
  });
});
