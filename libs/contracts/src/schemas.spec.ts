import { alarmRequestSchema, listIncidentsQuerySchema, loginSchema, residentInputSchema } from './schemas';

describe('alarm request schema', () => {
  const ok = { eventId: 'evt_1-A', type: 'sos' };

  it('accepts the contract example', () => {
    expect(
      alarmRequestSchema.safeParse({
        eventId: 'b3a1',
        type: 'sos',
        occurredAt: '2026-11-28T08:00:00.000Z',
        batteryPct: 80,
        location: { lat: 35.42, lng: 119.52, accuracyM: 30 },
      }).success,
    ).toBe(true);
  });

  it.each([
    ['an unknown field', { ...ok, extra: 1 }],
    ['an unknown location field', { ...ok, location: { lat: 1, lng: 1, alt: 3 } }],
    ['a long eventId', { ...ok, eventId: 'a'.repeat(65) }],
    ['an eventId with other characters', { ...ok, eventId: 'a:b' }],
    ['an empty eventId', { ...ok, eventId: '' }],
    ['another type', { ...ok, type: 'device_offline' }],
    ['battery over 100', { ...ok, batteryPct: 101 }],
    ['battery as a string', { ...ok, batteryPct: '80' }],
    ['latitude 91', { ...ok, location: { lat: 91, lng: 0 } }],
    ['longitude -181', { ...ok, location: { lat: 0, lng: -181 } }],
    ['a non-ISO time', { ...ok, occurredAt: 'yesterday' }],
    ['a __proto__ key', JSON.parse('{"eventId":"a","type":"sos","__proto__":{"x":1}}')],
  ])('refuses %s', (_name, body) => {
    expect(alarmRequestSchema.safeParse(body).success).toBe(false);
  });
});

describe('resident input schema', () => {
  const resident = { fullName: '王秀英', dateOfBirth: '1942-05-17', address: '1 Lane' };

  it('defaults the medical lists to empty', () => {
    const parsed = residentInputSchema.parse(resident);
    expect(parsed).toMatchObject({ medicalHistory: [], medications: [], allergies: [], emergencyContacts: [] });
  });

  it('refuses an impossible date of birth', () => {
    expect(residentInputSchema.safeParse({ ...resident, dateOfBirth: '1942-02-30' }).success).toBe(false);
    expect(residentInputSchema.safeParse({ ...resident, dateOfBirth: '2999-01-01' }).success).toBe(false);
  });
});

describe('text fields', () => {
  it('refuse NUL characters, which Postgres text cannot hold', () => {
    expect(residentInputSchema.safeParse({ fullName: 'a\u0000b', dateOfBirth: '1942-05-17', address: '1 Lane' }).success).toBe(false);
    expect(loginSchema.safeParse({ username: '\u0000', password: 'x' }).success).toBe(false);
    expect(loginSchema.safeParse({ username: 'admin', password: 'pass\u0000word' }).success).toBe(false);
  });
});

describe('list incidents query', () => {
  it('splits statuses and refuses unknown ones', () => {
    expect(listIncidentsQuerySchema.parse({ status: 'open,acknowledged' }).status).toEqual(['open', 'acknowledged']);
    expect(listIncidentsQuerySchema.safeParse({ status: 'open,lost' }).success).toBe(false);
  });
});
