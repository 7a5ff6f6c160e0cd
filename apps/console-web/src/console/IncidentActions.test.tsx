import type { DispatchView, IncidentView, Responder } from '@app/contracts';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { incidentView } from '../test-fixtures';
import { renderSignedIn } from '../test-session';
import { IncidentActions } from './IncidentActions';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const carer = { id: 'c1', fullName: 'Li Mei', role: 'carer', phone: '1' } as Responder;

/** The console API as the panel sees it: what was posted, and a 409 for a second acknowledgement. */
function serve() {
  const posted: { path: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string, init: RequestInit) => {
      const json = (status: number, body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status }));
      if (init.method === 'POST') {
        posted.push({ path, body: init.body ? JSON.parse(String(init.body)) : undefined });
        if (path.endsWith('/dispatches'))
          return json(409, { statusCode: 409, error: 'Conflict', message: 'Li Mei already has an open dispatch', reason: 'offer_already_held', by: 'Li Mei' });
        return json(200, {});
      }
      return json(200, []);
    }),
  );
  return posted;
}

/** The panel under a live view that the test moves on, as the socket would. */
let moveTo: (view: IncidentView) => void = () => undefined;
function Live({ initial }: { initial: IncidentView }) {
  const [view, setView] = useState(initial);
  moveTo = setView;
  return <IncidentActions view={view} onAcknowledge={() => Promise.resolve()} onChanged={() => undefined} />;
}

const offered: DispatchView = {
  id: 'd1',
  responder: carer,
  status: 'offered',
  offeredAt: '2026-12-01T08:00:00Z',
  expiresAt: '2026-12-01T08:01:00Z',
} as DispatchView;

describe('IncidentActions', () => {
  it('resolves only with an outcome chosen, after a confirmation', async () => {
    const posted = serve();
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    const { container } = renderSignedIn(
      <IncidentActions view={incidentView({ id: 'i1' })} onAcknowledge={() => Promise.resolve()} onChanged={() => undefined} />,
      {
        username: 'op',
        role: 'operator',
      },
    );
    const resolve = container.querySelector<HTMLButtonElement>('[data-action=resolve]')!;
    expect(resolve.disabled).toBe(true);
    fireEvent.change(container.querySelector('select[name=outcome]')!, { target: { value: 'no_access' } });
    expect(resolve.disabled).toBe(false);
    fireEvent.click(resolve);
    await waitFor(() => expect(posted).toEqual([{ path: '/v1/incidents/i1/resolve', body: { outcome: 'no_access' } }]));
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('No access'));
  });

  it('cancels as a false alarm with its own note, never the note box, and not when the confirmation is declined', async () => {
    const posted = serve();
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const { container } = renderSignedIn(
      <IncidentActions view={incidentView({ id: 'i2' })} onAcknowledge={() => Promise.resolve()} onChanged={() => undefined} />,
      {
        username: 'op',
        role: 'operator',
      },
    );
    fireEvent.change(container.querySelector('input[name=note]')!, { target: { value: 'daughter is on her way' } });
    fireEvent.click(container.querySelector('[data-action=cancel]')!);
    expect(posted).toEqual([]);
    confirm.mockReturnValue(true);
    fireEvent.click(container.querySelector('[data-action=cancel]')!);
    await waitFor(() => expect(posted).toEqual([{ path: '/v1/incidents/i2/cancel', body: {} }]));
  });

  it('marks who already holds an offer, and says a refused offer in its own words until the incident moves on', async () => {
    serve();
    const view = incidentView({ id: 'i3', careTeam: { carer }, dispatches: [offered] });
    const { container } = renderSignedIn(<Live initial={view} />, { username: 'op', role: 'operator' });
    const option = container.querySelector<HTMLOptionElement>('select[name=responder] option[value=c1]')!;
    expect(option.textContent).toBe('Carer · Li Mei (holds an offer: Offered)');
    expect(option.disabled).toBe(true);

    // Say the dropdown was stale: the server refuses with its reason.
    const withoutOffer = incidentView({ id: 'i3', careTeam: { carer }, dispatches: [] });
    act(() => moveTo(withoutOffer));
    fireEvent.change(container.querySelector('select[name=responder]')!, { target: { value: 'c1' } });
    fireEvent.click(container.querySelector('[data-action=offer]')!);
    expect((await screen.findByRole('alert')).textContent).toBe('Not offered: Li Mei already holds an offer or job for this alarm.');

    act(() => moveTo({ ...withoutOffer, status: 'acknowledged' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });
});
