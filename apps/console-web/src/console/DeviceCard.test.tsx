import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderSignedIn } from '../test-session';
import { incidentView } from '../test-fixtures';
import { DeviceCard } from './DeviceCard';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const now = Date.parse('2026-11-28T08:10:00.000Z');
const watchIncident = incidentView({
  id: 'i1',
  device: {
    serial: '8800000015',
    protocol: 'watch',
    batteryPct: 64,
    position: { lat: 35.4211, lng: 119.5267, accuracyM: 12, at: '2026-11-28T08:07:00.000Z', source: 'gps' },
  },
});

function renderCard(view = watchIncident, connected?: boolean) {
  return renderSignedIn(<DeviceCard view={view} connected={connected} now={now} />, { username: 'op', role: 'operator' });
}

function answer(status: number, body: unknown) {
  const fetchMock = vi.fn(() => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('DeviceCard', () => {
  it('shows a watch as connected, with the age and source of its last position', () => {
    const { container } = renderCard(watchIncident, true);
    expect(container.querySelector('[data-protocol]')?.textContent).toBe('3G watch');
    expect(container.querySelector('[data-connected]')?.textContent).toBe('connected');
    expect(container.querySelector('[data-position-source="gps"]')?.textContent).toContain('3 min ago, GPS fix');
  });

  it('says "unknown" when nobody could tell whether it is connected, and that a tower-only position is approximate', () => {
    const approximate = incidentView({
      id: 'i2',
      device: {
        serial: '123456789012345',
        protocol: 'gt06',
        position: { lat: 35.4, lng: 119.5, accuracyM: 900, at: '2026-11-28T06:10:00.000Z', source: 'cell' },
      },
    });
    const { container } = renderCard(approximate);
    expect(container.querySelector('[data-connected]')?.textContent).toBe('unknown');
    expect(container.querySelector('[data-position-source="cell"]')?.textContent).toContain('2 h ago, cell/Wi-Fi only, approximate');
  });

  it('asks the device for its position, and says so once it was written to it', async () => {
    const fetchMock = answer(202, { serial: '8800000015', delivered: true });
    renderCard(watchIncident, true);
    fireEvent.click(screen.getByRole('button', { name: 'Locate now' }));
    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'Location request sent; the device reports its position shortly');
    expect(fetchMock).toHaveBeenCalledWith('/v1/devices/8800000015/locate', expect.objectContaining({ method: 'POST' }));
  });

  it('shows a 409 as the sentence "the device is not connected"', async () => {
    answer(409, { statusCode: 409, error: 'Conflict', message: 'the device is not connected' });
    renderCard(watchIncident, false);
    fireEvent.click(screen.getByRole('button', { name: 'Locate now' }));
    expect((await screen.findByRole('status')).textContent).toBe('the device is not connected');
  });

  it('offers no "locate now" (and no connection) for an http handset', () => {
    const { container } = renderCard(incidentView({ id: 'i3' }));
    expect(screen.queryByRole('button', { name: 'Locate now' })).toBeNull();
    expect(container.querySelector('[data-connected]')).toBeNull();
    expect(container.querySelector('[data-protocol]')?.textContent).toBe('HTTP');
  });
});
