// ARO's side of credit transfer applications, through the admin API (guide §5; the item 5).
//
// listApplicationsForAro — the queue of one status (Submitted by default), oldest submission first,
//   filtered by institution, transfer term, late flag and the record's transcript status.
// getApplicationForAro — an application with its mapping's courses, grades, endorsements, the rule
//   version and rows that routed it, the transcript status, what the workflow awaits, the timeline.
// decideApplication — approve, reject with a reason, or Need Further Info with a note, on a
//   Submitted application waiting for ARO. Approval is refused (409, with the reason) without a
//   Verified official transcript, without a grade scale for the institution, or with a grade that
//   earns no credit; an approval records the HKUST courses, the credits transferred and the grade
//   "T". Before the transcript is Verified, ARO may still reject or ask for more.
// getTermDeadline / setTermDeadline — a transfer term's application deadline.
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../commons/errors.js';
import {
  type CreditSystem,
  convertApplication,
  type GradeScale,
} from '../../conversion/domain/ucts-conversion.js';
import type { DecideDeps } from '../../human-steps/use-cases/decide.js';
import { decideStep } from '../../human-steps/use-cases/decide.js';
import { isTerm } from '../../records/domain/transfer-term.js';
import type { Student } from '../../records/entities/student.js';
import type { AuditEvent } from '../../store/audit.js';
import type { Transcript } from '../../transcripts/entities/transcript.js';
import type { ApplicationStatus, AroApplicationRow, AroApplicationView } from '../contracts.js';
import { defaultApplicationDeadline } from '../domain/application-deadline.js';
import type { Application, TermDeadline } from '../entities/application.js';
import type { AroDecisionChoice } from '../human-steps/decisions.js';
import {
  type ApplicationSteps,
  applicationSubject,
  aroDecisionStep,
  transcriptWaitStep,
} from '../human-steps/steps.js';
import { deadlineFor, toApplicationView } from './applications.js';

export interface ApplicationAdminStore {
  getById(applicationId: string): Promise<Application | undefined>;
  listByStatus(status: ApplicationStatus): Promise<Application[]>;
  getStudents(studentIds: string[]): Promise<Student[]>;
  transcriptsOf(studentId: string, recordId: string): Promise<Transcript[]>;
  awaitedSteps(subject: ReturnType<typeof applicationSubject>): Promise<string[]>;
  applicationTimeline(studentId: string, applicationId: string): Promise<AuditEvent[]>;
  deadlineOf(term: string): Promise<TermDeadline | undefined>;
  setDeadline(deadline: TermDeadline, audit: AuditEvent): Promise<void>;
}

export interface ApplicationAdminDeps {
  store: ApplicationAdminStore;
  gradings: {
    current(
      institutionId: string,
    ): Promise<{ creditSystem: CreditSystem; gradeScale: GradeScale } | undefined>;
  };
  decide: DecideDeps;
  declared: Pick<ApplicationSteps, 'transcriptWait' | 'aroDecision'>;
  now: () => Date;
}

/** The record's best transcript status, as ARO filters by it: Verified wins, else the latest one. */
function transcriptStatusOf(transcripts: Transcript[]): string {
  if (transcripts.some((t) => t.status === 'Verified')) return 'Verified';
  const latest = [...transcripts].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))[0];
  return latest?.status ?? 'None';
}

async function mustGet(deps: Pick<ApplicationAdminDeps, 'store'>, applicationId: string) {
  const a = await deps.store.getById(applicationId);
  if (!a) throw new NotFoundError(`No application ${applicationId}`);
  return a;
}

export async function listApplicationsForAro(
  deps: Pick<ApplicationAdminDeps, 'store'>,
  filter: {
    status: ApplicationStatus;
    institutionId?: string | undefined;
    transferTerm?: string | undefined;
    late?: 'true' | 'false' | undefined;
    transcriptStatus?: string | undefined;
  },
): Promise<{ applications: AroApplicationRow[] }> {
  const candidates = (await deps.store.listByStatus(filter.status)).filter(
    (a) =>
      (!filter.institutionId || a.institutionId === filter.institutionId) &&
      (!filter.transferTerm || a.transferTerm === filter.transferTerm) &&
      (!filter.late || (a.late !== undefined) === (filter.late === 'true')),
  );
  // One Query per study record, however many of its applications are queued.
  const transcriptsOf = new Map<string, Promise<Transcript[]>>();
  const recordTranscripts = (a: Application) => {
    const key = `${a.studentId}\u0000${a.recordId}`;
    if (!transcriptsOf.has(key)) transcriptsOf.set(key, deps.store.transcriptsOf(a.studentId, a.recordId));
    return transcriptsOf.get(key) as Promise<Transcript[]>;
  };
  const rows = await Promise.all(
    candidates.map(async (a) => ({
      applicationId: a.applicationId,
      studentId: a.studentId,
      ref: a.ref,
      institutionId: a.institutionId,
      institutionName: a.institutionName,
      transferTerm: a.transferTerm,
      ...(a.submittedAt ? { submittedAt: a.submittedAt } : {}),
      late: a.late !== undefined,
      referredToAro: a.routing?.outcome === 'fail-closed-to-aro',
      transcriptStatus: transcriptStatusOf(await recordTranscripts(a)),
      status: a.status,
    })),
  );
  return {
    applications: rows.filter(
      (r) => !filter.transcriptStatus || r.transcriptStatus === filter.transcriptStatus,
    ),
  };
}

/** The conversion ARO would approve by, on the institution's grading in force. */
function conversionOf(
  a: Application,
  grading: { creditSystem: CreditSystem; gradeScale: GradeScale } | undefined,
): AroApplicationView['conversion'] {
  if (!grading) return undefined;
  const result = convertApplication(conversionInput(a, grading));
  if (!result.ok)
    return { outcome: 'cannot-convert', credits: 0, explanation: result.failure.message, steps: [] };
  return {
    outcome: result.outcome,
    credits: result.credits,
    ...('explanation' in result ? { explanation: result.explanation } : {}),
    steps: result.steps.map(({ label, from, to, formula }) => ({ label, from, to, formula })),
  };
}

const conversionInput = (
  a: Application,
  grading: { creditSystem: CreditSystem; gradeScale: GradeScale },
) => ({
  ref: a.ref,
  creditSystem: grading.creditSystem,
  gradeScale: grading.gradeScale,
  incoming: a.incomingCourses.map((c) => ({
    code: c.code,
    credits: c.credits,
    creditUnit: c.creditUnit,
    ...(c.finalGrade ? { hostGrade: c.finalGrade } : {}),
  })),
  home: a.homeCourses.map((h) => ({ code: h.code, credits: h.credits })),
});

export async function getApplicationForAro(
  deps: Pick<ApplicationAdminDeps, 'store' | 'gradings'>,
  applicationId: string,
): Promise<AroApplicationView> {
  const a = await mustGet(deps, applicationId);
  const [students, transcripts, awaiting, timeline, deadline, grading] = await Promise.all([
    deps.store.getStudents([a.studentId]),
    deps.store.transcriptsOf(a.studentId, a.recordId),
    deps.store.awaitedSteps(applicationSubject(a)),
    deps.store.applicationTimeline(a.studentId, a.applicationId),
    deadlineFor(deps.store, a.transferTerm),
    deps.gradings.current(a.institutionId),
  ]);
  const conversion = conversionOf(a, grading);
  return {
    ...toApplicationView(a, deadline),
    studentId: a.studentId,
    ...(students[0] ? { studentName: students[0].name } : {}),
    transcriptStatus: transcriptStatusOf(transcripts),
    ...(a.routing
      ? {
          routing: {
            ruleVersion: a.routing.ruleVersion,
            matchedRows: [...a.routing.matchedRows],
            outcome: a.routing.outcome,
            reason: a.routing.reason,
            endorsers: a.routing.endorsers.map((o) => ({ officeId: o.officeId, name: o.name })),
          },
        }
      : {}),
    ...(a.gradeScale ? { gradeScale: a.gradeScale } : {}),
    ...(conversion ? { conversion } : {}),
    ...(a.furtherInfo?.provided ? { furtherInfoProvided: a.furtherInfo.provided } : {}),
    awaiting,
    timeline: timeline.map((e) => ({
      at: e.at,
      actor: e.actor,
      action: e.action,
      ...(e.reason ? { reason: e.reason } : {}),
      ...(e.from ? { from: e.from } : {}),
      ...(e.to ? { to: e.to } : {}),
    })),
  };
}

export type AroAction =
  | { action: 'approve'; internalNote?: string | undefined }
  | { action: 'reject'; reason: string; internalNote?: string | undefined }
  | { action: 'need-info'; note: string; internalNote?: string | undefined };

/** The approval ARO's decision carries: the conversion of the grades to HKUST credits, graded "T". */
async function approval(
  deps: ApplicationAdminDeps,
  a: Application,
  staffId: string,
): Promise<AroDecisionChoice> {
  const grading = await deps.gradings.current(a.institutionId);
  if (!grading) {
    throw new ConflictError(
      `${a.institutionName} has no grade scale yet: set its grading (PUT /admin/institutions/${a.institutionId}/grading) before approving`,
    );
  }
  const result = convertApplication(conversionInput(a, grading));
  if (!result.ok) throw new ConflictError(`The grades cannot be converted: ${result.failure.message}`);
  if (result.outcome !== 'transfer') {
    throw new ConflictError(
      `Approval refused: ${result.explanation} No credit can be transferred; reject it instead.`,
    );
  }
  return {
    outcome: 'Approved',
    decidedBy: staffId,
    credits: result.credits,
    transferred: result.home.map((h) => ({ code: h.code, credits: h.transferred, grade: 'T' as const })),
    conversion: {
      ruleVersion: result.ruleVersion,
      scaleId: grading.gradeScale.id,
      scaleVersion: grading.gradeScale.version,
      lowestGrade: result.lowestGrade,
    },
  };
}

export async function decideApplication(
  deps: ApplicationAdminDeps,
  staffId: string,
  applicationId: string,
  input: AroAction,
): Promise<{ applicationId: string; decision: string }> {
  const a = await mustGet(deps, applicationId);
  if (a.status !== 'Submitted') {
    throw new ConflictError(
      `Application ${applicationId} is ${a.status}: ARO decides Submitted applications only`,
    );
  }
  const subject = applicationSubject(a);
  const awaiting = await deps.store.awaitedSteps(subject);
  const internalNote = input.internalNote ? { internalNote: input.internalNote } : {};
  const ending: AroDecisionChoice | undefined =
    input.action === 'reject'
      ? { outcome: 'Rejected', reason: input.reason, decidedBy: staffId }
      : input.action === 'need-info'
        ? { outcome: 'Need Further Info', note: input.note, decidedBy: staffId }
        : undefined;
  if (awaiting.includes(aroDecisionStep)) {
    const transcripts = await deps.store.transcriptsOf(a.studentId, a.recordId);
    if (!ending && !transcripts.some((t) => t.status === 'Verified')) {
      throw new ConflictError('Approval refused: the study record has no Verified official transcript');
    }
    const decision = ending ?? (await approval(deps, a, staffId));
    await decideStep(deps.decide, deps.declared.aroDecision, {
      subject,
      stepId: aroDecisionStep,
      decision,
      actor: staffId,
      ...internalNote,
    });
    return { applicationId, decision: decision.outcome };
  }
  if (awaiting.includes(transcriptWaitStep)) {
    if (!ending) {
      throw new ConflictError(
        'Approval refused: the study record has no Verified official transcript yet; the application waits for one',
      );
    }
    await decideStep(deps.decide, deps.declared.transcriptWait, {
      subject,
      stepId: transcriptWaitStep,
      decision: ending,
      actor: staffId,
      ...internalNote,
    });
    return { applicationId, decision: ending.outcome };
  }
  throw new ConflictError(
    `Application ${applicationId} is not waiting for ARO at this moment; try again shortly`,
  );
}

export async function getTermDeadline(deps: Pick<ApplicationAdminDeps, 'store'>, term: string) {
  if (!isTerm(term)) throw ValidationError.of('path.term', 'must be a transfer term like 2024-25 Fall');
  const set = await deps.store.deadlineOf(term);
  return set
    ? { term, deadline: set.deadline, isDefault: false }
    : { term, deadline: defaultApplicationDeadline(term), isDefault: true };
}

export async function setTermDeadline(
  deps: Pick<ApplicationAdminDeps, 'store' | 'now'>,
  staffId: string,
  term: string,
  deadline: string,
) {
  if (!isTerm(term)) throw ValidationError.of('path.term', 'must be a transfer term like 2024-25 Fall');
  const at = deps.now().toISOString();
  await deps.store.setDeadline(
    { term, deadline, setBy: staffId, setAt: at },
    {
      subjectPk: `TERM#${term}`,
      subjectId: term,
      at,
      eventId: randomUUID(),
      actor: staffId,
      action: `Application deadline set to ${deadline}`,
    },
  );
  return { term, deadline, isDefault: false };
}
