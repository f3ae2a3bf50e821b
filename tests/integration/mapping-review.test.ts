import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  AroMappingResponse,
  MappingDetailResponse,
  SubmittedMappingRequest,
  TriageQueueResponse,
} from '../../functions/mappings/contracts.js';
import type { StudyRecord } from '../../functions/records/entities/student.js';
import { seededMappings } from '../../local/seed/index.js';
import { demoAroStaff, demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { eventually, mailbox, type SentMail } from '../support/aws.js';
import { givenMapping, givenStudyRecord } from '../support/fixtures.js';
import { verifiedPdf } from '../support/uploads.js';

// Issue 4 over the local runtime: a submission starts the review workflow; ARO triages it through
// the admin API; each subject department decides through the action link in its email; the decision
// reaches the student's page and mailbox. Every step goes through the doors a person would use.

const student = demoStudents[6];
const follower = demoStudents[7];
const staff = demoAroStaff[0];
const reviewers = { MECH: 'mech-reviewer@ust.hk', PHYS: 'phys-reviewer@ust.hk' } as const;
type Issues = { issues: { field: string; reason: string }[] };

let token: string;
let aroToken: string;
let record: StudyRecord;

const incoming = (code: string) => ({
  code,
  title: 'Thermofluids and Energy',
  credits: 3,
  creditUnit: 'CREDIT',
});

async function submit(homeCourseCodes: string[]): Promise<string> {
  const code = `RV${randomInt(100_000, 999_999)}`;
  const { status, body } = await api<SubmittedMappingRequest>(
    'POST',
    `/students/me/records/${record.recordId}/mapping-requests`,
    {
      token,
      body: {
        submit: true,
        incomingCourses: [{ ...incoming(code), documentIds: [await verifiedPdf(token)] }],
        homeCourseCodes,
      },
    },
  );
  expect(status).toBe(201);
  return body.ref;
}

async function awaitingTriage(ref: string): Promise<void> {
  await eventually(async () => {
    const { body } = await api<TriageQueueResponse>('GET', '/admin/triage', { token: aroToken });
    return body.requests.some((r) => r.ref === ref) || undefined;
  }, `${ref} to await triage`);
}

async function triage(ref: string, body: Record<string, unknown> = { action: 'route' }) {
  await awaitingTriage(ref);
  return api<Issues>('POST', `/admin/mappings/${ref}/triage`, { token: aroToken, body });
}

const mailsTo = async (email: string, ref: string): Promise<SentMail[]> =>
  (await mailbox()).filter((m) => m.destination.to.includes(email) && m.subject.includes(ref));

const linkIn = (mail: SentMail): string => {
  const url = /https?:\/\/[^\s"<>]+\/review\/[A-Za-z0-9_-]{43}/.exec(mail.body.text ?? '')?.[0];
  if (!url) throw new Error(`no review link in "${mail.subject}"`);
  return url;
};

/** The newest review link mailed to the reviewer about `ref` (after `already` mails). */
async function reviewLink(email: string, ref: string, already = 0): Promise<string> {
  const mails = await eventually(async () => {
    const found = (await mailsTo(email, ref)).filter((m) => /\/review\//.test(m.body.text ?? ''));
    return found.length > already ? found : undefined;
  }, `a review link for ${ref} to ${email}`);
  return linkIn(mails[mails.length - 1] as SentMail);
}

async function post(url: string, form: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', body: new URLSearchParams(form) });
  return { status: response.status, html: await response.text() };
}

const approve = (url: string) =>
  post(url, { decision: 'approve', validFrom: '2024-25 Fall', validTo: '2027-28 Summer' });

async function statusBecomes(ref: string, status: string): Promise<AroMappingResponse> {
  return eventually(async () => {
    const { body } = await api<AroMappingResponse>('GET', `/admin/mappings/${ref}`, { token: aroToken });
    return body.mapping?.status === status ? body : undefined;
  }, `${ref} to become ${status}`);
}

async function detail(ref: string): Promise<MappingDetailResponse> {
  return (
    await api<MappingDetailResponse>('GET', `/students/me/records/${record.recordId}/mappings/${ref}`, {
      token,
    })
  ).body;
}

beforeAll(async () => {
  if (!student || !follower || !staff) throw new Error('the seed needs demo users');
  token = await signIn(student.studentId);
  aroToken = await signIn(staff.staffId);
  record = await givenStudyRecord(student.studentId, '2025-26 Fall');
  for (const [area, email] of Object.entries(reviewers)) {
    const set = await api('PUT', `/admin/subject-areas/${area}/reviewers`, {
      token: aroToken,
      body: { reviewers: [{ name: `${area} reviewer`, email }] },
    });
    expect(set.status).toBe(200);
  }
}, 60_000);

describe('the review of a mapping request (issue 4)', () => {
  it('goes from triage to two departments to Approved, and tells the requester', async () => {
    // Given an N-to-N request across MECH and PHYS
    const ref = await submit(['MECH2310', 'PHYS1003']);
    const received = await eventually(
      async () => (await mailsTo(student?.email ?? '', ref))[0],
      'the request-received mail',
    );
    expect(received.subject).toContain('received');

    // When ARO routes it on
    expect((await triage(ref)).status).toBe(202);
    await statusBecomes(ref, 'Under Review');
    // Then each department gets its own link, and the first approval alone decides nothing
    const mechLink = await reviewLink(reviewers.MECH, ref);
    const physLink = await reviewLink(reviewers.PHYS, ref);
    expect(mechLink).not.toBe(physLink);
    expect((await approve(mechLink)).status).toBe(200);
    expect((await detail(ref)).mapping.status).toBe('Under Review');
    expect((await approve(physLink)).status).toBe(200);

    const done = await statusBecomes(ref, 'Approved');
    expect(done.mapping).toMatchObject({ validFrom: '2024-25 Fall', validTo: '2027-28 Summer' });
    expect(done.timeline.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'Request submitted',
        'Triage: routed to the subject departments',
        'MECH department: Approved, valid 2024-25 Fall to 2027-28 Summer',
        'PHYS department: Approved, valid 2024-25 Fall to 2027-28 Summer',
        'Decision: Approved',
      ]),
    );
    // And the student sees it, with a timeline that names roles, not people
    const seen = await detail(ref);
    expect(seen.mapping.status).toBe('Approved');
    expect(seen.timeline.map((e) => e.by)).toEqual(
      expect.arrayContaining(['You', 'Academic Registry', 'Subject department']),
    );
    expect(JSON.stringify(seen.timeline)).not.toContain('@ust.hk');
    await eventually(
      async () => (await mailsTo(student?.email ?? '', ref)).find((m) => m.subject.includes('Approved')),
      'the decision mail to the requester',
    );
  });

  it('tells a Notify Me follower of the decision', async () => {
    // Given another student's mapping at the same institution, followed with Notify Me
    const ref = await submit(['MECH2310']);
    const followerToken = await signIn(follower?.studentId ?? '');
    const followerRecord = await givenStudyRecord(follower?.studentId ?? '', '2025-26 Fall', record);
    const notify = await api(
      'POST',
      `/students/me/records/${followerRecord.recordId}/mappings/${ref}/notify-me`,
      {
        token: followerToken,
      },
    );
    expect(notify.status).toBe(200);
    // When it is approved
    await triage(ref);
    await approve(await reviewLink(reviewers.MECH, ref));
    await statusBecomes(ref, 'Approved');
    // Then the follower's mailbox has the decision
    const mail = await eventually(
      async () => (await mailsTo(follower?.email ?? '', ref)).find((m) => m.subject.includes('Approved')),
      'the decision mail to the Notify Me follower',
    );
    expect(mail.body.text).toContain('Notify Me');
  });

  it('ends the review at the first denial, with a reason the student sees; the other link says already decided', async () => {
    const ref = await submit(['MECH2310', 'PHYS1003']);
    await triage(ref);
    const mechLink = await reviewLink(reviewers.MECH, ref);
    const physLink = await reviewLink(reviewers.PHYS, ref);
    // A denial without a reason is sent back to the form, naming the field; nothing changes
    const bare = await post(mechLink, { decision: 'deny', reason: ' ' });
    expect(bare.status).toBe(400);
    expect(bare.html).toContain('Reason for Denial');
    const denied = await post(mechLink, {
      decision: 'deny',
      reason: 'Notes to Student: Course content is different.',
    });
    expect(denied.status).toBe(200);
    await statusBecomes(ref, 'Denied');
    const seen = await detail(ref);
    expect(seen.mapping).toMatchObject({
      denialReason: 'Notes to Student: Course content is different.',
      action: 'Appeal',
    });
    // The department that had not decided finds the review over
    const late = await approve(physLink);
    expect(late.status).toBe(409);
    expect(late.html).toContain('Already decided');
    await eventually(
      async () =>
        (await mailsTo(student?.email ?? '', ref)).find((m) =>
          m.body.text?.includes('Course content is different.'),
        ),
      'the denial mail with its reason',
    );
  });

  it('asks for further information, takes it through Provide Info, and reviews again to approval', async () => {
    const ref = await submit(['MECH2310']);
    await triage(ref);
    const first = await reviewLink(reviewers.MECH, ref);
    expect(
      (await post(first, { decision: 'need-info', note: 'Please provide the teaching schedule.' })).status,
    ).toBe(200);
    await statusBecomes(ref, 'Need Further Info');
    expect((await detail(ref)).mapping).toMatchObject({
      reviewerNote: 'Please provide the teaching schedule.',
      action: 'Provide Info',
    });

    const provided = await api(
      'POST',
      `/students/me/records/${record.recordId}/mappings/${ref}/provide-info`,
      {
        token,
        body: { documentIds: [await verifiedPdf(token, 'schedule.pdf')] },
      },
    );
    expect(provided.status).toBe(200);
    await triage(ref);
    await approve(await reviewLink(reviewers.MECH, ref, 1));
    await statusBecomes(ref, 'Approved');
  });

  it('reviews an appeal of a denial and an extension of an expired mapping', async () => {
    const denied = await givenMapping({
      studentId: student?.studentId ?? '',
      recordId: record.recordId,
      institutionId: record.institutionId,
      institutionName: record.institutionName,
      status: 'Denied',
      patch: { denialReason: 'Course content is different.' },
    });
    const expired = await givenMapping({
      studentId: student?.studentId ?? '',
      recordId: record.recordId,
      institutionId: record.institutionId,
      institutionName: record.institutionName,
      status: 'Expired',
      patch: { validFrom: '2015-16 Fall', validTo: '2017-18 Summer' },
    });
    const base = `/students/me/records/${record.recordId}/mappings`;
    const appealed = await api('POST', `${base}/${denied.ref}/appeal`, {
      token,
      body: {
        justification: 'The comparison table shows the same syllabus.',
        documentIds: [await verifiedPdf(token)],
      },
    });
    expect(appealed.status).toBe(200);
    const extended = await api('POST', `${base}/${expired.ref}/extend`, {
      token,
      body: { documentIds: [await verifiedPdf(token)] },
    });
    expect(extended.status).toBe(200);
    for (const ref of [denied.ref, expired.ref]) {
      await triage(ref);
      await approve(await reviewLink(reviewers.MECH, ref));
      await statusBecomes(ref, 'Approved');
    }
    const appealMail = (await mailsTo(student?.email ?? '', denied.ref)).find((m) =>
      m.subject.includes('appeal'),
    );
    expect(appealMail).toBeDefined();
  });
});

describe('ARO triage', () => {
  it('queues every request awaiting triage, the seeded ones included, oldest first', async () => {
    const seeded = seededMappings().filter((m) => m.status === 'Request Initiated');
    const { status, body } = await api<TriageQueueResponse>('GET', '/admin/triage', { token: aroToken });
    expect(status).toBe(200);
    const refs = body.requests.map((r) => r.ref);
    expect(refs).toEqual(expect.arrayContaining(seeded.map((m) => m.ref)));
    const since = body.requests.map((r) => r.since);
    expect(since).toEqual([...since].sort());
    // Not for students
    expect((await api('GET', '/admin/triage', { token })).status).toBe(403);
  });

  it('resumes the seeded Under Review mappings at their departments, whose reviewers have their links', async () => {
    const seeded = seededMappings().find((m) => m.status === 'Under Review');
    if (!seeded) throw new Error('the seed has no mapping Under Review');
    const areas = [...new Set(seeded.homeCourses.map((h) => h.subjectArea))];
    const aro = await eventually(async () => {
      const { body } = await api<AroMappingResponse>('GET', `/admin/mappings/${seeded.ref}`, {
        token: aroToken,
      });
      return body.awaiting.length === areas.length ? body : undefined;
    }, `${seeded.ref} to await its departments`);
    expect(aro.awaiting.map((a) => a.step).sort()).toEqual(areas.map((a) => `department-review:${a}`).sort());
    const area = areas[0] as string;
    await reviewLink(`${area.toLowerCase()}-review@ust.hk`, seeded.ref);
  });

  it('sends a request back for more information, or closes it as a duplicate; bad triage names the field', async () => {
    const back = await submit(['MECH2310']);
    const missing = await triage(back, { action: 'need-info' });
    expect(missing.status).toBe(400);
    expect(missing.body.issues[0]?.field).toBe('body.note');
    expect(
      (await triage(back, { action: 'need-info', note: 'Please attach an English syllabus.' })).status,
    ).toBe(202);
    await statusBecomes(back, 'Need Further Info');

    const original = await submit(['PHYS1003']);
    const dup = await submit(['PHYS1003', 'MECH2310']);
    expect((await triage(dup, { action: 'duplicate', duplicateOf: 'B000000-99' })).status).toBe(400);
    expect(
      (await triage(dup, { action: 'duplicate', duplicateOf: original, internalNote: 'same syllabus as' }))
        .status,
    ).toBe(202);
    const closed = await statusBecomes(dup, 'Denied');
    expect(closed.mapping.denialReason).toContain(original);
    // ARO sees the internal note; the student never does
    expect(closed.timeline.some((e) => e.internalNote === 'same syllabus as')).toBe(true);
    expect(JSON.stringify(await detail(dup))).not.toContain('same syllabus as');
    // A second triage of a request no longer waiting is refused
    expect(
      (await api('POST', `/admin/mappings/${dup}/triage`, { token: aroToken, body: { action: 'route' } }))
        .status,
    ).toBe(409);
    // and students cannot triage
    expect(
      (await api('POST', `/admin/mappings/${original}/triage`, { token, body: { action: 'route' } })).status,
    ).toBe(403);
  });
});

describe('one decision per step (issue 7)', () => {
  it('takes one of several triages sent at once; the others get 409 and leave no audit event', async () => {
    // Given a request awaiting triage
    const ref = await submit(['MECH2310']);
    await awaitingTriage(ref);
    // When five ARO calls triage it at the same moment, two of them differently
    const bodies = [
      { action: 'route' },
      { action: 'route' },
      { action: 'route' },
      { action: 'need-info', note: 'Please attach an English syllabus.' },
      { action: 'need-info', note: 'Please attach the teaching schedule.' },
    ];
    const answers = await Promise.all(
      bodies.map((body) => api('POST', `/admin/mappings/${ref}/triage`, { token: aroToken, body })),
    );
    // Then exactly one is taken, and the timeline holds exactly one triage
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409, 409, 409, 409]);
    const { body } = await api<AroMappingResponse>('GET', `/admin/mappings/${ref}`, { token: aroToken });
    expect(body.timeline.filter((e) => e.action.startsWith('Triage:'))).toHaveLength(1);
  });

  it('takes one of several decisions posted at once on one link', async () => {
    const ref = await submit(['MECH2310']);
    await triage(ref);
    const link = await reviewLink(reviewers.MECH, ref);
    const answers = await Promise.all([
      approve(link),
      approve(link),
      post(link, { decision: 'deny', reason: 'Course content is different.' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const decided = await eventually(async () => {
      const { body } = await api<AroMappingResponse>('GET', `/admin/mappings/${ref}`, { token: aroToken });
      return ['Approved', 'Denied'].includes(body.mapping.status) ? body : undefined;
    }, `${ref} to be decided`);
    expect(decided.timeline.filter((e) => e.action.startsWith('MECH department:'))).toHaveLength(1);
  });
});

describe('reviewer action links (DESIGN decision 5)', () => {
  it('changes nothing on GET and HEAD, acts once on POST, and refuses a tampered id', async () => {
    const ref = await submit(['MECH2310']);
    await triage(ref);
    const link = await reviewLink(reviewers.MECH, ref);
    // Mail scanners fetch every link of every mail about the request, whoever it went to
    const all = (await mailbox()).filter((m) => m.subject.includes(ref));
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (const mail of all) {
      for (const url of `${mail.body.text ?? ''} ${mail.body.html ?? ''}`.match(/https?:\/\/[^\s"<>]+/g) ??
        []) {
        expect((await fetch(url, { method: 'HEAD' })).status).toBeLessThan(500);
        expect((await fetch(url)).status).toBeLessThan(500);
      }
    }
    expect(await (await fetch(link)).text()).toContain('<form method="post"');
    expect((await detail(ref)).mapping.status).toBe('Under Review');
    // The page shows the documents through short-lived links, never the task token
    const page = await (await fetch(link)).text();
    expect(page).toMatch(/X-Amz-Expires=900/);
    expect(page.toLowerCase()).not.toContain('token');
    // Only the POST decides, once
    expect((await approve(link)).status).toBe(200);
    const again = await approve(link);
    expect(again.status).toBe(409);
    expect(again.html).toContain('Already decided');
    expect((await fetch(link)).status).toBe(409);
    // A tampered id is not recognised, and says nothing about any mapping
    const tampered = `${link.slice(0, -1)}${link.endsWith('A') ? 'B' : 'A'}`;
    const unknown = await fetch(tampered);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).not.toContain(ref);
    expect((await fetch(link.replace(/[^/]+$/, 'short'))).status).toBe(404);
  });
});
