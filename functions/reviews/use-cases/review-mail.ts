// The emails of the multi-party mapping review: to the student on receipt and on decision, to ARO
// for triage and escalation, to department reviewers with their action link.
//
// Input: the people and a summary of the mapping. Output: a Mail (SES sends both parts).
// Each mail is built once as a list of blocks and rendered twice, so the HTML and text parts cannot
// drift apart in what they say. Wording and statuses follow the student guide (§4).
import { escapeHtml } from '../../commons/html.js';
import type { Mail } from '../../commons/mail.js';
import type { IncomingCourse, MappedHomeCourse } from '../../mappings/entities/mapping.js';

export interface MappingSummary {
  ref: string;
  institutionName: string;
  incomingCourses: IncomingCourse[];
  homeCourses: MappedHomeCourse[];
  kind?: 'new' | 'appeal';
  justification?: string;
}

export interface Person {
  name?: string;
  email: string;
}

export type DecisionOutcome =
  | { status: 'Approved'; validFrom: string; validTo: string }
  | { status: 'Denied'; reason: string }
  | { status: 'Need Further Info'; note: string };

/** As the guide lists incoming courses: "CCN2046 Music, Mind and Human Behavior (3 CREDIT)". */
export const formatIncomingCourse = (c: IncomingCourse): string =>
  `${c.code} ${c.title} (${c.credits} ${c.creditUnit})`;

/** As the guide lists HKUST courses: "HUMA1103 Understanding Music (3 CR)". */
export const formatHomeCourse = (c: MappedHomeCourse): string => `${c.code} ${c.title} (${c.credits} CR)`;

/**
 * Breaks URLs in text students typed (course titles, justifications) so mail clients don't turn them
 * into links: a reviewer's mail must hold exactly one link, the one we issued, and no mail should
 * offer a student-supplied link under the registry's name.
 */
export const defang = (s: string): string =>
  s.replace(/\b([a-z][a-z0-9+.-]*):\/\//gi, '$1[:]//').replace(/\bwww\./gi, 'www[.]');

// ---- the block model both parts are rendered from ----

type Span = string | { strong: string } | { code: string };

interface Fact {
  label: string;
  /** Label when there is more than one value. */
  plural?: string;
  values: string[];
}

type Block =
  | { kind: 'p'; spans: Span[] }
  | { kind: 'facts'; rows: Fact[] }
  | { kind: 'quote'; label: string; text: string }
  | { kind: 'action'; label: string; href: string };

const p = (...spans: Span[]): Block => ({ kind: 'p', spans });
const quote = (label: string, text: string): Block => ({ kind: 'quote', label, text });

const spanText = (s: Span): string => (typeof s === 'string' ? s : 'strong' in s ? s.strong : s.code);

const factLabel = (f: Fact): string => (f.values.length > 1 && f.plural ? f.plural : f.label);

function blockText(b: Block): string {
  switch (b.kind) {
    case 'p':
      return b.spans.map(spanText).join('');
    case 'facts':
      return b.rows
        .filter((f) => f.values.length > 0)
        .map((f) =>
          f.values.length === 1
            ? `${factLabel(f)}: ${f.values[0]}`
            : `${factLabel(f)}:\n${f.values.map((v) => `- ${v}`).join('\n')}`,
        )
        .join('\n');
    case 'quote':
      return `${b.label}:\n${b.text}`;
    case 'action':
      return `${b.label}:\n${b.href}`;
  }
}

const renderText = (blocks: Block[]): string => blocks.map(blockText).join('\n\n');

// Line breaks typed by students and reviewers (reasons, notes, justifications) survive in HTML too.
const html = (s: string): string => escapeHtml(s).replace(/\r?\n/g, '<br>');

function renderSpan(s: Span): string {
  if (typeof s === 'string') return html(s);
  if ('strong' in s) return `<strong>${html(s.strong)}</strong>`;
  return `<code style="font-family:Consolas,Menlo,monospace;background:#f2f4f7;padding:1px 4px">${html(s.code)}</code>`;
}

const cell = 'padding:3px 0;vertical-align:top';

function renderBlockHtml(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p style="margin:0 0 14px">${b.spans.map(renderSpan).join('')}</p>`;
    case 'facts': {
      const rows = b.rows
        .filter((f) => f.values.length > 0)
        .map(
          (f) =>
            `<tr><th scope="row" style="${cell};padding-right:14px;text-align:left;font-weight:bold;white-space:nowrap">${html(factLabel(f))}:</th>` +
            `<td style="${cell}">${f.values.map(html).join('<br>')}</td></tr>`,
        )
        .join('');
      return `<table style="border-collapse:collapse;margin:0 0 16px;font-size:15px">${rows}</table>`;
    }
    case 'quote':
      return (
        `<p style="margin:0 0 6px"><strong>${html(b.label)}:</strong></p>` +
        `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:4px solid #c8ced8;background:#f7f8fa">${html(b.text)}</blockquote>`
      );
    case 'action':
      return (
        `<p style="margin:20px 0"><a href="${escapeHtml(b.href)}" ` +
        'style="display:inline-block;padding:10px 20px;background:#003366;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold">' +
        `${html(b.label)}</a></p>`
      );
  }
}

function renderHtml(subject: string, blocks: Block[]): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${html(subject)}</title></head>` +
    '<body style="margin:0;padding:0;background:#ffffff">' +
    '<div style="max-width:640px;margin:0 auto;padding:24px 16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">' +
    blocks.map(renderBlockHtml).join('') +
    '</div></body></html>'
  );
}

// A subject is a mail header: one line, whatever a catalog value holds.
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

function mail(to: Person, subject: string, blocks: Block[]): Mail {
  const line = oneLine(subject);
  return { to: [to.email], subject: line, text: renderText(blocks), html: renderHtml(line, blocks) };
}

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
  return mail(student, `Course mapping ${m.ref}: ${wording.subject}`, [
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
  return mail(recipient, `Course mapping ${m.ref}: ${outcome.status}`, [
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
  return mail(aro, `Course mapping ${m.ref}: awaiting triage`, [
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
  return mail(aro, `Overdue: course mapping ${m.ref} at ${step}`, [
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

// The link is the mail's only URL: scanners may fetch it, and opening it only shows a confirmation
// page (DESIGN decision 5), so the wording tells the reviewer nothing happens until they submit.
function assertHttpLink(link: string): void {
  if (!/^https?:\/\/[^\s"'<>]+$/.test(link)) throw new Error('A review link must be an absolute http(s) URL');
}

function linkBlocks(link: string, expiresOn: string): Block[] {
  return [
    { kind: 'action', label: 'Review the request', href: link },
    p(
      `This link is personal to you and can be used once; it is valid until ${expiresOn}. Please do not forward this email. ` +
        'Opening the link only shows the request: your decision is recorded when you submit it on that page.',
    ),
  ];
}

export function reviewRequestMail(
  reviewer: Person,
  m: MappingSummary,
  subjectArea: string,
  link: string,
  expiresOn: string,
): Mail {
  assertHttpLink(link);
  return mail(reviewer, `Course mapping ${m.ref}: ${subjectArea} review requested`, [
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
    ...linkBlocks(link, expiresOn),
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
  assertHttpLink(link);
  return mail(reviewer, `Reminder: course mapping ${m.ref} awaits ${subjectArea} review`, [
    greeting(reviewer, 'Colleague'),
    p(
      `This is a kind reminder that course mapping request ${m.ref} has been awaiting the ${subjectArea} department's review for ${days(waitingDays)}. ` +
        'The student is waiting for the outcome; we would be grateful for your decision at your earliest convenience.',
    ),
    mappingFacts(m, { homeLabel: 'Proposed HKUST equivalent', kind: true }),
    ...linkBlocks(link, expiresOn),
    p('If you have already decided, please disregard this email. Thank you for your help.'),
    signature,
  ]);
}
