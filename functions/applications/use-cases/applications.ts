// Credit transfer applications, the student's drafts (guide §5.1).
//
// applyForCreditTransfer — Input: one of the student's study records and the D.B. Ref. No. of a
//   mapping at its institution. Only a mapping Ready for Credit Transfer in the record's transfer
//   term can be applied for. Output: the new Draft, its incoming and HKUST courses copied from the
//   mapping. One per record and mapping by construction: the second, however many arrive at once,
//   is a 409 naming the application that exists.
// saveApplicationDraft — the final grade per incoming course, as the host institution wrote it;
//   any may be left out (Save as Draft needs none). Under the version read; only a Draft is saved.
// deleteApplicationDraft — Delete: only a Draft, and with it the claim, so the mapping can be
//   applied for again.
// getMyApplication / listMyApplications — the student's own; another student's id is not found.
import { randomUUID } from 'node:crypto';
import { ConflictError, CtsError, NotFoundError, ValidationError } from '../../commons/errors.js';
import { compareIds } from '../../commons/ordering.js';
import type { Subject } from '../../human-steps/domain/steps.js';
import { isReadyForCreditTransfer } from '../../mappings/domain/mapping-validity.js';
import type { Mapping } from '../../mappings/entities/mapping.js';
import type { OutboxMessage } from '../../outbox/entities/outbox-item.js';
import type { Student, StudyRecord } from '../../records/entities/student.js';
import type { AuditEvent } from '../../store/audit.js';
import type { ApplicationAction, ApplicationView } from '../contracts.js';
import { defaultApplicationDeadline } from '../domain/application-deadline.js';
import type { Application, TermDeadline } from '../entities/application.js';

export interface ApplicationChange {
  previous: Application | undefined;
  next: Application;
  audit: Omit<AuditEvent, 'eventId' | 'subjectPk' | 'subjectId'>;
  /** What must follow: the workflow's start or stop, the student's mail. */
  outbox?: readonly OutboxMessage[];
  /** Waits of the workflow this change ends, removed in the same transaction. */
  settles?: { subject: Subject; stepIds: readonly string[] };
}

export type CreateOutcome = { created: true } | { created: false; existingApplicationId: string | undefined };

export interface ApplicationStore {
  getRecord(studentId: string, recordId: string): Promise<StudyRecord | undefined>;
  getMapping(ref: string): Promise<Mapping | undefined>;
  get(studentId: string, applicationId: string): Promise<Application | undefined>;
  listForRecord(studentId: string, recordId: string): Promise<Application[]>;
  /** Creates the application with its claim; tells whether the record had one for the mapping already. */
  create(change: ApplicationChange): Promise<CreateOutcome>;
  /** Commits a change under the previous version; false when it moved meanwhile. */
  commit(change: ApplicationChange & { previous: Application }): Promise<boolean>;
  /** Deletes a Draft and its claim under its version; false when it moved meanwhile. */
  deleteDraft(application: Application): Promise<boolean>;
  getStudent(studentId: string): Promise<Student | undefined>;
  /** The deadline ARO set for the term, if any (else the default applies). */
  deadlineOf(term: string): Promise<TermDeadline | undefined>;
}

export interface ApplicationDeps {
  store: ApplicationStore;
  now: () => Date;
}

/** 409 with the application the record already has for the mapping (Apply for CT twice). */
export class AlreadyAppliedError extends CtsError {
  readonly status = 409;
  readonly code = 'AlreadyApplied';
  constructor(readonly applicationId: string) {
    super(
      `You have already applied for this mapping: see application ${applicationId} in My Credit Transfer Applications`,
    );
  }
}

const actionsOf: Record<Application['status'], ApplicationAction[]> = {
  Draft: ['save', 'submit', 'delete'],
  'Pending Program Office Endorsement': ['withdraw'],
  Submitted: ['withdraw'],
  'Need Further Info': ['provide-info', 'withdraw'],
  'Not Endorsed': ['reopen'],
  Withdrawn: ['reopen'],
  Approved: [],
  Rejected: [],
};

/** The offices the routing asked and what each answered, in the rule table's order. */
function endorsementsView(a: Application): ApplicationView['endorsements'] {
  if (a.routing?.outcome !== 'endorsement') return [];
  return a.routing.endorsers.map((office) => {
    const answer = a.endorsements?.find((e) => e.officeId === office.officeId);
    return {
      officeName: office.name,
      outcome: answer?.outcome ?? 'Awaiting',
      ...(answer?.reason ? { reason: answer.reason } : {}),
    };
  });
}

/** The term's deadline as in force: ARO's, else the default. */
export async function deadlineFor(store: Pick<ApplicationStore, 'deadlineOf'>, term: string) {
  const set = await store.deadlineOf(term);
  return set?.deadline ?? defaultApplicationDeadline(term);
}

export const toApplicationView = (a: Application, applicationDeadline: string): ApplicationView => ({
  applicationId: a.applicationId,
  recordId: a.recordId,
  ref: a.ref,
  institutionName: a.institutionName,
  incomingCourses: a.incomingCourses,
  homeCourses: a.homeCourses,
  status: a.status,
  lastModified: a.updatedAt.slice(0, 10),
  createdAt: a.createdAt,
  version: a.version,
  transferTerm: a.transferTerm,
  applicationDeadline,
  ...(a.submittedAt ? { submittedAt: a.submittedAt } : {}),
  ...(a.late ? { late: a.late } : {}),
  endorsements: endorsementsView(a),
  ...(a.furtherInfo
    ? {
        furtherInfo: {
          note: a.furtherInfo.note,
          requestedAt: a.furtherInfo.requestedAt,
          provided: a.furtherInfo.provided !== undefined,
        },
      }
    : {}),
  ...(a.decision
    ? {
        decision: {
          outcome: a.decision.outcome,
          at: a.decision.at,
          ...(a.decision.reason ? { reason: a.decision.reason } : {}),
          ...(a.decision.credits !== undefined ? { credits: a.decision.credits } : {}),
          ...(a.decision.transferred ? { transferred: a.decision.transferred } : {}),
        },
      }
    : {}),
  actions: actionsOf[a.status],
});

/** The view with its term's deadline read. */
export async function viewOf(store: Pick<ApplicationStore, 'deadlineOf'>, a: Application) {
  return toApplicationView(a, await deadlineFor(store, a.transferTerm));
}

export async function applyForCreditTransfer(
  deps: ApplicationDeps,
  studentId: string,
  recordId: string,
  ref: string,
): Promise<ApplicationView> {
  const [record, mapping] = await Promise.all([
    deps.store.getRecord(studentId, recordId),
    deps.store.getMapping(ref),
  ]);
  if (!record) throw new NotFoundError(`No study record ${recordId} of yours`);
  if (!mapping || mapping.institutionId !== record.institutionId) {
    throw new NotFoundError(`No mapping ${ref} at ${record.institutionName}`);
  }
  if (!isReadyForCreditTransfer(mapping, record.transferTerm)) {
    throw new ConflictError(
      `Mapping ${ref} is not Ready for Credit Transfer in ${record.transferTerm}: only an approval valid in the record's transfer term can be applied for`,
    );
  }
  const at = deps.now().toISOString();
  const application: Application = {
    studentId,
    applicationId: randomUUID(),
    recordId,
    ref,
    institutionId: record.institutionId,
    institutionName: record.institutionName,
    incomingCourses: mapping.incomingCourses.map((c) => ({ ...c })),
    homeCourses: mapping.homeCourses.map((c) => ({ ...c })),
    transferTerm: record.transferTerm,
    status: 'Draft',
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const outcome = await deps.store.create({
    previous: undefined,
    next: application,
    audit: { at, actor: studentId, action: 'Applied for credit transfer', to: 'Draft' },
  });
  if (!outcome.created) {
    if (outcome.existingApplicationId) throw new AlreadyAppliedError(outcome.existingApplicationId);
    throw new ConflictError(
      'Many applications for this mapping arrived at the same moment; reload My Credit Transfer Applications',
    );
  }
  return viewOf(deps.store, application);
}

export async function mine(deps: Pick<ApplicationDeps, 'store'>, studentId: string, applicationId: string) {
  const application = await deps.store.get(studentId, applicationId);
  if (!application) throw new NotFoundError(`No application ${applicationId}`);
  return application;
}

export async function getMyApplication(
  deps: Pick<ApplicationDeps, 'store'>,
  studentId: string,
  applicationId: string,
) {
  return viewOf(deps.store, await mine(deps, studentId, applicationId));
}

export async function listMyApplications(
  deps: Pick<ApplicationDeps, 'store'>,
  studentId: string,
  recordId: string,
) {
  // The applications need only the path (the student's own partition), so they are read beside the
  // record; the deadline needs the record's term, and only when there is an application to show it on.
  const [record, applications] = await Promise.all([
    deps.store.getRecord(studentId, recordId),
    deps.store.listForRecord(studentId, recordId),
  ]);
  if (!record) throw new NotFoundError(`No study record ${recordId} of yours`);
  if (applications.length === 0) return { applications: [] };
  const deadline = await deadlineFor(deps.store, record.transferTerm);
  return {
    applications: applications
      .sort((a, b) => compareIds(b.updatedAt, a.updatedAt))
      .map((a) => toApplicationView(a, deadline)),
  };
}

export function assertDraft(application: Application, version: number) {
  if (application.status !== 'Draft') {
    throw new ConflictError(
      `Application ${application.applicationId} is ${application.status}: only a Draft can be changed here`,
    );
  }
  if (application.version !== version) {
    throw new ConflictError(
      `Application ${application.applicationId} changed meanwhile (version ${application.version}, not ${version}); reload it`,
    );
  }
}

export async function saveApplicationDraft(
  deps: ApplicationDeps,
  studentId: string,
  applicationId: string,
  draft: { finalGrades: { code: string; grade?: string | undefined }[]; version: number },
): Promise<ApplicationView> {
  const previous = await mine(deps, studentId, applicationId);
  assertDraft(previous, draft.version);
  const at = deps.now().toISOString();
  const next: Application = {
    ...previous,
    incomingCourses: withFinalGrades(previous, draft.finalGrades),
    updatedAt: at,
    version: previous.version + 1,
  };
  const committed = await deps.store.commit({
    previous,
    next,
    audit: { at, actor: studentId, action: 'Application saved as draft', from: 'Draft', to: 'Draft' },
  });
  if (!committed) throw new ConflictError(`Application ${applicationId} changed meanwhile; reload it`);
  return viewOf(deps.store, next);
}

export type FinalGrades = readonly { code: string; grade?: string | undefined }[];

/** The incoming courses with the grades given (each code once, of this mapping); others kept. */
export function withFinalGrades(
  previous: Application,
  finalGrades: FinalGrades,
): Application['incomingCourses'] {
  const codes = previous.incomingCourses.map((c) => c.code);
  finalGrades.forEach((g, i) => {
    if (!codes.includes(g.code)) {
      throw ValidationError.of(
        `body.finalGrades.${i}.code`,
        `${g.code} is not an incoming course of mapping ${previous.ref}`,
      );
    }
    if (finalGrades.findIndex((other) => other.code === g.code) < i) {
      throw ValidationError.of(`body.finalGrades.${i}.code`, `${g.code} is given twice`);
    }
  });
  const gradeOf = new Map(finalGrades.map((g) => [g.code, g.grade]));
  return previous.incomingCourses.map(({ finalGrade: kept, ...course }) => {
    const grade = gradeOf.has(course.code) ? gradeOf.get(course.code) : kept;
    return grade ? { ...course, finalGrade: grade } : course;
  });
}

export async function deleteApplicationDraft(
  deps: ApplicationDeps,
  studentId: string,
  applicationId: string,
) {
  const application = await mine(deps, studentId, applicationId);
  assertDraft(application, application.version);
  if (!(await deps.store.deleteDraft(application))) {
    throw new ConflictError(`Application ${applicationId} changed meanwhile; reload it`);
  }
}
