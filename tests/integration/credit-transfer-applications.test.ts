import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationView } from '../../functions/applications/contracts.js';
import { demoAroStaff, demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import {
  applicationBecomes,
  givenDraftApplication,
  givenVerifiedTranscript,
} from '../support/applications.js';
import { eventually, mailbox, publishedEvents, type SentMail } from '../support/aws.js';

// Credit transfer applications end to end over HTTP against the local runtime (guide §5.1, §5.3,
// §5.4): Apply for CT → Submit → program-office endorsement from emailed links → ARO, whose
// approval waits for a Verified official transcript → approved with credits graded "T"; and Not
// Endorsed, Need Further Info → Provide Info, a late submit, a failing grade, withdrawal, no rule.

const [student, otherStudent] = demoStudents;
const [staff] = demoAroStaff;
let token: string;
let otherToken: string;
let aroToken: string;

const onTime = '2026-27 Spring'; // its default deadline, 2027-06-30, is still ahead
/** A Draft application on an approved mapping to a course of its own, at an institution of its own. */
const givenApprovedMapping = (transferTerm = onTime) =>
  givenDraftApplication({
    studentId: student?.studentId ?? '',
    studentToken: token,
    aroToken,
    transferTerm,
    homeCourse: { prefix: 'ENDO', title: 'Endorsed Engineering' },
  });

/** Adds rows to the endorsement rule table in force (other files publish too: retried on 409). */
async function givenRule(
  ruleId: string,
  courseCode: string,
  endorsers: { officeId: string; email: string }[],
) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const table = await api<{ version: number; rows: unknown[] }>('GET', '/admin/endorsement-rules', {
      token: aroToken,
    });
    const put = await api('PUT', '/admin/endorsement-rules', {
      token: aroToken,
      body: {
        version: table.body.version,
        rows: [
          ...table.body.rows,
          {
            ruleId,
            conditions: { courseCodes: [courseCode] },
            endorsers: endorsers.map((e) => ({
              officeId: e.officeId,
              name: `${e.officeId} Office`,
              emails: [e.email],
            })),
          },
        ],
      },
    });
    if (put.status === 200) return;
    expect(put.status).toBe(409);
  }
  throw new Error('could not publish the rule');
}

const submit = (a: ApplicationView, body: Record<string, unknown> = {}) =>
  api<ApplicationView & { issues?: { field: string; reason: string }[]; message?: string }>(
    'POST',
    `/students/me/applications/${a.applicationId}/submit`,
    {
      token,
      body: {
        finalGrades: a.incomingCourses.map((c) => ({ code: c.code, grade: 'B' })),
        version: a.version,
        ...body,
      },
    },
  );

const statusBecomes = (id: string, status: string, awaiting?: string) =>
  applicationBecomes(aroToken, id, status, awaiting);

const mailsTo = async (email: string, about: string): Promise<SentMail[]> =>
  (await mailbox()).filter((m) => m.destination.to.includes(email) && m.subject.includes(about));

async function endorsementLink(email: string, ref: string): Promise<string> {
  const mail = await eventually(
    async () => (await mailsTo(email, ref))[0],
    `the endorsement mail to ${email}`,
    20_000,
  );
  const url = /https?:\/\/[^\s"<>]+\/endorse\/[A-Za-z0-9_-]{43}/.exec(mail.body.text ?? '')?.[0];
  if (!url) throw new Error(`no endorsement link in "${mail.subject}"`);
  return url;
}

async function post(url: string, form: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', body: new URLSearchParams(form) });
  return { status: response.status, html: await response.text() };
}

const verifiedTranscript = (record: { recordId: string; institutionId: string; institutionName: string }) =>
  givenVerifiedTranscript(
    { token: aroToken, staffId: staff?.staffId ?? 'aro' },
    student?.studentId ?? '',
    record,
  );

beforeAll(async () => {
  if (!student || !otherStudent || !staff) throw new Error('the seed needs two students and ARO staff');
  [token, otherToken, aroToken] = await Promise.all([
    signIn(student.studentId),
    signIn(otherStudent.studentId),
    signIn(staff.staffId),
  ]);
}, 60_000);

describe('a credit transfer application', () => {
  it('goes from Submit through two program offices to ARO, waits for the Verified transcript, and is approved with credits graded T', async () => {
    const { record, mapping, code, application } = await givenApprovedMapping();
    const suffix = randomInt(100_000, 999_999);
    const offices = [
      { officeId: `SENG-${suffix}`, email: `seng-${suffix}@ust.hk` },
      { officeId: `UG-${suffix}`, email: `ug-${suffix}@ust.hk` },
    ];
    await givenRule(`both-${suffix}`, code, offices);

    const submitted = await submit(application);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({
      status: 'Pending Program Office Endorsement',
      endorsements: [
        { officeName: `${offices[0]?.officeId} Office`, outcome: 'Awaiting' },
        { officeName: `${offices[1]?.officeId} Office`, outcome: 'Awaiting' },
      ],
    });

    // Each office gets its own link; opening it (GET, HEAD) changes nothing.
    const [first, second] = await Promise.all(offices.map((o) => endorsementLink(o.email, mapping.ref)));
    expect((await fetch(first as string, { method: 'HEAD' })).status).toBe(200);
    const page = await fetch(first as string);
    expect(await page.text()).toContain('Credit transfer endorsement');
    expect(
      (await statusBecomes(application.applicationId, 'Pending Program Office Endorsement')).status,
    ).toBe('Pending Program Office Endorsement');
    expect((await post(first as string, { decision: 'endorse' })).status).toBe(200);
    // Single use: the same link again is "already decided".
    expect((await post(first as string, { decision: 'endorse' })).html).toMatch(/already/i);
    expect((await post(second as string, { decision: 'endorse' })).status).toBe(200);

    const atAro = await statusBecomes(application.applicationId, 'Submitted', 'verified-transcript');
    expect(atAro.routing).toMatchObject({ matchedRows: [`both-${suffix}`], outcome: 'endorsement' });
    expect(atAro.endorsements.map((e) => e.outcome)).toEqual(['Endorsed', 'Endorsed']);
    // ARO sees what it would approve: 3 CREDIT of 15 a semester → 6 UCTS → 1.8 HKUST credits.
    expect(atAro.conversion).toMatchObject({ outcome: 'transfer', credits: 1.8 });
    expect(atAro.conversion?.steps.length).toBeGreaterThan(3);

    // No Verified transcript yet: approval is refused, with the reason, and nothing changes.
    const refused = await api<{ message: string }>(
      'POST',
      `/admin/applications/${application.applicationId}/decision`,
      {
        token: aroToken,
        body: { action: 'approve' },
      },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/Verified official transcript/);

    await verifiedTranscript(record);
    await statusBecomes(application.applicationId, 'Submitted', 'aro-decision');
    const approved = await api('POST', `/admin/applications/${application.applicationId}/decision`, {
      token: aroToken,
      body: { action: 'approve' },
    });
    expect(approved.status).toBe(202);
    const done = await statusBecomes(application.applicationId, 'Approved');
    // 3 CREDIT of 15 a semester → 6 UCTS → 1.8 HKUST credits, graded T.
    expect(done.decision).toMatchObject({
      outcome: 'Approved',
      credits: 1.8,
      transferred: [{ code, credits: 1.8, grade: 'T' }],
    });
    // The student information system hears of it once, on the integration bus, with an id to de-duplicate by.
    const published = await eventually(async () => {
      const found = (await publishedEvents()).filter(
        (e) =>
          e.detailType === 'Credit Transfer Approved' && e.detail.applicationId === application.applicationId,
      );
      return found.length > 0 ? found : undefined;
    }, 'the Credit Transfer Approved event');
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      source: 'hkust.cts',
      detail: { schemaVersion: 1, credits: 1.8, courses: [{ code, credits: 1.8, grade: 'T' }] },
    });
    expect(
      (await publishedEvents()).some(
        (e) => e.detailType === 'Transcript Verified' && e.detail.recordId === record.recordId,
      ),
    ).toBe(true);
    const mine = await api<ApplicationView>('GET', `/students/me/applications/${application.applicationId}`, {
      token,
    });
    expect(mine.body).toMatchObject({ status: 'Approved', decision: { credits: 1.8 } });
    await eventually(
      async () => (await mailsTo(student?.email ?? '', `${mapping.ref} is Approved`))[0],
      'the approval mail',
    );
    expect(done.timeline.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'Submitted',
        `${offices[0]?.officeId} endorsement: Endorsed`,
        'Official transcript Verified: on to ARO',
      ]),
    );
  });

  it('is Not Endorsed when one office declines, with its reason for the student', async () => {
    const { mapping, code, application } = await givenApprovedMapping();
    const suffix = randomInt(100_000, 999_999);
    const office = { officeId: `PO-${suffix}`, email: `po-${suffix}@ust.hk` };
    await givenRule(`decline-${suffix}`, code, [office]);
    expect((await submit(application)).status).toBe(200);
    const link = await endorsementLink(office.email, mapping.ref);
    const noReason = await post(link, { decision: 'decline' });
    expect(noReason.status).toBe(400);
    expect((await post(link, { decision: 'decline', reason: 'Not in the study plan' })).status).toBe(200);
    await statusBecomes(application.applicationId, 'Not Endorsed');
    const mine = await api<ApplicationView>('GET', `/students/me/applications/${application.applicationId}`, {
      token,
    });
    expect(mine.body.endorsements).toEqual([
      { officeName: `${office.officeId} Office`, outcome: 'Not Endorsed', reason: 'Not in the study plan' },
    ]);
    expect(mine.body.actions).toEqual(['reopen']);
  });

  it('goes straight to ARO without a matching rule; Need Further Info → Provide Info → back to ARO; a failing grade cannot be approved', async () => {
    const { record, application } = await givenApprovedMapping();
    await verifiedTranscript(record);
    const submitted = await submit(application, {
      finalGrades: application.incomingCourses.map((c) => ({ code: c.code, grade: 'F' })),
    });
    expect(submitted.body.status).toBe('Submitted');
    await statusBecomes(application.applicationId, 'Submitted', 'aro-decision');
    const failing = await api<{ message: string }>(
      'POST',
      `/admin/applications/${application.applicationId}/decision`,
      {
        token: aroToken,
        body: { action: 'approve' },
      },
    );
    expect(failing.status).toBe(409);
    expect(failing.body.message).toMatch(/no credit|fail/i);

    const asked = await api('POST', `/admin/applications/${application.applicationId}/decision`, {
      token: aroToken,
      body: { action: 'need-info', note: 'Send the course outline' },
    });
    expect(asked.status).toBe(202);
    await statusBecomes(application.applicationId, 'Need Further Info');
    const nfi = await api<ApplicationView>('GET', `/students/me/applications/${application.applicationId}`, {
      token,
    });
    expect(nfi.body.furtherInfo).toMatchObject({ note: 'Send the course outline', provided: false });
    const provided = await api<ApplicationView>(
      'POST',
      `/students/me/applications/${application.applicationId}/provide-info`,
      {
        token,
        body: {
          justification: 'The grade was re-marked',
          finalGrades: nfi.body.incomingCourses.map((c) => ({ code: c.code, grade: 'A' })),
          version: nfi.body.version,
        },
      },
    );
    expect(provided.status).toBe(200);
    expect(provided.body.status).toBe('Submitted');
    await statusBecomes(application.applicationId, 'Submitted', 'aro-decision');
    expect(
      (
        await api('POST', `/admin/applications/${application.applicationId}/decision`, {
          token: aroToken,
          body: { action: 'reject', reason: 'Duplicate credit' },
        })
      ).status,
    ).toBe(202);
    const rejected = await statusBecomes(application.applicationId, 'Rejected');
    expect(rejected.decision).toMatchObject({ outcome: 'Rejected', reason: 'Duplicate credit' });
  });

  it('after the deadline needs a justification, and ARO sees it flagged late', async () => {
    const { application } = await givenApprovedMapping('2024-25 Fall');
    const refused = await submit(application);
    expect(refused.status).toBe(400);
    expect(refused.body.issues?.[0]).toMatchObject({ field: 'body.lateJustification' });
    expect(refused.body.issues?.[0]?.reason).toMatch(/2025-01-31/);
    const late = await submit(application, { lateJustification: 'The host university issued grades late' });
    expect(late.status).toBe(200);
    expect(late.body.late).toEqual({
      deadline: '2025-01-31',
      justification: 'The host university issued grades late',
    });
    const queue = await api<{ applications: { applicationId: string; late: boolean }[] }>(
      'GET',
      '/admin/applications?status=Submitted&late=true',
      { token: aroToken },
    );
    expect(queue.body.applications.find((a) => a.applicationId === application.applicationId)).toMatchObject({
      late: true,
    });
  });

  it('refuses a missing grade or one not on the scale, naming the field, and writes nothing', async () => {
    const { application } = await givenApprovedMapping();
    const missing = await submit(application, { finalGrades: [] });
    expect(missing.status).toBe(400);
    expect(missing.body.issues?.[0]).toMatchObject({ field: 'body.finalGrades.0.grade' });
    const wrong = await submit(application, {
      finalGrades: application.incomingCourses.map((c) => ({ code: c.code, grade: 'Z+' })),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.issues?.[0]?.reason).toMatch(/not a grade of .*\(A, B, C, D, F\)/);
    const still = await api<ApplicationView>(
      'GET',
      `/students/me/applications/${application.applicationId}`,
      { token },
    );
    expect(still.body).toMatchObject({ status: 'Draft', version: application.version });
  });

  it('can be withdrawn before the decision: the waits end and its endorsement link no longer decides', async () => {
    const { mapping, code, application } = await givenApprovedMapping();
    const suffix = randomInt(100_000, 999_999);
    const office = { officeId: `WD-${suffix}`, email: `wd-${suffix}@ust.hk` };
    await givenRule(`withdraw-${suffix}`, code, [office]);
    const submitted = await submit(application);
    const link = await endorsementLink(office.email, mapping.ref);
    await statusBecomes(
      application.applicationId,
      'Pending Program Office Endorsement',
      `program-office-endorsement:${office.officeId}`,
    );
    const withdrawn = await api<ApplicationView>(
      'POST',
      `/students/me/applications/${application.applicationId}/withdraw`,
      {
        token,
        body: { version: submitted.body.version },
      },
    );
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'Withdrawn', actions: ['reopen'] });
    const late = await post(link, { decision: 'endorse' });
    expect(late.html).toMatch(/already/i);
    const after = await statusBecomes(application.applicationId, 'Withdrawn');
    expect(after.awaiting).toEqual([]);
  });

  it('is another student’s: not found, and not theirs to submit', async () => {
    const { application } = await givenApprovedMapping();
    const other = await api('GET', `/students/me/applications/${application.applicationId}`, {
      token: otherToken,
    });
    expect(other.status).toBe(404);
    const theirs = await api('POST', `/students/me/applications/${application.applicationId}/submit`, {
      token: otherToken,
      body: { version: application.version },
    });
    expect(theirs.status).toBe(404);
  });

  it('goes to ARO flagged when a matching rule names no program office (fail closed)', async () => {
    const { code, application } = await givenApprovedMapping();
    const suffix = randomInt(100_000, 999_999);
    await givenRule(`nobody-${suffix}`, code, []);
    const submitted = await submit(application);
    expect(submitted.body).toMatchObject({ status: 'Submitted', endorsements: [] });
    const queue = await api<{ applications: { applicationId: string; referredToAro: boolean }[] }>(
      'GET',
      '/admin/applications?status=Submitted',
      { token: aroToken },
    );
    expect(queue.body.applications.find((a) => a.applicationId === application.applicationId)).toMatchObject({
      referredToAro: true,
    });
    const detail = await statusBecomes(application.applicationId, 'Submitted');
    expect(detail.routing).toMatchObject({
      outcome: 'fail-closed-to-aro',
      matchedRows: [`nobody-${suffix}`],
    });
  });
});
