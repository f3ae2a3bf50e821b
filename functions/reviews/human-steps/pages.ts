// The pages of a department reviewer's link, in the mapping review's words. The human-step module
// renders them (and escapes every value); this file only says what they show.
//
// Input: a summary of the mapping with its documents' short-lived links, the subject area, the terms
// a validity may name. Output: the blocks and the form of the confirmation page, and each page whole.
import type { FieldIssue } from '../../commons/errors.js';
import type { FormSpec, LinkWording, PageBlock, Site, Span } from '../../human-steps/edge/blocks.js';
import * as pages from '../../human-steps/edge/pages.js';
import type { MappingSearchEntry } from '../../mappings/entities/mapping-search.js';
import type { ReviewDecision } from '../domain/mapping-review.js';
import { formatHomeCourse, formatIncomingCourse, type MappingSummary } from './mails.js';
import type { Precedents } from './precedents.js';

export const reviewSite: Site = {
  title: 'Credit Transfer System — Course mapping review',
  header: 'HKUST Credit Transfer System',
  footer: 'Academic Registry, HKUST',
  contact: 'contact the Academic Registry (ARO)',
};

export const reviewLinkWording: LinkWording = {
  subject: 'course mapping request',
  link: 'review link',
  recipient: 'reviewer',
  others: 'another department',
  heading: 'Course mapping review',
};

export const departmentReviewTitle = (subjectArea: string): string => `${subjectArea} department review`;

export interface ReviewPageMapping extends MappingSummary {
  status: string;
  documents: { fileName: string; url: string; sizeBytes?: number }[];
  requestedOn: string;
  /** How like requests were decided; absent where the page is drawn without them. */
  precedents?: Precedents;
}

/** At most this many precedents of each kind on the page; the rest are counted. */
export const precedentsShown = 10;

const codesOf = (courses: readonly { code: string }[]) => courses.map((c) => c.code).join(' + ');

function precedentItem(m: MappingSearchEntry, withInstitution: boolean): Span[] {
  const validity =
    m.status === 'Approved' && m.validFrom && m.validTo ? ` (valid ${m.validFrom} to ${m.validTo})` : '';
  return [
    { code: m.ref },
    ` ${withInstitution ? `${m.institutionName}: ` : ''}${codesOf(m.incomingCourses)} → ${codesOf(m.homeCourses)}: `,
    { strong: m.status },
    validity,
  ];
}

function precedentList(entries: MappingSearchEntry[], withInstitution: boolean, none: string): PageBlock[] {
  if (entries.length === 0) return [{ kind: 'p', spans: [none] }];
  const more = entries.length - precedentsShown;
  return [
    { kind: 'list', items: entries.slice(0, precedentsShown).map((m) => precedentItem(m, withInstitution)) },
    ...(more > 0 ? [{ kind: 'p' as const, spans: [`and ${more} more.`] }] : []),
  ];
}

/** The precedents, so that like requests get like decisions. */
export function precedentBlocks(
  m: Pick<ReviewPageMapping, 'institutionName' | 'incomingCourses' | 'homeCourses'>,
  precedents: Precedents,
): PageBlock[] {
  return [
    { kind: 'heading', text: 'Precedents' },
    {
      kind: 'p',
      spans: [
        'How like requests were decided (Approved and Denied mappings), so that like requests get like decisions.',
      ],
    },
    {
      kind: 'p',
      spans: [{ strong: `${codesOf(m.incomingCourses)} at ${m.institutionName}, to other HKUST courses` }],
    },
    ...precedentList(
      precedents.sameIncomingCourse,
      false,
      'No other decided mapping of this incoming course.',
    ),
    { kind: 'p', spans: [{ strong: `${codesOf(m.homeCourses)} from other institutions` }] },
    ...precedentList(
      precedents.sameHomeCourse,
      true,
      'No decided mapping to this HKUST course from another institution.',
    ),
  ];
}

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** What the confirmation page shows above the form. */
export function departmentReviewBlocks(m: ReviewPageMapping, subjectArea: string): PageBlock[] {
  return [
    {
      kind: 'p',
      spans: [
        `The Academic Registry asks the ${subjectArea} department to review course mapping request ${m.ref}.`,
      ],
    },
    { kind: 'heading', text: 'The request' },
    {
      kind: 'facts',
      rows: [
        { label: 'D.B. Ref. No.', values: [m.ref] },
        { label: 'Institution', values: [m.institutionName] },
        {
          label: 'Incoming course',
          plural: 'Incoming courses',
          values: m.incomingCourses.map(formatIncomingCourse),
        },
        {
          label: 'Proposed HKUST equivalent',
          plural: 'Proposed HKUST equivalents',
          values: m.homeCourses.map(formatHomeCourse),
        },
        { label: 'Request type', values: [m.kind === 'appeal' ? 'Appeal' : 'New'] },
        { label: 'Mapping status', values: [m.status] },
        { label: 'Requested on', values: [m.requestedOn] },
        { label: 'Reviewing for', values: [subjectArea] },
      ],
    },
    ...(m.kind === 'appeal' && m.justification
      ? [{ kind: 'quote' as const, label: "Student's justification", text: m.justification }]
      : []),
    { kind: 'heading', text: 'Supporting documents' },
    {
      kind: 'documents',
      hint: 'Document links valid for 15 minutes; reload this page for fresh links. Reloading does not record anything.',
      empty: 'No documents were attached.',
      items: m.documents.map((d) => ({
        label: d.fileName,
        href: d.url,
        ...(d.sizeBytes === undefined ? {} : { note: formatSize(d.sizeBytes) }),
      })),
    },
    ...(m.precedents ? precedentBlocks(m, m.precedents) : []),
  ];
}

/** The department's decision form: Approve with validity, Deny with a reason, or Need Further Info. */
export function departmentReviewForm(
  terms: string[],
  defaults: { validFrom: string; validTo: string },
): FormSpec {
  const term = (name: 'validFrom' | 'validTo', label: string) => ({
    kind: 'select' as const,
    name,
    label,
    options: terms,
    selected: defaults[name],
  });
  return {
    heading: 'Your decision',
    legend: 'Decision',
    options: [
      { value: 'approve', label: 'Approve' },
      { value: 'deny', label: 'Deny' },
      { value: 'need-info', label: 'Need Further Info' },
    ],
    groups: [
      {
        legend: 'Validity (when approving)',
        fields: [
          term('validFrom', 'Valid from (transfer term)'),
          term('validTo', 'Valid to (transfer term)'),
        ],
      },
      {
        fields: [
          {
            kind: 'textarea',
            name: 'reason',
            label: 'Reason for Denial (shown to the student)',
            hint: 'Needed when denying.',
          },
          {
            kind: 'textarea',
            name: 'note',
            label: 'Information required (shown to the student)',
            hint: 'Needed when asking for further information, e.g. an updated syllabus with the assessment methods.',
          },
        ],
      },
    ],
    note: 'Your decision is recorded only when you press Submit decision.',
    submit: 'Submit decision',
  };
}

/** What the reviewer is told after the POST. */
export function departmentReviewRecorded(
  decision: Pick<ReviewDecision, 'outcome'> & { validFrom?: string; validTo?: string },
  subjectArea: string,
): { summary: Span[]; next: string[] } {
  const validity =
    decision.outcome === 'Approved' && decision.validFrom && decision.validTo
      ? ` (valid for transfer terms ${decision.validFrom} to ${decision.validTo})`
      : '';
  return {
    summary: [`Decision of the ${subjectArea} department: `, { strong: decision.outcome }, `${validity}.`],
    next: [
      'If other subject departments are also reviewing this mapping, they may still be deciding.',
      'The student is emailed when the mapping is decided.',
    ],
  };
}

// ---- each page whole, as the links handler answers it ----

export interface ReviewConfirmationInput {
  mapping: ReviewPageMapping;
  subjectArea: string;
  /** The form's action, relative to the page. */
  actionPath: string;
  /** The transfer terms offered for validity, in order. */
  terms: string[];
  defaults: { validFrom: string; validTo: string };
  /** What the reviewer submitted, when the page is shown again after a 400. */
  values?: Record<string, string>;
  issues?: FieldIssue[];
}

export const reviewConfirmationPage = (p: ReviewConfirmationInput): string =>
  pages.confirmationPage(reviewSite, {
    heading: reviewLinkWording.heading,
    blocks: departmentReviewBlocks(p.mapping, p.subjectArea),
    form: departmentReviewForm(p.terms, p.defaults),
    actionPath: p.actionPath,
    ...(p.values ? { values: p.values } : {}),
    ...(p.issues ? { issues: p.issues } : {}),
  });

export const reviewRecordedPage = (p: {
  ref: string;
  subjectArea: string;
  outcome: ReviewDecision['outcome'];
  validFrom?: string;
  validTo?: string;
}): string =>
  pages.recordedPage(reviewSite, { subjectId: p.ref, ...departmentReviewRecorded(p, p.subjectArea) });

const named = (ref: string, subjectArea?: string) => ({
  wording: reviewLinkWording,
  subjectId: ref,
  ...(subjectArea ? { stepTitle: departmentReviewTitle(subjectArea) } : {}),
});

export const alreadyDecidedPage = (p: {
  ref: string;
  subjectArea?: string;
  decidedOn?: string;
  outcome?: string;
}): string =>
  pages.alreadyDecidedPage(reviewSite, {
    ...named(p.ref, p.subjectArea),
    ...(p.decidedOn ? { decidedOn: p.decidedOn } : {}),
    ...(p.outcome ? { outcome: p.outcome } : {}),
  });

export const linkExpiredPage = (p: { ref: string; subjectArea: string; renewPath: string }): string =>
  pages.linkExpiredPage(reviewSite, { ...named(p.ref, p.subjectArea), renewPath: p.renewPath });

export const linkRenewedPage = (p: { ref: string }): string =>
  pages.linkRenewedPage(reviewSite, named(p.ref));

export const linkNotFoundPage = (): string => pages.linkNotFoundPage(reviewSite);
