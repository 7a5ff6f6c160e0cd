import type { DispatchView } from '@app/contracts';
import { describe, expect, it } from 'vitest';
import { incidentView } from '../test-fixtures';
import { computeKpis, percentile, supervisorOrder } from './kpis';

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
    expect(kpis.ackMedianS).toBe(75);
    expect(kpis.ackP90S).toBeCloseTo(240);
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
    expect(kpis.ackMedianS).toBeUndefined();
  });
});

describe('supervisorOrder', () => {
  it('puts escalated first, then overdue, then the rest newest first', () => {
    const now = day + 10 * 60_000;
    const order = supervisorOrder(
      [
        incidentView({ id: 'fresh', openedAt: at(9, 50) }),
        incidentView({ id: 'overdue', openedAt: at(5) }),
        incidentView({
          id: 'handled',
          openedAt: at(9, 55),
          status: 'acknowledged',
          acknowledgedAt: at(9, 56),
        }),
        incidentView({
          id: 'escalated',
          openedAt: at(1),
          status: 'acknowledged',
          acknowledgedAt: at(1, 5),
          escalated: true,
        }),
      ],
      now,
    );
    expect(order.map((v) => v.id)).toEqual(['escalated', 'overdue', 'handled', 'fresh']);
  });
});
