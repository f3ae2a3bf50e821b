import { describe, expect, it } from 'vitest';
import {
  alreadyDecidedPage,
  linkExpiredPage,
  linkNotFoundPage,
  linkRenewedPage,
  type ReviewConfirmationInput,
  type ReviewPageMapping,
  reviewConfirmationPage,
  reviewRecordedPage,
} from '../../functions/reviews/human-steps/pages.js';

const count = (s: string, re: RegExp): number =>
  (s.match(new RegExp(re.source, `${re.flags.replace('g', '')}g`)) ?? []).length;

// The HTML from `<label for="x">` (or the fieldset holding the radios) to the end of the control.
function fieldHtml(page: string, field: string): string {
  const start = field === 'decision' ? page.indexOf('<fieldset') : page.indexOf(`<label for="${field}">`);
  const end =
    field === 'decision' ? page.indexOf('</fieldset>', start) : page.indexOf(`name="${field}"`, start);
  expect(start, field).toBeGreaterThanOrEqual(0);
  expect(end, field).toBeGreaterThan(start);
  return page.slice(start, end);
}

const documentUrl =
  'https://cts-uploads.s3.ap-east-1.amazonaws.com/u/1.pdf?X-Amz-Signature=ab&X-Amz-Expires=900';

const mapping: ReviewPageMapping = {
  ref: 'B006711-02',
  institutionName: 'HKU SPACE Community College',
  incomingCourses: [
    { code: 'CCN2046', title: 'Music, Mind and Human Behavior', credits: 3, creditUnit: 'CREDIT' },
  ],
  homeCourses: [{ code: 'HUMA1103', title: 'Understanding Music', credits: 3, subjectArea: 'HUMA' }],
  kind: 'new',
  status: 'Under Review',
  documents: [{ fileName: 'CCN2046_syllabus.pdf', url: documentUrl, sizeBytes: 12_288 }],
  requestedOn: '2026-05-07',
};

const input: ReviewConfirmationInput = {
  mapping,
  subjectArea: 'HUMA',
  actionPath: './Zx9_k2Qm4LrT8vWb1Nc3Pd',
  terms: ['2025-26 Fall', '2025-26 Winter', '2025-26 Spring', '2025-26 Summer', '2026-27 Fall'],
  defaults: { validFrom: '2025-26 Fall', validTo: '2026-27 Fall' },
};

const allPages = (p: ReviewConfirmationInput): string[] => [
  reviewConfirmationPage(p),
  reviewRecordedPage({
    ref: p.mapping.ref,
    subjectArea: p.subjectArea,
    outcome: 'Approved',
    validFrom: '2025-26 Fall',
    validTo: '2026-27 Fall',
  }),
  alreadyDecidedPage({
    ref: p.mapping.ref,
    subjectArea: p.subjectArea,
    decidedOn: '2026-05-08',
    outcome: 'Denied',
  }),
  linkExpiredPage({ ref: p.mapping.ref, subjectArea: p.subjectArea, renewPath: './renew' }),
  linkRenewedPage({ ref: p.mapping.ref }),
  linkNotFoundPage(),
];

describe('review pages: documents', () => {
  it('are standalone, scriptless HTML documents that load nothing from elsewhere', () => {
    // Prepare / Act
    for (const page of allPages(input)) {
      // Assess
      expect(page.startsWith('<!doctype html>')).toBe(true);
      expect(page).toContain('<html lang="en">');
      expect(page).toContain('<meta charset="utf-8">');
      expect(page).toContain('<meta name="viewport"');
      expect(page).toContain('<title>Credit Transfer System — Course mapping review</title>');
      expect(page).toMatch(/<style>[^<]+<\/style>/);
      expect(page).not.toMatch(/<script|<link|<img|<iframe|\son[a-z]+=|\ssrc=|javascript:/i);
      expect(count(page, /<h1>/)).toBe(1);
      // The only absolute URLs a page may hold are the mapping's document links.
      for (const url of page.match(/https?:\/\/[^\s"'<>]+/g) ?? []) {
        expect(url).toBe(documentUrl.replace(/&/g, '&amp;'));
      }
    }
  });

  it('escapes every interpolated value', () => {
    // Prepare
    const hostile: ReviewConfirmationInput = {
      mapping: {
        ...mapping,
        ref: '<script>alert(0)</script>',
        institutionName: '<b>Evil</b> & "Co"',
        incomingCourses: [
          { code: 'X1', title: '<script>alert(1)</script>', credits: 3, creditUnit: 'CREDIT' },
        ],
        homeCourses: [
          { code: 'H<i>1</i>', title: '<img src=x onerror=alert(2)>', credits: 3, subjectArea: 'HUMA' },
        ],
        kind: 'appeal',
        justification: '<iframe src=javascript:alert(3)>',
        status: '<u>Under Review</u>',
        documents: [
          { fileName: '<svg onload=alert(4)>.pdf', url: 'https://x.example/a"onmouseover="alert(5)' },
        ],
        requestedOn: '<em>today</em>',
      },
      subjectArea: '<s>HUMA</s>',
      actionPath: '"><script>alert(6)</script>',
      terms: ['<option>2025-26 Fall'],
      defaults: { validFrom: '<option>2025-26 Fall', validTo: '<option>2025-26 Fall' },
      values: { reason: '</textarea><script>alert(7)</script>', note: '<b>note</b>' },
      issues: [{ field: 'body.reason', reason: '<script>alert(8)</script>' }],
    };
    // Act
    const pages = [
      ...allPages(hostile),
      alreadyDecidedPage({ ref: 'B1', decidedOn: '<b>d</b>', outcome: '<script>alert(9)</script>' }),
      linkExpiredPage({ ref: 'B1', subjectArea: 'HUMA', renewPath: '"><script>alert(10)</script>' }),
    ];
    // Assess
    for (const page of pages) {
      expect(page).not.toMatch(
        /<script|<img|<iframe|<svg|<u>|<s>|<b>|<i>|<em>|<option>2025|<\/textarea><script/,
      );
      expect(page).not.toMatch(/"onmouseover=/);
    }
    expect(pages[0]).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(pages[0]).toContain('&lt;/textarea&gt;&lt;script&gt;alert(7)&lt;/script&gt;');
    expect(pages[0]).toContain('&lt;script&gt;alert(8)&lt;/script&gt;');
  });
});

describe('confirmation page', () => {
  it('shows the request and its documents, and acts only through one POST form', () => {
    // Prepare / Act
    const page = reviewConfirmationPage(input);
    // Assess
    expect(page).toContain('HKU SPACE Community College');
    expect(page).toContain('CCN2046 Music, Mind and Human Behavior (3 CREDIT)');
    expect(page).toContain('HUMA1103 Understanding Music (3 CR)');
    expect(page).toContain(
      `<a href="${documentUrl.replace(/&/g, '&amp;')}">CCN2046_syllabus.pdf</a> (12.0 KB)`,
    );
    expect(page).toMatch(/links valid for 15 minutes/i);
    expect(count(page, /<form\b/)).toBe(1);
    expect(page).toContain('<form method="post" action="./Zx9_k2Qm4LrT8vWb1Nc3Pd">');
    expect(count(page, /<input type="radio" name="decision"/)).toBe(3);
    for (const [value, label] of [
      ['approve', 'Approve'],
      ['deny', 'Deny'],
      ['need-info', 'Need Further Info'],
    ]) {
      expect(page).toContain(`id="decision-${value}" value="${value}"`);
      expect(page).toContain(`<label for="decision-${value}">${label}</label>`);
    }
    expect(page).toMatch(/<fieldset[^>]*><legend>[^<]+<\/legend>[\s\S]*name="decision"/);
    expect(page).toContain('<label for="validFrom">Valid from (transfer term)</label>');
    expect(page).toContain('<label for="validTo">Valid to (transfer term)</label>');
    expect(page).toContain('<label for="reason">Reason for Denial (shown to the student)</label>');
    expect(page).toContain('<label for="note">Information required (shown to the student)</label>');
    expect(page).toContain('<textarea name="reason" id="reason"');
    expect(page).toContain('<textarea name="note" id="note"');
    expect(page).toContain('<button type="submit">Submit decision</button>');
    expect(page).not.toContain('role="alert"');
    expect(page).not.toContain(' checked');
  });

  it('gives every control a label', () => {
    // Prepare / Act
    const page = reviewConfirmationPage(input);
    const ids = [...page.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    // Assess
    expect(ids).toHaveLength(7);
    for (const id of ids) expect(page).toContain(`<label for="${id}">`);
  });

  it('offers the terms in order, with the defaults selected', () => {
    // Prepare / Act
    const page = reviewConfirmationPage(input);
    const fromStart = page.indexOf('<select name="validFrom"');
    const from = page.slice(fromStart, page.indexOf('</select>', fromStart));
    // Assess
    expect([...from.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1])).toEqual(input.terms);
    expect(page).toContain('<option value="2025-26 Fall" selected>');
    expect(page).toContain('<option value="2026-27 Fall" selected>');
    expect(count(page, /selected>/)).toBe(2);
  });

  it('shows the student justification of an appeal only', () => {
    // Prepare / Act
    const appeal = reviewConfirmationPage({
      ...input,
      mapping: { ...mapping, kind: 'appeal', justification: 'See the comparison table.\nTopics match.' },
    });
    const plain = reviewConfirmationPage({ ...input, mapping: { ...mapping, justification: 'ignored' } });
    // Assess
    expect(appeal).toContain("Student's justification");
    expect(appeal).toContain('See the comparison table.<br>Topics match.');
    expect(plain).not.toContain('justification');
  });

  it('after a 400, shows each issue next to its field and in a summary, and keeps what was submitted', () => {
    // Prepare
    const page = reviewConfirmationPage({
      ...input,
      values: {
        decision: 'deny',
        validFrom: '2025-26 Spring',
        validTo: '2025-26 Winter',
        reason: 'Too short & vague',
        note: 'n',
      },
      issues: [
        { field: 'validTo', reason: 'Valid to must not be before valid from' },
        { field: 'body.reason', reason: 'Give a reason of at least 10 characters' },
        { field: 'decision', reason: 'Choose a decision' },
      ],
    });
    // Act
    const summary = page.slice(
      page.indexOf('role="alert"'),
      page.indexOf('</div>', page.indexOf('role="alert"')),
    );
    // Assess
    expect(count(page, /role="alert"/)).toBe(1);
    expect(page.indexOf('role="alert"')).toBeLessThan(page.indexOf('<h1>'));
    expect(summary).toContain('<a href="#validTo">Valid to must not be before valid from</a>');
    expect(summary).toContain('<a href="#reason">Give a reason of at least 10 characters</a>');
    expect(summary).toContain('<a href="#decision-approve">Choose a decision</a>');
    expect(fieldHtml(page, 'validTo')).toContain('Valid to must not be before valid from');
    expect(fieldHtml(page, 'reason')).toContain('Give a reason of at least 10 characters');
    expect(fieldHtml(page, 'decision')).toContain('Choose a decision');
    expect(fieldHtml(page, 'validFrom')).not.toContain('Valid to must not');
    expect(fieldHtml(page, 'note')).not.toContain('reason of at least');
    expect(page).toMatch(
      /<select name="validTo" id="validTo" aria-invalid="true" aria-describedby="validTo-error">/,
    );
    expect(page).toContain('id="decision-deny" value="deny" checked>');
    expect(count(page, / checked/)).toBe(1);
    expect(page).toContain('<option value="2025-26 Spring" selected>');
    expect(page).toContain('<option value="2025-26 Winter" selected>');
    expect(page).not.toContain('<option value="2025-26 Fall" selected>');
    expect(page).toMatch(/<textarea name="reason"[^>]*>Too short &amp; vague<\/textarea>/);
    expect(page).toMatch(/<textarea name="note"[^>]*>n<\/textarea>/);
  });

  it('lists an issue about no known field in the summary only', () => {
    // Prepare / Act
    const page = reviewConfirmationPage({ ...input, issues: [{ field: 'body', reason: 'Unexpected form' }] });
    // Assess
    expect(page).toContain('<li>Unexpected form</li>');
    expect(count(page, /Unexpected form/)).toBe(1);
  });
});

describe('after the form, and when the link does not work', () => {
  it('confirms a recorded decision and says what happens next', () => {
    // Prepare / Act
    const page = reviewRecordedPage({
      ref: 'B006711-02',
      subjectArea: 'HUMA',
      outcome: 'Approved',
      validFrom: '2025-26 Fall',
      validTo: '2026-27 Fall',
    });
    const denied = reviewRecordedPage({ ref: 'B006711-02', subjectArea: 'HUMA', outcome: 'Denied' });
    // Assess
    expect(page).toContain('<h1>Thank you</h1>');
    expect(page).toContain('Your decision on B006711-02 has been recorded.');
    expect(page).toContain(
      '<strong>Approved</strong> (valid for transfer terms 2025-26 Fall to 2026-27 Fall)',
    );
    expect(page).toMatch(/other subject departments/);
    expect(page).toMatch(/student is emailed/);
    expect(denied).toContain('<strong>Denied</strong>.');
    expect(denied).not.toContain('valid for');
  });

  it('says a used link is already decided, with nothing more to do', () => {
    // Prepare / Act
    const page = alreadyDecidedPage({
      ref: 'B006711-02',
      subjectArea: 'HUMA',
      decidedOn: '2026-05-08',
      outcome: 'Approved',
    });
    const bare = alreadyDecidedPage({ ref: 'B006711-02' });
    // Assess
    expect(page).toContain('<h1>Already decided</h1>');
    expect(page).toContain('B006711-02 (HUMA department review) has already been used');
    expect(page).toContain('decided by another department or withdrawn');
    expect(page).toContain('Recorded decision: <strong>Approved</strong> on 2026-05-08.');
    expect(page).toContain('nothing more for you to do');
    expect(bare).not.toContain('Recorded decision');
    expect(count(page, /<form\b/) + count(bare, /<form\b/)).toBe(0);
  });

  it('offers a POST to renew an expired link, or ARO', () => {
    // Prepare / Act
    const page = linkExpiredPage({ ref: 'B006711-02', subjectArea: 'HUMA', renewPath: './Zx9_k2/renew' });
    // Assess
    expect(page).toContain('<h1>This link has expired</h1>');
    expect(page).toMatch(/for security/i);
    expect(count(page, /<form\b/)).toBe(1);
    expect(page).toContain('<form method="post" action="./Zx9_k2/renew">');
    expect(page).toContain('<button type="submit">Email me a new link</button>');
    expect(page).toContain('reviewer address on file');
    expect(page).toContain('or contact the Academic Registry (ARO)');
  });

  it('confirms a renewed link went to the address on file', () => {
    // Prepare / Act
    const page = linkRenewedPage({ ref: 'B006711-02' });
    // Assess
    expect(page).toContain('A new link has been sent to the reviewer address on file');
    expect(page).toContain('B006711-02');
  });

  it('does not tell whether any mapping exists when the link is not recognised', () => {
    // Prepare / Act
    const page = linkNotFoundPage();
    // Assess
    expect(page).toContain('<h1>Link not recognised</h1>');
    expect(page).toMatch(/incomplete or not valid/);
    expect(page).toContain('contact the Academic Registry (ARO)');
    expect(page).not.toMatch(/B\d{6}/);
    expect(page).not.toMatch(/mapping request|expired|decided/i);
    expect(page).not.toMatch(/<form\b/);
  });
});
