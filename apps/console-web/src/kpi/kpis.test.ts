import type { DispatchView } from '@app/contracts';
import { describe, expect, it } from 'vitest';
import { incidentView } from '../test-fixtures';
import { computeKpis, percentile } from './kpis';

const day = Date.parse('2026-11-28T00:00:00.000Z');
const at = (minutes: number, seconds = 0) => new Date(day + minutes * 60_000 + seconds * 1000).toISOString();

function acked(id: string, openedMin: number, ackAfterS?: number, arrivedAfterS?: number) {
  const dispatches: DispatchView[] = arrivedAfterS
    ? [
        {
          id: `${id}-d`,
          responder: { id: 'c', fullName: 'Li', role: 'carer', phone: '1' },
          status: 'arrived',
          offeredAt: at(openedMin),
          expiresAt: at(openedMin + 1),
          arrivedAt: at(openedMin, arrivedAfterS),
        },
      ]
    : [];
  return incidentView({
    id,
    openedAt: at(openedMin),
    ...(ackAfterS !== undefined ? { acknowledgedAt: at(openedMin, ackAfterS), status: 'acknowledged' } : {}),
    dispatches,
  });
}

describe('percentile', () => {
  it('interpolates between closest ranks', () => {
    expect(percentile([10, 20], 50)).toBe(15);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBeCloseTo(9.1);
    expect(percentile([42], 90)).toBe(42);
    expect(percentile([], 50)).toBeUndefined();
  });
});

describe('computeKpis', () => {
  it("computes today's alarms, acknowledgement times and shares, and time to on scene", () => {
    const views = [
      acked('yesterday', -30, 5),
      acked('a', 60, 10, 600),
      acked('b', 120, 50, 900),
      acked('c', 180, 100),
      acked('d', 240, 300),
      acked('waiting-long', 300),
    ];
    const now = day + 400 * 60_000;
    const kpis = computeKpis(views, now, day);
    expect(kpis.alarms).toBe(5);
    // "waiting-long" has waited 100 minutes so far, and counts at that: 10, 50, 100, 300, 6000.
    expect(kpis.waiting).toBe(1);
    expect(kpis.ackMedianS).toBe(100);
    expect(kpis.ackP90S).toBeCloseTo(3720);
    // 5 judged: a and b within 60 s; a, b and c within 180 s; "waiting-long" counts as missed.
    expect(kpis.ackWithin60Pct).toBe(40);
    expect(kpis.ackWithin180Pct).toBe(60);
    expect(kpis.onSceneMedianS).toBe(750);
  });

  it('does not count a fresh alarm against the 60 s share before its minute is up', () => {
    const now = day + 60 * 60_000 + 20_000;
    const kpis = computeKpis([acked('fresh', 60)], now, day);
    expect(kpis.alarms).toBe(1);
    expect(kpis.ackWithin60Pct).toBeUndefined();
    // In the time to acknowledge it counts at what it has waited so far.
    expect(kpis.ackMedianS).toBe(20);
  });

  it('counts alarms still waiting at their current wait, so the median is not "0 s" while two wait six minutes', () => {
    const now = day + 60 * 60_000;
    const views = [acked('quick-1', 50, 0), acked('quick-2', 51, 0), acked('waiting-1', 54), acked('waiting-2', 54)];
    const kpis = computeKpis(views, now, day);
    expect(kpis.waiting).toBe(2);
    expect(kpis.ackMedianS).toBe(180);
    expect(kpis.ackP90S).toBeCloseTo(360);
  });

  it('tells alarms from presses: one incident pressed four times is one alarm and four presses', () => {
    const kpis = computeKpis([incidentView({ id: 'a', openedAt: at(1), pressCount: 4 }), incidentView({ id: 'b', openedAt: at(2) })], day + 5 * 60_000, day);
    expect(kpis.alarms).toBe(2);
    expect(kpis.presses).toBe(5);
  });
});
