import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importColumns } from '../../functions/provisioning/contracts.js';
import {
  CsvParser,
  type CsvRecord,
  csvLine,
  maxRecordChars,
} from '../../functions/provisioning/domain/csv.js';
import { checkHeader, checkRow, ownershipIssue } from '../../functions/provisioning/domain/import-rows.js';

// The offices' CSV (RFC 4180) read incrementally, and each row checked by the schema a single
// record's JSON body is checked by, every problem in its column.

/** Parses text fed in the given pieces. */
function parse(pieces: string[]): CsvRecord[] {
  const parser = new CsvParser();
  return [...pieces.flatMap((p) => parser.feed(p)), ...parser.end()];
}

/** Cuts text at arbitrary places, as S3's chunks would. */
const cuts = (text: string, at: number[]) => {
  const points = [...new Set(at.map((a) => a % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const p of points) {
    pieces.push(text.slice(from, p));
    from = p;
  }
  pieces.push(text.slice(from));
  return pieces;
};

describe('the CSV parser', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\nplain,,end\n';
    expect(parse([text]).map((r) => [r.number, r.fields])).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['x, y', 'say "hi"', 'two\r\nlines']],
      [3, ['plain', '', 'end']],
    ]);
  });

  it('takes LF and CR line ends, a last line without one, and skips blank lines (still counting them)', () => {
    expect(parse(['a,b\n\nc,d\re,f']).map((r) => [r.number, r.fields])).toEqual([
      [1, ['a', 'b']],
      [3, ['c', 'd']],
      [4, ['e', 'f']],
    ]);
  });

  it('reports bad quoting on its record, with the field, and goes on with the next', () => {
    const records = parse(['a,b"c,d\r\n"x"y,z\r\nok,ok\r\n']);
    expect(records[0]?.error).toEqual({
      field: 1,
      reason: 'a quote inside a field that does not start with one',
    });
    expect(records[1]?.error).toEqual({ field: 0, reason: 'text after the closing quote of a quoted field' });
    expect(records[2]).toEqual({ number: 3, fields: ['ok', 'ok'] });
  });

  it('refuses a record longer than the bound instead of holding the rest of the file', () => {
    const parser = new CsvParser();
    expect(() => parser.feed(`a\r\n"${'x'.repeat(maxRecordChars + 1)}`)).toThrow(
      /row 2 is longer than 64 KB/,
    );
  });

  it('round-trips any fields through csvLine, however the text is cut into chunks', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\r', '\n', 'é', '中', '😀') });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (rows, at) => {
          const text = rows.map(csvLine).join('');
          const records = parse(cuts(text, at));
          expect(records.map((r) => r.fields)).toEqual(rows);
          expect(records.map((r) => r.number)).toEqual(rows.map((_, i) => i + 1));
          expect(records.every((r) => r.error === undefined)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the header and the rows', () => {
  const header = checkHeader([...importColumns]);
  if (!header.ok) throw new Error('the template header must be accepted');
  const good = {
    officeReference: 'URAO-2025-000001',
    studentId: '21041179',
    studentName: 'Tam Wai Lun',
    studentEmail: 'wltam@connect.ust.hk',
    category: 'on-entry-disclosed',
    institutionId: 'hku-space-community-college',
    qualification: 'Associate Degree',
    studyPeriod: '2021-2023',
    transferTerm: '2024-25 Fall',
  };
  const fields = (row: Record<string, string>) => importColumns.map((c) => row[c] ?? '');

  it('accepts the columns in any order, qualification left out', () => {
    const without = importColumns.filter((c) => c !== 'qualification').reverse();
    expect(checkHeader(without).ok).toBe(true);
  });

  it('refuses a wrong header whole, naming what is missing, unknown or repeated', () => {
    const check = checkHeader(['officeReference', 'student_id', 'studentName', 'studentName']);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.reason).toMatch(
      /missing studentId, studentEmail, category, institutionId, studyPeriod, transferTerm/,
    );
    expect(check.reason).toMatch(/unknown student_id/);
    expect(check.reason).toMatch(/repeated studentName/);
  });

  it('checks a row as the JSON body is checked: a good one passes, trimmed', () => {
    const check = checkRow(fields({ ...good, studentName: '  Tam Wai Lun ' }), header.positions);
    expect(check).toEqual({ ok: true, input: { ...good, category: 'on-entry-disclosed' } });
  });

  it('names each bad column of a row with its reason', () => {
    const check = checkRow(
      fields({
        ...good,
        studentId: '2104',
        studentEmail: 'nobody',
        transferTerm: '2024 Fall',
        qualification: '',
      }),
      header.positions,
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.officeReference).toBe('URAO-2025-000001');
    expect(Object.fromEntries(check.issues.map((i) => [i.column, i.reason]))).toEqual({
      studentId: 'must be an 8-digit student ID',
      studentEmail: "must be the student's email address",
      transferTerm: 'must be a transfer term like 2024-25 Fall',
    });
  });

  it('asks for the qualification of an On Entry record, not of study abroad', () => {
    const onEntry = checkRow(fields({ ...good, qualification: '' }), header.positions);
    expect(onEntry.ok ? [] : onEntry.issues).toEqual([
      {
        column: 'qualification',
        reason: 'is required for On Entry records: the qualification disclosed, e.g. HKDSE',
      },
    ]);
    const abroad = checkRow(
      fields({ ...good, category: 'hkust-organized-study-abroad', qualification: '' }),
      header.positions,
    );
    expect(abroad.ok).toBe(true);
  });

  it('refuses a row whose fields do not match the header, and a missing value in its column', () => {
    const short = checkRow(['URAO-1', '21041179'], header.positions);
    expect(short.ok ? [] : short.issues).toEqual([
      { column: '(row)', reason: 'has 2 fields; the header has 9' },
    ]);
    const empty = checkRow(fields({ ...good, studyPeriod: '   ' }), header.positions);
    expect(empty.ok ? [] : empty.issues.map((i) => i.column)).toEqual(['studyPeriod']);
  });

  it('lets each office create only its own categories, naming the owner', () => {
    expect(ownershipIssue('URAO', 'on-entry-disclosed')).toBeUndefined();
    expect(ownershipIssue('OGL', 'hkust-organized-study-abroad')).toBeUndefined();
    expect(ownershipIssue('OGL', 'self-arranged-study-abroad')).toBeUndefined();
    expect(ownershipIssue('URAO', 'self-arranged-study-abroad')).toMatch(/created by OGL, not by URAO/);
    expect(ownershipIssue('OGL', 'on-entry-disclosed')).toMatch(/created by URAO, not by OGL/);
    expect(ownershipIssue('URAO', 'on-entry-non-disclosed')).toMatch(/created by the student/);
  });
});
