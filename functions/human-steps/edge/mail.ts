import { escapeHtml } from '../../commons/html.js';
import type { Mail } from '../../commons/mail.js';
import type { Person } from '../domain/steps.js';
import { type Block, factLabel, type Span, spanText } from './blocks.js';

// Every mail of every human step is built once as blocks and rendered twice, so the HTML and text
// parts cannot drift apart in what they say.

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

// Line breaks typed by people (reasons, notes, justifications) survive in HTML too.
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

export function renderMail(to: Person, subject: string, blocks: Block[]): Mail {
  const line = oneLine(subject);
  return { to: [to.email], subject: line, text: renderText(blocks), html: renderHtml(line, blocks) };
}

/**
 * Breaks URLs in text people typed (course titles, justifications) so mail clients don't turn them
 * into links: a mail with an action link must hold exactly one link, the one we issued, and no mail
 * should offer a user-supplied link under the registry's name.
 */
export const defang = (s: string): string =>
  s.replace(/\b([a-z][a-z0-9+.-]*):\/\//gi, '$1[:]//').replace(/\bwww\./gi, 'www[.]');

// The link is the mail's only URL: scanners may fetch it, and opening it only shows a confirmation
// page (DESIGN decision 5), so the wording tells the person nothing happens until they submit.
export function assertHttpLink(link: string): void {
  if (!/^https?:\/\/[^\s"'<>]+$/.test(link))
    throw new Error('An action link must be an absolute http(s) URL');
}

/** The action button and what it means, in every mail that carries a link. */
export function linkBlocks(label: string, link: string, expiresOn: string): Block[] {
  assertHttpLink(link);
  return [
    { kind: 'action', label, href: link },
    {
      kind: 'p',
      spans: [
        `This link is personal to you and can be used once; it is valid until ${expiresOn}. Please do not forward this email. ` +
          'Opening the link only shows the request: your decision is recorded when you submit it on that page.',
      ],
    },
  ];
}
