import type { UserView } from '@app/contracts';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderSignedIn } from '../test-session';
import { UsersPage } from './UsersPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const ADMIN: UserView = { id: 'a0000000-0000-4000-8000-000000000001', username: 'admin', role: 'admin', districts: [], disabled: false };
const OPERATOR: UserView = { id: 'a0000000-0000-4000-8000-000000000002', username: 'op-1', role: 'operator', districts: ['East'], disabled: false };

/** The console API as this page sees it: applies and records every change it is sent. */
function serve(users: UserView[]) {
  const sent: { method: string; path: string; body?: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string, init: RequestInit) => {
      const json = (status: number, body?: unknown) => Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status }));
      const method = init.method ?? 'GET';
      if (method === 'GET' && path === '/v1/users') return json(200, users);
      if (method === 'GET' && path === '/v1/responders') return json(200, []);
      if (method === 'GET' && path === '/v1/districts') return json(200, { items: ['East', '东港区'] });
      sent.push({ method, path, ...(init.body ? { body: JSON.parse(String(init.body)) as unknown } : {}) });
      if (method === 'PATCH') {
        const index = users.findIndex((u) => path.endsWith(u.id));
        users[index] = { ...users[index]!, ...(JSON.parse(String(init.body)) as Partial<UserView>) };
        return json(200, users[index]);
      }
      return json(204);
    }),
  );
  return sent;
}

function renderPage() {
  return renderSignedIn(<UsersPage />, { id: ADMIN.id, username: 'admin', role: 'admin' });
}

async function rowOf(container: HTMLElement, username: string): Promise<HTMLElement> {
  await waitFor(() => expect(container.querySelector(`tr[data-user="${username}"]`)).not.toBeNull());
  return container.querySelector<HTMLElement>(`tr[data-user="${username}"]`)!;
}

const button = (row: HTMLElement, name: string) => [...row.querySelectorAll('button')].find((b) => b.textContent === name)!;

describe('UsersPage', () => {
  it('disables a user only once the admin confirms', async () => {
    const sent = serve([{ ...ADMIN }, { ...OPERATOR }]);
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const { container } = renderPage();
    const row = await rowOf(container, 'op-1');
    fireEvent.click(button(row, 'Disable'));
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('op-1'));
    expect(sent).toEqual([]);

    confirm.mockReturnValue(true);
    fireEvent.click(button(row, 'Disable'));
    await waitFor(() => expect(sent).toEqual([{ method: 'PATCH', path: `/v1/users/${OPERATOR.id}`, body: { disabled: true } }]));
    expect(await screen.findByText('Saved: op-1')).toBeTruthy();
  });

  it('does not offer to disable or demote the only enabled admin', async () => {
    serve([{ ...ADMIN }, { ...OPERATOR }]);
    const { container } = renderPage();
    const row = await rowOf(container, 'admin');
    expect(button(row, 'Disable').disabled).toBe(true);
    expect(row.querySelector('select')!.disabled).toBe(true);
    expect(button(await rowOf(container, 'op-1'), 'Disable').disabled).toBe(false);
  });

  it('sends districts typed with commas, and asks before another role', async () => {
    const sent = serve([{ ...ADMIN }, { ...OPERATOR }]);
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    const { container } = renderPage();
    const row = await rowOf(container, 'op-1');
    fireEvent.change(row.querySelector('input[aria-label="Districts"]')!, { target: { value: 'East，西城区' } });
    fireEvent.click(button(row, 'Save role and districts'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.body).toEqual({ districts: ['East', '西城区'] });
    expect(confirm).not.toHaveBeenCalled();

    // The row shows the user as the server now has it.
    await waitFor(() => expect(container.querySelector<HTMLInputElement>('tr[data-user="op-1"] input[aria-label="Districts"]')!.value).toBe('East, 西城区'));
    const again = await rowOf(container, 'op-1');
    fireEvent.change(again.querySelector('select')!, { target: { value: 'supervisor' } });
    fireEvent.click(button(again, 'Save role and districts'));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('Supervisor'));
    expect(sent[1]!.body).toEqual({ role: 'supervisor' });
  });

  it('offers the districts residents live in as choices: ticking one adds it, unticking removes it', async () => {
    const sent = serve([{ ...ADMIN }, { ...OPERATOR }]);
    const { container } = renderPage();
    const row = await rowOf(container, 'op-1');
    await waitFor(() => expect(row.querySelectorAll('.district-choices input[type="checkbox"]')).toHaveLength(2));
    const [east, dongGang] = [...row.querySelectorAll<HTMLInputElement>('.district-choices input[type="checkbox"]')];
    expect([east!.checked, dongGang!.checked]).toEqual([true, false]);
    fireEvent.click(dongGang!);
    fireEvent.click(east!);
    expect(row.querySelector<HTMLInputElement>('input[aria-label="Districts"]')!.value).toBe('东港区');
    fireEvent.click(button(row, 'Save role and districts'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.body).toEqual({ districts: ['东港区'] });
  });

  it('resets a password (checked as the server does) and ends sessions, each after a confirmation', async () => {
    const sent = serve([{ ...ADMIN }, { ...OPERATOR }]);
    vi.stubGlobal(
      'confirm',
      vi.fn(() => true),
    );
    const { container } = renderPage();
    const row = await rowOf(container, 'op-1');
    const password = row.querySelector<HTMLInputElement>('input[type="password"]')!;
    fireEvent.change(password, { target: { value: 'short' } });
    fireEvent.click(button(row, 'Reset password'));
    expect(await screen.findByText(/at least 10 characters/)).toBeTruthy();
    expect(sent).toEqual([]);

    fireEvent.change(password, { target: { value: 'a-long-new-password' } });
    fireEvent.click(button(row, 'Reset password'));
    await waitFor(() => expect(sent).toEqual([{ method: 'POST', path: `/v1/users/${OPERATOR.id}/password`, body: { password: 'a-long-new-password' } }]));
    fireEvent.click(button(await rowOf(container, 'op-1'), 'End sessions'));
    await waitFor(() => expect(sent[1]).toEqual({ method: 'POST', path: `/v1/users/${OPERATOR.id}/revoke-sessions` }));
    expect(await screen.findByText('Every session of op-1 ended')).toBeTruthy();
  });
});
