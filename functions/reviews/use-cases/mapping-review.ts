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
import { logger } from '../../commons/logger.js';
import type { Mail, Mailer } from '../../commons/mail.js';
import { newActionLink } from '../../human-steps/domain/action-link.js';
import {
  type AwaitedDecision,
  type AwaitPhase,
  aroTriageStep,
  departmentStep,
  type ReviewStep,
} from '../../human-steps/entities/awaited-decision.js';
import type { MappingStatus } from '../../mappings/domain/mapping-status.js';
import type { Mapping } from '../../mappings/entities/mapping.js';
import type { MyMappingRequest, Student } from '../../records/entities/student.js';
import {
  type Approval,
  assertTransition,
  combineApprovals,
  type ReviewDecision,
  reviewErrors,
} from '../domain/mapping-review.js';
import type { ActionLink, DepartmentReviewers, Reviewer } from '../entities/review.js';
import {
  decisionMail,
  escalationMail,
  type MappingSummary,
  type Person,
  requestReceivedMail,
  reviewReminderMail,
  reviewRequestMail,
  triageRequestMail,
} from './review-mail.js';

export interface MappingChange {
  mapping: Mapping;
  patch: Partial<Mapping> & { status: MappingStatus };
  actor: string;
  action: string;
  reason?: string;
  /** The waits this change settles, removed in the same transaction. */
  settles?: ReviewStep[];
}

export interface MappingReviewStore {
  getMapping(ref: string): Promise<Mapping | undefined>;
  /** One transaction: the new state with a version check, the audit event, search entries, settled waits. */
  changeMapping(change: MappingChange, at: string): Promise<Mapping>;
  awaitDecision(awaited: AwaitedDecision): Promise<void>;
  getAwaitedDecision(ref: string, step: ReviewStep): Promise<AwaitedDecision | undefined>;
  listAwaitedDecisions(ref: string): Promise<AwaitedDecision[]>;
  getStudent(studentId: string): Promise<Student | undefined>;
  getStudents(studentIds: string[]): Promise<Student[]>;
  /** Every My Course Mapping Requests entry naming the mapping: requesters and Notify Me followers. */
  followersOf(ref: string): Promise<MyMappingRequest[]>;
  getReviewers(subjectArea: string): Promise<DepartmentReviewers | undefined>;
  putActionLink(link: ActionLink): Promise<void>;
}

export interface ReviewSettings {
  /** The API's public URL: links are `${baseUrl}/review/<id>`. */
  linkBaseUrl: string;
  linkValidDays: number;
  /** The registry's mailbox: triage requests and escalations. */
  aro: Person;
}

export interface MappingReviewDeps {
  store: MappingReviewStore;
  mailer: Mailer;
  settings: ReviewSettings;
  now: () => Date;
}

export type Submission = 'new' | 'provide-info' | 'appeal' | 'extend';

async function mustGetMapping(store: MappingReviewStore, ref: string): Promise<Mapping> {
  const mapping = await store.getMapping(ref);
  if (!mapping) throw new NotFoundError(`No mapping ${ref}`);
  return mapping;
}

export const summaryOf = (m: Mapping): MappingSummary => ({
  ref: m.ref,
  institutionName: m.institutionName,
  incomingCourses: m.incomingCourses,
  homeCourses: m.homeCourses,
  ...(m.kind ? { kind: m.kind } : {}),
  ...(m.justification ? { justification: m.justification } : {}),
});

const daysSince = (since: string, now: Date) =>
  Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 86_400_000));

export async function requestReceived(
  deps: MappingReviewDeps,
  ref: string,
  submission: Submission,
): Promise<void> {
  const mapping = await mustGetMapping(deps.store, ref);
  const student = await deps.store.getStudent(mapping.requestedBy);
  if (student) await deps.mailer.send(requestReceivedMail(student, summaryOf(mapping), submission));
}

/** Records the wait with this token; a reminder or escalation keeps when the wait began. */
async function recordWait(
  deps: MappingReviewDeps,
  ref: string,
  step: ReviewStep,
  taskToken: string,
  phase: AwaitPhase,
  subjectArea?: string,
): Promise<AwaitedDecision> {
  const earlier = phase === 'request' ? undefined : await deps.store.getAwaitedDecision(ref, step);
  const awaited: AwaitedDecision = {
    ref,
    step,
    taskToken,
    since: earlier?.since ?? deps.now().toISOString(),
    phase,
    ...(subjectArea ? { subjectArea } : {}),
  };
  await deps.store.awaitDecision(awaited);
  return awaited;
}

export async function awaitTriage(
  deps: MappingReviewDeps,
  ref: string,
  taskToken: string,
  phase: AwaitPhase,
): Promise<void> {
  const mapping = await mustGetMapping(deps.store, ref);
  const awaited = await recordWait(deps, ref, aroTriageStep, taskToken, phase);
  const summary = summaryOf(mapping);
  const hint = `POST /admin/mappings/${ref}/triage (route, need-info or duplicate)`;
  const waiting = daysSince(awaited.since, deps.now());
  await sendAboutWait(deps, ref, [
    phase === 'escalation'
      ? escalationMail(deps.settings.aro, summary, 'ARO triage', waiting)
      : triageRequestMail(
          deps.settings.aro,
          summary,
          phase === 'reminder' ? `Reminder: waiting ${waiting} days. ${hint}` : hint,
        ),
  ]);
}

/**
 * Mail about a wait. The wait is recorded first, so a send that still fails after the SDK's own
 * retries must not fail the step, which would end the whole review: it is logged, the reminder
 * mails again with fresh links, and the escalation reaches ARO.
 */
async function sendAboutWait(deps: MappingReviewDeps, ref: string, mails: Mail[]): Promise<void> {
  for (const mail of mails) {
    try {
      await deps.mailer.send(mail);
    } catch (error) {
      logger.error('Review mail not sent; the reminder will send it again', { ref, to: mail.to, error });
    }
  }
}

export async function markUnderReview(deps: MappingReviewDeps, ref: string): Promise<Mapping> {
  const mapping = await mustGetMapping(deps.store, ref);
  if (mapping.status === 'Under Review') return mapping;
  assertTransition(ref, mapping.status, 'Under Review');
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

export async function awaitDepartmentReview(
  deps: MappingReviewDeps,
  ref: string,
  subjectArea: string,
  taskToken: string,
  phase: AwaitPhase,
): Promise<void> {
  const mapping = await mustGetMapping(deps.store, ref);
  const step = departmentStep(subjectArea);
  const awaited = await recordWait(deps, ref, step, taskToken, phase, subjectArea);
  const now = deps.now();
  const configured = (await deps.store.getReviewers(subjectArea))?.reviewers ?? [];
  // No reviewer set up for the area yet: the registry receives the link and can forward it.
  const reviewers: Reviewer[] = configured.length > 0 ? configured : [deps.settings.aro];
  const summary = summaryOf(mapping);
  const waiting = daysSince(awaited.since, now);

  const mails: Mail[] = [];
  for (const reviewer of reviewers) {
    const { id, link } = newActionLink(
      { ref, step, subjectArea, reviewer },
      now,
      deps.settings.linkValidDays,
    );
    await deps.store.putActionLink(link);
    const url = `${deps.settings.linkBaseUrl}/review/${id}`;
    const until = link.expiresOn.slice(0, 10);
    mails.push(
      phase === 'request'
        ? reviewRequestMail(reviewer, summary, subjectArea, url, until)
        : reviewReminderMail(reviewer, summary, subjectArea, url, waiting, until),
    );
  }
  if (phase === 'escalation') {
    mails.push(
      escalationMail(deps.settings.aro, summary, `${subjectArea} department review`, waiting, reviewers[0]),
    );
  }
  await sendAboutWait(deps, ref, mails);
}

/** What ended the review, as the workflow hands it over: every approval, or the failure that stopped it. */
export type ReviewResult = { approvals: Approval[] } | { failure: { Error: string; Cause: string } };

export function decisionOf(result: ReviewResult): ReviewDecision {
  if ('approvals' in result) return combineApprovals(result.approvals);
  const known = Object.values(reviewErrors) as string[];
  if (!known.includes(result.failure.Error)) {
    throw new Error(`The review ended with an unexpected error: ${result.failure.Error}`);
  }
  // The cause is the decision the deciding step sent with SendTaskFailure (review-actions.ts).
  return JSON.parse(result.failure.Cause) as ReviewDecision;
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
    assertTransition(ref, mapping.status, decision.outcome);
    // Every wait ends with the review: a department still asked gets "already decided" on its link.
    const waits = (await deps.store.listAwaitedDecisions(ref)).map((a) => a.step);
    mapping = await deps.store.changeMapping(
      {
        mapping,
        patch: decisionPatch(decision),
        actor: decision.decidedBy,
        action: `Decision: ${decision.outcome}`,
        ...(decision.outcome === 'Denied' ? { reason: decision.reason } : {}),
        ...(decision.outcome === 'Need Further Info' ? { reason: decision.note } : {}),
        settles: waits,
      },
      deps.now().toISOString(),
    );
  }
  await mailDecision(deps, mapping);
  return mapping;
}

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
