// The task states of the credit transfer application workflow (workflows/ct-application.asl.json).
//
// route — the program offices Submit routed the application to (none: straight to ARO).
// awaitEndorsement — one office is asked (request), reminded, or the wait escalated, each through a
//   fresh endorsement link of its own (never the task token).
// recordEndorsed — every office endorsed: Submitted, the endorsements and the grades they saw kept.
// recordNotEndorsed — an office did not endorse: Not Endorsed with its reason, every wait ended.
// awaitVerifiedTranscript — ARO's processing waits for the study record's Verified official
//   transcript: at once when there is one, else the student is asked (and reminded), and the wait
//   ends when one becomes Verified (transcriptBecameVerified) or ARO rejects / asks first.
// awaitAroDecision — ARO is asked for its decision through the admin API (reminded, escalated).
// recordAroApproval / recordAroDecision — the decision becomes the application's status.
// Each state change mails the student in its commit. Step Functions retries tasks, so each is
// idempotent: a repeat finds the change made and changes nothing.

import * as z from 'zod/mini';
import { ConflictError, NotFoundError } from '../../commons/errors.js';
import { logger } from '../../commons/logger.js';
import type { AwaitPhase } from '../../human-steps/domain/steps.js';
import { decisionOfFailure, type TaskFailure } from '../../human-steps/edge/task-answer.js';
import { type AwaitStepDeps, awaitStep } from '../../human-steps/use-cases/await-step.js';
import { type DecideDeps, decideStep, StepAlreadyDecidedError } from '../../human-steps/use-cases/decide.js';
import { integrationEvent } from '../../integration/entities/integration-event.js';
import type { OutboxMessage } from '../../outbox/entities/outbox-item.js';
import type { Student } from '../../records/entities/student.js';
import type { Transcript } from '../../transcripts/entities/transcript.js';
import type { Application } from '../entities/application.js';
import {
  applicationErrors,
  approvedSchema,
  endOfProcessingSchema,
  endorsedSchema,
  notEndorsedSchema,
} from '../human-steps/decisions.js';
import {
  type ApplicationSteps,
  applicationSubject,
  aroDecisionStep,
  endorsementStep,
  transcriptWaitStep,
} from '../human-steps/steps.js';
import { applicationStatusMail } from './application-mail.js';
import type { ApplicationChange } from './applications.js';

export interface ApplicationWorkflowStore {
  get(studentId: string, applicationId: string): Promise<Application | undefined>;
  getStudent(studentId: string): Promise<Student | undefined>;
  listForRecord(studentId: string, recordId: string): Promise<Application[]>;
  transcriptsOf(studentId: string, recordId: string): Promise<Transcript[]>;
  awaitedSteps(subject: ReturnType<typeof applicationSubject>): Promise<string[]>;
  commit(change: ApplicationChange & { previous: Application }): Promise<boolean>;
}

export interface ApplicationWorkflowDeps {
  store: ApplicationWorkflowStore;
  steps: AwaitStepDeps['store'] & DecideDeps['store'];
  tasks: DecideDeps['tasks'];
  declared: ApplicationSteps;
  mailer: AwaitStepDeps['mailer'];
  settings: AwaitStepDeps['settings'];
  now: () => Date;
}

const stepDeps = (deps: ApplicationWorkflowDeps): AwaitStepDeps => ({
  store: deps.steps,
  mailer: deps.mailer,
  settings: deps.settings,
  now: deps.now,
});
/** What ending the transcript wait needs (the outbox dispatcher has no mailer of the steps). */
export type TranscriptWaitDeps = Pick<
  ApplicationWorkflowDeps,
  'store' | 'steps' | 'tasks' | 'declared' | 'now'
>;

const decideDeps = (deps: TranscriptWaitDeps): DecideDeps => ({
  store: deps.steps,
  tasks: deps.tasks,
  now: deps.now,
});

type Ids = { studentId: string; applicationId: string };

async function mustGet(deps: ApplicationWorkflowDeps, ids: Ids): Promise<Application> {
  const application = await deps.store.get(ids.studentId, ids.applicationId);
  if (!application) throw new NotFoundError(`No application ${ids.applicationId}`);
  return application;
}

/** An execution of an earlier submit, or of one withdrawn before it began, finds the application moved on. */
export async function route(
  deps: ApplicationWorkflowDeps,
  ids: Ids & { attempt: number },
): Promise<{ open: boolean; offices: string[] }> {
  const a = await mustGet(deps, ids);
  if (a.attempt !== ids.attempt) return { open: false, offices: [] };
  if (a.status === 'Submitted') return { open: true, offices: [] };
  if (a.status !== 'Pending Program Office Endorsement') return { open: false, offices: [] };
  return { open: true, offices: (a.routing?.endorsers ?? []).map((o) => o.officeId) };
}

export async function awaitEndorsement(
  deps: ApplicationWorkflowDeps,
  ids: Ids,
  officeId: string,
  taskToken: string,
  phase: AwaitPhase,
): Promise<void> {
  await awaitStep(stepDeps(deps), deps.declared.endorsement, {
    subject: applicationSubject(ids),
    stepId: endorsementStep(officeId),
    taskToken,
    phase,
  });
}

/** One commit: the status change with every wait of the application ended, and the student's mail. */
async function change(
  deps: ApplicationWorkflowDeps,
  previous: Application,
  next: Omit<Application, 'version' | 'updatedAt'>,
  audit: { actor: string; action: string; reason?: string },
  follows: (changed: Application, at: string) => OutboxMessage[] = () => [],
): Promise<Application> {
  const at = deps.now().toISOString();
  const changed: Application = { ...next, updatedAt: at, version: previous.version + 1 };
  const subject = applicationSubject(previous);
  const [student, waits] = await Promise.all([
    deps.store.getStudent(previous.studentId),
    deps.store.awaitedSteps(subject),
  ]);
  const committed = await deps.store.commit({
    previous,
    next: changed,
    audit: { at, ...audit, from: previous.status, to: changed.status },
    settles: { subject, stepIds: waits },
    outbox: [...(student ? [applicationStatusMail(changed, student)] : []), ...follows(changed, at)],
  });
  if (!committed) throw new ConflictError(`Application ${previous.applicationId} changed meanwhile`);
  return changed;
}

const endorsedResults = z.array(z.object({ endorsement: endorsedSchema }));

export async function recordEndorsed(deps: ApplicationWorkflowDeps, ids: Ids, results: unknown) {
  const endorsed = endorsedResults.parse(results).map((r) => r.endorsement);
  const a = await mustGet(deps, ids);
  if (a.status !== 'Pending Program Office Endorsement') return a;
  const at = deps.now().toISOString();
  const officeName = (officeId: string) =>
    a.routing?.endorsers.find((o) => o.officeId === officeId)?.name ?? officeId;
  return change(
    deps,
    a,
    {
      ...a,
      status: 'Submitted',
      endorsements: endorsed.map((e) => ({
        officeId: e.officeId,
        officeName: officeName(e.officeId),
        outcome: 'Endorsed',
        decidedBy: e.decidedBy,
        at,
      })),
      endorsedGrades: Object.fromEntries(a.incomingCourses.map((c) => [c.code, c.finalGrade ?? ''])),
    },
    { actor: 'system', action: 'Endorsed by every program office: on to ARO' },
  );
}

export async function recordNotEndorsed(deps: ApplicationWorkflowDeps, ids: Ids, failure: TaskFailure) {
  const d = decisionOfFailure(failure, {
    errors: [applicationErrors['Not Endorsed']],
    decision: notEndorsedSchema,
  });
  const a = await mustGet(deps, ids);
  if (a.status !== 'Pending Program Office Endorsement') return a;
  const officeName = a.routing?.endorsers.find((o) => o.officeId === d.officeId)?.name ?? d.officeId;
  return change(
    deps,
    a,
    {
      ...a,
      status: 'Not Endorsed',
      endorsements: [
        ...(a.endorsements ?? []),
        {
          officeId: d.officeId,
          officeName,
          outcome: 'Not Endorsed',
          reason: d.reason,
          decidedBy: d.decidedBy,
          at: deps.now().toISOString(),
        },
      ],
    },
    { actor: d.decidedBy, action: `Not endorsed by ${officeName}`, reason: d.reason },
  );
}

const verifiedOf = (transcripts: Transcript[]) => transcripts.find((t) => t.status === 'Verified');

/** The wait ends as "Transcript Verified" through the module, so it reads in the timeline like any step. */
async function endTranscriptWait(deps: TranscriptWaitDeps, a: Application, transcriptId: string) {
  try {
    await decideStep(decideDeps(deps), deps.declared.transcriptWait, {
      subject: applicationSubject(a),
      stepId: transcriptWaitStep,
      decision: { outcome: 'Transcript Verified', transcriptId, decidedBy: 'system' },
      actor: 'system',
    });
  } catch (error) {
    // Another verification (or ARO) ended the wait first: that answer stands.
    if (!(error instanceof StepAlreadyDecidedError)) throw error;
  }
}

export async function awaitVerifiedTranscript(
  deps: ApplicationWorkflowDeps,
  ids: Ids,
  taskToken: string,
  phase: AwaitPhase,
): Promise<void> {
  const a = await mustGet(deps, ids);
  const subject = applicationSubject(a);
  const already = verifiedOf(await deps.store.transcriptsOf(a.studentId, a.recordId));
  if (already) {
    // Nothing to ask the student: the wait is recorded only to be answered at once.
    await deps.steps.awaitStep(
      { subject, stepId: transcriptWaitStep, taskToken, phase },
      deps.now().toISOString(),
    );
    await endTranscriptWait(deps, a, already.transcriptId);
    return;
  }
  await awaitStep(stepDeps(deps), deps.declared.transcriptWait, {
    subject,
    stepId: transcriptWaitStep,
    taskToken,
    phase,
  });
  // A transcript Verified while the wait was being recorded found no wait to end: look again.
  const meanwhile = verifiedOf(await deps.store.transcriptsOf(a.studentId, a.recordId));
  if (meanwhile) await endTranscriptWait(deps, a, meanwhile.transcriptId);
}

/** A transcript became Verified: every application of its record waiting for one goes on to ARO. */
export async function transcriptBecameVerified(
  deps: TranscriptWaitDeps,
  t: { studentId: string; recordId: string; transcriptId: string },
): Promise<number> {
  const waiting = (await deps.store.listForRecord(t.studentId, t.recordId)).filter(
    (a) => a.status === 'Submitted',
  );
  let resumed = 0;
  for (const a of waiting) {
    const waits = await deps.store.awaitedSteps(applicationSubject(a));
    if (!waits.includes(transcriptWaitStep)) continue;
    await endTranscriptWait(deps, a, t.transcriptId);
    resumed++;
  }
  logger.info('Transcript verified', { ...t, resumed });
  return resumed;
}

export async function awaitAroDecision(
  deps: ApplicationWorkflowDeps,
  ids: Ids,
  taskToken: string,
  phase: AwaitPhase,
): Promise<void> {
  await awaitStep(stepDeps(deps), deps.declared.aroDecision, {
    subject: applicationSubject(ids),
    stepId: aroDecisionStep,
    taskToken,
    phase,
  });
}

export async function recordAroApproval(deps: ApplicationWorkflowDeps, ids: Ids, decision: unknown) {
  const d = approvedSchema.parse(decision);
  const a = await mustGet(deps, ids);
  if (a.status !== 'Submitted') return a;
  return change(
    deps,
    a,
    {
      ...a,
      status: 'Approved',
      decision: {
        outcome: 'Approved',
        decidedBy: d.decidedBy,
        at: deps.now().toISOString(),
        credits: d.credits,
        transferred: d.transferred,
        conversion: d.conversion,
      },
    },
    { actor: d.decidedBy, action: `Approved: ${d.credits} HKUST credits transferred, grade T` },
    (approved, at) => [
      integrationEvent('Credit Transfer Approved', `${approved.applicationId}:v${approved.version}`, at, {
        applicationId: approved.applicationId,
        studentId: approved.studentId,
        recordId: approved.recordId,
        ref: approved.ref,
        institutionId: approved.institutionId,
        transferTerm: approved.transferTerm,
        credits: d.credits,
        courses: d.transferred,
        conversion: d.conversion,
      }),
    ],
  );
}

export async function recordAroDecision(deps: ApplicationWorkflowDeps, ids: Ids, failure: TaskFailure) {
  const d = decisionOfFailure(failure, {
    errors: [applicationErrors.Rejected, applicationErrors['Need Further Info']],
    decision: endOfProcessingSchema,
  });
  const a = await mustGet(deps, ids);
  if (a.status !== 'Submitted') return a;
  const at = deps.now().toISOString();
  if (d.outcome === 'Rejected') {
    return change(
      deps,
      a,
      {
        ...a,
        status: 'Rejected',
        decision: { outcome: 'Rejected', decidedBy: d.decidedBy, at, reason: d.reason },
      },
      { actor: d.decidedBy, action: 'Rejected', reason: d.reason },
    );
  }
  return change(
    deps,
    a,
    {
      ...a,
      status: 'Need Further Info',
      furtherInfo: { note: d.note, requestedBy: d.decidedBy, requestedAt: at },
    },
    { actor: d.decidedBy, action: 'Need Further Info', reason: d.note },
  );
}
