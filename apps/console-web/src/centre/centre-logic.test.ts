import type { DeviceListing, IncidentView } from '@app/contracts';
import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import { incidentView } from '../test-fixtures';
import { deviceConcerns, devicesOfConcern } from './device-glance';
import { MAP_ZOOM, tileOf, tileUrl } from './map-tiles';
import { emergencySummary } from './summary';

const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('en', key, params);

describe('emergency summary', () => {
  it('names the resident, age, address, access, history, medications, allergies and recent incidents, a line each', () => {
    const view = incidentView({
      id: 'i1',
      resident: {
        ...incidentView({ id: 'i1' }).resident,
        fullName: 'Wang Xiuying',
        age: 84,
        address: '3-2-501',
        accessNotes: 'key with neighbour 502',
        medicalHistory: ['COPD'],
        medications: ['aspirin', 'salbutamol'],
        allergies: [],
      },
      location: { lat: 39.9042, lng: 116.4074 },
    });
    const text = emergencySummary(
      t,
      view,
      [{ id: 'x', type: 'fall', status: 'resolved', openedAt: '2026-11-20T02:00:00Z', outcome: 'assisted', escalated: false, pressCount: 1, notes: [] }],
      () => '20 Nov',
    );
    expect(text.split('\n')).toEqual([
      'Name: Wang Xiuying',
      'Age: 84',
      'Address: 3-2-501',
      'Access: key with neighbour 502',
      'Medical history: COPD',
      'Medications: aspirin, salbutamol',
      'Allergies: none',
      'Position: 39.90420, 116.40740',
      `Recent incidents: 20 Nov ${t('incidentType.fall')} (${t('outcome.assisted')})`,
    ]);
  });

  it("joins a list the language's way: 、 in Chinese, a comma in English", () => {
    const view = incidentView({ id: 'i3' });
    const withAllergies = { ...view, resident: { ...view.resident, allergies: ['penicillin', 'sulfa'] } };
    const zh = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('zh-CN', key, params);
    expect(emergencySummary(zh, withAllergies, [], () => '')).toContain('penicillin、sulfa');
    expect(emergencySummary(t, withAllergies, [], () => '')).toContain('Allergies: penicillin, sulfa');
  });

  it('leaves out position and recent incidents when there are none', () => {
    const text = emergencySummary(t, incidentView({ id: 'i2' }), [], () => '');
    expect(text).not.toMatch(/Position|Recent/);
  });
});

describe('devices at a glance', () => {
  const device = (over: Partial<DeviceListing>): DeviceListing => ({
    serial: 'HK-1',
    residentId: 'r',
    protocol: 'http',
    enabled: true,
    lastSeenAt: '2026-12-01T10:00:00Z',
    batteryPct: 80,
    ...over,
  });
  const incident = (type: IncidentView['type'], serial: string) => incidentView({ id: `${type}-${serial}`, type, device: { serial, protocol: 'watch' } });

  it('puts each device in every concern that applies', () => {
    expect(deviceConcerns(device({}), [])).toEqual([]);
    expect(deviceConcerns(device({ batteryPct: 15 }), [])).toEqual(['low_battery']);
    expect(deviceConcerns(device({ lastSeenAt: undefined, batteryPct: undefined }), [])).toEqual(['never_heard']);
    expect(deviceConcerns(device({ enabled: false, connected: false, protocol: 'watch' }), [])).toEqual(['offline', 'disabled']);
    expect(deviceConcerns(device({}), [incident('device_removed', 'HK-1'), incident('device_offline', 'HK-1'), incident('low_battery', 'OTHER')])).toEqual([
      'offline',
      'removed',
    ]);
  });

  it('lists one concern, heard longest ago first', () => {
    const devices = [
      device({ serial: 'B', batteryPct: 5, lastSeenAt: '2026-12-01T09:00:00Z' }),
      device({ serial: 'A', batteryPct: 10, lastSeenAt: '2026-11-30T09:00:00Z' }),
      device({ serial: 'C' }),
    ];
    expect(devicesOfConcern(devices, [], 'low_battery').map((d) => d.serial)).toEqual(['A', 'B']);
    expect(devicesOfConcern(devices, [], 'all')).toHaveLength(3);
  });
});

describe('map tiles', () => {
  it('finds the slippy-map tile of a point (Tiananmen at zoom 17)', () => {
    const tile = tileOf(39.9042, 116.4074, MAP_ZOOM);
    expect({ x: tile.x, y: tile.y }).toEqual({ x: 107918, y: 49666 });
    expect(tile.px).toBeGreaterThanOrEqual(0);
    expect(tile.px).toBeLessThan(256);
  });

  it('fills the template', () => {
    expect(tileUrl('https://{s}.tiles.example.cn/{z}/{x}/{y}.png', 17, 1, 2)).toBe('https://a.tiles.example.cn/17/1/2.png');
  });
});
