// The task states of the mapping-review workflow (workflows/mapping-review.asl.json).
//
// requestReceived — the requester is told the request (or provided info, appeal, extension) arrived.
// awaitTriage — Input: ref, the callback's task token, the phase. Output: the wait recorded; ARO is
//   asked (request), reminded (after N days) or the wait escalated (after M days) by email.
// markUnderReview — triage routed the request on: Under Review, the triage wait settled, audited.
// departmentsToReview — the subject areas of the proposed HKUST courses: one review each.
// awaitDepartmentReview — like awaitTriage for one subject area; each reviewer gets a fresh action
//   link (never the task token) by email.
// recordDecision — the departments' approvals combined, or the Deny / Need Further Info that ended
//   the review: the mapping changes with every wait settled, then the requester and the Notify Me
//   followers are emailed.
// Step Functions retries tasks, so each is idempotent: a repeat finds the change already made and
// only sends its mail again. A mail failure fails the task after the state change has committed.
import { NotFoundError } from '../../commons/errors.js';
import type { Mailer } from '../../commons/mail.js';
import type { AwaitPhase } from '../../human-steps/domain/steps.js';
import { decisionOfFailure, type TaskFailure } from '../../human-steps/edge/task-answer.js';
import {
  type AwaitStepDeps,
  awaitStep,
  type HumanStepSettings,
} from '../../human-steps/use-cases/await-step.js';
import type { HumanStepStore } from '../../human-steps/use-cases/ports.js';
import { integrationEvent } from '../../integration/entities/integration-event.js';
import { type MappingStatus, mappingTransitions } from '../../mappings/domain/mapping-status.js';
import type { Mapping } from '../../mappings/entities/mapping.js';
import type { OutboxMessage } from '../../outbox/entities/outbox-item.js';
import type { MyMappingRequest, Student } from '../../records/entities/student.js';
import { assertTransition } from '../../store/domain/transitions.js';
import {
  type Approval,
  combineApprovals,
  type ReviewDecision,
  reviewErrors,
} from '../domain/mapping-review.js';
import type { DepartmentReviewers } from '../entities/review.js';
import { endOfReviewSchema } from '../human-steps/decisions.js';
import { decisionMail, type Person, requestReceivedMail, summaryOf } from '../human-steps/mails.js';
import {
  aroTriageStep,
  departmentStep,
  type MappingReviewSteps,
  mappingSubject,
} from '../human-steps/steps.js';

export interface MappingChange {
  mapping: Mapping;
  patch: Partial<Mapping> & { status: MappingStatus };
  actor: string;
  action: string;
  reason?: string;
  /** The mapping's waits this change settles (step ids), removed in the same transaction. */
  settles?: string[];
  /** What must follow the change (an integration event). */
  outbox?: OutboxMessage[];
}

export interface MappingReviewStore {
  getMapping(ref: string): Promise<Mapping | undefined>;
  /** One transaction: the new state with a version check, the audit event, search entries, settled waits. */
  changeMapping(change: MappingChange, at: string): Promise<Mapping>;
  getStudent(studentId: string): Promise<Student | undefined>;
  getStudents(studentIds: string[]): Promise<Student[]>;
  /** Every My Course Mapping Requests entry naming the mapping: requesters and Notify Me followers. */
  followersOf(ref: string): Promise<MyMappingRequest[]>;
  getReviewers(subjectArea: string): Promise<DepartmentReviewers | undefined>;
}

export interface ReviewSettings extends HumanStepSettings {
  /** The registry's mailbox: triage requests and escalations. */
  aro: Person;
}

export interface MappingReviewDeps {
  store: MappingReviewStore;
  /** The human-step module's store: the review's waits and links. */
  steps: HumanStepStore;
  /** The review's human steps, as declared for the module. */
  declared: MappingReviewSteps;
  mailer: Mailer;
  settings: ReviewSettings;
  now: () => Date;
}

const stepDeps = (deps: MappingReviewDeps): AwaitStepDeps => ({
  store: deps.steps,
  mailer: deps.mailer,
  settings: deps.settings,
  now: deps.now,
});

export type Submission = 'new' | 'provide-info' | 'appeal' | 'extend';

async function mustGetMapping(store: MappingReviewStore, ref: string): Promise<Mapping> {
  const mapping = await store.getMapping(ref);
  if (!mapping) throw new NotFoundError(`No mapping ${ref}`);
  return mapping;
}

export async function requestReceived(
  deps: MappingReviewDeps,
  ref: string,
  submission: Submission,
): Promise<void> {
  const mapping = await mustGetMapping(deps.store, ref);
  const student = await deps.store.getStudent(mapping.requestedBy);
  if (student) await deps.mailer.send(requestReceivedMail(student, summaryOf(mapping), submission));
}

/** ARO is asked to triage (request), reminded, or the wait escalated; the module records the wait. */
export async function awaitTriage(
  deps: MappingReviewDeps,
  ref: string,
  taskToken: string,
  phase: AwaitPhase,
): Promise<void> {
  await awaitStep(stepDeps(deps), deps.declared.aroTriage, {
    subject: mappingSubject(ref),
    stepId: aroTriageStep,
    taskToken,
    phase,
  });
}

export async function markUnderReview(deps: MappingReviewDeps, ref: string): Promise<Mapping> {
  const mapping = await mustGetMapping(deps.store, ref);
  if (mapping.status === 'Under Review') return mapping;
  assertTransition(mappingTransitions, ref, mapping.status, 'Under Review');
  const areas = departmentsOf(mapping);
  return deps.store.changeMapping(
    {
      mapping,
      patch: { status: 'Under Review' },
      // ARO's triage is its own event; this one is the status change that follows from it.
      actor: 'system',
      action: `Under review by the ${areas.join(', ')} department${areas.length > 1 ? 's' : ''}`,
      settles: [aroTriageStep],
    },
    deps.now().toISOString(),
  );
}

const departmentsOf = (m: Mapping): string[] => [...new Set(m.homeCourses.map((h) => h.subjectArea))].sort();

export async function departmentsToReview(deps: MappingReviewDeps, ref: string): Promise<string[]> {
  return departmentsOf(await mustGetMapping(deps.store, ref));
}

/** The subject area's reviewers are asked, each through a fresh link of their own (never the token). */
export async function awaitDepartmentReview(
  deps: MappingReviewDeps,
  ref: string,
  subjectArea: string,
  taskToken: string,
  phase: AwaitPhase,
): Promise<void> {
  await awaitStep(stepDeps(deps), deps.declared.departmentReview, {
    subject: mappingSubject(ref),
    stepId: departmentStep(subjectArea),
    taskToken,
    phase,
  });
}

/** What ended the review, as the workflow hands it over: every approval, or the failure that stopped it. */
export type ReviewResult = { approvals: Approval[] } | { failure: TaskFailure };

export function decisionOf(result: ReviewResult): ReviewDecision {
  if ('approvals' in result) return combineApprovals(result.approvals);
  // The cause is the decision the deciding step sent with SendTaskFailure, parsed with its schema.
  return decisionOfFailure(result.failure, {
    errors: Object.values(reviewErrors),
    decision: endOfReviewSchema,
  });
}

function decisionPatch(decision: ReviewDecision): MappingChange['patch'] {
  switch (decision.outcome) {
    case 'Approved':
      return { status: 'Approved', validFrom: decision.validFrom, validTo: decision.validTo };
    case 'Denied':
      return { status: 'Denied', denialReason: decision.reason };
    case 'Need Further Info':
      return { status: 'Need Further Info', reviewerNote: decision.note };
  }
}

export async function recordDecision(
  deps: MappingReviewDeps,
  ref: string,
  result: ReviewResult,
): Promise<Mapping> {
  const decision = decisionOf(result);
  let mapping = await mustGetMapping(deps.store, ref);
  if (mapping.status !== decision.outcome) {
    const at = deps.now().toISOString();
    assertTransition(mappingTransitions, ref, mapping.status, decision.outcome);
    // Every wait ends with the review: a department still asked gets "already decided" on its link.
    const waits = (await deps.steps.listAwaited(mappingSubject(ref))).map((a) => a.stepId);
    mapping = await deps.store.changeMapping(
      {
        mapping,
        patch: decisionPatch(decision),
        actor: decision.decidedBy,
        action: `Decision: ${decision.outcome}`,
        ...(decision.outcome === 'Denied' ? { reason: decision.reason } : {}),
        ...(decision.outcome === 'Need Further Info' ? { reason: decision.note } : {}),
        settles: waits,
        outbox: [mappingDecided(mapping, decision, at)],
      },
      at,
    );
  }
  await mailDecision(deps, mapping);
  return mapping;
}

/** The decision as the student information system hears of it (functions/integration). */
const mappingDecided = (mapping: Mapping, decision: ReviewDecision, at: string) =>
  integrationEvent('Mapping Decided', `${mapping.ref}:v${mapping.version + 1}`, at, {
    ref: mapping.ref,
    institutionId: mapping.institutionId,
    institutionName: mapping.institutionName,
    outcome: decision.outcome,
    ...(decision.outcome === 'Approved' ? { validFrom: decision.validFrom, validTo: decision.validTo } : {}),
    incomingCourses: mapping.incomingCourses.map((c) => ({
      code: c.code,
      credits: c.credits,
      creditUnit: c.creditUnit,
    })),
    homeCourses: mapping.homeCourses.map((c) => ({ code: c.code, credits: c.credits })),
  });

/** The requester and everyone with the mapping in My Course Mapping Requests hear of the decision. */
async function mailDecision(deps: MappingReviewDeps, mapping: Mapping): Promise<void> {
  const outcome =
    mapping.status === 'Approved'
      ? { status: 'Approved' as const, validFrom: mapping.validFrom ?? '', validTo: mapping.validTo ?? '' }
      : mapping.status === 'Denied'
        ? { status: 'Denied' as const, reason: mapping.denialReason ?? '' }
        : mapping.status === 'Need Further Info'
          ? { status: 'Need Further Info' as const, note: mapping.reviewerNote ?? '' }
          : undefined;
  if (!outcome) return;
  const relations = new Map<string, 'requester' | 'notify-me'>([[mapping.requestedBy, 'requester']]);
  for (const f of await deps.store.followersOf(mapping.ref)) {
    if (relations.get(f.studentId) !== 'requester') relations.set(f.studentId, f.relation);
  }
  const students = await deps.store.getStudents([...relations.keys()]);
  const summary = summaryOf(mapping);
  for (const student of students) {
    await deps.mailer.send(
      decisionMail(student, summary, outcome, relations.get(student.studentId) ?? 'notify-me'),
    );
  }
}
