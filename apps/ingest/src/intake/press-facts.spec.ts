import { HANDSET_CLOCK_TOLERANCE_MS } from '@app/contracts';
import { pressFacts } from './press-facts';

describe('pressFacts', () => {
  it('records the bare press of a handset whose clock is right', () => {
    expect(pressFacts({ eventId: 'e-1', type: 'sos' }, 120)).toEqual({ type: 'sos', eventId: 'e-1' });
  });

  it('records battery, location and the handset time when given', () => {
    const location = { lat: 35.42, lng: 119.52, accuracyM: 30 };
    expect(pressFacts({ eventId: 'e-2', type: 'fall', batteryPct: 0, location, occurredAt: '2026-11-28T08:00:00.000Z' }, 0)).toEqual({
      type: 'fall',
      eventId: 'e-2',
      batteryPct: 0,
      location,
      occurredAt: '2026-11-28T08:00:00.000Z',
    });
  });

  it.each([HANDSET_CLOCK_TOLERANCE_MS + 1, -HANDSET_CLOCK_TOLERANCE_MS - 1, 3_600_000, -3_600_000])(
    'records a clock skew of %d ms beyond tolerance',
    (skew) => {
      expect(pressFacts({ eventId: 'e-3', type: 'sos' }, skew)).toEqual({ type: 'sos', eventId: 'e-3', clockSkewMs: skew });
    },
  );

  it('adds the facts a device protocol passes, without letting them change the press', () => {
    const facts = { protocol: 'gt06', rawStatus: '0x44', type: 'device_alarm', eventId: 'spoofed', cellTowers: [{ mcc: 460, mnc: 0, lac: 1, cellId: 2 }] };
    expect(pressFacts({ eventId: 'e-5', type: 'sos', facts }, 0)).toEqual({
      protocol: 'gt06',
      rawStatus: '0x44',
      cellTowers: [{ mcc: 460, mnc: 0, lac: 1, cellId: 2 }],
      type: 'sos',
      eventId: 'e-5',
    });
  });

  it.each([HANDSET_CLOCK_TOLERANCE_MS, -HANDSET_CLOCK_TOLERANCE_MS])('leaves out a skew of %d ms within tolerance', (skew) => {
    expect(pressFacts({ eventId: 'e-4', type: 'low_battery' }, skew)).not.toHaveProperty('clockSkewMs');
  });
});
