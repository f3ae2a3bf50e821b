// The emails of the multi-party mapping review, in its own words: to the student on receipt and on
// decision, to ARO for triage and escalation, to department reviewers with their action link.
//
// Input: the people and a summary of the mapping. Output: a Mail, rendered by the human-step module
// from blocks (both parts from one list, so they cannot drift apart). Wording and statuses follow
// the student guide (§4).
import type { Mail } from '../../commons/mail.js';
import type { Person } from '../../human-steps/domain/steps.js';
import { type Block, type Fact, p, quote } from '../../human-steps/edge/blocks.js';
import { defang, linkBlocks, renderMail } from '../../human-steps/edge/mail.js';
import type { IncomingCourse, MappedHomeCourse, Mapping } from '../../mappings/entities/mapping.js';

export interface MappingSummary {
  ref: string;
  institutionName: string;
  incomingCourses: IncomingCourse[];
  homeCourses: MappedHomeCourse[];
  kind?: 'new' | 'appeal';
  justification?: string;
}

export type { Person };

export type DecisionOutcome =
  | { status: 'Approved'; validFrom: string; validTo: string }
  | { status: 'Denied'; reason: string }
  | { status: 'Need Further Info'; note: string };

/** As the guide lists incoming courses: "CCN2046 Music, Mind and Human Behavior (3 CREDIT)". */
export const formatIncomingCourse = (c: IncomingCourse): string =>
  `${c.code} ${c.title} (${c.credits} ${c.creditUnit})`;

/** As the guide lists HKUST courses: "HUMA1103 Understanding Music (3 CR)". */
export const formatHomeCourse = (c: MappedHomeCourse): string => `${c.code} ${c.title} (${c.credits} CR)`;

// ---- shared wording ----

const greeting = (person: Person, fallback: string): Block => p(`Dear ${person.name?.trim() || fallback},`);

const signature: Block = p('Best regards,\nAcademic Registry, HKUST');

const days = (n: number): string => (n === 1 ? '1 day' : `${n} days`);

const subjectAreasOf = (m: MappingSummary): string[] => [...new Set(m.homeCourses.map((c) => c.subjectArea))];

interface FactOptions {
  homeLabel: 'Proposed HKUST equivalent' | 'Equivalent HKUST course';
  kind?: boolean;
  areas?: boolean;
}

function mappingFactRows(m: MappingSummary, o: FactOptions): Fact[] {
  const rows: Fact[] = [
    { label: 'D.B. Ref. No.', values: [m.ref] },
    { label: 'Institution', values: [defang(m.institutionName)] },
    {
      label: 'Incoming course',
      plural: 'Incoming courses',
      values: m.incomingCourses.map((c) => defang(formatIncomingCourse(c))),
    },
    {
      label: o.homeLabel,
      plural: `${o.homeLabel}s`,
      values: m.homeCourses.map((c) => defang(formatHomeCourse(c))),
    },
  ];
  if (o.kind) rows.push({ label: 'Request type', values: [m.kind === 'appeal' ? 'Appeal' : 'New'] });
  if (o.areas) rows.push({ label: 'Subject area', plural: 'Subject areas', values: subjectAreasOf(m) });
  return rows;
}

const mappingFacts = (m: MappingSummary, o: FactOptions): Block => ({
  kind: 'facts',
  rows: mappingFactRows(m, o),
});

// ---- to the student ----

const receivedWording: Record<
  'new' | 'provide-info' | 'appeal' | 'extend',
  { subject: string; opening: (ref: string) => string }
> = {
  new: {
    subject: 'request received',
    opening: (ref) => `We have received your course mapping request ${ref}.`,
  },
  'provide-info': {
    subject: 'further information received',
    opening: (ref) =>
      `We have received the further information you provided for course mapping request ${ref}.`,
  },
  appeal: {
    subject: 'appeal received',
    opening: (ref) => `We have received your appeal for course mapping request ${ref}.`,
  },
  extend: {
    subject: 'extension request received',
    opening: (ref) => `We have received your request to extend course mapping ${ref}.`,
  },
};

export function requestReceivedMail(
  student: Person,
  m: MappingSummary,
  what: 'new' | 'provide-info' | 'appeal' | 'extend',
): Mail {
  const wording = receivedWording[what];
  return renderMail(student, `Course mapping ${m.ref}: ${wording.subject}`, [
    greeting(student, 'Student'),
    p(wording.opening(m.ref), ' Its mapping status is now ', { strong: 'Request Initiated' }, '.'),
    mappingFacts(m, { homeLabel: 'Proposed HKUST equivalent' }),
    p(
      'The Academic Registry will check the request and pass it to the relevant subject department(s) for evaluation. ' +
        'We will email you at every step, and you can follow its progress under My Course Mapping Requests in the Credit Transfer System.',
    ),
    signature,
  ]);
}

const relationOpening = (relation: 'requester' | 'notify-me', ref: string): string =>
  relation === 'requester'
    ? `Your course mapping request ${ref} is now `
    : `A mapping you asked to be notified about (Notify Me), ${ref}, is now `;

function decisionBlocks(outcome: DecisionOutcome, relation: 'requester' | 'notify-me'): Block[] {
  switch (outcome.status) {
    case 'Approved':
      return [
        p(
          relation === 'requester'
            ? 'You can now use Apply for CT with this mapping for a course taken in one of these transfer terms.'
            : 'If you have taken, or will take, the incoming course in one of these transfer terms, you can use Apply for CT with this mapping.',
        ),
      ];
    case 'Denied':
      return [
        quote('Reason for Denial', outcome.reason),
        p(
          relation === 'requester'
            ? 'If you believe the courses are equivalent, you may Appeal from My Course Mapping Requests, uploading supporting documents (e.g. a comparison table) and your justification. ' +
                'You may also Re-map the incoming course to another HKUST course.'
            : 'If you believe the courses are equivalent, you may Appeal this mapping with supporting documents (e.g. a comparison table) and your justification, ' +
                'or Re-map the incoming course to another HKUST course, from Search Existing Mappings.',
        ),
      ];
    case 'Need Further Info':
      return [
        quote('Further Information Needed', outcome.note),
        p(
          relation === 'requester'
            ? 'Please use Provide Info in My Course Mapping Requests to upload the information (in PDF format). ' +
                'Once you submit it, the mapping status returns to Request Initiated and the evaluation continues.'
            : 'The student who made the request has been asked for this information. We will email you again when there is an update.',
        ),
      ];
  }
}

export function decisionMail(
  recipient: Person,
  m: MappingSummary,
  outcome: DecisionOutcome,
  relation: 'requester' | 'notify-me',
): Mail {
  const validity =
    outcome.status === 'Approved'
      ? ` (valid for transfer terms ${outcome.validFrom} to ${outcome.validTo})`
      : '';
  return renderMail(recipient, `Course mapping ${m.ref}: ${outcome.status}`, [
    greeting(recipient, 'Student'),
    p(relationOpening(relation, m.ref), { strong: outcome.status }, `${validity}.`),
    mappingFacts(m, { homeLabel: 'Equivalent HKUST course' }),
    ...decisionBlocks(outcome, relation),
    p('You can view the mapping under My Course Mapping Requests in the Credit Transfer System.'),
    signature,
  ]);
}

// ---- to ARO ----

export function triageRequestMail(aro: Person, m: MappingSummary, adminHint: string): Mail {
  return renderMail(aro, `Course mapping ${m.ref}: awaiting triage`, [
    greeting(aro, 'Colleague'),
    p(`Course mapping request ${m.ref} is awaiting triage by the Academic Registry.`),
    mappingFacts(m, { homeLabel: 'Proposed HKUST equivalent', kind: true, areas: true }),
    ...(m.kind === 'appeal' && m.justification
      ? [quote("Student's justification", defang(m.justification))]
      : []),
    p(
      'Please route it to the subject department(s) for review, send it back to the student as Need Further Info, ' +
        'or close it as a duplicate, through the admin API: ',
      { code: adminHint },
    ),
    signature,
  ]);
}

export function escalationMail(
  aro: Person,
  m: MappingSummary,
  step: string,
  waitingDays: number,
  awaited?: Person,
): Mail {
  const who = awaited ? [awaited.name ? `${awaited.name} <${awaited.email}>` : awaited.email] : [];
  return renderMail(aro, `Overdue: course mapping ${m.ref} at ${step}`, [
    greeting(aro, 'Colleague'),
    p(`Course mapping request ${m.ref} has been waiting at ${step} for ${days(waitingDays)}.`),
    {
      kind: 'facts',
      rows: [
        ...mappingFactRows(m, { homeLabel: 'Proposed HKUST equivalent', kind: true }),
        { label: 'Waiting at', values: [step] },
        { label: 'Awaiting', values: who },
      ],
    },
    p(
      'Please follow up' +
        (awaited ? ' with the person awaited' : '') +
        ', or reassign or decide the request through the admin API.',
    ),
    signature,
  ]);
}

// ---- to the department reviewer ----

export function reviewRequestMail(
  reviewer: Person,
  m: MappingSummary,
  subjectArea: string,
  link: string,
  expiresOn: string,
): Mail {
  return renderMail(reviewer, `Course mapping ${m.ref}: ${subjectArea} review requested`, [
    greeting(reviewer, 'Colleague'),
    p(
      `The Academic Registry would be grateful for the ${subjectArea} department's review of course mapping request ${m.ref}. ` +
        'Please approve it (with the transfer terms for which it is valid), deny it with a reason, or ask the student for further information.',
    ),
    mappingFacts(m, { homeLabel: 'Proposed HKUST equivalent', kind: true }),
    ...(m.kind === 'appeal'
      ? [
          p(
            "This is an appeal: the student's justification is shown with the supporting documents on the review page.",
          ),
        ]
      : [p('The supporting documents are shown on the review page.')]),
    ...linkBlocks('Review the request', link, expiresOn),
    p('Thank you for your help.'),
    signature,
  ]);
}

export function reviewReminderMail(
  reviewer: Person,
  m: MappingSummary,
  subjectArea: string,
  link: string,
  waitingDays: number,
  expiresOn: string,
): Mail {
  return renderMail(reviewer, `Reminder: course mapping ${m.ref} awaits ${subjectArea} review`, [
    greeting(reviewer, 'Colleague'),
    p(
      `This is a kind reminder that course mapping request ${m.ref} has been awaiting the ${subjectArea} department's review for ${days(waitingDays)}. ` +
        'The student is waiting for the outcome; we would be grateful for your decision at your earliest convenience.',
    ),
    mappingFacts(m, { homeLabel: 'Proposed HKUST equivalent', kind: true }),
    ...linkBlocks('Review the request', link, expiresOn),
    p('If you have already decided, please disregard this email. Thank you for your help.'),
    signature,
  ]);
}

/** What every review mail and page says about the mapping. */
export const summaryOf = (m: Mapping): MappingSummary => ({
  ref: m.ref,
  institutionName: m.institutionName,
  incomingCourses: m.incomingCourses,
  homeCourses: m.homeCourses,
  ...(m.kind ? { kind: m.kind } : {}),
  ...(m.justification ? { justification: m.justification } : {}),
});
