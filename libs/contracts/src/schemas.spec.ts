import {
  alarmRequestSchema,
  deviceCommandSchema,
  deviceInputSchema,
  listIncidentsQuerySchema,
  loginSchema,
  residentInputSchema,
  sosNumbersInputSchema,
} from './schemas';

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
    // Only the TCP protocols decode these; the HTTP API keeps to its three types.
    ['a watch-only type', { ...ok, type: 'device_removed' }],
    ['an unrecognised device alarm', { ...ok, type: 'device_alarm' }],
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

describe('device input schema', () => {
  const residentId = '00000000-0000-4000-8000-000000000000';

  it('defaults the protocol to http, whose serials are as before', () => {
    expect(deviceInputSchema.parse({ serial: 'HK-0001', residentId })).toEqual({ serial: 'HK-0001', residentId, protocol: 'http' });
  });

  it.each([
    ['watch', '8800000015'],
    ['watch', '359586015829802'],
    ['gt06', '123456789012345'],
    ['http', '359586015829802'],
  ])('accepts a %s serial %s', (protocol, serial) => {
    expect(deviceInputSchema.safeParse({ serial, residentId, protocol }).success).toBe(true);
  });

  it.each([
    ['watch', 'HK-0001'],
    ['watch', '12345678901'],
    ['watch', '88000000155'],
    ['gt06', '8800000015'],
    ['gt06', '1234567890123456'],
    ['gt06', '12345678901234a'],
    ['http', 'bad serial!'],
  ])('refuses a %s serial %s, naming the rule', (protocol, serial) => {
    const result = deviceInputSchema.safeParse({ serial, residentId, protocol });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['serial']);
  });

  it('refuses an unknown protocol', () => {
    expect(deviceInputSchema.safeParse({ serial: '123456789012345', residentId, protocol: 'jt808' }).success).toBe(false);
  });
});

describe('SOS numbers', () => {
  it('takes 1-3 numbers of digits with an optional leading +', () => {
    expect(sosNumbersInputSchema.parse({ numbers: ['12349', ' +8613900000000 '] })).toEqual({ numbers: ['12349', '+8613900000000'] });
    for (const numbers of [[], ['1', '2', '3', '4'].map((n) => n.repeat(5)), ['12-34'], ['12+34'], ['+'], ['12'], ['1'.repeat(21)]]) {
      expect(sosNumbersInputSchema.safeParse({ numbers }).success).toBe(false);
    }
  });

  it('is the same rule inside a device command', () => {
    expect(deviceCommandSchema.parse({ kind: 'sos-numbers', numbers: ['12349'] })).toEqual({ kind: 'sos-numbers', numbers: ['12349'] });
    expect(deviceCommandSchema.parse({ kind: 'locate' })).toEqual({ kind: 'locate' });
    expect(deviceCommandSchema.safeParse({ kind: 'sos-numbers', numbers: ['call me'] }).success).toBe(false);
    expect(deviceCommandSchema.safeParse({ kind: 'reboot' }).success).toBe(false);
  });
});
