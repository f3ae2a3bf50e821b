import type { FieldIssue } from '../../commons/errors.js';
import { escapeHtml } from '../../commons/html.js';
import {
  type FormField,
  type FormSpec,
  factLabel,
  type LinkWording,
  type PageBlock,
  type Site,
  type Span,
} from './blocks.js';

// The pages a person sees after following an action link. Scanners fetch every link in a mail, so
// GET and HEAD only ever render the confirmation page; the decision is taken by the POST from its
// form alone (DESIGN decision 5). The pages load nothing from elsewhere and run no script, so a
// strict Content-Security-Policy fits them. What they say comes from the step's declaration.

const e = escapeHtml;
// Element content: an apostrophe needs no escape there (attributes are always double-quoted).
const t = (s: string): string => e(s).replace(/&#39;/g, "'");
// Reasons and justifications keep the person's line breaks.
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

// no-referrer: the page address carries the link id, which must not reach S3 or anyone else through
// a Referer header when a document link is followed. noindex: never in a search engine.
function page(site: Site, body: string): string {
  return (
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    '<meta name="referrer" content="no-referrer">\n<meta name="robots" content="noindex, nofollow">\n' +
    `<title>${e(site.title)}</title>\n<style>${style}</style>\n</head>\n<body>\n` +
    `<header><p>${e(site.header)}</p></header>\n` +
    `<main>\n${body}\n</main>\n` +
    `<footer>${e(site.footer)}</footer>\n</body>\n</html>\n`
  );
}

function span(s: Span): string {
  if (typeof s === 'string') return multiline(s);
  if ('strong' in s) return `<strong>${multiline(s.strong)}</strong>`;
  return `<code>${multiline(s.code)}</code>`;
}

const spans = (ss: Span[]): string => ss.map(span).join('');

const list = (items: string[]): string =>
  items.length === 1
    ? (items[0] as string)
    : `<ul class="plain">${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;

function block(b: PageBlock): string {
  switch (b.kind) {
    case 'p':
      return `<p>${spans(b.spans)}</p>`;
    case 'heading':
      return `<h2>${t(b.text)}</h2>`;
    case 'facts':
      return `<dl>${b.rows
        .filter((f) => f.values.length > 0)
        .map((f) => `<dt>${e(factLabel(f))}</dt><dd>${list(f.values.map(e))}</dd>`)
        .join('')}</dl>`;
    case 'quote':
      return `<h2>${t(b.label)}</h2>\n<blockquote>${multiline(b.text)}</blockquote>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${spans(i)}</li>`).join('')}</ul>`;
    case 'documents':
      if (b.items.length === 0) return `<p>${e(b.empty)}</p>`;
      return (
        `<p class="hint">${e(b.hint)}</p>\n` +
        `<ul class="plain">${b.items
          .map((d) => `<li><a href="${e(d.href)}">${e(d.label)}</a>${d.note ? ` (${e(d.note)})` : ''}</li>`)
          .join('')}</ul>`
      );
  }
}

const blocks = (bs: PageBlock[]): string => bs.map(block).join('\n');

export interface ConfirmationPage {
  heading: string;
  blocks: PageBlock[];
  form: FormSpec;
  /** The form's action, relative to the page. */
  actionPath: string;
  /** What was submitted, when the page is shown again after a 400. */
  values?: Readonly<Record<string, string | undefined>>;
  issues?: FieldIssue[];
}

// Issues name fields as the API reports them (`body.validFrom` or `validFrom`); the last segment is
// the form control's name.
const fieldOf = (issue: FieldIssue): string => issue.field.split('.').pop() ?? issue.field;

function formHtml(c: ConfirmationPage): { summary: string; form: string } {
  const { form } = c;
  const values = c.values ?? {};
  const issues = c.issues ?? [];
  // Where the error summary sends focus for each field: its control (the first radio for the decision).
  const controlId = new Map<string, string>([
    ['decision', `decision-${form.options[0]?.value ?? ''}`],
    ...form.groups.flatMap((g) => g.fields.map((f) => [f.name, f.name] as [string, string])),
  ]);
  const reasonsFor = (field: string) => issues.filter((i) => fieldOf(i) === field).map((i) => i.reason);
  const errorFor = (field: string): string => {
    const reasons = reasonsFor(field);
    return reasons.length === 0
      ? ''
      : `<p class="field-error" id="${field}-error">${reasons.map((r) => `<span class="visually-hidden">Error: </span>${e(r)}`).join('<br>')}</p>`;
  };
  const invalidAttrs = (field: string, hintId?: string): string => {
    const describedBy = [hintId, reasonsFor(field).length > 0 ? `${field}-error` : undefined].filter(Boolean);
    return (
      (reasonsFor(field).length > 0 ? ' aria-invalid="true"' : '') +
      (describedBy.length > 0 ? ` aria-describedby="${describedBy.join(' ')}"` : '')
    );
  };
  const fieldClass = (field: string) => (reasonsFor(field).length > 0 ? 'field invalid' : 'field');

  const summary =
    issues.length === 0
      ? ''
      : '<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">\n' +
        '<h2 id="error-summary-title">There is a problem with your decision</h2>\n<ul>' +
        issues
          .map((i) => {
            const id = controlId.get(fieldOf(i));
            return id ? `<li><a href="#${e(id)}">${e(i.reason)}</a></li>` : `<li>${e(i.reason)}</li>`;
          })
          .join('') +
        '</ul>\n</div>';

  const radios = form.options
    .map((o) => {
      const id = e(`decision-${o.value}`);
      const checked = values.decision === o.value ? ' checked' : '';
      return `<div class="choice"><input type="radio" name="decision" id="${id}" value="${e(o.value)}"${checked}> <label for="${id}">${e(o.label)}</label></div>`;
    })
    .join('\n');

  const control = (f: FormField): string => {
    const name = e(f.name);
    if (f.kind === 'select') {
      const selected = values[f.name] ?? f.selected;
      const options = f.options
        .map((t) => `<option value="${e(t)}"${t === selected ? ' selected' : ''}>${e(t)}</option>`)
        .join('');
      return (
        `<div class="${fieldClass(f.name)}"><label for="${name}">${e(f.label)}</label>${errorFor(f.name)}` +
        `<select name="${name}" id="${name}"${invalidAttrs(f.name)}>${options}</select></div>`
      );
    }
    return (
      `<div class="${fieldClass(f.name)}"><label for="${name}">${e(f.label)}</label>` +
      `<p class="hint" id="${name}-hint">${e(f.hint)}</p>${errorFor(f.name)}` +
      `<textarea name="${name}" id="${name}" rows="5"${invalidAttrs(f.name, `${f.name}-hint`)}>${e(values[f.name] ?? '')}</textarea></div>`
    );
  };

  const groups = form.groups.map((g) => {
    const fields = g.fields.map(control).join('\n');
    return g.legend ? `<fieldset><legend>${e(g.legend)}</legend>\n${fields}\n</fieldset>` : fields;
  });

  const decisionInvalid = reasonsFor('decision').length > 0;
  const html =
    `<form method="post" action="${e(c.actionPath)}">\n` +
    `<fieldset${decisionInvalid ? ' class="invalid" aria-describedby="decision-error"' : ''}>` +
    `<legend>${e(form.legend)}</legend>${errorFor('decision')}\n${radios}\n</fieldset>\n` +
    groups.join('\n') +
    `\n<p class="hint">${e(form.note)}</p>\n` +
    `<button type="submit">${e(form.submit)}</button>\n</form>`;
  return { summary, form: `<h2>${e(form.heading)}</h2>\n${html}` };
}

export function confirmationPage(site: Site, c: ConfirmationPage): string {
  const { summary, form } = formHtml(c);
  return page(site, `${summary}\n<h1>${e(c.heading)}</h1>\n${blocks(c.blocks)}\n${form}`);
}

/** The subject as a link page names it, e.g. "course mapping request B006711-02 (HUMA department review)". */
interface Named {
  wording: LinkWording;
  subjectId: string;
  stepTitle?: string;
}

const named = (n: Named, withStep = true): string =>
  `${e(n.wording.subject)} ${e(n.subjectId)}${withStep && n.stepTitle ? ` (${e(n.stepTitle)})` : ''}`;

export function recordedPage(site: Site, p: { subjectId: string; summary: Span[]; next: string[] }): string {
  return page(
    site,
    '<h1>Thank you</h1>\n' +
      `<p>Your decision on ${e(p.subjectId)} has been recorded.</p>\n` +
      `<p>${spans(p.summary)}</p>\n` +
      '<h2>What happens next</h2>\n<ul>' +
      [...p.next, 'This link cannot be used again. You can close this page.']
        .map((n) => `<li>${e(n)}</li>`)
        .join('') +
      `</ul>\n<p>If you need to change your decision, please ${e(site.contact)}.</p>`,
  );
}

export function alreadyDecidedPage(site: Site, p: Named & { decidedOn?: string; outcome?: string }): string {
  const recorded = p.outcome
    ? `<p>Recorded decision: <strong>${e(p.outcome)}</strong>${p.decidedOn ? ` on ${e(p.decidedOn)}` : ''}.</p>\n`
    : p.decidedOn
      ? `<p>Decided on ${e(p.decidedOn)}.</p>\n`
      : '';
  return page(
    site,
    '<h1>Already decided</h1>\n' +
      `<p>This link for ${named(p)} has already been used, ` +
      `or the request has been decided by ${e(p.wording.others)} or withdrawn.</p>\n` +
      recorded +
      '<p>There is nothing more for you to do.</p>\n' +
      `<p>If you believe this is a mistake, please ${e(site.contact)}.</p>`,
  );
}

export function linkExpiredPage(site: Site, p: Named & { renewPath: string }): string {
  return page(
    site,
    '<h1>This link has expired</h1>\n' +
      `<p>The ${e(p.wording.link)} for ${named(p)} has expired. ` +
      `For security, ${e(p.wording.link)}s are valid for a limited time only.</p>\n` +
      `<p>A fresh link will be sent to the ${e(p.wording.recipient)} address on file, not shown here.</p>\n` +
      `<form method="post" action="${e(p.renewPath)}">\n<button type="submit">Email me a new link</button>\n</form>\n` +
      `<p>or ${e(site.contact)}.</p>`,
  );
}

export function linkRenewedPage(site: Site, p: Named): string {
  return page(
    site,
    '<h1>New link sent</h1>\n' +
      `<p>A new link has been sent to the ${e(p.wording.recipient)} address on file for ${named(p, false)}.</p>\n` +
      '<p>It may take a few minutes to arrive. Please use the link in that email. ' +
      `If it does not arrive, please ${e(site.contact)}.</p>`,
  );
}

// Says nothing about any subject: a guessed or mangled link must not learn whether one exists.
export function linkNotFoundPage(site: Site): string {
  return page(
    site,
    '<h1>Link not recognised</h1>\n' +
      '<p>This link is incomplete or not valid.</p>\n' +
      '<p>Please check that you used the full link from the email (some mail programs split long links), ' +
      `or ${e(site.contact)}.</p>`,
  );
}
