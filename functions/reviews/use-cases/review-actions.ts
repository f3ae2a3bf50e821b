// The people's side of the mapping review: department reviewers through action links, ARO through
// the admin API. Each answers a step the workflow awaits, without ever seeing its task token.
//
// viewReviewLink — Input: a link id from an email. Output: the confirmation page (course details,
//   documents through short-lived links, the decision form), or a page saying the link is unknown,
//   expired or already used. Changes nothing: mail scanners fetch it (GET and HEAD).
// decideByReviewLink — Input: link id and the posted form. Output: the decision recorded (link used,
//   audit event, turnaround sample, in one transaction) and handed to the workflow; a second POST
//   gets "already decided". If the workflow cannot be reached the record is undone: try again.
// renewReviewLink — an expired link: a fresh one is emailed to the reviewer on file.
// triageMapping — ARO routes a request on, sends it back for more information, or closes it as a
//   duplicate.
import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  type FieldIssue,
  NotFoundError,
  ServiceUnavailableError,
  ValidationError,
} from '../../commons/errors.js';
import type { Mailer } from '../../commons/mail.js';
import { hashLinkId, linkState, newActionLink } from '../../human-steps/domain/action-link.js';
import {
  type AwaitedDecision,
  aroTriageStep,
  type ReviewStep,
} from '../../human-steps/entities/awaited-decision.js';
import type { Mapping } from '../../mappings/entities/mapping.js';
import { addTerms, compareTerms, termOf, termsBetween } from '../../records/domain/transfer-term.js';
import { uploadObjectKey } from '../../uploads/entities/upload.js';
import { type ReviewDecision, reviewErrors } from '../domain/mapping-review.js';
import type { ActionLink } from '../entities/review.js';
import { summaryOf } from './mapping-review.js';
import { reviewRequestMail } from './review-mail.js';
import {
  alreadyDecidedPage,
  linkExpiredPage,
  linkNotFoundPage,
  linkRenewedPage,
  reviewConfirmationPage,
  reviewRecordedPage,
} from './review-pages.js';

/** A decision taken on one step, as recorded before the workflow hears of it. */
export interface StepDecisionRecord {
  ref: string;
  step: ReviewStep;
  /** None when triage routes the request on. */
  decision?: ReviewDecision;
  at: string;
  eventId: string;
  actor: string;
  action: string;
  internalNote?: string;
  /** The link it came through, marked used in the same transaction. */
  link?: ActionLink;
  /** Days since the department was asked: a sample of its turnaround. */
  turnaround?: { subjectArea: string; days: number };
}

export interface ReviewActionStore {
  getActionLink(linkHash: string): Promise<ActionLink | undefined>;
  putActionLink(link: ActionLink): Promise<void>;
  getAwaitedDecision(ref: string, step: ReviewStep): Promise<AwaitedDecision | undefined>;
  getMapping(ref: string): Promise<Mapping | undefined>;
  /** All or nothing, and only while the step is awaited and the link unused; else a ConflictError. */
  recordStepDecision(record: StepDecisionRecord): Promise<void>;
  /** Takes a recorded decision back when the workflow could not be told of it. */
  undoStepDecision(record: StepDecisionRecord): Promise<void>;
}

/** The step has moved on (decided, cancelled with the review, or timed out): its token is void. */
export class StepClosedError extends Error {}

export interface TaskResponder {
  succeed(taskToken: string, output: object): Promise<void>;
  /** Throws StepClosedError when the token no longer belongs to a waiting task. */
  fail(taskToken: string, error: string, cause: string): Promise<void>;
}

export interface DocumentLinks {
  /** A GET link valid for minutes, answering with the file's own name. */
  presignedGet(objectKey: string, fileName: string): Promise<string>;
}

export interface ReviewActionDeps {
  store: ReviewActionStore;
  tasks: TaskResponder;
  documents: DocumentLinks;
  mailer: Mailer;
  linkValidDays: number;
  now: () => Date;
}

export interface Page {
  statusCode: number;
  html: string;
}

type Resolved =
  | { link: ActionLink; awaited: AwaitedDecision; mapping: Mapping }
  /** An expired link still names its step and mapping: what renewing it needs. */
  | { page: Page; expired?: { link: ActionLink; mapping: Mapping } };

async function resolveLink(deps: ReviewActionDeps, linkId: string): Promise<Resolved> {
  const link = await deps.store.getActionLink(hashLinkId(linkId));
  if (!link) return { page: { statusCode: 404, html: linkNotFoundPage() } };
  const state = linkState(link, deps.now());
  const decided = () => ({
    page: {
      statusCode: 409,
      html: alreadyDecidedPage({
        ref: link.ref,
        subjectArea: link.subjectArea,
        ...(link.usedAt ? { decidedOn: link.usedAt.slice(0, 10) } : {}),
        ...(link.outcome ? { outcome: link.outcome } : {}),
      }),
    },
  });
  if (state === 'used') return decided();
  const [awaited, mapping] = await Promise.all([
    deps.store.getAwaitedDecision(link.ref, link.step),
    deps.store.getMapping(link.ref),
  ]);
  // Decided by another department, closed by ARO, or superseded by a newer round of review.
  if (!awaited || !mapping) return decided();
  if (state === 'expired') {
    return {
      page: {
        statusCode: 410,
        // Relative to /review/<id>: the renewal is /review/<id>/renew.
        html: linkExpiredPage({ ref: link.ref, subjectArea: link.subjectArea, renewPath: `${linkId}/renew` }),
      },
      expired: { link, mapping },
    };
  }
  return { link, awaited, mapping };
}

/** Terms a reviewer may choose for validity: two years back to six years ahead of today's term. */
function offeredTerms(now: Date): { terms: string[]; defaults: { validFrom: string; validTo: string } } {
  const current = termOf(now);
  return {
    terms: termsBetween(addTerms(current, -8), addTerms(current, 24)),
    defaults: { validFrom: addTerms(current, -4), validTo: addTerms(current, 15) },
  };
}

async function confirmationPage(
  deps: ReviewActionDeps,
  link: ActionLink,
  mapping: Mapping,
  extra: { values?: Record<string, string>; issues?: FieldIssue[] } = {},
): Promise<string> {
  const documents = await Promise.all(
    (mapping.documents ?? []).map(async (d) => ({
      fileName: d.fileName,
      url: await deps.documents.presignedGet(uploadObjectKey(d.addedBy, d.uploadId), d.fileName),
      ...(d.sizeBytes !== undefined ? { sizeBytes: d.sizeBytes } : {}),
    })),
  );
  const { terms, defaults } = offeredTerms(deps.now());
  return reviewConfirmationPage({
    mapping: {
      ...summaryOf(mapping),
      status: mapping.status,
      documents,
      requestedOn: mapping.createdAt.slice(0, 10),
    },
    subjectArea: link.subjectArea,
    // Relative: the form posts back to the very URL the reviewer opened.
    actionPath: '',
    terms,
    defaults,
    ...(extra.values ? { values: extra.values } : {}),
    ...(extra.issues ? { issues: extra.issues } : {}),
  });
}

export async function viewReviewLink(deps: ReviewActionDeps, linkId: string): Promise<Page> {
  const resolved = await resolveLink(deps, linkId);
  if ('page' in resolved) return resolved.page;
  return { statusCode: 200, html: await confirmationPage(deps, resolved.link, resolved.mapping) };
}

export interface DecisionForm {
  decision?: string;
  validFrom?: string;
  validTo?: string;
  reason?: string;
  note?: string;
}

const maxText = 2000;

function parseDecisionForm(
  form: DecisionForm,
  terms: readonly string[],
  decidedBy: string,
  subjectArea: string,
): { decision: ReviewDecision } | { issues: FieldIssue[] } {
  const text = (s: string | undefined) => (s ?? '').trim();
  switch (form.decision) {
    case 'approve': {
      const issues: FieldIssue[] = [];
      const validFrom = text(form.validFrom);
      const validTo = text(form.validTo);
      if (!terms.includes(validFrom))
        issues.push({ field: 'validFrom', reason: 'Choose the first transfer term the approval holds for' });
      if (!terms.includes(validTo))
        issues.push({ field: 'validTo', reason: 'Choose the last transfer term the approval holds for' });
      if (issues.length === 0 && compareTerms(validFrom, validTo) > 0) {
        issues.push({ field: 'validTo', reason: 'The last term must not come before the first' });
      }
      return issues.length
        ? { issues }
        : { decision: { outcome: 'Approved', validFrom, validTo, decidedBy, subjectArea } };
    }
    case 'deny': {
      const reason = text(form.reason);
      if (!reason)
        return { issues: [{ field: 'reason', reason: 'Give the Reason for Denial the student will see' }] };
      if (reason.length > maxText)
        return { issues: [{ field: 'reason', reason: `At most ${maxText} characters` }] };
      return { decision: { outcome: 'Denied', reason, decidedBy, subjectArea } };
    }
    case 'need-info': {
      const note = text(form.note);
      if (!note)
        return { issues: [{ field: 'note', reason: 'Say what information the student should provide' }] };
      if (note.length > maxText)
        return { issues: [{ field: 'note', reason: `At most ${maxText} characters` }] };
      return { decision: { outcome: 'Need Further Info', note, decidedBy, subjectArea } };
    }
    default:
      return { issues: [{ field: 'decision', reason: 'Choose Approve, Deny or Need Further Info' }] };
  }
}

/** Hands the decision to the workflow through the step's current token (a reminder may have renewed it). */
async function respond(
  deps: Pick<ReviewActionDeps, 'store' | 'tasks'>,
  ref: string,
  step: ReviewStep,
  output: object,
  decision?: ReviewDecision,
) {
  for (let attempt = 0; ; attempt++) {
    const awaited = await deps.store.getAwaitedDecision(ref, step);
    if (!awaited) throw new StepClosedError(`${ref} no longer awaits ${step}`);
    try {
      if (!decision || decision.outcome === 'Approved') await deps.tasks.succeed(awaited.taskToken, output);
      else await deps.tasks.fail(awaited.taskToken, reviewErrors[decision.outcome], JSON.stringify(decision));
      return;
    } catch (error) {
      if (!(error instanceof StepClosedError) || attempt > 0) throw error;
    }
  }
}

/** Records the decision, then tells the workflow; if it cannot be told, the record is undone. */
async function recordAndRespond(
  deps: Pick<ReviewActionDeps, 'store' | 'tasks'>,
  record: StepDecisionRecord,
  output: object,
): Promise<void> {
  await deps.store.recordStepDecision(record);
  try {
    await respond(deps, record.ref, record.step, output, record.decision);
  } catch (error) {
    if (error instanceof StepClosedError) throw new ConflictError(`${record.ref} was decided meanwhile`);
    await deps.store.undoStepDecision(record);
    throw new ServiceUnavailableError(
      'The decision could not be passed on to the review; nothing was recorded. Please try again.',
    );
  }
}

const describe = (d: ReviewDecision): string =>
  d.outcome === 'Approved' ? `Approved, valid ${d.validFrom} to ${d.validTo}` : d.outcome;

export async function decideByReviewLink(
  deps: ReviewActionDeps,
  linkId: string,
  form: DecisionForm,
): Promise<Page> {
  const resolved = await resolveLink(deps, linkId);
  if ('page' in resolved) return resolved.page;
  const { link, awaited, mapping } = resolved;
  const now = deps.now();
  const parsed = parseDecisionForm(form, offeredTerms(now).terms, link.reviewer.email, link.subjectArea);
  if ('issues' in parsed) {
    const values = Object.fromEntries(
      Object.entries(form).filter(([, v]) => typeof v === 'string'),
    ) as Record<string, string>;
    return {
      statusCode: 400,
      html: await confirmationPage(deps, link, mapping, { values, issues: parsed.issues }),
    };
  }
  const { decision } = parsed;
  const at = now.toISOString();
  const record: StepDecisionRecord = {
    ref: link.ref,
    step: link.step,
    decision,
    at,
    eventId: randomUUID(),
    actor: link.reviewer.email,
    action: `${link.subjectArea} department: ${describe(decision)}`,
    link: { ...link, usedAt: at, outcome: decision.outcome },
    turnaround: {
      subjectArea: link.subjectArea,
      days: Math.max(0, (now.getTime() - Date.parse(awaited.since)) / 86_400_000),
    },
  };
  try {
    await recordAndRespond(deps, record, decision);
  } catch (error) {
    if (error instanceof ConflictError) {
      return { statusCode: 409, html: alreadyDecidedPage({ ref: link.ref, subjectArea: link.subjectArea }) };
    }
    throw error;
  }
  return {
    statusCode: 200,
    html: reviewRecordedPage({
      ref: link.ref,
      subjectArea: link.subjectArea,
      outcome: decision.outcome,
      ...(decision.outcome === 'Approved'
        ? { validFrom: decision.validFrom, validTo: decision.validTo }
        : {}),
    }),
  };
}

/** An expired link: a new one goes to the reviewer address on file, never to an address the visitor gives. */
export async function renewReviewLink(
  deps: ReviewActionDeps,
  linkId: string,
  linkBaseUrl: string,
): Promise<Page> {
  const resolved = await resolveLink(deps, linkId);
  // Still usable: nothing to renew; show it as it is.
  if (!('page' in resolved)) {
    return { statusCode: 200, html: await confirmationPage(deps, resolved.link, resolved.mapping) };
  }
  if (!resolved.expired) return resolved.page;
  const { link, mapping } = resolved.expired;
  const { id, link: fresh } = newActionLink(link, deps.now(), deps.linkValidDays);
  await deps.store.putActionLink(fresh);
  await deps.mailer.send(
    reviewRequestMail(
      link.reviewer,
      summaryOf(mapping),
      link.subjectArea,
      `${linkBaseUrl}/review/${id}`,
      fresh.expiresOn.slice(0, 10),
    ),
  );
  return { statusCode: 200, html: linkRenewedPage({ ref: link.ref }) };
}

export type TriageAction = 'route' | 'need-info' | 'duplicate';

export interface TriageInput {
  action: TriageAction;
  /** Shown to the student: what to provide (need-info). */
  note?: string;
  duplicateOf?: string;
  /** ARO only. */
  internalNote?: string;
}

export async function triageMapping(
  deps: Pick<ReviewActionDeps, 'store' | 'tasks' | 'now'>,
  ref: string,
  staff: { staffId: string; name: string },
  input: TriageInput,
): Promise<{ ref: string; triage: TriageAction }> {
  const mapping = await deps.store.getMapping(ref);
  if (!mapping) throw new NotFoundError(`No mapping ${ref}`);
  if (!(await deps.store.getAwaitedDecision(ref, aroTriageStep))) {
    throw new ConflictError(`Mapping ${ref} is ${mapping.status}: it is not awaiting triage`);
  }
  const decidedBy = `ARO (${staff.name || staff.staffId})`;
  let decision: ReviewDecision | undefined;
  let action: string;
  switch (input.action) {
    case 'route':
      action = 'Triage: routed to the subject departments';
      break;
    case 'need-info': {
      const note = input.note?.trim();
      if (!note) throw ValidationError.of('body.note', 'say what information the student should provide');
      decision = { outcome: 'Need Further Info', note, decidedBy };
      action = 'Triage: sent back for more information';
      break;
    }
    case 'duplicate': {
      const original = input.duplicateOf;
      if (!original) throw ValidationError.of('body.duplicateOf', 'name the mapping this request duplicates');
      if (original === ref) throw ValidationError.of('body.duplicateOf', 'a mapping cannot duplicate itself');
      if (!(await deps.store.getMapping(original)))
        throw ValidationError.of('body.duplicateOf', `there is no mapping ${original}`);
      decision = {
        outcome: 'Denied',
        reason: `Closed as a duplicate of ${original}. Use Notify Me on ${original} to follow it.`,
        decidedBy,
        duplicateOf: original,
      };
      action = `Triage: closed as a duplicate of ${original}`;
      break;
    }
  }
  const record: StepDecisionRecord = {
    ref,
    step: aroTriageStep,
    ...(decision ? { decision } : {}),
    at: deps.now().toISOString(),
    eventId: randomUUID(),
    actor: decidedBy,
    action,
    ...(input.internalNote?.trim() ? { internalNote: input.internalNote.trim() } : {}),
  };
  await recordAndRespond(deps, record, { route: 'departments' });
  return { ref, triage: input.action };
}
