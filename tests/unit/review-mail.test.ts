import { describe, expect, it } from 'vitest';
import type { Mail } from '../../functions/commons/mail.js';
import {
  decisionMail,
  escalationMail,
  formatHomeCourse,
  formatIncomingCourse,
  type MappingSummary,
  type Person,
  requestReceivedMail,
  reviewReminderMail,
  reviewRequestMail,
  triageRequestMail,
} from '../../functions/reviews/human-steps/mails.js';

// What a reader of the HTML part sees: tags gone, entities decoded, whitespace collapsed.
function visible(html: string): string {
  return html
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<\/?(strong|code|a)\b[^>]*>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const urlPattern = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;
const urls = (s: string): string[] => s.match(urlPattern) ?? [];

// The text part's lines, minus list dashes, label colons and the action URL (a button in HTML).
const factLines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && urls(l).length === 0)
    .map((l) => l.replace(/^- /, '').replace(/:$/, ''));

const music: MappingSummary = {
  ref: 'B006711-02',
  institutionName: 'HKU SPACE Community College',
  incomingCourses: [
    { code: 'CCN2046', title: 'Music, Mind and Human Behavior', credits: 3, creditUnit: 'CREDIT' },
  ],
  homeCourses: [{ code: 'HUMA1103', title: 'Understanding Music', credits: 3, subjectArea: 'HUMA' }],
  kind: 'new',
};

const student: Person = { name: 'Chan Tai Man', email: 'tmchan@connect.ust.hk' };
const reviewer: Person = { name: 'Prof. Lee', email: 'humalee@ust.hk' };
const aro: Person = { email: 'aro-cts@ust.hk' };
const link = 'https://cts.example.hk/review/Zx9_k2Qm4LrT8vWb1Nc3Pd';

// Every mail the module builds, for checks that hold for all of them.
function allMails(m: MappingSummary, people: { student: Person; reviewer: Person; aro: Person }): Mail[] {
  return [
    ...(['new', 'provide-info', 'appeal', 'extend'] as const).map((w) =>
      requestReceivedMail(people.student, m, w),
    ),
    triageRequestMail(people.aro, m, `POST /admin/mappings/${m.ref}/triage`),
    reviewRequestMail(people.reviewer, m, 'HUMA', link, '2026-05-21'),
    reviewReminderMail(people.reviewer, m, 'HUMA', link, 5, '2026-05-21'),
    escalationMail(people.aro, m, 'HUMA department review', 12, people.reviewer),
    ...(['requester', 'notify-me'] as const).flatMap((relation) => [
      decisionMail(
        people.student,
        m,
        { status: 'Approved', validFrom: '2024-25 Fall', validTo: '2026-27 Summer' },
        relation,
      ),
      decisionMail(people.student, m, { status: 'Denied', reason: 'Course content is different.' }, relation),
      decisionMail(
        people.student,
        m,
        { status: 'Need Further Info', note: 'Please provide a syllabus.' },
        relation,
      ),
    ]),
  ];
}

describe('review mails: both parts', () => {
  it('writes courses as the guide does', () => {
    // Prepare
    const [incoming] = music.incomingCourses;
    const [home] = music.homeCourses;
    // Act / Assess
    expect(incoming && formatIncomingCourse(incoming)).toBe(
      'CCN2046 Music, Mind and Human Behavior (3 CREDIT)',
    );
    expect(home && formatHomeCourse(home)).toBe('HUMA1103 Understanding Music (3 CR)');
  });

  it('says in HTML everything the text part says, and names the mapping and its courses in both', () => {
    // Prepare
    const mails = allMails(
      {
        ...music,
        kind: 'appeal',
        justification: 'Both courses cover tonal harmony.\nSee the comparison table.',
        incomingCourses: [
          ...music.incomingCourses,
          { code: 'CCN2047', title: 'Music Theory', credits: 3.5, creditUnit: 'CREDIT' },
        ],
      },
      { student, reviewer, aro },
    );
    for (const mail of mails) {
      // Act
      const seen = visible(mail.html);
      // Assess
      for (const line of factLines(mail.text)) expect(seen, `${mail.subject}: ${line}`).toContain(line);
      for (const fact of [
        'B006711-02',
        'CCN2046 Music, Mind and Human Behavior (3 CREDIT)',
        'CCN2047 Music Theory (3.5 CREDIT)',
        'HUMA1103 Understanding Music (3 CR)',
        'Academic Registry, HKUST',
      ]) {
        expect(mail.text, mail.subject).toContain(fact);
        expect(seen, mail.subject).toContain(fact);
      }
      expect(mail.subject).toMatch(/B006711-02/);
      expect(mail.subject).not.toMatch(/\n/);
    }
  });

  it('escapes every interpolated value in HTML and still shows it', () => {
    // Prepare
    const hostile: MappingSummary = {
      ...music,
      institutionName: 'Evil & "Sons" <i>College</i>',
      incomingCourses: [
        { code: 'X<b>1</b>', title: '<script>alert(1)</script>', credits: 3, creditUnit: 'CREDIT' },
      ],
      homeCourses: [
        { code: 'HUMA1103', title: '<img src=x onerror=alert(2)>', credits: 3, subjectArea: 'HUMA' },
      ],
      kind: 'appeal',
      justification: '<iframe src=javascript:alert(3)>',
    };
    const people = {
      student: { name: '<u>Tai Man</u>', email: 'tm@connect.ust.hk' },
      reviewer: { name: '<svg onload=alert(4)>', email: 'r@ust.hk' },
      aro,
    };
    const deniedMail = decisionMail(
      people.student,
      hostile,
      { status: 'Denied', reason: '<script>alert(5)</script>' },
      'requester',
    );
    const mails = [
      ...allMails(hostile, people),
      deniedMail,
      decisionMail(
        people.student,
        hostile,
        { status: 'Need Further Info', note: '<a href=x>y</a>' },
        'notify-me',
      ),
      triageRequestMail(aro, hostile, '<b>POST</b>'),
      escalationMail(aro, hostile, '<i>ARO triage</i>', 3),
    ];
    for (const mail of mails) {
      // Act
      const { html } = mail;
      // Assess
      for (const raw of ['<script', '<img', '<iframe', '<svg', '<u>', '<i>', '<b>', '<a href=x']) {
        expect(html, mail.subject).not.toContain(raw);
      }
      expect(visible(html), mail.subject).toContain('<script>alert(1)</script>');
      expect(visible(html), mail.subject).toContain('Evil & "Sons" <i>College</i>');
    }
    expect(visible(deniedMail.html)).toContain('<script>alert(5)</script>');
  });

  it('signs every mail from the Academic Registry and sends it to the one person addressed', () => {
    // Prepare / Act
    const mails = allMails(music, { student, reviewer, aro });
    // Assess
    for (const mail of mails) {
      expect(mail.text.trimEnd().endsWith('Academic Registry, HKUST')).toBe(true);
      expect(mail.to).toHaveLength(1);
    }
  });
});

describe('request received', () => {
  it('acknowledges each kind of submission and says it is Request Initiated with a mail at every step', () => {
    // Prepare
    const openings = {
      new: 'We have received your course mapping request B006711-02.',
      'provide-info':
        'We have received the further information you provided for course mapping request B006711-02.',
      appeal: 'We have received your appeal for course mapping request B006711-02.',
      extend: 'We have received your request to extend course mapping B006711-02.',
    } as const;
    for (const [what, opening] of Object.entries(openings) as [keyof typeof openings, string][]) {
      // Act
      const mail = requestReceivedMail(student, music, what);
      // Assess
      expect(mail.to).toEqual(['tmchan@connect.ust.hk']);
      expect(mail.text).toContain(opening);
      expect(mail.text).toContain('Its mapping status is now Request Initiated.');
      expect(mail.text).toContain('We will email you at every step');
      expect(mail.text.startsWith('Dear Chan Tai Man,')).toBe(true);
    }
    expect(requestReceivedMail(student, music, 'new').subject).toBe(
      'Course mapping B006711-02: request received',
    );
    expect(requestReceivedMail({ email: 'x@connect.ust.hk' }, music, 'new').text).toMatch(/^Dear Student,/);
  });
});

describe('ARO mails', () => {
  it('asks ARO to triage through the admin API, with an appeal justification', () => {
    // Prepare
    const appeal = {
      ...music,
      kind: 'appeal' as const,
      justification: 'HUMA1103 fits better than HUMA1000LEVEL.',
    };
    // Act
    const mail = triageRequestMail(aro, appeal, 'POST /admin/mappings/B006711-02/triage');
    // Assess
    expect(mail.to).toEqual(['aro-cts@ust.hk']);
    expect(mail.subject).toBe('Course mapping B006711-02: awaiting triage');
    for (const part of [mail.text, visible(mail.html)]) {
      expect(part).toContain('POST /admin/mappings/B006711-02/triage');
      expect(part).toContain('HUMA1103 fits better than HUMA1000LEVEL.');
      expect(part).toContain('Request type: Appeal');
      expect(part).toMatch(/send it back .*Need Further Info.* duplicate/);
    }
    expect(triageRequestMail(aro, music, 'hint').text).not.toContain('justification');
  });

  it('escalates an overdue step, naming who is awaited and for how long', () => {
    // Prepare / Act
    const mail = escalationMail(aro, music, 'HUMA department review', 12, reviewer);
    const oneDay = escalationMail(aro, music, 'ARO triage', 1);
    // Assess
    expect(mail.subject).toBe('Overdue: course mapping B006711-02 at HUMA department review');
    expect(mail.text).toContain('has been waiting at HUMA department review for 12 days.');
    expect(mail.text).toContain('Awaiting: Prof. Lee <humalee@ust.hk>');
    expect(visible(mail.html)).toContain('Prof. Lee <humalee@ust.hk>');
    expect(oneDay.text).toContain('waiting at ARO triage for 1 day.');
    expect(oneDay.text).not.toContain('Awaiting:');
  });
});

describe('review request and reminder', () => {
  it('carries exactly one URL, the link given, and nothing about tokens', () => {
    // Prepare: a student-typed title holding a URL must not become a second link.
    const sneaky: MappingSummary = {
      ...music,
      incomingCourses: [
        {
          code: 'CCN2046',
          title: 'Music https://evil.example/x www.evil.example',
          credits: 3,
          creditUnit: 'CREDIT',
        },
      ],
    };
    // Act
    const mails = [
      reviewRequestMail(reviewer, sneaky, 'HUMA', link, '2026-05-21'),
      reviewReminderMail(reviewer, sneaky, 'HUMA', link, 5, '2026-05-21'),
    ];
    // Assess
    for (const mail of mails) {
      expect(urls(mail.text)).toEqual([link]);
      expect(urls(mail.html)).toEqual([link]);
      expect(mail.html).toContain(`href="${link}"`);
      expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toMatch(/token/i);
      expect(mail.html).not.toMatch(/www\.evil/);
    }
  });

  it('says the link is personal, single use and valid until the given date', () => {
    // Prepare / Act
    const mail = reviewRequestMail(reviewer, music, 'HUMA', link, '2026-05-21');
    // Assess
    expect(mail.to).toEqual(['humalee@ust.hk']);
    expect(mail.subject).toBe('Course mapping B006711-02: HUMA review requested');
    for (const part of [mail.text, visible(mail.html)]) {
      expect(part).toContain('personal to you');
      expect(part).toContain('can be used once');
      expect(part).toContain('valid until 2026-05-21');
      expect(part).toContain("HUMA department's review");
    }
  });

  it('reminds with the waiting time and the same kind of link', () => {
    // Prepare / Act
    const mail = reviewReminderMail(reviewer, music, 'HUMA', link, 5, '2026-05-28');
    // Assess
    expect(mail.subject).toBe('Reminder: course mapping B006711-02 awaits HUMA review');
    expect(mail.text).toContain('for 5 days');
    expect(mail.text).toContain('valid until 2026-05-28');
  });

  it('refuses a link that is not an absolute http(s) URL', () => {
    // Prepare / Act / Assess
    expect(() => reviewRequestMail(reviewer, music, 'HUMA', 'javascript:alert(1)', '2026-05-21')).toThrow();
    expect(() => reviewReminderMail(reviewer, music, 'HUMA', '/review/abc', 1, '2026-05-21')).toThrow();
  });
});

describe('decision mails', () => {
  const approved = { status: 'Approved', validFrom: '2024-25 Fall', validTo: '2026-27 Summer' } as const;
  const denied = { status: 'Denied', reason: 'Course content is different.' } as const;
  const needInfo = {
    status: 'Need Further Info',
    note: 'Please provide a more updated course syllabus.',
  } as const;

  it('tells the requester the outcome in the guide words, with the action open to them', () => {
    // Prepare / Act
    const a = decisionMail(student, music, approved, 'requester');
    const d = decisionMail(student, music, denied, 'requester');
    const n = decisionMail(student, music, needInfo, 'requester');
    // Assess
    expect(a.subject).toBe('Course mapping B006711-02: Approved');
    expect(a.text).toContain(
      'Your course mapping request B006711-02 is now Approved (valid for transfer terms 2024-25 Fall to 2026-27 Summer).',
    );
    expect(visible(a.html)).toContain('valid for transfer terms 2024-25 Fall to 2026-27 Summer');
    expect(d.subject).toBe('Course mapping B006711-02: Denied');
    expect(d.text).toContain('Your course mapping request B006711-02 is now Denied.');
    expect(d.text).toContain('Reason for Denial:\nCourse content is different.');
    expect(d.text).toContain('you may Appeal');
    expect(n.subject).toBe('Course mapping B006711-02: Need Further Info');
    expect(n.text).toContain('Further Information Needed:\nPlease provide a more updated course syllabus.');
    expect(n.text).toContain('Please use Provide Info in My Course Mapping Requests');
    for (const mail of [a, d, n]) expect(mail.text).not.toContain('Notify Me');
  });

  it('tells a Notify Me follower it is not their request and offers no Provide Info', () => {
    // Prepare / Act
    const a = decisionMail(student, music, approved, 'notify-me');
    const d = decisionMail(student, music, denied, 'notify-me');
    const n = decisionMail(student, music, needInfo, 'notify-me');
    // Assess
    for (const mail of [a, d, n]) {
      expect(mail.text).toContain('A mapping you asked to be notified about (Notify Me), B006711-02, is now');
      expect(mail.text).not.toContain('Your course mapping request');
      expect(mail.text).not.toContain('Provide Info');
    }
    expect(a.text).toContain('is now Approved (valid for transfer terms 2024-25 Fall to 2026-27 Summer).');
    expect(d.text).toContain('Reason for Denial:\nCourse content is different.');
    expect(d.text).toMatch(/Appeal.*Re-map/s);
    expect(n.text).toContain('Further Information Needed:');
    expect(visible(n.html)).not.toContain('Provide Info');
  });

  it('gives requester and follower the same subject but different text', () => {
    // Prepare / Act
    const mine = decisionMail(student, music, needInfo, 'requester');
    const followed = decisionMail(student, music, needInfo, 'notify-me');
    // Assess
    expect(mine.subject).toBe(followed.subject);
    expect(mine.text).not.toBe(followed.text);
  });

  it('keeps line breaks of a reason in HTML', () => {
    // Prepare / Act
    const mail = decisionMail(
      student,
      music,
      { status: 'Denied', reason: 'Different content.\nDifferent level.' },
      'requester',
    );
    // Assess
    expect(mail.html).toContain('Different content.<br>Different level.');
  });
});
