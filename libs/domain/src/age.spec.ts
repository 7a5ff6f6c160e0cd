import { ageOn } from './age';

describe('ageOn', () => {
  const on = (iso: string) => new Date(`${iso}T12:00:00.000Z`);

  it.each([
    ['1948-03-02', '2026-03-01', 77],
    ['1948-03-02', '2026-03-02', 78],
    ['1948-03-02', '2026-11-28', 78],
    ['1948-12-31', '2026-12-30', 77],
    ['1948-12-31', '2026-12-31', 78],
    ['1944-02-29', '2026-02-28', 81],
    ['1944-02-29', '2026-03-01', 82],
    ['1944-02-29', '2028-02-29', 84],
    ['2026-11-28', '2026-11-28', 0],
  ])('born %s, on %s is %i', (dob, day, age) => {
    expect(ageOn(dob, on(day))).toBe(age);
  });

  it('counts in UTC, not in the server zone', () => {
    expect(ageOn('1950-06-15', new Date('2026-06-14T23:59:59.999Z'))).toBe(75);
    expect(ageOn('1950-06-15', new Date('2026-06-15T00:00:00.000Z'))).toBe(76);
  });

  it('refuses what is not an ISO date', () => {
    expect(() => ageOn('15/06/1950')).toThrow(RangeError);
  });
});
