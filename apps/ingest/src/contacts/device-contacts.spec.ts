import { mergeByDevice } from './device-contacts';

describe('mergeByDevice', () => {
  it('writes a device heard several times in one batch once: the newest report of each fact, a heartbeat anywhere counts', () => {
    const merged = mergeByDevice([
      { serial: 'A', heartbeat: true, batteryPct: 80, signalDbm: -70 },
      { serial: 'B', heartbeat: false, position: { lat: 1, lng: 2 } },
      { serial: 'A', heartbeat: false, batteryPct: 79, position: { lat: 3, lng: 4 } },
    ]);
    expect([...merged.values()]).toEqual([
      { serial: 'A', heartbeat: true, batteryPct: 79, signalDbm: -70, position: { lat: 3, lng: 4 }, radio: undefined },
      { serial: 'B', heartbeat: false, batteryPct: undefined, signalDbm: undefined, position: { lat: 1, lng: 2 }, radio: undefined },
    ]);
  });
});
