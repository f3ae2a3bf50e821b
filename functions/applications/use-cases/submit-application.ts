// A student's application goes to processing, and the student's ways out (guide §5.1, §5.3).
//
// submitApplication — Input: a Draft, the final grades (merged into the saved ones) and, after the
//   transfer term's application deadline, a justification. Every incoming course needs its grade,
//   each on the host institution's grade scale. Output: routed by the endorsement rule table in force
//   (stored with the rows that matched): Pending Program Office Endorsement when a rule names offices,
//   else Submitted (to ARO, flagged when a rule failed closed); the workflow is started and the
//   student mailed, all in the one commit.
// provideApplicationInfo — Need Further Info answered (justification, verified PDF documents, any
//   changed grade): back to ARO, or back through endorsement when a grade or a fact the rules read
//   changed since endorsement. A new workflow execution.
// withdrawApplication — before a decision: Withdrawn, every wait ended, the workflow stopped.
// reopenApplication — a Withdrawn or Not Endorsed application becomes a Draft again (the same
//   application, so a record still has one per mapping).
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from '../../commons/errors.js';
import { convertGrade, type GradeScale } from '../../conversion/domain/ucts-conversion.js';
import type { Subject } from '../../human-steps/domain/steps.js';
import { workflowStart, workflowStop } from '../../outbox/entities/outbox-item.js';
import type { Student, StudyRecord } from '../../records/entities/student.js';
import type { Upload } from '../../uploads/entities/upload.js';
import type { ApplicationView } from '../contracts.js';
import { isLate } from '../domain/application-deadline.js';
import { mayWithdraw } from '../domain/application-status.js';
import {
  type ApplicationFacts,
  type EndorsementRouting,
  type EndorsementRuleTable,
  evaluateEndorsement,
  homeCourseFacts,
  reendorsementReason,
} from '../domain/endorsement-rules.js';
import type { Application } from '../entities/application.js';
import { applicationSubject } from '../human-steps/steps.js';
import { applicationStatusMail } from './application-mail.js';
import {
  type ApplicationDeps,
  type ApplicationStore,
  assertDraft,
  deadlineFor,
  type FinalGrades,
  mine,
  viewOf,
  withFinalGrades,
} from './applications.js';

/** An institution's grade scale as in force (functions/conversion). */
export interface GradingReader {
  current(institutionId: string): Promise<{ gradeScale: GradeScale } | undefined>;
}

export interface SubmitStore extends ApplicationStore {
  /** The student's verified PDF uploads among these ids. */
  getUploads(studentId: string, uploadIds: string[]): Promise<Upload[]>;
  /** The awaited steps of the application's workflow (to end them on withdrawal). */
  awaitedSteps(subject: Subject): Promise<string[]>;
}

export interface SubmitDeps extends ApplicationDeps {
  store: SubmitStore;
  rules: { latest(): Promise<EndorsementRuleTable | undefined> };
  gradings: GradingReader;
}

const noTable: EndorsementRuleTable = {
  version: 0,
  rows: [],
  publishedBy: 'nobody',
  publishedAt: '1970-01-01T00:00:00Z',
};

const executionName = (a: Application) => `${a.applicationId}-${a.attempt ?? 0}`;

/** What follows a (re)submission: this attempt's execution of the workflow, and the student's mail. */
const toProcessing = (next: Application, student: Student) => [
  workflowStart('ct-application', executionName(next), {
    studentId: next.studentId,
    applicationId: next.applicationId,
    attempt: next.attempt,
  }),
  applicationStatusMail(next, student),
];

async function contextOf(
  deps: SubmitDeps,
  a: Application,
): Promise<{ student: Student; record: StudyRecord }> {
  const [student, record] = await Promise.all([
    deps.store.getStudent(a.studentId),
    deps.store.getRecord(a.studentId, a.recordId),
  ]);
  if (!student || !record)
    throw new NotFoundError(`The study record of application ${a.applicationId} is gone`);
  return { student, record };
}

export const factsOf = (a: Application, student: Student, record: StudyRecord): ApplicationFacts => ({
  program: student.program,
  cohortTerm: student.cohortTerm,
  academicYear: student.academicYear,
  category: record.category,
  transferTerm: record.transferTerm,
  courses: a.homeCourses.map((c) => homeCourseFacts(c.code, c.subjectArea)),
});

/** Every incoming course graded, on the institution's scale when ARO has set one. */
async function checkGrades(deps: SubmitDeps, a: Application): Promise<Application['gradeScale']> {
  const missing: FieldIssue[] = a.incomingCourses.flatMap((c, i) =>
    c.finalGrade
      ? []
      : [{ field: `body.finalGrades.${i}.grade`, reason: `enter the final grade of ${c.code}` }],
  );
  if (missing.length > 0) throw new ValidationError(missing);
  const grading = await deps.gradings.current(a.institutionId);
  if (!grading) return undefined;
  const scale = grading.gradeScale;
  const wrong: FieldIssue[] = a.incomingCourses.flatMap((c, i) => {
    const converted = convertGrade(c.finalGrade ?? '', scale, `body.finalGrades.${i}.grade`);
    return converted.ok
      ? []
      : [
          {
            field: `body.finalGrades.${i}.grade`,
            reason: `${c.finalGrade} is not a grade of ${a.institutionName}'s scale (${scale.grades.map((g) => g.grade).join(', ')})`,
          },
        ];
  });
  if (wrong.length > 0) throw new ValidationError(wrong);
  return { id: scale.id, version: scale.version };
}

const statusOfRouting = (routing: EndorsementRouting): Application['status'] =>
  routing.outcome === 'endorsement' ? 'Pending Program Office Endorsement' : 'Submitted';

function assertVersion(a: Application, version: number) {
  if (a.version !== version) {
    throw new ConflictError(
      `Application ${a.applicationId} changed meanwhile (version ${a.version}, not ${version}); reload it`,
    );
  }
}

async function commitOrConflict(deps: SubmitDeps, change: Parameters<ApplicationStore['commit']>[0]) {
  if (!(await deps.store.commit(change))) {
    throw new ConflictError(`Application ${change.next.applicationId} changed meanwhile; reload it`);
  }
}

export async function submitApplication(
  deps: SubmitDeps,
  studentId: string,
  applicationId: string,
  input: { finalGrades?: FinalGrades | undefined; lateJustification?: string | undefined; version: number },
): Promise<ApplicationView> {
  const previous = await mine(deps, studentId, applicationId);
  assertDraft(previous, input.version);
  const graded: Application = {
    ...previous,
    incomingCourses: withFinalGrades(previous, input.finalGrades ?? []),
  };
  const [gradeScale, { student, record }, deadline, table] = await Promise.all([
    checkGrades(deps, graded),
    contextOf(deps, previous),
    deadlineFor(deps.store, previous.transferTerm),
    deps.rules.latest(),
  ]);
  const now = deps.now();
  const late = isLate(deadline, now);
  if (late && !input.lateJustification) {
    throw ValidationError.of(
      'body.lateJustification',
      `the application deadline for ${previous.transferTerm} was ${deadline}: give a justification for applying late`,
    );
  }
  const facts = factsOf(graded, student, record);
  const routing = evaluateEndorsement(table ?? noTable, facts);
  const at = now.toISOString();
  const {
    late: _late,
    endorsements: _endorsements,
    endorsedGrades: _endorsedGrades,
    furtherInfo: _furtherInfo,
    decision: _decision,
    ...rest
  } = graded;
  const next: Application = {
    ...rest,
    status: statusOfRouting(routing),
    submittedAt: at,
    attempt: (previous.attempt ?? 0) + 1,
    routing,
    routedFacts: facts,
    ...(gradeScale ? { gradeScale } : {}),
    ...(late ? { late: { deadline, justification: input.lateJustification ?? '' } } : {}),
    endorsements: [],
    updatedAt: at,
    version: previous.version + 1,
  };
  await commitOrConflict(deps, {
    previous,
    next,
    audit: {
      at,
      actor: studentId,
      action: late ? 'Submitted after the application deadline' : 'Submitted',
      from: previous.status,
      to: next.status,
      reason: routing.reason,
    },
    outbox: toProcessing(next, student),
  });
  return viewOf(deps.store, next);
}

export async function provideApplicationInfo(
  deps: SubmitDeps,
  studentId: string,
  applicationId: string,
  input: {
    justification: string;
    documentIds: string[];
    finalGrades?: FinalGrades | undefined;
    version: number;
  },
): Promise<ApplicationView> {
  const previous = await mine(deps, studentId, applicationId);
  if (previous.status !== 'Need Further Info' || !previous.furtherInfo) {
    throw new ConflictError(
      `Application ${applicationId} is ${previous.status}: Provide Info answers Need Further Info only`,
    );
  }
  assertVersion(previous, input.version);
  const graded: Application = {
    ...previous,
    incomingCourses: withFinalGrades(previous, input.finalGrades ?? []),
  };
  const uploads = new Map(
    (await deps.store.getUploads(studentId, [...new Set(input.documentIds)])).map((u) => [u.uploadId, u]),
  );
  const documentIssues = input.documentIds.flatMap((uploadId, i) => {
    const upload = uploads.get(uploadId);
    const field = `body.documentIds.${i}`;
    if (!upload) return [{ field, reason: `upload ${uploadId} is not one of yours` }];
    return upload.status === 'Verified'
      ? []
      : [{ field, reason: `${upload.fileName} is not a verified PDF (${upload.status})` }];
  });
  if (documentIssues.length > 0) throw new ValidationError(documentIssues);
  const [gradeScale, { student, record }, table] = await Promise.all([
    checkGrades(deps, graded),
    contextOf(deps, previous),
    deps.rules.latest(),
  ]);
  const facts = factsOf(graded, student, record);
  const gradesNow = Object.fromEntries(graded.incomingCourses.map((c) => [c.code, c.finalGrade ?? '']));
  const wasEndorsed = previous.routing?.outcome === 'endorsement';
  const gradeChanged =
    wasEndorsed &&
    Object.entries(gradesNow).some(([code, grade]) => previous.endorsedGrades?.[code] !== grade);
  const again = previous.routedFacts
    ? reendorsementReason(previous.routedFacts, facts, gradeChanged)
    : undefined;
  const routing = again ? evaluateEndorsement(table ?? noTable, facts) : previous.routing;
  const status: Application['status'] = again && routing ? statusOfRouting(routing) : 'Submitted';
  const at = deps.now().toISOString();
  const next: Application = {
    ...graded,
    status,
    attempt: (previous.attempt ?? 0) + 1,
    ...(routing ? { routing } : {}),
    routedFacts: again ? facts : (previous.routedFacts ?? facts),
    ...(gradeScale ? { gradeScale } : {}),
    ...(again ? { endorsements: [] } : {}),
    furtherInfo: {
      ...previous.furtherInfo,
      provided: {
        justification: input.justification,
        documents: input.documentIds.map((uploadId) => ({
          uploadId,
          fileName: (uploads.get(uploadId) as Upload).fileName,
        })),
        at,
      },
    },
    updatedAt: at,
    version: previous.version + 1,
  };
  await commitOrConflict(deps, {
    previous,
    next,
    audit: {
      at,
      actor: studentId,
      action: again ? `Provided further info; back through endorsement. ${again}` : 'Provided further info',
      from: previous.status,
      to: next.status,
      reason: input.justification,
    },
    outbox: toProcessing(next, student),
  });
  return viewOf(deps.store, next);
}

export async function withdrawApplication(
  deps: SubmitDeps,
  studentId: string,
  applicationId: string,
  version: number,
): Promise<ApplicationView> {
  const previous = await mine(deps, studentId, applicationId);
  if (!mayWithdraw(previous.status)) {
    throw new ConflictError(
      `Application ${applicationId} is ${previous.status}: it can no longer be withdrawn`,
    );
  }
  assertVersion(previous, version);
  const subject = applicationSubject(previous);
  const [student, waits] = await Promise.all([
    deps.store.getStudent(studentId),
    deps.store.awaitedSteps(subject),
  ]);
  const at = deps.now().toISOString();
  const next: Application = {
    ...previous,
    status: 'Withdrawn',
    updatedAt: at,
    version: previous.version + 1,
  };
  await commitOrConflict(deps, {
    previous,
    next,
    audit: {
      at,
      actor: studentId,
      action: 'Withdrawn by the student',
      from: previous.status,
      to: 'Withdrawn',
    },
    settles: { subject, stepIds: waits },
    outbox: [
      ...(previous.status !== 'Draft' && previous.attempt
        ? [workflowStop('ct-application', executionName(previous), 'Withdrawn by the student')]
        : []),
      ...(student ? [applicationStatusMail(next, student)] : []),
    ],
  });
  return viewOf(deps.store, next);
}

export async function reopenApplication(
  deps: SubmitDeps,
  studentId: string,
  applicationId: string,
  version: number,
): Promise<ApplicationView> {
  const previous = await mine(deps, studentId, applicationId);
  if (previous.status !== 'Withdrawn' && previous.status !== 'Not Endorsed') {
    throw new ConflictError(
      `Application ${applicationId} is ${previous.status}: only a withdrawn or not endorsed application can be reopened`,
    );
  }
  assertVersion(previous, version);
  const at = deps.now().toISOString();
  const next: Application = { ...previous, status: 'Draft', updatedAt: at, version: previous.version + 1 };
  await commitOrConflict(deps, {
    previous,
    next,
    audit: { at, actor: studentId, action: 'Reopened as a draft', from: previous.status, to: 'Draft' },
  });
  return viewOf(deps.store, next);
}
