/** An ISO week (`2026-W48`) as the calendar dates of its Monday and of the next Monday (`YYYY-MM-DD`). */
export interface IsoWeekDates {
  monday: string;
  nextMonday: string;
}

const DAY_MS = 86_400_000;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The Monday of ISO week 1 of `year` (the week holding January 4th), as UTC midnight. */
function week1Monday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0 .. Sunday 6
  return jan4 - weekday * DAY_MS;
}

/** Undefined for a week the year does not have (W53 of a 52-week year) or a malformed name. */
export function isoWeekDates(week: string): IsoWeekDates | undefined {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) return undefined;
  const year = Number(match[1]);
  const n = Number(match[2]);
  if (n < 1 || n > isoWeeksInYear(year)) return undefined;
  const monday = week1Monday(year) + (n - 1) * 7 * DAY_MS;
  return { monday: isoDate(monday), nextMonday: isoDate(monday + 7 * DAY_MS) };
}

export function isoWeeksInYear(year: number): number {
  return (week1Monday(year + 1) - week1Monday(year)) / (7 * DAY_MS);
}

/** The ISO week holding a calendar date (`YYYY-MM-DD`). */
export function isoWeekOf(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  const year = new Date(ms).getUTCFullYear();
  for (const y of [year + 1, year, year - 1]) {
    const start = week1Monday(y);
    if (ms >= start) return `${y}-W${String(Math.floor((ms - start) / (7 * DAY_MS)) + 1).padStart(2, '0')}`;
  }
  throw new Error(`no ISO week for ${date}`);
}

/** The week `offset` weeks from `week` (-1: the week before). */
export function shiftIsoWeek(week: string, offset: number): string {
  const dates = isoWeekDates(week);
  if (!dates) throw new Error(`not an ISO week: ${week}`);
  return isoWeekOf(isoDate(Date.parse(`${dates.monday}T00:00:00Z`) + offset * 7 * DAY_MS));
}
