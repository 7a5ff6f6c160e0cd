import type { OutageIncidentView, OutageResident } from '@app/contracts';

/** The CSV's columns, in order: the header row names them (stable names, for spreadsheets and scripts). */
const COLUMNS: [string, (r: OutageResident, rank: number) => string | number | undefined][] = [
  ['rank', (_r, rank) => rank],
  ['residentId', (r) => r.id],
  ['fullName', (r) => r.fullName],
  ['phone', (r) => r.phone],
  ['livingSituation', (r) => r.livingSituation],
  ['age', (r) => r.age],
  ['address', (r) => r.address],
  ['emergencyContacts', (r) => r.emergencyContacts.map((c) => `${c.name} (${c.relation}) ${c.phone}`).join('; ')],
  ['recoveredAt', (r) => r.recoveredAt],
  ['stillSilent', (r) => (r.stillSilent ? 'yes' : '')],
  ['callOutcome', (r) => r.call?.outcome],
  ['callNote', (r) => r.call?.note],
  ['calledAt', (r) => r.call?.at],
  ['calledBy', (r) => r.call?.by?.username],
];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A text that a
 * spreadsheet would run as a formula (=, @, tab, or + / - not followed by a phone number) gets a
 * leading apostrophe, so a name typed by someone cannot execute on an operator's machine.
 */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && (/^[=@\t\r]/.test(text) || /^[+-](?![0-9 ()-]*$)/.test(text))) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The welfare list as CSV lines (a UTF-8 BOM first, so spreadsheets read Chinese names right), one at a time for streaming. */
export function* welfareCsvLines(view: OutageIncidentView): Generator<string> {
  yield `\uFEFF${COLUMNS.map(([name]) => name).join(',')}\r\n`;
  let rank = 0;
  for (const resident of view.outage.residents) {
    rank++;
    yield `${COLUMNS.map(([, value]) => csvField(value(resident, rank))).join(',')}\r\n`;
  }
}
