import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n';
import { applyLiveChange, EMPTY_LIVE, openIncidents } from '../live/incident-store';
import { orderQueue } from '../live/queue-order';
import { incidentView } from '../test-fixtures';
import { QueueTable } from './QueueTable';

afterEach(cleanup);

const opened = Date.parse('2026-11-28T08:00:00.000Z');

describe('QueueTable', () => {
  it('shows unacknowledged alarms first, oldest first, highlighted, with counters coloured by waiting time', () => {
    const views = [
      incidentView({
        id: 'acked',
        openedAt: '2026-11-28T08:02:50.000Z',
        status: 'acknowledged',
        acknowledgedAt: '2026-11-28T08:02:55.000Z',
        acknowledgedBy: { id: 'u', username: 'operator2' },
      }),
      incidentView({
        id: 'waiting-4min',
        openedAt: '2026-11-28T07:59:00.000Z',
      }),
      incidentView({
        id: 'waiting-90s',
        openedAt: '2026-11-28T08:01:30.000Z',
        escalated: true,
      }),
      incidentView({
        id: 'waiting-10s',
        openedAt: '2026-11-28T08:02:50.000Z',
        pressCount: 3,
      }),
    ];
    const state = views.reduce((s, view) => applyLiveChange(s, { kind: 'upsert', view, at: 0 }), EMPTY_LIVE);
    const now = opened + 3 * 60_000;
    const { container } = render(
      <I18nProvider lang="en">
        <QueueTable
          queue={orderQueue(openIncidents(state), { nowMs: now, hasUnseenRepeat: () => false })}
          repeats={{ hasUnseenRepeat: () => false }}
          now={now}
          onSelect={() => undefined}
        />
      </I18nProvider>,
    );
    const rows = [...container.querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.getAttribute('data-incident-id'))).toEqual(['waiting-4min', 'waiting-90s', 'waiting-10s', 'acked']);
    expect(rows.map((r) => r.classList.contains('unacknowledged'))).toEqual([true, true, true, false]);
    expect(rows.map((r) => r.querySelector('[data-sla]')?.getAttribute('data-sla'))).toEqual(['red', 'amber', 'ok', 'handled']);
    expect(rows[0]?.textContent).toContain('王秀英');
    expect(rows[0]?.textContent).toContain('87 y');
    expect(rows[1]?.textContent).toContain('Escalated');
    expect(rows[3]?.textContent).toContain('operator2');
  });

  it('gives technical incidents their own section below the emergencies, without a press count, and flags repeat presses and an exhausted cascade', () => {
    const now = opened + 3 * 60_000;
    const views = [
      incidentView({ id: 'battery', type: 'low_battery', openedAt: '2026-11-28T07:00:00.000Z' }),
      incidentView({ id: 'sos', openedAt: '2026-11-28T08:02:00.000Z', cascadeExhaustedAt: '2026-11-28T08:02:50.000Z' }),
      incidentView({ id: 'again', status: 'acknowledged', acknowledgedAt: '2026-11-28T08:01:00.000Z', lastPressAt: '2026-11-28T08:02:00.000Z', pressCount: 4 }),
    ];
    const repeats = { hasUnseenRepeat: (v: { id: string }) => v.id === 'again' };
    const { container } = render(
      <I18nProvider lang="en">
        <QueueTable queue={orderQueue(views, { nowMs: now, ...repeats })} repeats={repeats} now={now} onSelect={() => undefined} />
      </I18nProvider>,
    );
    const ids = (section: string) => [...container.querySelectorAll(`[data-section=${section}] tbody tr`)].map((r) => r.getAttribute('data-incident-id'));
    expect(ids('emergencies')).toEqual(['sos', 'again']);
    expect(ids('technical')).toEqual(['battery']);
    const row = (id: string) => container.querySelector(`tr[data-incident-id=${id}]`)!;
    expect(row('battery').classList.contains('technical')).toBe(true);
    expect(row('battery').querySelector('td.num')?.textContent).toBe('—');
    expect(row('sos').textContent).toContain('Nobody of the care team is coming');
    expect(row('again').classList.contains('repeat-press')).toBe(true);
    expect(row('again').textContent).toContain('Pressed again ×4');
  });
});
