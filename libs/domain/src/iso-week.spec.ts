import { isoWeekDates, isoWeekOf, isoWeeksInYear, shiftIsoWeek } from './iso-week';

describe('ISO weeks', () => {
  it.each([
    ['2026-W48', '2026-11-23', '2026-11-30'],
    ['2026-W01', '2025-12-29', '2026-01-05'],
    ['2020-W53', '2020-12-28', '2021-01-04'],
    ['2027-W01', '2027-01-04', '2027-01-11'],
  ])('%s runs from %s to %s', (week, monday, nextMonday) => {
    expect(isoWeekDates(week)).toEqual({ monday, nextMonday });
    expect(isoWeekOf(monday)).toBe(week);
  });

  it('knows which years have 53 weeks', () => {
    expect(isoWeeksInYear(2020)).toBe(53);
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(isoWeeksInYear(2025)).toBe(52);
    expect(isoWeekDates('2025-W53')).toBeUndefined();
    expect(isoWeekDates('2026-W54')).toBeUndefined();
    expect(isoWeekDates('2026-48')).toBeUndefined();
  });

  it('puts the days around new year in the right week', () => {
    expect(isoWeekOf('2027-01-03')).toBe('2026-W53');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(isoWeekOf('2026-12-01')).toBe('2026-W49');
  });

  it('shifts across years', () => {
    expect(shiftIsoWeek('2026-W01', -1)).toBe('2025-W52');
    expect(shiftIsoWeek('2026-W53', 1)).toBe('2027-W01');
    expect(shiftIsoWeek('2026-W48', -1)).toBe('2026-W47');
  });
});
