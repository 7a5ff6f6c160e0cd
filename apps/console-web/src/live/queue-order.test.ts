import type { IncidentView } from '@app/contracts';
import { describe, expect, it } from 'vitest';
import { incidentView } from '../test-fixtures';
import { flatQueue, orderQueue } from './queue-order';

const now = Date.parse('2026-11-28T08:10:00.000Z');
const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();
const ids = (views: readonly IncidentView[]) => views.map((v) => v.id);
const order = (views: IncidentView[], repeats: string[] = []) => orderQueue(views, { nowMs: now, hasUnseenRepeat: (v) => repeats.includes(v.id) });
const acknowledged = { status: 'acknowledged' as const, acknowledgedAt: minutesAgo(1) };

describe('queue order', () => {
  it('puts an escalated alarm waiting five minutes above nine fresh ones (oldest first, not newest)', () => {
    const fresh = Array.from({ length: 9 }, (_, i) => incidentView({ id: `fresh-${i}`, openedAt: new Date(now - i * 1000).toISOString() }));
    const waiting = incidentView({ id: 'waiting', openedAt: minutesAgo(5), escalated: true });
    const { emergencies } = order([...fresh, waiting]);
    expect(emergencies[0]!.id).toBe('waiting');
    expect(ids(emergencies.slice(1))).toEqual(['fresh-8', 'fresh-7', 'fresh-6', 'fresh-5', 'fresh-4', 'fresh-3', 'fresh-2', 'fresh-1', 'fresh-0']);
  });

  it('puts escalated and overdue unacknowledged alarms above fresh ones, each group oldest first', () => {
    const views = [
      incidentView({ id: 'fresh-old', openedAt: minutesAgo(0.9) }),
      incidentView({ id: 'overdue', openedAt: minutesAgo(2) }),
      incidentView({ id: 'escalated-new', openedAt: minutesAgo(0.1), escalated: true }),
      incidentView({ id: 'fresh-new', openedAt: minutesAgo(0.2) }),
    ];
    expect(ids(order(views).emergencies)).toEqual(['overdue', 'escalated-new', 'fresh-old', 'fresh-new']);
  });

  it('never puts a technical alarm above an emergency, however old: it has its own section', () => {
    const views = [
      incidentView({ id: 'battery', type: 'low_battery', openedAt: minutesAgo(60) }),
      incidentView({ id: 'sos', openedAt: minutesAgo(2.8) }),
      incidentView({ id: 'fall-taken', type: 'fall', ...acknowledged, openedAt: minutesAgo(3) }),
    ];
    const queue = order(views);
    expect(ids(queue.emergencies)).toEqual(['sos', 'fall-taken']);
    expect(ids(queue.technical)).toEqual(['battery']);
    expect(ids(flatQueue(queue))).toEqual(['sos', 'fall-taken', 'battery']);
  });

  it('puts acknowledged emergencies below unacknowledged ones, the exhausted cascade and escalated first', () => {
    const views = [
      incidentView({ id: 'taken-old', ...acknowledged, openedAt: minutesAgo(9) }),
      incidentView({ id: 'nobody-coming', ...acknowledged, openedAt: minutesAgo(4), cascadeExhaustedAt: minutesAgo(0.5) }),
      incidentView({ id: 'new', openedAt: minutesAgo(0.1) }),
    ];
    expect(ids(order(views).emergencies)).toEqual(['new', 'nobody-coming', 'taken-old']);
  });

  it('moves an acknowledged incident pressed again up with the unacknowledged ones until it is seen', () => {
    const views = [incidentView({ id: 'new', openedAt: minutesAgo(0.5) }), incidentView({ id: 'pressed-again', ...acknowledged, openedAt: minutesAgo(0.8) })];
    expect(ids(order(views, ['pressed-again']).emergencies)).toEqual(['pressed-again', 'new']);
    expect(ids(order(views).emergencies)).toEqual(['new', 'pressed-again']);
  });

  it('orders technical incidents unacknowledged first, then oldest', () => {
    const views = [
      incidentView({ id: 'taken', type: 'device_offline', ...acknowledged, openedAt: minutesAgo(30) }),
      incidentView({ id: 'new', type: 'device_alarm', openedAt: minutesAgo(1) }),
      incidentView({ id: 'old', type: 'device_removed', openedAt: minutesAgo(5) }),
    ];
    expect(ids(order(views).technical)).toEqual(['old', 'new', 'taken']);
  });
});
