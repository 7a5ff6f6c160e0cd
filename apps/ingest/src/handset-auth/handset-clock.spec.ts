import { HANDSET_CLOCK_TOLERANCE_MS } from '@app/contracts';
import { clockSkewMs, isClockSkewed, parseHandsetTimestamp } from './handset-clock';

describe('handset clock', () => {
  describe('parseHandsetTimestamp', () => {
    it.each([
      ['1764316800000', 1764316800000],
      ['0', 0],
      ['42', 42],
    ])('reads %s as %d ms', (header, expected) => {
      expect(parseHandsetTimestamp(header)).toBe(expected);
    });

    it.each([undefined, '', ' 1764316800000', '1764316800000 ', '-1', '+5', '1e12', '1764316800000.5', '0x10', 'now', '1'.repeat(16)])(
      'refuses %p',
      (header) => {
        expect(parseHandsetTimestamp(header)).toBeUndefined();
      },
    );
  });

  describe('clockSkewMs', () => {
    it('is positive when the handset clock is behind the server', () => {
      expect(clockSkewMs(1_000, 4_000)).toBe(3_000);
    });

    it('is negative when the handset clock is ahead of the server', () => {
      expect(clockSkewMs(4_000, 1_000)).toBe(-3_000);
    });

    it('is zero for clocks that agree', () => {
      expect(clockSkewMs(1_764_316_800_000, 1_764_316_800_000)).toBe(0);
    });
  });

  describe('isClockSkewed', () => {
    it.each([
      [0, false],
      [HANDSET_CLOCK_TOLERANCE_MS, false],
      [-HANDSET_CLOCK_TOLERANCE_MS, false],
      [HANDSET_CLOCK_TOLERANCE_MS + 1, true],
      [-HANDSET_CLOCK_TOLERANCE_MS - 1, true],
      [3_600_000, true],
      [-3_600_000, true],
    ])('skew of %d ms is skewed: %p', (skew, expected) => {
      expect(isClockSkewed(skew)).toBe(expected);
    });

    it('honours another tolerance', () => {
      expect(isClockSkewed(1_001, 1_000)).toBe(true);
      expect(isClockSkewed(1_000, 1_000)).toBe(false);
    });
  });
});
