import { describe, expect, it } from 'vitest';
import { incidentView } from '../test-fixtures';
import { formatElapsed, SLA_AMBER_MS, SLA_RED_MS, slaLevel } from './sla';

const opened = Date.parse('2026-11-28T08:00:00.000Z');

describe('SLA counter colour', () => {
  const open = incidentView({ id: 'a' });
  it.each([
    [0, 'ok'],
    [SLA_AMBER_MS - 1, 'ok'],
    [SLA_AMBER_MS, 'amber'],
    [SLA_RED_MS - 1, 'amber'],
    [SLA_RED_MS, 'red'],
    [3_600_000, 'red'],
  ])('unacknowledged after %i ms is %s', (waited, level) => {
    expect(slaLevel(open, opened + waited)).toBe(level);
  });

  it('stops warning once someone acknowledged, however late', () => {
    const acked = incidentView({
      id: 'a',
      status: 'acknowledged',
      acknowledgedAt: '2026-11-28T08:05:00.000Z',
    });
    expect(slaLevel(acked, opened + SLA_RED_MS * 2)).toBe('handled');
  });

  it('thresholds are 60 s and 180 s', () => {
    expect([SLA_AMBER_MS, SLA_RED_MS]).toEqual([60_000, 180_000]);
  });
});

describe('formatElapsed', () => {
  it.each([
    [-5_000, '0:00'],
    [999, '0:00'],
    [61_000, '1:01'],
    [180_000, '3:00'],
    [3_725_000, '1:02:05'],
  ])('%i ms reads %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});
