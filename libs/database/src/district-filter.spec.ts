import { districtInScope, EVERY_DISTRICT, incidentInScope, incidentInScopeSql, residentInScopeSql } from './district-filter';

describe('district filter: the SQL and the in-memory rule say the same', () => {
  const west = { all: false, districts: ['西城区'] } as const;

  it('adds nothing for a reader of every district', () => {
    const params: unknown[] = ['x'];
    expect(residentInScopeSql(EVERY_DISTRICT, 'r', params)).toBe('TRUE');
    expect(incidentInScopeSql(EVERY_DISTRICT, 'i', 'r', params)).toBe('TRUE');
    expect(params).toEqual(['x']);
  });

  it('refers to its parameter by position after the ones already there', () => {
    const params: unknown[] = ['id'];
    expect(incidentInScopeSql(west, 'i', 'res', params)).toBe(
      '(res.district = ANY($2::text[]) OR i.district = ANY($2::text[]) OR i.shown_because IS NOT NULL)',
    );
    expect(params).toEqual(['id', ['西城区']]);
  });

  it('sees its districts, and an incident shown to everyone; never a resident without a district', () => {
    expect(districtInScope(west, '西城区')).toBe(true);
    expect(districtInScope(west, '东港区')).toBe(false);
    expect(districtInScope(west, undefined)).toBe(false);
    expect(districtInScope(EVERY_DISTRICT, undefined)).toBe(true);
    expect(incidentInScope(west, { resident: { district: '东港区' } })).toBe(false);
    expect(incidentInScope(west, { resident: { district: '东港区' }, shownBecause: 'no_district_operator' })).toBe(true);
  });
});
