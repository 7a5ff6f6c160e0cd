import type { IntakePress } from './intake-press';
import { roundsOf } from './press-batches';
import type { PressEntry } from './press-store';

const entry = (serial: string, residentId: string, eventId: string, type: IntakePress['type'] = 'sos'): PressEntry => ({
  device: { serial, residentId, clockSkewMs: 0 },
  press: { eventId, type },
});

describe('roundsOf', () => {
  it('puts presses of distinct residents in one round', () => {
    expect(roundsOf([entry('a', 'ra', 'e1'), entry('b', 'rb', 'e1')])).toEqual({ rounds: [[0, 1]], firstOf: [0, 1] });
  });

  it('puts the second press of one resident and type group in the next round (sos and fall share a group)', () => {
    expect(roundsOf([entry('a', 'ra', 'e1'), entry('b', 'rb', 'e1'), entry('a', 'ra', 'e2', 'fall')])).toEqual({ rounds: [[0, 1], [2]], firstOf: [0, 1, 2] });
  });

  it('keeps presses of other type groups of one resident in the same round', () => {
    expect(roundsOf([entry('a', 'ra', 'e1'), entry('a', 'ra', 'e2', 'low_battery')]).rounds).toEqual([[0, 1]]);
  });

  it('lets a repeated (device, eventId) ride on its first press', () => {
    expect(roundsOf([entry('a', 'ra', 'e1'), entry('a', 'ra', 'e1'), entry('b', 'rb', 'e1')])).toEqual({ rounds: [[0, 2]], firstOf: [0, 0, 2] });
  });
});
