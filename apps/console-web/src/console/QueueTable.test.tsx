import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n';
import { applyLiveChange, EMPTY_LIVE, queueOrder } from '../live/incident-store';
import { incidentView } from '../test-fixtures';
import { QueueTable } from './QueueTable';

afterEach(cleanup);

const opened = Date.parse('2026-11-28T08:00:00.000Z');

describe('QueueTable', () => {
  it('shows unacknowledged alarms first, highlighted, with counters coloured by waiting time', () => {
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
        <QueueTable incidents={queueOrder(state)} now={now} onSelect={() => undefined} />
      </I18nProvider>,
    );
    const rows = [...container.querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.getAttribute('data-incident-id'))).toEqual(['waiting-10s', 'waiting-90s', 'waiting-4min', 'acked']);
    expect(rows.map((r) => r.classList.contains('unacknowledged'))).toEqual([true, true, true, false]);
    expect(rows.map((r) => r.querySelector('[data-sla]')?.getAttribute('data-sla'))).toEqual(['ok', 'amber', 'red', 'handled']);
    expect(rows[0]?.textContent).toContain('王秀英');
    expect(rows[0]?.textContent).toContain('87 y');
    expect(rows[1]?.textContent).toContain('Escalated');
    expect(rows[3]?.textContent).toContain('operator2');
  });
});
