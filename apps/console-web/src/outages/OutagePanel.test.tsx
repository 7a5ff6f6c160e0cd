import type { OutageIncidentView, OutageResident } from '@app/contracts';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { incidentView } from '../test-fixtures';
import { renderSignedIn } from '../test-session';
import { OutagePanel } from './OutagePanel';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const resident = (id: string, over: Partial<OutageResident> = {}): OutageResident => ({
  id,
  fullName: `Resident ${id}`,
  phone: '+86 539 000 0001',
  livingSituation: 'alone',
  dateOfBirth: '1940-01-01',
  age: 86,
  address: 'Gangcheng Road 1',
  emergencyContacts: [{ name: 'Wang Jun', relation: 'son', phone: '+86 139 1234 5678' }],
  stillSilent: false,
  ...over,
});

const outage = (): OutageIncidentView => ({
  ...incidentView({ id: 'o1', type: 'area_outage' }),
  outage: {
    district: '东港区',
    affected: 3,
    recovered: 2,
    called: 1,
    residents: [
      resident('r1', { stillSilent: true }),
      resident('r2', {
        recoveredAt: '2026-11-28T08:05:00.000Z',
        call: { outcome: 'reached', at: '2026-11-28T08:06:00.000Z', by: { id: 'u', username: 'op' } },
      }),
      resident('r3', { livingSituation: 'with_family', recoveredAt: '2026-11-28T08:05:00.000Z' }),
    ],
  },
});

describe('OutagePanel', () => {
  it('shows the progress, the list in its order, and calls out the resident still silent', () => {
    const { container } = renderSignedIn(<OutagePanel view={outage()} />, { username: 'op', role: 'operator' });
    expect(screen.getByTestId('welfare-progress').textContent).toBe('1 of 3 called');
    const rows = [...container.querySelectorAll('tr[data-resident-id]')].map((r) => r.getAttribute('data-resident-id'));
    expect(rows).toEqual(['r1', 'r2', 'r3']);
    expect(container.querySelector('tr.still-silent')?.getAttribute('data-resident-id')).toBe('r1');
    expect(container.querySelector('[data-call="reached"]')?.textContent).toContain('Reached');
  });

  it('records a call with its note', async () => {
    const fetchMock = vi.fn(() => Promise.resolve(new Response(JSON.stringify(outage()), { status: 200, headers: { 'content-type': 'application/json' } })));
    vi.stubGlobal('fetch', fetchMock);
    const { container } = renderSignedIn(<OutagePanel view={outage()} />, { username: 'op', role: 'operator' });
    const row = container.querySelector('tr[data-resident-id="r1"]')!;
    fireEvent.change(row.querySelector('input')!, { target: { value: 'no answer, neighbour asked' } });
    fireEvent.click([...row.querySelectorAll('button')].find((b) => b.textContent === 'Not reached')!);
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    const [path, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/v1/incidents/o1/welfare-calls/r1');
    expect(JSON.parse(init.body as string)).toEqual({ outcome: 'not_reached', note: 'no answer, neighbour asked' });
  });
});
