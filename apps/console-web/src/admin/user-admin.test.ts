import type { UserView } from '@app/contracts';
import { describe, expect, it } from 'vitest';
import { isLastEnabledAdmin, parseDistricts, roleAndDistrictsChange, rolesFor } from './user-admin';
import { ROLES } from '@app/contracts';

const user = (overrides: Partial<UserView> & { id: string }): UserView => ({
  username: overrides.id,
  role: 'operator',
  districts: [],
  disabled: false,
  ...overrides,
});

describe('user administration', () => {
  it('reads districts separated by ASCII or Chinese commas and 、, trimmed, each once', () => {
    expect(parseDistricts(' 东城区，West, 西城区、East ,, West ')).toEqual(['东城区', 'West', '西城区', 'East']);
    expect(parseDistricts('  ')).toEqual([]);
  });

  it('knows the only enabled admin, whom the server will not let go', () => {
    const only = user({ id: 'a', role: 'admin' });
    const disabledAdmin = user({ id: 'b', role: 'admin', disabled: true });
    expect(isLastEnabledAdmin([only, disabledAdmin, user({ id: 'o' })], only)).toBe(true);
    expect(isLastEnabledAdmin([only, user({ id: 'c', role: 'admin' })], only)).toBe(false);
    expect(isLastEnabledAdmin([disabledAdmin], disabledAdmin)).toBe(false);
    expect(isLastEnabledAdmin([user({ id: 'o' })], user({ id: 'o' }))).toBe(false);
  });

  it('sends only what changed: the role when it is another one, districts when they differ', () => {
    const u = user({ id: 'u', districts: ['East', 'West'] });
    expect(roleAndDistrictsChange(u, 'operator', 'East，West')).toBeUndefined();
    expect(roleAndDistrictsChange(u, 'supervisor', 'East, West')).toEqual({ role: 'supervisor' });
    expect(roleAndDistrictsChange(u, 'operator', '')).toEqual({ districts: [] });
    expect(roleAndDistrictsChange(u, 'admin', 'North')).toEqual({ role: 'admin', districts: ['North'] });
  });

  it('never offers to turn an account into a responder one or back', () => {
    expect(rolesFor(user({ id: 'o' }), ROLES)).toEqual(['admin', 'supervisor', 'operator']);
    expect(rolesFor(user({ id: 'r', role: 'responder' }), ROLES)).toEqual(['responder']);
  });
});
