import { DEVICE_ALARM_TYPES, INCIDENT_TYPES } from '@app/contracts';
import { incidentGroupOf, incidentTypeForAlarm, offersCascade } from './incident-types';

describe('offersCascade', () => {
  it.each(INCIDENT_TYPES)('%s', (type) => {
    expect(offersCascade(type)).toBe(type === 'sos' || type === 'fall');
  });
});

describe('incidentGroupOf', () => {
  it('folds sos and fall into one emergency', () => {
    expect(incidentGroupOf('sos')).toBe('emergency');
    expect(incidentGroupOf('fall')).toBe('emergency');
  });

  it.each(INCIDENT_TYPES.filter((t) => t !== 'sos' && t !== 'fall'))('gives the technical incident %s a group of its own', (type) => {
    expect(incidentGroupOf(type)).toBe(type);
  });
});

describe('incidentTypeForAlarm', () => {
  it.each(DEVICE_ALARM_TYPES)('%s opens an incident of its own type', (type) => {
    expect(incidentTypeForAlarm(type)).toBe(type);
    expect(INCIDENT_TYPES).toContain(incidentTypeForAlarm(type));
  });
});
