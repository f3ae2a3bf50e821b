import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SubmittedMappingRequest, TriageQueueResponse } from '../../functions/mappings/contracts.js';
import { seededMappings } from '../../local/seed/index.js';
import { demoAroStaff, demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { eventually, mailbox } from '../support/aws.js';
import { givenMapping, givenStudyRecord } from '../support/fixtures.js';
import { verifiedPdf } from '../support/uploads.js';

// Issue 10 item 8 over the local runtime: a department reviewer's confirmation page (the emailed
// review link) shows the precedents of the request, so that like requests get like decisions: the
// Approved and Denied mappings of the same incoming course at other HKUST courses, and those to the
// same HKUST course from other institutions, and not what is still undecided.

const [student] = demoStudents;
const [staff] = demoAroStaff;
const homeCourse = 'COMP3111';
let token: string;
let aroToken: string;

beforeAll(async () => {
  if (!student || !staff) throw new Error('the seed needs a student and ARO staff');
  [token, aroToken] = await Promise.all([signIn(student.studentId), signIn(staff.staffId)]);
}, 60_000);

async function reviewLinkFor(ref: string): Promise<string> {
  const mail = await eventually(
    async () =>
      (await mailbox()).find(
        (m) => m.subject.includes(ref) && /\/review\/[A-Za-z0-9_-]{43}/.test(m.body.text ?? ''),
      ),
    `a review link for ${ref}`,
    20_000,
  );
  const url = /https?:\/\/[^\s"<>]+\/review\/[A-Za-z0-9_-]{43}/.exec(mail.body.text ?? '')?.[0];
  if (!url) throw new Error(`no review link in "${mail.subject}"`);
  return url;
}

describe("the reviewer's confirmation page", () => {
  it('shows the precedents: the same incoming course at other HKUST courses, the same HKUST course from other institutions', async () => {
    if (!student) throw new Error('no student');
    const code = `PRC${randomInt(1000, 9999)}`;
    const record = await givenStudyRecord(student.studentId, '2026-27 Fall');
    const incoming = {
      code,
      title: 'Software Engineering Studio',
      credits: 3,
      creditUnit: 'CREDIT' as const,
    };
    const at = {
      studentId: student.studentId,
      recordId: record.recordId,
      institutionId: record.institutionId,
      institutionName: record.institutionName,
    };
    // Decided before at the same institution: the same course to other HKUST courses.
    const approvedElsewhere = await givenMapping({
      ...at,
      status: 'Approved',
      homeCourse: { code: 'COMP2012', title: 'Object-Oriented Programming', credits: 4, subjectArea: 'COMP' },
      patch: { incomingCourses: [incoming], validFrom: '2024-25 Fall', validTo: '2028-29 Spring' },
    });
    const deniedElsewhere = await givenMapping({
      ...at,
      status: 'Denied',
      homeCourse: {
        code: 'COMP1021',
        title: 'Introduction to Computer Science',
        credits: 3,
        subjectArea: 'COMP',
      },
      patch: { incomingCourses: [incoming], denialReason: 'Not the same depth' },
    });
    const undecided = await givenMapping({
      ...at,
      status: 'Under Review',
      homeCourse: { code: 'COMP2011', title: 'Programming with C++', credits: 4, subjectArea: 'COMP' },
      patch: { incomingCourses: [incoming] },
    });
    // Another institution's course, denied as the same HKUST course.
    const other = await givenStudyRecord(student.studentId, '2026-27 Fall');
    const deniedToSame = await givenMapping({
      studentId: student.studentId,
      recordId: other.recordId,
      institutionId: other.institutionId,
      institutionName: other.institutionName,
      status: 'Denied',
      homeCourse: { code: homeCourse, title: 'Software Engineering', credits: 4, subjectArea: 'COMP' },
    });

    const submitted = await api<SubmittedMappingRequest>(
      'POST',
      `/students/me/records/${record.recordId}/mapping-requests`,
      {
        token,
        body: {
          submit: true,
          incomingCourses: [{ ...incoming, documentIds: [await verifiedPdf(token)] }],
          homeCourseCodes: [homeCourse],
        },
      },
    );
    expect(submitted.status).toBe(201);
    const { ref } = submitted.body;
    await eventually(async () => {
      const { body } = await api<TriageQueueResponse>('GET', '/admin/triage', { token: aroToken });
      return body.requests.some((r) => r.ref === ref) || undefined;
    }, `${ref} to await triage`);
    const routed = await api('POST', `/admin/mappings/${ref}/triage`, {
      token: aroToken,
      body: { action: 'route' },
    });
    expect(routed.status).toBe(202);

    const page = await fetch(await reviewLinkFor(ref));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Precedents');
    const [sameCourse, sameHome] = html.split(`${homeCourse} from other institutions`) as [string, string];
    expect(sameHome).toBeDefined();

    // The same incoming course at the institution: Approved first, with its validity; then Denied.
    const approvedAt = sameCourse.indexOf(approvedElsewhere.ref);
    expect(approvedAt).toBeGreaterThan(sameCourse.indexOf('Precedents'));
    expect(sameCourse.indexOf(deniedElsewhere.ref)).toBeGreaterThan(approvedAt);
    expect(sameCourse).toContain('valid 2024-25 Fall to 2028-29 Spring');
    expect(html).not.toContain(undecided.ref);

    // To the same HKUST course from other institutions: the fixture's and the seed's decided ones.
    expect(sameHome).toContain(deniedToSame.ref);
    expect(sameHome).toContain(other.institutionName);
    const seeded = seededMappings().filter(
      (m) =>
        (m.status === 'Approved' || m.status === 'Denied') &&
        m.homeCourses.some((h) => h.code === homeCourse) &&
        m.institutionId !== record.institutionId,
    );
    expect(seeded.length).toBeGreaterThan(0);
    for (const m of seeded.slice(0, 9)) expect(sameHome).toContain(m.ref);
  });
});
