import { INCIDENT_TYPES } from '@app/contracts';
import { offersCascade } from './incident-types';

describe('offersCascade', () => {
  it.each(INCIDENT_TYPES)('%s', (type) => {
    expect(offersCascade(type)).toBe(type === 'sos' || type === 'fall');
  });
});
