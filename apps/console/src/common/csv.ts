import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';

/** Excel needs the byte-order mark to read UTF-8 (Chinese names) rather than the local code page. */
const BOM = '\uFEFF';

/**
 * One CSV cell. A cell a spreadsheet would read as a formula (starting with = + - @, or a tab
 * or carriage return before one) gets a leading apostrophe, so a resident's note cannot run
 * code on the operator's machine. Quoted when it holds a comma, quote or line break.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = Array.isArray(value) ? value.join('; ') : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => unknown;
}

/** The lines of a CSV file: BOM and header first, then one line per row as the rows arrive. */
export async function* csvLines<T>(columns: readonly CsvColumn<T>[], rows: AsyncIterable<T> | Iterable<T>): AsyncGenerator<string> {
  yield BOM + csvLine(columns.map((c) => c.header));
  for await (const row of rows) yield csvLine(columns.map((c) => c.value(row)));
}

/** A CSV download, streamed: the answer starts before the last row is read. */
export function csvFile<T>(filename: string, columns: readonly CsvColumn<T>[], rows: AsyncIterable<T> | Iterable<T>): StreamableFile {
  return new StreamableFile(Readable.from(csvLines(columns, rows)), {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${filename}"`,
  });
}

/**
 * Rows of a query, read from a server-side cursor `batch` at a time, so an export of many
 * thousand rows never sits in memory whole. The cursor's transaction ends (and its connection
 * is released) when the rows are read or the download stops.
 */
export async function* cursorRows<T>(dataSource: DataSource, sql: string, params: unknown[], batch = 500): AsyncGenerator<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction('REPEATABLE READ');
    await runner.query(`DECLARE export_rows NO SCROLL CURSOR FOR ${sql}`, params);
    for (;;) {
      const rows: T[] = await runner.query(`FETCH ${batch} FROM export_rows`);
      yield* rows;
      if (rows.length < batch) break;
    }
    await runner.commitTransaction();
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
  }
}
