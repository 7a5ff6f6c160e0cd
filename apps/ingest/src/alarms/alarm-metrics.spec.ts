import { alarmResultOf, alarmTypeLabel } from './alarm-metrics';

describe('alarm metrics labels', () => {
  it.each([
    [202, 'accepted'],
    [200, 'duplicate'],
    [400, 'refused'],
    [401, 'refused'],
    [413, 'refused'],
    [415, 'refused'],
    [503, 'refused'],
  ])('status %d counts as %s', (status, result) => {
    expect(alarmResultOf(status)).toBe(result);
  });

  it.each([
    [{ type: 'sos' }, 'sos'],
    [{ type: 'fall' }, 'fall'],
    [{ type: 'low_battery' }, 'low_battery'],
    [{ type: 'SOS' }, 'unknown'],
    [{ type: 'x'.repeat(1000) }, 'unknown'],
    [{}, 'unknown'],
    [undefined, 'unknown'],
    [null, 'unknown'],
    ['sos', 'unknown'],
  ])('body %p is labelled %s', (body, label) => {
    expect(alarmTypeLabel(body)).toBe(label);
  });
});
