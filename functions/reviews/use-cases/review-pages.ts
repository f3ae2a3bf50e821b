// The pages a department reviewer sees after following the link in a review email.
//
// Input: what the handler knows about the link and the mapping. Output: a standalone HTML document.
// Scanners fetch every link in a mail, so GET and HEAD only ever render the confirmation page; the
// decision is taken by the POST from its form alone (DESIGN decision 5). The pages load nothing from
// elsewhere and run no script, so a strict Content-Security-Policy fits them.
import type { FieldIssue } from '../../commons/errors.js';
import { escapeHtml } from '../../commons/html.js';
import { formatHomeCourse, formatIncomingCourse, type MappingSummary } from './review-mail.js';

export interface ReviewPageMapping extends MappingSummary {
  status: string;
  documents: { fileName: string; url: string; sizeBytes?: number }[];
  requestedOn: string;
}

type DecisionField = 'decision' | 'validFrom' | 'validTo' | 'reason' | 'note';

export interface ReviewConfirmationInput {
  mapping: ReviewPageMapping;
  subjectArea: string;
  /** The form's action, relative to the page. */
  actionPath: string;
  /** The transfer terms offered for validity, in order. */
  terms: string[];
  defaults: { validFrom: string; validTo: string };
  /** What the reviewer submitted, when the page is shown again after a 400. */
  values?: Partial<Record<DecisionField, string>>;
  issues?: FieldIssue[];
}

const pageTitle = 'Credit Transfer System — Course mapping review';

const e = escapeHtml;
// Reasons and justifications keep the reviewer's and student's line breaks.
const multiline = (s: string): string => e(s).replace(/\r?\n/g, '<br>');

const style = `
*{box-sizing:border-box}
body{margin:0;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;background:#f5f6f8}
header{background:#003366;color:#fff;padding:12px 16px}
header p{margin:0;font-weight:bold}
main{max-width:760px;margin:0 auto;padding:16px;background:#fff}
h1{font-size:1.6rem;margin:.5rem 0 1rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dt{font-weight:bold}
dd{margin:0}
ul.plain{margin:0;padding-left:1.2rem}
blockquote{margin:0;padding:.5rem .75rem;border-left:4px solid #c8ced8;background:#f7f8fa}
fieldset{border:1px solid #c8ced8;padding:.75rem 1rem;margin:0 0 1rem}
legend{font-weight:bold;padding:0 .25rem}
.choice{display:block;margin:.25rem 0}
.field{margin:0 0 1rem}
.field>label{display:block;font-weight:bold;margin-bottom:.25rem}
.hint{color:#4a5260;margin:.25rem 0}
select,textarea{font:inherit;padding:.35rem;border:1px solid #6b7480;max-width:100%}
textarea{width:100%;min-height:6rem}
.invalid select,.invalid textarea,fieldset.invalid{border:2px solid #b00020}
.field-error{color:#b00020;font-weight:bold;margin:.25rem 0}
.error-summary{border:3px solid #b00020;padding:.75rem 1rem;margin:0 0 1rem}
.error-summary h2{margin-top:0}
.error-summary a{color:#b00020}
button{font:inherit;font-weight:bold;padding:.6rem 1.2rem;background:#003366;color:#fff;border:0;border-radius:4px;cursor:pointer}
button:focus,a:focus,select:focus,textarea:focus,input:focus{outline:3px solid #ffbf47;outline-offset:2px}

.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
footer{max-width:760px;margin:0 auto;padding:12px 16px;color:#4a5260;font-size:.9rem}
`
  .trim()
  .replace(/\n/g, '');

// no-referrer: the page address carries the reviewer's link id, which must not reach S3 or anyone
// else through a Referer header when a document link is followed. noindex: never in a search engine.
function page(body: string): string {
  return (
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    '<meta name="referrer" content="no-referrer">\n<meta name="robots" content="noindex, nofollow">\n' +
    `<title>${e(pageTitle)}</title>\n<style>${style}</style>\n</head>\n<body>\n` +
    '<header><p>HKUST Credit Transfer System</p></header>\n' +
    `<main>\n${body}\n</main>\n` +
    '<footer>Academic Registry, HKUST</footer>\n</body>\n</html>\n'
  );
}

const contactAro = 'contact the Academic Registry (ARO)';

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const list = (items: string[]): string =>
  items.length === 1
    ? (items[0] as string)
    : `<ul class="plain">${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;

function mappingDetails(m: ReviewPageMapping, subjectArea: string): string {
  const rows: [string, string][] = [
    ['D.B. Ref. No.', e(m.ref)],
    ['Institution', e(m.institutionName)],
    [
      m.incomingCourses.length > 1 ? 'Incoming courses' : 'Incoming course',
      list(m.incomingCourses.map((c) => e(formatIncomingCourse(c)))),
    ],
    [
      m.homeCourses.length > 1 ? 'Proposed HKUST equivalents' : 'Proposed HKUST equivalent',
      list(m.homeCourses.map((c) => e(formatHomeCourse(c)))),
    ],
    ['Request type', m.kind === 'appeal' ? 'Appeal' : 'New'],
    ['Mapping status', e(m.status)],
    ['Requested on', e(m.requestedOn)],
    ['Reviewing for', e(subjectArea)],
  ];
  const dl = `<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
  const justification =
    m.kind === 'appeal' && m.justification
      ? `<h2>Student's justification</h2>\n<blockquote>${multiline(m.justification)}</blockquote>`
      : '';
  return `<h2>The request</h2>\n${dl}\n${justification}`;
}

function documentList(docs: ReviewPageMapping['documents']): string {
  if (docs.length === 0) return '<h2>Supporting documents</h2>\n<p>No documents were attached.</p>';
  const items = docs
    .map(
      (d) =>
        `<li><a href="${e(d.url)}">${e(d.fileName)}</a>${d.sizeBytes === undefined ? '' : ` (${formatSize(d.sizeBytes)})`}</li>`,
    )
    .join('');
  return (
    '<h2>Supporting documents</h2>\n' +
    '<p class="hint">Document links valid for 15 minutes; reload this page for fresh links. Reloading does not record anything.</p>\n' +
    `<ul class="plain">${items}</ul>`
  );
}

// Issues name fields as the API reports them (`body.validFrom` or `validFrom`); the last segment is
// the form control's name.
const fieldOf = (issue: FieldIssue): string => issue.field.split('.').pop() ?? issue.field;

const decisionOptions: { value: string; label: string }[] = [
  { value: 'approve', label: 'Approve' },
  { value: 'deny', label: 'Deny' },
  { value: 'need-info', label: 'Need Further Info' },
];

// Where the error summary sends focus for each field: its control (the first radio for the group).
const controlId: Record<DecisionField, string> = {
  decision: 'decision-approve',
  validFrom: 'validFrom',
  validTo: 'validTo',
  reason: 'reason',
  note: 'note',
};

const isDecisionField = (f: string): f is DecisionField => f in controlId;

export function reviewConfirmationPage(p: ReviewConfirmationInput): string {
  const values = p.values ?? {};
  const issues = p.issues ?? [];
  const reasonsFor = (field: DecisionField) =>
    issues.filter((i) => fieldOf(i) === field).map((i) => i.reason);

  const errorFor = (field: DecisionField): string => {
    const reasons = reasonsFor(field);
    return reasons.length === 0
      ? ''
      : `<p class="field-error" id="${field}-error">${reasons.map((r) => `<span class="visually-hidden">Error: </span>${e(r)}`).join('<br>')}</p>`;
  };
  const invalidAttrs = (field: DecisionField, hintId?: string): string => {
    const describedBy = [hintId, reasonsFor(field).length > 0 ? `${field}-error` : undefined].filter(Boolean);
    return (
      (reasonsFor(field).length > 0 ? ' aria-invalid="true"' : '') +
      (describedBy.length > 0 ? ` aria-describedby="${describedBy.join(' ')}"` : '')
    );
  };
  const fieldClass = (field: DecisionField) => (reasonsFor(field).length > 0 ? 'field invalid' : 'field');

  const summary =
    issues.length === 0
      ? ''
      : '<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">\n' +
        '<h2 id="error-summary-title">There is a problem with your decision</h2>\n<ul>' +
        issues
          .map((i) => {
            const field = fieldOf(i);
            return isDecisionField(field)
              ? `<li><a href="#${controlId[field]}">${e(i.reason)}</a></li>`
              : `<li>${e(i.reason)}</li>`;
          })
          .join('') +
        '</ul>\n</div>';

  const radios = decisionOptions
    .map((o) => {
      const id = `decision-${o.value}`;
      const checked = values.decision === o.value ? ' checked' : '';
      return `<div class="choice"><input type="radio" name="decision" id="${id}" value="${o.value}"${checked}> <label for="${id}">${o.label}</label></div>`;
    })
    .join('\n');

  const termSelect = (field: 'validFrom' | 'validTo', label: string): string => {
    const selected = values[field] ?? p.defaults[field];
    const options = p.terms
      .map((t) => `<option value="${e(t)}"${t === selected ? ' selected' : ''}>${e(t)}</option>`)
      .join('');
    return (
      `<div class="${fieldClass(field)}"><label for="${field}">${label}</label>${errorFor(field)}` +
      `<select name="${field}" id="${field}"${invalidAttrs(field)}>${options}</select></div>`
    );
  };

  const textArea = (field: 'reason' | 'note', label: string, hint: string): string =>
    `<div class="${fieldClass(field)}"><label for="${field}">${label}</label>` +
    `<p class="hint" id="${field}-hint">${hint}</p>${errorFor(field)}` +
    `<textarea name="${field}" id="${field}" rows="5"${invalidAttrs(field, `${field}-hint`)}>${e(values[field] ?? '')}</textarea></div>`;

  const decisionInvalid = reasonsFor('decision').length > 0;
  const form =
    `<form method="post" action="${e(p.actionPath)}">\n` +
    `<fieldset${decisionInvalid ? ' class="invalid" aria-describedby="decision-error"' : ''}>` +
    `<legend>Decision</legend>${errorFor('decision')}\n${radios}\n</fieldset>\n` +
    '<fieldset><legend>Validity (when approving)</legend>\n' +
    termSelect('validFrom', 'Valid from (transfer term)') +
    '\n' +
    termSelect('validTo', 'Valid to (transfer term)') +
    '\n</fieldset>\n' +
    textArea('reason', 'Reason for Denial (shown to the student)', 'Needed when denying.') +
    '\n' +
    textArea(
      'note',
      'Information required (shown to the student)',
      'Needed when asking for further information, e.g. an updated syllabus with the assessment methods.',
    ) +
    '\n<p class="hint">Your decision is recorded only when you press Submit decision.</p>\n' +
    '<button type="submit">Submit decision</button>\n</form>';

  return page(
    `${summary}\n<h1>Course mapping review</h1>\n` +
      `<p>The Academic Registry asks the ${e(p.subjectArea)} department to review course mapping request ${e(p.mapping.ref)}.</p>\n` +
      `${mappingDetails(p.mapping, p.subjectArea)}\n${documentList(p.mapping.documents)}\n` +
      `<h2>Your decision</h2>\n${form}`,
  );
}

export function reviewRecordedPage(p: {
  ref: string;
  subjectArea: string;
  outcome: 'Approved' | 'Denied' | 'Need Further Info';
  validFrom?: string;
  validTo?: string;
}): string {
  const validity =
    p.outcome === 'Approved' && p.validFrom && p.validTo
      ? ` (valid for transfer terms ${e(p.validFrom)} to ${e(p.validTo)})`
      : '';
  return page(
    '<h1>Thank you</h1>\n' +
      `<p>Your decision on ${e(p.ref)} has been recorded.</p>\n` +
      `<p>Decision of the ${e(p.subjectArea)} department: <strong>${e(p.outcome)}</strong>${validity}.</p>\n` +
      '<h2>What happens next</h2>\n<ul>' +
      '<li>If other subject departments are also reviewing this mapping, they may still be deciding.</li>' +
      '<li>The student is emailed when the mapping is decided.</li>' +
      '<li>This link cannot be used again. You can close this page.</li>' +
      `</ul>\n<p>If you need to change your decision, please ${contactAro}.</p>`,
  );
}

export function alreadyDecidedPage(p: {
  ref: string;
  subjectArea?: string;
  decidedOn?: string;
  outcome?: string;
}): string {
  const review = p.subjectArea ? ` (${e(p.subjectArea)} department review)` : '';
  const recorded = p.outcome
    ? `<p>Recorded decision: <strong>${e(p.outcome)}</strong>${p.decidedOn ? ` on ${e(p.decidedOn)}` : ''}.</p>\n`
    : p.decidedOn
      ? `<p>Decided on ${e(p.decidedOn)}.</p>\n`
      : '';
  return page(
    '<h1>Already decided</h1>\n' +
      `<p>This link for course mapping request ${e(p.ref)}${review} has already been used, ` +
      'or the request has been decided by another department or withdrawn.</p>\n' +
      recorded +
      '<p>There is nothing more for you to do.</p>\n' +
      `<p>If you believe this is a mistake, please ${contactAro}.</p>`,
  );
}

export function linkExpiredPage(p: { ref: string; subjectArea: string; renewPath: string }): string {
  return page(
    '<h1>This link has expired</h1>\n' +
      `<p>The review link for course mapping request ${e(p.ref)} (${e(p.subjectArea)} department review) has expired. ` +
      'For security, review links are valid for a limited time only.</p>\n' +
      '<p>A fresh link will be sent to the reviewer address on file, not shown here.</p>\n' +
      `<form method="post" action="${e(p.renewPath)}">\n<button type="submit">Email me a new link</button>\n</form>\n` +
      `<p>or ${contactAro}.</p>`,
  );
}

export function linkRenewedPage(p: { ref: string }): string {
  return page(
    '<h1>New link sent</h1>\n' +
      `<p>A new link has been sent to the reviewer address on file for course mapping request ${e(p.ref)}.</p>\n` +
      '<p>It may take a few minutes to arrive. Please use the link in that email. ' +
      `If it does not arrive, please ${contactAro}.</p>`,
  );
}

// Says nothing about any mapping: a guessed or mangled link must not learn whether a request exists.
export function linkNotFoundPage(): string {
  return page(
    '<h1>Link not recognised</h1>\n' +
      '<p>This link is incomplete or not valid.</p>\n' +
      '<p>Please check that you used the full link from the email (some mail programs split long links), ' +
      `or ${contactAro}.</p>`,
  );
}
