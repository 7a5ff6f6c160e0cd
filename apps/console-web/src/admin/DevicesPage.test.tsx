import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderSignedIn } from '../test-session';
import { DevicesPage } from './DevicesPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const residentId = '00000000-0000-4000-8000-000000000001';

/** The console API as this page sees it; POST /v1/devices answers as the server does per protocol. */
function serve() {
  const posted: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string, init: RequestInit) => {
      const json = (status: number, body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status }));
      if (path === '/v1/devices' && init.method === 'POST') {
        const body = JSON.parse(String(init.body)) as { serial: string; protocol: string };
        posted.push(body);
        return json(
          201,
          body.protocol === 'http' ? { serial: body.serial, residentId, secret: 's'.repeat(43) } : { serial: body.serial, residentId, protocol: body.protocol },
        );
      }
      if (path === '/v1/devices') {
        return json(200, [
          { serial: 'HK-1', residentId, protocol: 'http', enabled: true },
          { serial: '8800000015', residentId, protocol: 'watch', enabled: true, connected: true, sosNumbers: ['12349'] },
          { serial: '123456789012345', residentId, protocol: 'gt06', enabled: true },
        ]);
      }
      if (path === '/v1/devices/unregistered') {
        return json(200, {
          items: [
            { serial: '861234567890123', protocol: 'gt06', firstHeardAt: '2026-11-28T08:00:00.000Z', lastHeardAt: '2026-11-28T08:09:00.000Z', frames: 3 },
          ],
        });
      }
      if (path.startsWith('/v1/residents')) return json(200, [{ id: residentId, fullName: 'Sun Guiying', address: '7 Well Lane' }]);
      return json(404, { statusCode: 404, error: 'Not Found', message: path });
    }),
  );
  return posted;
}

function renderPage() {
  return renderSignedIn(<DevicesPage />, { username: 'admin', role: 'admin' });
}

describe('DevicesPage', () => {
  it('lists protocol and connection per device: unknown when the server could not say, nothing for http', async () => {
    serve();
    const { container } = renderPage();
    await waitFor(() => expect(container.querySelector('tr[data-serial="8800000015"] td:nth-child(3)')?.textContent).toBe('Sun Guiying'));
    const cells = (serial: string) => [...container.querySelectorAll(`tr[data-serial="${serial}"] td`)].map((td) => td.textContent);
    expect(cells('8800000015').slice(0, 5)).toEqual(['8800000015', '3G watch', 'Sun Guiying', 'yes', 'connected']);
    expect(cells('123456789012345')[4]).toBe('unknown');
    expect(cells('HK-1')[4]).toBe('—');
    expect(cells('8800000015')[7]).toBe('12349');
  });

  it('changes the serial hint with the protocol, and shows a secret only for an http handset', async () => {
    const posted = serve();
    const { container } = renderPage();
    const hint = () => screen.getByTestId('serial-hint').textContent;
    expect(hint()).toBe('3-64 letters, digits, _ or -');
    fireEvent.change(container.querySelector('select[name=protocol]')!, { target: { value: 'watch' } });
    expect(hint()).toBe('the 10-digit id the watch sends, or its 15-digit IMEI');

    await waitFor(() => expect(container.querySelectorAll('select[name=residentId] option')).toHaveLength(2));
    fireEvent.change(container.querySelector('select[name=residentId]')!, { target: { value: residentId } });
    fireEvent.change(container.querySelector('input[name=serial]')!, { target: { value: 'HK-0002' } });
    fireEvent.click(container.querySelector('[data-action=register-device]')!);
    expect((await screen.findByRole('alert')).textContent).toContain('Serial: the 10-digit id the watch sends, or its 15-digit IMEI');
    expect(posted).toEqual([]);

    fireEvent.change(container.querySelector('input[name=serial]')!, { target: { value: '8800000016' } });
    fireEvent.click(container.querySelector('[data-action=register-device]')!);
    expect((await screen.findByText(/is registered/)).textContent).toBe('8800000016 (3G watch) is registered. It is known by its id and needs no secret.');
    expect(screen.queryByTestId('device-secret')).toBeNull();
    expect(posted).toEqual([{ serial: '8800000016', residentId, protocol: 'watch' }]);

    fireEvent.change(container.querySelector('select[name=protocol]')!, { target: { value: 'http' } });
    fireEvent.change(container.querySelector('input[name=serial]')!, { target: { value: 'HK-0003' } });
    fireEvent.click(container.querySelector('[data-action=register-device]')!);
    expect((await screen.findByTestId('device-secret')).textContent).toBe('s'.repeat(43));
  });

  it('pre-fills serial and protocol from an unregistered device heard', async () => {
    serve();
    const { container } = renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Register this one' }));
    expect((container.querySelector('input[name=serial]') as HTMLInputElement).value).toBe('861234567890123');
    expect((container.querySelector('select[name=protocol]') as HTMLSelectElement).value).toBe('gt06');
    expect(screen.getByTestId('serial-hint').textContent).toBe('the 15-digit IMEI of its login packet');
  });
});
