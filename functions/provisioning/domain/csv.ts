// CSV as RFC 4180 writes it (fields separated by commas, records by CRLF, a field quoted with '"'
// when it holds a comma, a quote or a line break, a quote inside doubled), read incrementally: the
// import job feeds the file's text as it streams from S3 and takes the records that are complete,
// so no more than one record is ever held. LF and CR alone end a record too (files saved on other
// systems); a record's number counts records, not lines (a quoted field may span lines).

export interface CsvRecord {
  /** 1-based: the header is record 1. */
  number: number;
  fields: string[];
  /** What is wrong with the record's quoting: it is reported, its fields are not trusted. */
  error?: { field: number; reason: string };
}

/** A record longer than this is not a row of an office's file (a quote left open swallows the rest). */
export const maxRecordChars = 64 * 1024;

export class CsvTooLongRecordError extends Error {
  constructor(readonly recordNumber: number) {
    super(
      `row ${recordNumber} is longer than ${maxRecordChars / 1024} KB: a quote is left open, or this is not a CSV file`,
    );
  }
}

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted' | 'afterCr';

export class CsvParser {
  private fields: string[] = [];
  private field = '';
  private state: State = 'fieldStart';
  private recordChars = 0;
  private number = 0;
  private error: CsvRecord['error'];
  /** Whether anything of the current record was read (an empty last line is no record). */
  private started = false;

  /** Feeds the next piece of text; answers the records it completed. */
  feed(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (this.state === 'afterCr') {
        this.state = 'fieldStart';
        if (c === '\n') continue;
      }
      this.recordChars++;
      if (this.recordChars > maxRecordChars) throw new CsvTooLongRecordError(this.number + 1);
      switch (this.state) {
        case 'fieldStart':
          this.started = true;
          if (c === '"') this.state = 'quoted';
          else if (c === ',') this.endField();
          else if (c === '\r' || c === '\n') this.endRecord(out, c);
          else {
            this.field += c;
            this.state = 'unquoted';
          }
          break;
        case 'unquoted':
          if (c === ',') this.endField();
          else if (c === '\r' || c === '\n') this.endRecord(out, c);
          else {
            if (c === '"') this.fail('a quote inside a field that does not start with one');
            this.field += c;
          }
          break;
        case 'quoted':
          if (c === '"') this.state = 'quoteInQuoted';
          else this.field += c;
          break;
        case 'quoteInQuoted':
          if (c === '"') {
            this.field += '"';
            this.state = 'quoted';
          } else if (c === ',') this.endField();
          else if (c === '\r' || c === '\n') this.endRecord(out, c);
          else {
            this.fail('text after the closing quote of a quoted field');
            this.field += c;
            this.state = 'unquoted';
          }
          break;
      }
    }
    return out;
  }

  /** The end of the file: the last record, if it had no line break after it. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.state === 'quoted') this.fail('a quoted field is not closed before the end of the file');
    if (this.started) this.endRecord(out, undefined);
    this.state = 'fieldStart';
    return out;
  }

  private fail(reason: string): void {
    this.error ??= { field: this.fields.length, reason };
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = 'fieldStart';
  }

  private endRecord(out: CsvRecord[], terminator: string | undefined): void {
    this.fields.push(this.field);
    this.number++;
    // A blank line is no record (spreadsheets leave them at the end); it still counts as a row.
    const blank = this.recordChars === (terminator ? 1 : 0);
    if (!blank)
      out.push({ number: this.number, fields: this.fields, ...(this.error ? { error: this.error } : {}) });
    this.fields = [];
    this.field = '';
    this.error = undefined;
    this.recordChars = 0;
    this.started = false;
    this.state = terminator === '\r' ? 'afterCr' : 'fieldStart';
  }
}

/** One field as RFC 4180 writes it: quoted when it must be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value === '' ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One record with its CRLF. */
export const csvLine = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;
