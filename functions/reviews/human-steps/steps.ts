// The mapping review's human steps, declared for the human-step module (docs/human-steps.md): ARO's
// triage through the admin API, and one department review per subject area through emailed links.
// What is the review's own lives here: its subject (a mapping, audited on the mapping's timeline),
// who is asked (the area's reviewers, the registry where none is set), what a decision is, its
// effect on the workflow, the turnaround sample, and the words. Everything else is the module's.

import { type Person, qualifierOf, type Subject, stepIdOf } from '../../human-steps/domain/steps.js';
import type { HumanStep, SubjectKind } from '../../human-steps/step.js';
import { groupRefOf, type Mapping, mappingGroupPk } from '../../mappings/entities/mapping.js';
import { addTerms, termOf, termsBetween } from '../../records/domain/transfer-term.js';
import { uploadObjectKey } from '../../uploads/entities/upload.js';
import { type ReviewDecision, reviewErrors } from '../domain/mapping-review.js';
import { type DepartmentReviewers, TurnaroundEntity } from '../entities/review.js';
import {
  parseDepartmentForm,
  reviewDecisionSchema,
  type TriageDecision,
  triageDecisionSchema,
} from './decisions.js';
import { mappingReviewLadder } from './ladder.js';
import {
  escalationMail,
  reviewReminderMail,
  reviewRequestMail,
  summaryOf,
  triageRequestMail,
} from './mails.js';
import {
  departmentReviewBlocks,
  departmentReviewForm,
  departmentReviewRecorded,
  departmentReviewTitle,
  reviewLinkWording,
} from './pages.js';
import { type PrecedentStore, precedentsOf } from './precedents.js';

/** A mapping's steps are audited on the mapping's own timeline. */
export const mappingSubjectKind: SubjectKind = {
  kind: 'mapping',
  auditSubject: (ref) => ({ subjectPk: mappingGroupPk(groupRefOf(ref)), subjectId: ref }),
};
export const mappingSubject = (ref: string): Subject => ({ kind: mappingSubjectKind.kind, id: ref });

export const aroTriageStep = stepIdOf('aro-triage');
export const departmentStep = (subjectArea: string): string => stepIdOf('department-review', subjectArea);
const areaOf = (stepId: string): string => qualifierOf(stepId) ?? '';

export interface DocumentLinks {
  /** A GET link valid for minutes, answering with the file's own name. */
  presignedGet(objectKey: string, fileName: string): Promise<string>;
}

/** What the steps read. A handler passes what it has; a step needing what is absent fails loudly. */
export interface MappingStepPorts {
  mappings: { getMapping(ref: string): Promise<Mapping | undefined> };
  reviewers?: { getReviewers(subjectArea: string): Promise<DepartmentReviewers | undefined> };
  /** The registry's mailbox: triage requests, escalations, and areas with no reviewer set. */
  aro?: Person;
  documents?: DocumentLinks;
  /** The mapping search entries, for the precedents the confirmation page shows (the links handler's). */
  precedents?: PrecedentStore;
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The mapping review's ${what} is not configured in this function`);
  return value;
}

const daysBetween = (since: string, at: string) =>
  Math.max(0, (Date.parse(at) - Date.parse(since)) / 86_400_000);

/** Terms a reviewer may choose for validity: two years back to six years ahead of today's term. */
export function offeredTerms(now: Date): {
  terms: string[];
  defaults: { validFrom: string; validTo: string };
} {
  const current = termOf(now);
  return {
    terms: termsBetween(addTerms(current, -8), addTerms(current, 24)),
    defaults: { validFrom: addTerms(current, -4), validTo: addTerms(current, 15) },
  };
}

const describe = (d: ReviewDecision): string =>
  d.outcome === 'Approved' ? `Approved, valid ${d.validFrom} to ${d.validTo}` : d.outcome;

const reasonOf = (d: ReviewDecision | TriageDecision): string | undefined =>
  d.outcome === 'Denied' ? d.reason : d.outcome === 'Need Further Info' ? d.note : undefined;

/**
 * A Deny or Need Further Info ends the whole review at once (every department must approve): the
 * deciding step fails its task with the review's error, which the workflow catches around the
 * department reviews and after triage, so the other departments' waits are cancelled with it.
 */
const endOrGoOn = (d: ReviewDecision | TriageDecision, output: object) =>
  d.outcome === 'Denied' || d.outcome === 'Need Further Info'
    ? { error: reviewErrors[d.outcome] }
    : { output };

export interface MappingReviewSteps {
  aroTriage: HumanStep<Mapping, TriageDecision>;
  departmentReview: HumanStep<Mapping, ReviewDecision>;
}

export function mappingReviewSteps(ports: MappingStepPorts): MappingReviewSteps {
  const load = (subject: Subject) => ports.mappings.getMapping(subject.id);
  const aro = () => need(ports.aro, 'registry mailbox (ARO_EMAIL)');

  const aroTriage: HumanStep<Mapping, TriageDecision> = {
    kind: 'aro-triage',
    subject: mappingSubjectKind,
    title: () => 'ARO triage',
    ladder: mappingReviewLadder['aro-triage'],
    decision: triageDecisionSchema,
    answer: (d) => endOrGoOn(d, { route: 'departments' }),
    load,
    recipients: async () => [aro()],
    mails: {
      request: ({ context, recipient }) =>
        triageRequestMail(recipient, summaryOf(context), triageHint(context)),
      reminder: ({ context, recipient, waitingDays }) =>
        triageRequestMail(
          recipient,
          summaryOf(context),
          `Reminder: waiting ${waitingDays} days. ${triageHint(context)}`,
        ),
      escalation: ({ context, waitingDays }) =>
        escalationMail(aro(), summaryOf(context), 'ARO triage', waitingDays),
      // ARO is both who is asked and whom the step escalates to: one mail, the escalation.
      remindOnEscalation: false,
    },
    audit: (d) => ({
      action:
        d.outcome === 'Routed'
          ? 'Triage: routed to the subject departments'
          : d.outcome === 'Need Further Info'
            ? 'Triage: sent back for more information'
            : `Triage: closed as a duplicate of ${d.duplicateOf ?? 'another mapping'}`,
      ...(reasonOf(d) ? { reason: reasonOf(d) } : {}),
    }),
  };

  const departmentReview: HumanStep<Mapping, ReviewDecision> = {
    kind: 'department-review',
    subject: mappingSubjectKind,
    title: (stepId) => departmentReviewTitle(areaOf(stepId)),
    ladder: mappingReviewLadder['department-review'],
    decision: reviewDecisionSchema,
    answer: (d) => endOrGoOn(d, d),
    load,
    recipients: async (_mapping, stepId) => {
      const configured =
        (await need(ports.reviewers, 'reviewer list').getReviewers(areaOf(stepId)))?.reviewers ?? [];
      // No reviewer set up for the area yet: the registry receives the link and can forward it.
      return configured.length > 0 ? configured : [aro()];
    },
    mails: {
      request: ({ context, stepId, recipient, link }) => {
        const { url, expiresOn } = need(link, 'review link');
        return reviewRequestMail(recipient, summaryOf(context), areaOf(stepId), url, expiresOn);
      },
      reminder: ({ context, stepId, recipient, link, waitingDays }) => {
        const { url, expiresOn } = need(link, 'review link');
        return reviewReminderMail(recipient, summaryOf(context), areaOf(stepId), url, waitingDays, expiresOn);
      },
      escalation: ({ context, stepId, waitingDays, recipients }) =>
        escalationMail(
          aro(),
          summaryOf(context),
          departmentReviewTitle(areaOf(stepId)),
          waitingDays,
          recipients[0],
        ),
      remindOnEscalation: true,
    },
    audit: (d, stepId) => ({
      action: `${areaOf(stepId)} department: ${describe(d)}`,
      ...(reasonOf(d) ? { reason: reasonOf(d) } : {}),
    }),
    // How long the department took, from when it was asked: a sample for the estimated decision date.
    extras: ({ subject, stepId, since, at }) => [
      TurnaroundEntity.toItem({
        subjectArea: areaOf(stepId),
        ref: subject.id,
        decidedAt: at,
        days: daysBetween(since, at),
      }),
    ],
    link: {
      path: '/review',
      wording: reviewLinkWording,
      form: (now) => {
        const { terms, defaults } = offeredTerms(now);
        return departmentReviewForm(terms, defaults);
      },
      parse: (form, { recipient, stepId, now }) =>
        parseDepartmentForm(form, offeredTerms(now).terms, {
          decidedBy: recipient.email,
          subjectArea: areaOf(stepId),
        }),
      page: async (mapping, stepId) => {
        const documents = need(ports.documents, 'document links');
        // The documents' links and the precedents in one round trip.
        const [links, decidedBefore] = await Promise.all([
          Promise.all(
            (mapping.documents ?? []).map(async (d) => ({
              fileName: d.fileName,
              url: await documents.presignedGet(uploadObjectKey(d.addedBy, d.uploadId), d.fileName),
              ...(d.sizeBytes !== undefined ? { sizeBytes: d.sizeBytes } : {}),
            })),
          ),
          ports.precedents ? precedentsOf(ports.precedents, mapping) : undefined,
        ]);
        return departmentReviewBlocks(
          {
            ...summaryOf(mapping),
            status: mapping.status,
            requestedOn: mapping.createdAt.slice(0, 10),
            documents: links,
            ...(decidedBefore ? { precedents: decidedBefore } : {}),
          },
          areaOf(stepId),
        );
      },
      outcome: (d) => d.outcome,
      recorded: (d, stepId) => departmentReviewRecorded(d, areaOf(stepId)),
    },
  };

  return { aroTriage, departmentReview };
}

const triageHint = (m: Mapping) => `POST /admin/mappings/${m.ref}/triage (route, need-info or duplicate)`;
