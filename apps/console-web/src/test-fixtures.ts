import type { IncidentView } from '@app/contracts';

/** An incident view for component and logic tests; override what the test is about. */
export function incidentView(overrides: Partial<IncidentView> & { id: string }): IncidentView {
  return {
    type: 'sos',
    status: 'open',
    escalated: false,
    openedAt: '2026-11-28T08:00:00.000Z',
    pressCount: 1,
    lastPressAt: '2026-11-28T08:00:00.000Z',
    version: 1,
    resident: {
      id: 'r1',
      fullName: '王秀英',
      dateOfBirth: '1939-02-11',
      age: 87,
      address: 'Donggang, Building 1',
      district: 'Donggang',
      medicalHistory: [],
      medications: [],
      allergies: ['penicillin'],
      emergencyContacts: [],
    },
    careTeam: {},
    device: { serial: 'HK-1', protocol: 'http' },
    dispatches: [],
    ...overrides,
  };
}
