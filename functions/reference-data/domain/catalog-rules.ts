import type { TransitionTable } from '../../store/domain/transitions.js';

// The HKUST catalog's rules, pure: what a course may hold, which of its changes matter to the
// mappings approved against it, and the catalog CSV (its header, its rows, each problem naming the
// row and the column). The import and the admin routes judge by the same functions.

/** A course is offered until ARO retires it; a retired course stays readable for the mappings to it. */
export const courseStatuses = ['Offered', 'Retired'] as const;
export type CourseStatus = (typeof courseStatuses)[number];

export const courseTransitions: TransitionTable<CourseStatus> = {
  entity: 'HKUST course',
  initial: ['Offered'],
  allowed: { Offered: ['Retired'], Retired: [] },
};

/** What ARO sets of a course. */
export interface CourseFields {
  title: string;
  credits: number;
  subjectArea: string;
  exclusions: string[];
}

const codePattern = /^[A-Z]{4}(\d{4}[A-Z]*|\d000LEVEL)$/;
export const normalizeCode = (raw: string): string => raw.replace(/\s+/g, '').toUpperCase();
export const isCourseCode = (code: string): boolean => codePattern.test(code);

export const maxTitleLength = 200;
export const maxExclusions = 30;
export const maxCredits = 12;

export interface FieldProblem {
  /** The field as the caller names it (a CSV column, a body field). */
  field: keyof CourseFields | 'code';
  reason: string;
}

/** Every problem of a course's fields (none: it may be written). `code` is the course's own. */
export function courseProblems(code: string, f: CourseFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isCourseCode(code))
    problems.push({ field: 'code', reason: 'must be an HKUST course code like HUMA1103' });
  const title = f.title.trim();
  if (title === '') problems.push({ field: 'title', reason: 'is required' });
  else if (title.length > maxTitleLength)
    problems.push({ field: 'title', reason: `must be at most ${maxTitleLength} characters` });
  if (!Number.isFinite(f.credits) || f.credits < 0 || f.credits > maxCredits)
    problems.push({ field: 'credits', reason: `must be a number from 0 to ${maxCredits}` });
  else if (Math.round(f.credits * 2) !== f.credits * 2)
    problems.push({ field: 'credits', reason: 'must be a whole or half credit, such as 3 or 1.5' });
  if (!/^[A-Z]{4}$/.test(f.subjectArea))
    problems.push({ field: 'subjectArea', reason: 'must be four capital letters, such as HUMA' });
  if (f.exclusions.length > maxExclusions)
    problems.push({ field: 'exclusions', reason: `at most ${maxExclusions} courses` });
  for (const x of f.exclusions) {
    if (!isCourseCode(x)) problems.push({ field: 'exclusions', reason: `${x} is not an HKUST course code` });
    else if (x === code) problems.push({ field: 'exclusions', reason: 'a course cannot exclude itself' });
  }
  return problems;
}

/** The exclusions as stored: codes normalized, each once, in code order. */
export const normalizeExclusions = (codes: readonly string[]): string[] =>
  [...new Set(codes.map(normalizeCode).filter(Boolean))].sort();

export interface CourseState extends CourseFields {
  status: CourseStatus;
}

/**
 * The changes of a course that can make an approved mapping to it wrong, in words: its credits (the
 * credit transferred), its exclusions (what a student may also take), its retirement. A new title or
 * subject area is recorded, but the mappings approved against the course still hold.
 */
export function materialChanges(before: CourseState | undefined, after: CourseState): string[] {
  if (!before) return [];
  const changes: string[] = [];
  if (before.status !== 'Retired' && after.status === 'Retired') changes.push('retired');
  if (before.credits !== after.credits) changes.push(`credits ${before.credits} → ${after.credits}`);
  const was = normalizeExclusions(before.exclusions);
  const is = normalizeExclusions(after.exclusions);
  if (was.join(' ') !== is.join(' '))
    changes.push(`exclusions ${was.join(' ') || '(none)'} → ${is.join(' ') || '(none)'}`);
  return changes;
}

/** Whether `after` differs from `before` at all (an unchanged row of a re-imported file writes nothing). */
export function sameCourse(before: CourseState | undefined, after: CourseState): boolean {
  return (
    before !== undefined &&
    before.status === after.status &&
    before.title === after.title &&
    before.credits === after.credits &&
    before.subjectArea === after.subjectArea &&
    normalizeExclusions(before.exclusions).join(' ') === normalizeExclusions(after.exclusions).join(' ')
  );
}

// ---- the catalog CSV ----

/** The columns of a catalog file, in this order; exclusions are codes separated by spaces or semicolons. */
export const catalogCsvColumns = ['code', 'title', 'credits', 'subjectArea', 'exclusions'] as const;
export const maxCatalogCsvBytes = 2 * 1024 * 1024;
/**
 * Within the API's 30 s whatever the file holds: a new or changed course costs some 20 ms of writes
 * on a loaded local emulator (packed 100 items to a transaction), an unchanged one a read. A larger
 * catalog goes in several files.
 */
export const maxCatalogCsvRows = 1_000;

export interface CsvRowProblem {
  /** 1-based line of the file (the header is row 1). */
  row: number;
  column: string;
  reason: string;
}

export interface CatalogRow extends CourseFields {
  row: number;
  code: string;
}

export type CsvParse =
  | { ok: true; rows: CatalogRow[]; problems: CsvRowProblem[] }
  /** The file as a whole is refused: its encoding, its header, its size. */
  | { ok: false; reason: string };

/** RFC 4180 records: commas, double-quoted fields with "" for a quote, CRLF or LF line ends. */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** The file's rows, each validated on its own; a bad header or encoding refuses the whole file. */
export function parseCatalogCsv(text: string): CsvParse {
  if (text.includes('\uFFFD')) return { ok: false, reason: 'the file is not UTF-8 text' };
  const records = csvRecords(text.replace(/^\uFEFF/, ''));
  const header = (records[0] ?? []).map((h) => h.trim());
  const expected = catalogCsvColumns.join(',');
  if (header.join(',').toLowerCase() !== expected.toLowerCase())
    return {
      ok: false,
      reason: `the header must be exactly ${expected} (found ${header.join(',') || 'nothing'})`,
    };
  const body = records.slice(1);
  if (body.length > maxCatalogCsvRows)
    return { ok: false, reason: `at most ${maxCatalogCsvRows} rows in one file (found ${body.length})` };
  const rows: CatalogRow[] = [];
  const problems: CsvRowProblem[] = [];
  const seen = new Map<string, number>();
  body.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    if (cells.length !== catalogCsvColumns.length) {
      problems.push({
        row,
        column: 'row',
        reason: `has ${cells.length} columns; ${catalogCsvColumns.length} expected`,
      });
      return;
    }
    const [rawCode, title, rawCredits, subjectArea, rawExclusions] = cells.map((c) => c.trim()) as [
      string,
      string,
      string,
      string,
      string,
    ];
    const code = normalizeCode(rawCode);
    const credits = rawCredits === '' ? Number.NaN : Number(rawCredits);
    const fields: CourseFields = {
      title,
      credits,
      subjectArea: subjectArea.toUpperCase(),
      exclusions: normalizeExclusions(rawExclusions.split(/[\s;]+/)),
    };
    const own = courseProblems(code, fields).map((p) => ({ row, column: p.field, reason: p.reason }));
    const first = seen.get(code);
    if (first !== undefined) own.push({ row, column: 'code', reason: `${code} is on row ${first} already` });
    if (own.length > 0) {
      problems.push(...own);
      return;
    }
    seen.set(code, row);
    rows.push({ row, code, ...fields });
  });
  return { ok: true, rows, problems };
}
