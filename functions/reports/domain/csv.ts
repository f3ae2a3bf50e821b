// CSV as RFC 4180 writes it (CRLF line ends; a field with a comma, quote or line break quoted, its
// quotes doubled), made safe for the spreadsheets ARO opens it in: a text cell that starts with a
// character a spreadsheet reads as a formula (= + - @, and the tab and carriage return that some
// read past) is prefixed with an apostrophe, so a course title like "=HYPERLINK(...)" typed by a
// student is shown, never evaluated. Numbers and booleans are our own and written as they are.

export type CsvValue = string | number | boolean | null | undefined;

const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const safe = formulaStart.test(value) ? `'${value}` : value;
  return needsQuotes.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvLine = (cells: readonly CsvValue[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** A report's columns: the CSV header is each column's JSON field name, in this order. */
export type Columns<R> = readonly (keyof R & string)[];

/** The CSV of rows: a header line, then one line per row, the cells of `columns` in order. */
export function toCsv<R extends Record<string, unknown>>(columns: Columns<R>, rows: Iterable<R>): string {
  const lines = [csvLine(columns)];
  for (const row of rows) lines.push(csvLine(columns.map((c) => row[c] as CsvValue)));
  return lines.join('');
}
