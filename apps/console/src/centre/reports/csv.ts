/** Excel and WPS read UTF-8 (Chinese names) only with the byte-order mark. */
export const UTF8_BOM = '\uFEFF';

/**
 * One CSV line (RFC 4180, CRLF). A field with a comma, quote or line break is quoted; a text
 * starting with = + - @ (a formula to a spreadsheet) is prefixed with ' so it stays text.
 */
export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The lines of a CSV document, BOM first, for a streamed answer. */
export function* csvDocument(header: readonly string[], rows: Iterable<readonly (string | number | null | undefined)[]>): Generator<string> {
  yield UTF8_BOM + csvLine(header);
  for (const row of rows) yield csvLine(row);
}
