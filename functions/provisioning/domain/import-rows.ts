// The rows of an office's CSV: the header decides the columns (refused whole when it is wrong), and
// each row is checked by the same schema as one record sent as JSON, every problem naming the row's
// column. Which office may create which category is declared once, with the categories.

import { type StudyRecordCategory, studyRecordCategories } from '../../records/domain/study-record.js';
import type { StudyRecord } from '../../records/entities/student.js';
import {
  type ImportColumn,
  importColumns,
  type OfficeStudyRecordInput,
  officeStudyRecordInput,
  optionalImportColumns,
} from '../contracts.js';

/** URAO or OGL (commons/auth's RecordsOffice, which a domain rule may not import). */
export type RecordsOffice = 'URAO' | 'OGL';

export interface ColumnIssue {
  column: string;
  reason: string;
}

/** Where each column is in the file's rows, or why the header is refused. */
export type HeaderCheck = { ok: true; positions: Map<ImportColumn, number> } | { ok: false; reason: string };

export function checkHeader(fields: readonly string[]): HeaderCheck {
  const names = fields.map((f) => f.trim());
  const positions = new Map<ImportColumn, number>();
  const unknown: string[] = [];
  const repeated: string[] = [];
  names.forEach((name, i) => {
    const column = importColumns.find((c) => c === name);
    if (!column) unknown.push(name === '' ? `(empty, column ${i + 1})` : name);
    else if (positions.has(column)) repeated.push(name);
    else positions.set(column, i);
  });
  const missing = importColumns.filter((c) => !positions.has(c) && !optionalImportColumns.includes(c));
  const problems = [
    missing.length ? `missing ${missing.join(', ')}` : '',
    unknown.length ? `unknown ${unknown.join(', ')}` : '',
    repeated.length ? `repeated ${repeated.join(', ')}` : '',
  ].filter(Boolean);
  if (problems.length === 0) return { ok: true, positions };
  return {
    ok: false,
    reason: `The header row is not the import's: ${problems.join('; ')}. The first row must name the columns ${importColumns.join(', ')} (any order; qualification may be left out).`,
  };
}

export type RowCheck =
  | { ok: true; input: OfficeStudyRecordInput }
  | { ok: false; officeReference?: string; issues: ColumnIssue[] };

/** A data row as the schema sees it: an empty cell is a missing value. */
export function rowObject(
  fields: readonly string[],
  positions: Map<ImportColumn, number>,
): Partial<Record<ImportColumn, string>> {
  const row: Partial<Record<ImportColumn, string>> = {};
  for (const [column, i] of positions) {
    const value = fields[i];
    if (value !== undefined && value.trim() !== '') row[column] = value;
  }
  return row;
}

/** The same check as a JSON body's: the schema's issues, each in the column of its field. */
export function checkRow(fields: readonly string[], positions: Map<ImportColumn, number>): RowCheck {
  const row = rowObject(fields, positions);
  const officeReference = row.officeReference?.trim();
  const ref = officeReference ? { officeReference } : {};
  if (fields.length !== positions.size) {
    return {
      ok: false,
      ...ref,
      issues: [{ column: '(row)', reason: `has ${fields.length} fields; the header has ${positions.size}` }],
    };
  }
  const parsed = officeStudyRecordInput.safeParse(row);
  if (parsed.success) return { ok: true, input: parsed.data };
  const issues = parsed.error.issues.map((issue) => ({
    column: String(issue.path[0] ?? '(row)'),
    reason: issue.message,
  }));
  return { ok: false, ...ref, issues: dedupe(issues) };
}

function dedupe(issues: ColumnIssue[]): ColumnIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.column}\u0000${i.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The office that creates records of a category (guide §3), or why this one may not. */
export function ownershipIssue(office: RecordsOffice, category: StudyRecordCategory): string | undefined {
  const { createdBy, label, description } = studyRecordCategories[category];
  if (createdBy === office) return undefined;
  const who = createdBy === 'Student' ? 'the student (+ Add Another Institution)' : createdBy;
  return `${label} records of this kind (${category}: ${description}) are created by ${who}, not by ${office}`;
}

/** What an office's record says: what a second sending of the same reference is compared by. */
export interface RecordContent {
  studentId: string;
  category: StudyRecordCategory;
  institutionId: string;
  qualification?: string;
  studyPeriod: string;
  transferTerm: string;
}

export const contentOf = (r: RecordContent): RecordContent => ({
  studentId: r.studentId,
  category: r.category,
  institutionId: r.institutionId,
  ...(r.qualification ? { qualification: r.qualification } : {}),
  studyPeriod: r.studyPeriod,
  transferTerm: r.transferTerm,
});

const contentFields = [
  'studentId',
  'category',
  'institutionId',
  'qualification',
  'studyPeriod',
  'transferTerm',
] as const satisfies readonly (keyof RecordContent & ImportColumn)[];

/** The fields in which `sent` differs from what the reference names: none means unchanged. */
export function differences(stored: RecordContent, sent: RecordContent): ColumnIssue[] {
  return contentFields
    .filter((f) => (stored[f] ?? '') !== (sent[f] ?? ''))
    .map((f) => ({
      column: f,
      reason: `differs from the record this office reference created (${stored[f] ?? 'empty'}); an import does not change a record`,
    }));
}

/** The record an office's row becomes. */
export function officeRecord(
  input: OfficeStudyRecordInput,
  office: RecordsOffice,
  institutionName: string,
  recordId: string,
  at: string,
): StudyRecord {
  return {
    studentId: input.studentId,
    recordId,
    institutionId: input.institutionId,
    institutionName,
    category: input.category,
    transferTerm: input.transferTerm,
    studyPeriod: input.studyPeriod,
    ...(input.qualification ? { qualification: input.qualification } : {}),
    createdBy: office,
    createdAt: at,
  };
}
