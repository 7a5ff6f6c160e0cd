import { describe, expect, it } from 'vitest';
import { incidentView } from '../test-fixtures';
import { hasUnseenRepeat } from './repeat-press';

const base = { id: 'i1', status: 'acknowledged' as const, acknowledgedAt: '2026-11-28T08:01:00.000Z' };

describe('repeat press on an acknowledged incident', () => {
  it('is raised when a press came after the acknowledgement and nobody saw it', () => {
    expect(hasUnseenRepeat(incidentView({ ...base, pressCount: 2, lastPressAt: '2026-11-28T08:02:00.000Z' }), {})).toBe(true);
  });

  it('is not raised by the presses before the acknowledgement, nor on an unacknowledged or closed incident', () => {
    expect(hasUnseenRepeat(incidentView({ ...base, pressCount: 3, lastPressAt: '2026-11-28T08:00:30.000Z' }), {})).toBe(false);
    expect(hasUnseenRepeat(incidentView({ id: 'i1', pressCount: 4, lastPressAt: '2026-11-28T08:02:00.000Z' }), {})).toBe(false);
    expect(hasUnseenRepeat(incidentView({ ...base, status: 'resolved', lastPressAt: '2026-11-28T08:02:00.000Z' }), {})).toBe(false);
  });

  it('stays quiet once seen, and is raised again by a later press', () => {
    const seen = { i1: '2026-11-28T08:02:00.000Z' };
    expect(hasUnseenRepeat(incidentView({ ...base, lastPressAt: '2026-11-28T08:02:00.000Z' }), seen)).toBe(false);
    expect(hasUnseenRepeat(incidentView({ ...base, lastPressAt: '2026-11-28T08:03:00.000Z' }), seen)).toBe(true);
  });
});
