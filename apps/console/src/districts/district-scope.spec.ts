import { districtScopeOf, viewFor } from './district-scope';

describe('districtScopeOf: who sees which districts', () => {
  it('an admin sees every district, whatever it holds; so does a user without districts', () => {
    expect(districtScopeOf({ role: 'admin', districts: ['西城区'] })).toEqual({ all: true });
    expect(districtScopeOf({ role: 'operator', districts: [] })).toEqual({ all: true });
    expect(districtScopeOf({ role: 'supervisor' })).toEqual({ all: true });
  });

  it('an operator or supervisor with districts sees only those', () => {
    expect(districtScopeOf({ role: 'operator', districts: ['西城区'] })).toEqual({ all: false, districts: ['西城区'] });
    expect(districtScopeOf({ role: 'supervisor', districts: ['A', 'B'] })).toEqual({ all: false, districts: ['A', 'B'] });
  });

  it('tells why an incident is shown only to a reader it is outside of', () => {
    const shown = { resident: { district: '东港区' }, shownBecause: 'no_district_operator' as const };
    expect(viewFor({ all: false, districts: ['西城区'] }, shown).shownBecause).toBe('no_district_operator');
    expect(viewFor({ all: false, districts: ['东港区'] }, shown).shownBecause).toBeUndefined();
    expect(viewFor({ all: true }, shown).shownBecause).toBeUndefined();
  });
});
