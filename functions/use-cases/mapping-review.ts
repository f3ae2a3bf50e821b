// The task states of the mapping-review workflow (workflows/mapping-review.asl.json).
//
// markUnderReview — Input: a submitted mapping's ref. Output: the mapping Under Review, audited.
// awaitStep — Input: ref, the human step (ARO triage or department review) and the callback's task
//   token. Output: the wait recorded; the workflow then waits until SendTaskSuccess answers it.
// recordDecision — Input: ref and the decision. Output: the mapping Approved / Denied / Need Further
//   Info with its audit event, and the requester told by email.
// Step Functions retries tasks, so each is idempotent: a repeat finds the change already made.
import { NotFoundError } from '../commons/errors.js';
import { escapeHtml } from '../commons/html.js';
import { assertTransition, type ReviewDecision } from '../domain/mapping-review.js';
import type { MappingStatus } from '../domain/mapping-status.js';
import type { AwaitedDecision } from '../entities/awaited-decision.js';
import type { Mapping } from '../entities/mapping.js';
import type { Student } from '../entities/student.js';
import type { Mail, Mailer } from './mail.js';

export interface MappingChange {
  mapping: Mapping;
  patch: Partial<Mapping> & { status: MappingStatus };
  actor: string;
  action: string;
  reason?: string;
  /** The awaited decision this change settles, removed in the same transaction. */
  settles?: { ref: string; step: string };
}

export interface MappingReviewStore {
  getMapping(ref: string): Promise<Mapping | undefined>;
  /** One transaction: the new state with a version check, the audit event, and any settled wait. */
  changeMapping(change: MappingChange, at: string): Promise<Mapping>;
  awaitDecision(awaited: AwaitedDecision): Promise<void>;
  getAwaitedDecision(ref: string, step: string): Promise<AwaitedDecision | undefined>;
  getStudent(studentId: string): Promise<Student | undefined>;
}

export interface MappingReviewDeps {
  store: MappingReviewStore;
  mailer: Mailer;
  now: () => Date;
}

export const aroTriageStep = 'aro-triage';
export const departmentReviewStep = 'department-review';

async function mustGetMapping(store: MappingReviewStore, ref: string): Promise<Mapping> {
  const mapping = await store.getMapping(ref);
  if (!mapping) throw new NotFoundError(`No mapping ${ref}`);
  return mapping;
}

export async function markUnderReview(deps: MappingReviewDeps, ref: string): Promise<Mapping> {
  const mapping = await mustGetMapping(deps.store, ref);
  if (mapping.status === 'Under Review') return mapping;
  assertTransition(ref, mapping.status, 'Under Review');
  return deps.store.changeMapping(
    {
      mapping,
      patch: { status: 'Under Review' },
      actor: 'ARO',
      action: 'Routed to the subject department',
      settles: { ref, step: aroTriageStep },
    },
    deps.now().toISOString(),
  );
}

export async function awaitStep(
  deps: MappingReviewDeps,
  ref: string,
  step: typeof aroTriageStep | typeof departmentReviewStep,
  taskToken: string,
): Promise<void> {
  await mustGetMapping(deps.store, ref);
  await deps.store.awaitDecision({
    ref,
    step,
    taskToken,
    since: deps.now().toISOString(),
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
  decision: ReviewDecision,
): Promise<Mapping> {
  let mapping = await mustGetMapping(deps.store, ref);
  if (mapping.status !== decision.outcome) {
    assertTransition(ref, mapping.status, decision.outcome);
    mapping = await deps.store.changeMapping(
      {
        mapping,
        patch: decisionPatch(decision),
        actor: decision.decidedBy,
        action: `Decision: ${decision.outcome}`,
        ...(decision.outcome === 'Denied' ? { reason: decision.reason } : {}),
        ...(decision.outcome === 'Need Further Info' ? { reason: decision.note } : {}),
        settles: { ref, step: departmentReviewStep },
      },
      deps.now().toISOString(),
    );
  }
  // The state change is committed before the mail; a failed send fails the task, and the retry finds
  // the decision recorded and only sends again.
  const requester = await deps.store.getStudent(mapping.requestedBy);
  if (requester) await deps.mailer.send(decisionMail(mapping, requester));
  return mapping;
}

const courses = (list: { code: string; title: string }[]) =>
  list.map((c) => `${c.code} ${c.title}`).join(', ');

function decisionMail(mapping: Mapping, student: Student): Mail {
  const detail =
    mapping.status === 'Approved'
      ? `It is valid for transfer terms ${mapping.validFrom} to ${mapping.validTo}.`
      : mapping.status === 'Denied'
        ? `Reason for Denial: ${mapping.denialReason ?? ''}`
        : `Further Information Needed: ${mapping.reviewerNote ?? ''}`;
  const lines = [
    `Dear ${student.name},`,
    `Your course mapping request ${mapping.ref} (${courses(mapping.incomingCourses)} to ${courses(mapping.homeCourses)}) is now ${mapping.status}.`,
    detail,
    'You can view it under My Course Mapping Requests in the Credit Transfer System.',
    'Academic Registry',
  ];
  return {
    to: [student.email],
    subject: `Course mapping ${mapping.ref}: ${mapping.status}`,
    text: lines.join('\n\n'),
    html: lines.map((l) => `<p>${escapeHtml(l)}</p>`).join(''),
  };
}
