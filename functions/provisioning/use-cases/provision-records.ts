// Study records created by the office that owns their category (guide §3.1.1 URAO, §3.2 and §3.3
// OGL), one through the API or many as the rows of an import job; both go through `provisionRows`.
//
// provisionRows — Input: the office and its staff member, rows checked by the contract's schema.
//   Output: each row created, unchanged or rejected (each problem naming its column). Primary course:
//   one strongly consistent read of the rows' students, institutions and office-reference claims;
//   the rows that are new are written in one transaction, each row its office-reference claim, the
//   record with its (student, institution, category) claim, its audit event naming the staff member,
//   the student's mail and the Study Record Created event. A cancelled transaction (a race, a
//   student's record at the institution already) is retried row by row, where each condition that
//   failed is told apart.
//   - A reference sent again with the same content is unchanged: nothing is written.
//   - With other content it is rejected as a conflict, naming the columns that differ. An import does
//     not correct a record: mapping requests and applications may already be judged against its
//     transfer term, so a correction is a change of its own, not a side effect of a file.
//   - An unknown student is rejected: Student Information comes from the student information system,
//     and a record (and a mail) for a mistyped ID must not create a person. The row's email must be
//     the one CTS holds, which catches an ID typed as another student's.
// createOfficeStudyRecord — one record: the same, with a category of another office a 403 naming
//   the owner, a reference that exists answered with its record (200), a conflict a 409.

import { ConflictError, ForbiddenError, ValidationError } from '../../commons/errors.js';
import { escapeHtml } from '../../commons/html.js';
import type { Mail } from '../../commons/mail.js';
import { integrationEvent } from '../../integration/entities/integration-event.js';
import { mailSend, type OutboxMessage } from '../../outbox/entities/outbox-item.js';
import { studyRecordCategories } from '../../records/domain/study-record.js';
import type { Student, StudyRecord } from '../../records/entities/student.js';
import type { Institution } from '../../reference-data/entities/catalog.js';
import type { AuditEvent } from '../../store/audit.js';
import type { OfficeStudyRecordInput, ProvisionedRecord } from '../contracts.js';
import {
  type ColumnIssue,
  contentOf,
  differences,
  officeRecord,
  ownershipIssue,
  type RecordsOffice,
} from '../domain/import-rows.js';
import type { OfficeReferenceClaim } from '../entities/import-job.js';

export interface OfficeActor {
  office: RecordsOffice;
  staffId: string;
}

export interface Lookup {
  students: Map<string, Student>;
  institutions: Map<string, Institution>;
  /** By office reference. */
  claims: Map<string, OfficeReferenceClaim>;
}

export interface NewOfficeRecord {
  claim: OfficeReferenceClaim;
  record: StudyRecord;
  audit: Omit<AuditEvent, 'subjectPk' | 'subjectId' | 'eventId'>;
  outbox: OutboxMessage[];
}

export type WriteOutcome =
  | { written: true }
  /** The office reference's claim exists (it is read back and named). */
  | { written: false; reason: 'reference-taken'; claim: OfficeReferenceClaim | undefined }
  /** The student has a record at the institution in the category already. */
  | { written: false; reason: 'duplicate'; existingRecordId: string | undefined }
  /** A concurrent transaction touched the same items: try again. */
  | { written: false; reason: 'retry' };

export interface ProvisioningStore {
  /** The students, institutions and claims named, read strongly (those not found are absent). */
  lookup(query: {
    office: RecordsOffice;
    studentIds: string[];
    institutionIds: string[];
    officeReferences: string[];
  }): Promise<Lookup>;
  /** All the records in one transaction; false when it was cancelled (nothing was written). */
  writeBatch(records: NewOfficeRecord[]): Promise<boolean>;
  writeOne(record: NewOfficeRecord): Promise<WriteOutcome>;
}

export interface ProvisioningDeps {
  store: ProvisioningStore;
  now: () => Date;
  newRecordId: () => string;
  /** Waits before trying a row again after a transaction conflict (tests pass none). */
  pause?: (attempt: number) => Promise<void>;
  /** Institutions read before, by this job: each is read once per job, not once per row. */
  institutionCache?: Map<string, Institution | null>;
}

export interface RowInput {
  row: number;
  input: OfficeStudyRecordInput;
}

export type RowOutcome =
  | { row: number; outcome: 'created'; record: StudyRecord; claim: OfficeReferenceClaim }
  | {
      row: number;
      outcome: 'unchanged';
      claim: OfficeReferenceClaim;
      institutionName: string;
      /** Created by this very job, in a run that did not finish. */
      byThisJob?: boolean;
    }
  | {
      row: number;
      outcome: 'rejected';
      officeReference: string;
      issues: ColumnIssue[];
      /** The record that stands in the way (a conflict, a duplicate). */
      recordId?: string;
      kind: 'invalid' | 'conflict' | 'duplicate' | 'forbidden';
    };

export function studyRecordMail(record: StudyRecord, student: Student): Mail {
  const category = studyRecordCategories[record.category];
  const subject = `CTS: a study record at ${record.institutionName} has been added for you`;
  const lines = [
    `Dear ${student.name},`,
    `${record.createdBy} has added a study record to your Credit Transfer System (CTS) account: ${category.label} at ${record.institutionName}${record.qualification ? ` (${record.qualification})` : ''}, study period ${record.studyPeriod}, transfer term ${record.transferTerm}.`,
    'It is on My Dashboard now. From its Study Record you can search existing course mappings at the institution and request mappings for the courses you take there.',
    'If this record is not right, please contact the office that added it.',
  ];
  return {
    to: [student.email],
    subject,
    text: lines.join('\n\n'),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'),
  };
}

function newRecord(
  actor: OfficeActor,
  input: OfficeStudyRecordInput,
  institution: Institution,
  student: Student,
  deps: ProvisioningDeps,
  jobId: string | undefined,
): NewOfficeRecord {
  const at = deps.now().toISOString();
  const record = officeRecord(input, actor.office, institution.name, deps.newRecordId(), at);
  const label = studyRecordCategories[record.category].label;
  return {
    claim: {
      office: actor.office,
      officeReference: input.officeReference,
      recordId: record.recordId,
      content: contentOf(input),
      ...(jobId ? { jobId } : {}),
      createdBy: actor.staffId,
      createdAt: at,
    },
    record,
    audit: {
      at,
      actor: actor.staffId,
      action: `Study record created by ${actor.office} (${label}${record.qualification ? `, ${record.qualification}` : ''}) at ${record.institutionName}: office reference ${input.officeReference}${jobId ? `, import job ${jobId}` : ''}`,
      to: label,
    },
    outbox: [
      mailSend(`study-record:${record.studentId}:${record.recordId}`, studyRecordMail(record, student)),
      integrationEvent('Study Record Created', `${record.studentId}:${record.recordId}`, at, {
        studentId: record.studentId,
        recordId: record.recordId,
        institutionId: record.institutionId,
        institutionName: record.institutionName,
        category: record.category,
        transferTerm: record.transferTerm,
      }),
    ],
  };
}

const rejected = (
  r: RowInput,
  kind: Extract<RowOutcome, { outcome: 'rejected' }>['kind'],
  issues: ColumnIssue[],
  recordId?: string,
): RowOutcome => ({
  row: r.row,
  outcome: 'rejected',
  officeReference: r.input.officeReference,
  issues,
  kind,
  ...(recordId ? { recordId } : {}),
});

/** A reference that names a record already: unchanged when the content is the same. */
function againstClaim(r: RowInput, claim: OfficeReferenceClaim, institutionName: string, jobId?: string) {
  const differ = differences(claim.content, contentOf(r.input));
  if (differ.length > 0) return rejected(r, 'conflict', differ, claim.recordId);
  // A run resumed after a crash finds the records it created itself: they count as created.
  const byThisJob = jobId !== undefined && claim.jobId === jobId;
  return {
    row: r.row,
    outcome: 'unchanged',
    claim,
    institutionName,
    ...(byThisJob ? { byThisJob } : {}),
  } satisfies RowOutcome;
}

const duplicateIssue = (input: OfficeStudyRecordInput, institutionName: string, recordId?: string) => ({
  column: 'institutionId',
  reason: `the student has a study record at ${institutionName} in this category (${studyRecordCategories[input.category].label}) already${recordId ? `: ${recordId}` : ''}; a student has one record per institution and category`,
});

const maxRowAttempts = 5;

async function writeAlone(
  deps: ProvisioningDeps,
  r: RowInput,
  change: NewOfficeRecord,
  jobId: string | undefined,
): Promise<RowOutcome> {
  for (let attempt = 1; attempt <= maxRowAttempts; attempt++) {
    const outcome = await deps.store.writeOne(change);
    if (outcome.written)
      return { row: r.row, outcome: 'created', record: change.record, claim: change.claim };
    if (outcome.reason === 'reference-taken') {
      if (!outcome.claim) continue;
      return againstClaim(r, outcome.claim, change.record.institutionName, jobId);
    }
    if (outcome.reason === 'duplicate')
      return rejected(
        r,
        'duplicate',
        [duplicateIssue(r.input, change.record.institutionName, outcome.existingRecordId)],
        outcome.existingRecordId,
      );
    await deps.pause?.(attempt);
  }
  throw new ConflictError(
    `Row ${r.row} (${r.input.officeReference}) could not be written because of concurrent changes`,
  );
}

/** The rows' outcomes, in the rows' order. */
export async function provisionRows(
  deps: ProvisioningDeps,
  actor: OfficeActor,
  rows: RowInput[],
  jobId?: string,
): Promise<RowOutcome[]> {
  if (rows.length === 0) return [];
  const cache = deps.institutionCache;
  const institutionIds = [...new Set(rows.map((r) => r.input.institutionId))].filter((id) => !cache?.has(id));
  const found = await deps.store.lookup({
    office: actor.office,
    studentIds: [...new Set(rows.map((r) => r.input.studentId))],
    institutionIds,
    officeReferences: rows.map((r) => r.input.officeReference),
  });
  for (const id of institutionIds) cache?.set(id, found.institutions.get(id) ?? null);
  const institutionOf = (id: string) => (cache ? cache.get(id) : found.institutions.get(id)) ?? undefined;

  const outcomes = new Map<number, RowOutcome>();
  const toWrite: { r: RowInput; change: NewOfficeRecord }[] = [];
  for (const r of rows) {
    const { input } = r;
    const owner = ownershipIssue(actor.office, input.category);
    if (owner) {
      outcomes.set(r.row, rejected(r, 'forbidden', [{ column: 'category', reason: owner }]));
      continue;
    }
    const institution = institutionOf(input.institutionId);
    const claim = found.claims.get(input.officeReference);
    if (claim) {
      outcomes.set(r.row, againstClaim(r, claim, institution?.name ?? input.institutionId, jobId));
      continue;
    }
    const issues: ColumnIssue[] = [];
    const student = found.students.get(input.studentId);
    if (!student)
      issues.push({
        column: 'studentId',
        reason: `no student ${input.studentId} in CTS; students come from the student information system`,
      });
    else if (student.email.toLowerCase() !== input.studentEmail.toLowerCase())
      issues.push({
        column: 'studentEmail',
        reason: `is not the email CTS holds for student ${input.studentId}; check the student ID`,
      });
    if (!institution || (institution.status ?? 'listed') !== 'listed')
      issues.push({
        column: 'institutionId',
        reason: `is not an institution of the list (${input.institutionId})`,
      });
    if (issues.length > 0 || !student || !institution) {
      outcomes.set(r.row, rejected(r, 'invalid', issues));
      continue;
    }
    toWrite.push({ r, change: newRecord(actor, input, institution, student, deps, jobId) });
  }

  const batched = toWrite.length > 1 && (await deps.store.writeBatch(toWrite.map((w) => w.change)));
  for (const { r, change } of toWrite) {
    outcomes.set(
      r.row,
      batched
        ? { row: r.row, outcome: 'created', record: change.record, claim: change.claim }
        : await writeAlone(deps, r, change, jobId),
    );
  }
  return rows.map((r) => outcomes.get(r.row) as RowOutcome);
}

const recordView = (
  claim: OfficeReferenceClaim,
  institutionName: string,
  recordId: string,
): ProvisionedRecord['record'] => ({
  recordId,
  institutionId: claim.content.institutionId,
  institutionName,
  category: studyRecordCategories[claim.content.category].label,
  transferTerm: claim.content.transferTerm,
  studyPeriod: claim.content.studyPeriod,
  ...(claim.content.qualification ? { qualification: claim.content.qualification } : {}),
});

/** The record exists already, or another stands in its way: the 409 names it. */
export class OfficeRecordConflictError extends ConflictError {
  constructor(
    message: string,
    readonly recordId: string | undefined,
  ) {
    super(message);
  }
}

export async function createOfficeStudyRecord(
  deps: ProvisioningDeps,
  actor: OfficeActor,
  input: OfficeStudyRecordInput,
): Promise<{ created: boolean; body: ProvisionedRecord }> {
  const owner = ownershipIssue(actor.office, input.category);
  if (owner) throw new ForbiddenError(owner);
  const [result] = await provisionRows(deps, actor, [{ row: 1, input }]);
  if (!result) throw new Error('provisionRows answered no outcome');
  const base = { officeReference: input.officeReference, office: actor.office, studentId: input.studentId };
  if (result.outcome === 'created')
    return {
      created: true,
      body: {
        ...base,
        record: recordView(result.claim, result.record.institutionName, result.record.recordId),
      },
    };
  if (result.outcome === 'unchanged')
    return {
      created: false,
      body: { ...base, record: recordView(result.claim, result.institutionName, result.claim.recordId) },
    };
  if (result.kind === 'invalid')
    throw new ValidationError(result.issues.map((i) => ({ field: `body.${i.column}`, reason: i.reason })));
  if (result.kind === 'forbidden') throw new ForbiddenError(result.issues[0]?.reason ?? 'Forbidden');
  const what =
    result.kind === 'conflict'
      ? `Office reference ${input.officeReference} names record ${result.recordId} already, with other content: ${result.issues.map((i) => `${i.column} ${i.reason}`).join('; ')}`
      : (result.issues[0]?.reason ?? 'The student has this record already');
  throw new OfficeRecordConflictError(what, result.recordId);
}
