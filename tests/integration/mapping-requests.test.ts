import { randomInt } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { AwaitedStepEntity } from '../../functions/human-steps/entities/awaited-step.js';
import type {
  DuplicateRequestConflict,
  MappingDetailResponse,
  MappingRequestDraft,
  MyMappingRequestRow,
  StudyRecordResponse,
  SubmittedMappingRequest,
} from '../../functions/mappings/contracts.js';
import { aroTriageStep, mappingSubject } from '../../functions/reviews/human-steps/steps.js';

import { demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { documentClient, eventually, runtimeEnv } from '../support/aws.js';
import { firstRecord, givenMapping } from '../support/fixtures.js';
import { checkedUpload, uploadFile, verifiedPdf } from '../support/uploads.js';

// Guide §4.2-4.7 over HTTP against the local runtime: the student's requests and actions.

const student = demoStudents[2];
const other = demoStudents[3];
type Issues = { issues: { field: string; reason: string }[] };

let token: string;
let record: Awaited<ReturnType<typeof firstRecord>>;
const base = () => `/students/me/records/${record.recordId}`;

const incoming = (code: string, documentIds: string[], title = 'Engineering Thermodynamics') => ({
  code,
  title,
  credits: 4,
  creditUnit: 'ECTS',
  documentIds,
});

/** The mapping-review workflow started for `ref` and waits for ARO triage (its awaited decision exists). */
async function reviewAwaitsTriage(ref: string): Promise<void> {
  await eventually(async () => {
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: runtimeEnv().TABLE_NAME,
        Key: AwaitedStepEntity.key(mappingSubject(ref), aroTriageStep),
      }),
    );
    return Item;
  }, `the review of ${ref} to wait for ARO triage`);
}

async function myRequests(): Promise<MyMappingRequestRow[]> {
  return (await api<{ rows: MyMappingRequestRow[] }>('GET', `${base()}/mapping-requests`, { token })).body
    .rows;
}

beforeAll(async () => {
  if (!student || !other) throw new Error('the seed needs demo students');
  token = await signIn(student.studentId);
  record = await firstRecord(token);
});

describe('Create New Course Mapping Request (§4.2)', () => {
  it('creates an N-to-N request under a new D.B. Ref. No. in Request Initiated, listed in My Course Mapping Requests', async () => {
    const [a, b] = [await verifiedPdf(token, 'a.pdf'), await verifiedPdf(token, 'b.pdf')];
    const codeA = `ZZ${randomInt(10_000, 99_999)}`;
    const { status, body } = await api<SubmittedMappingRequest>('POST', `${base()}/mapping-requests`, {
      token,
      body: {
        submit: true,
        incomingCourses: [incoming(codeA, [a]), incoming(`${codeA}B`, [b], 'Heat Transfer')],
        homeCourseCodes: ['MECH2310', 'phys 1003'],
      },
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'Request Initiated', newGroup: true, appeal: false });
    expect(body.ref).toMatch(/^B\d{6}-01$/);

    const row = (await myRequests()).find((r) => r.ref === body.ref);
    expect(row).toMatchObject({
      status: 'Request Initiated',
      relation: 'requester',
      lastModified: new Date().toISOString().slice(0, 10),
    });
    expect(row?.incomingCourses.map((c) => c.code)).toEqual([codeA, `${codeA}B`]);
    expect(row?.homeCourses.map((c) => c.code)).toEqual(['MECH2310', 'PHYS1003']);
    // And the review workflow has started: it waits for ARO triage of this request.
    await reviewAwaitsTriage(body.ref);
  });

  it('puts the same incoming course to another HKUST course in the same group, with the next suffix', async () => {
    const code = `YY${randomInt(10_000, 99_999)}`;
    const first = await api<SubmittedMappingRequest>('POST', `${base()}/mapping-requests`, {
      token,
      body: {
        submit: true,
        incomingCourses: [incoming(code, [await verifiedPdf(token)])],
        homeCourseCodes: ['MECH2310'],
      },
    });
    // Same code, title, credits and unit (case and spacing aside): not a new incoming course.
    const second = await api<SubmittedMappingRequest>('POST', `${base()}/mapping-requests`, {
      token,
      body: {
        submit: true,
        incomingCourses: [
          {
            ...incoming(code.toLowerCase(), [await verifiedPdf(token)]),
            title: ' engineering  thermodynamics ',
          },
        ],
        homeCourseCodes: ['PHYS1003'],
      },
    });
    expect(second.status).toBe(201);
    expect(second.body.newGroup).toBe(false);
    expect(second.body.ref).toBe(first.body.ref.replace(/-01$/, '-02'));

    // A different credit unit is a different incoming course: a new group.
    const third = await api<SubmittedMappingRequest>('POST', `${base()}/mapping-requests`, {
      token,
      body: {
        submit: true,
        incomingCourses: [{ ...incoming(code, [await verifiedPdf(token)]), creditUnit: 'CREDIT' }],
        homeCourseCodes: ['PHYS1003'],
      },
    });
    expect(third.body.newGroup).toBe(true);
  });

  it('offers Notify Me instead of filing an identical pending request', async () => {
    const code = `XX${randomInt(10_000, 99_999)}`;
    const body = {
      submit: true,
      incomingCourses: [incoming(code, [await verifiedPdf(token)])],
      homeCourseCodes: ['MECH2310'],
    };
    const first = await api<SubmittedMappingRequest>('POST', `${base()}/mapping-requests`, { token, body });
    const before = (await myRequests()).length;
    const again = await api<DuplicateRequestConflict>('POST', `${base()}/mapping-requests`, { token, body });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'DuplicateRequest', existingRef: first.body.ref });
    expect((await myRequests()).length).toBe(before);
  });

  it('names the field and writes nothing for bad input', async () => {
    const pdf = await verifiedPdf(token);
    const before = (await myRequests()).length;
    const cases: [unknown, string][] = [
      [
        {
          submit: true,
          incomingCourses: [incoming('AA1', [pdf])],
          homeCourseCodes: ['MECH2310', 'HUMA9999'],
        },
        'body.homeCourseCodes.1',
      ],
      [
        {
          submit: true,
          incomingCourses: [{ ...incoming('AA1', [pdf]), creditUnit: 'PARSECS' }],
          homeCourseCodes: ['MECH2310'],
        },
        'body.incomingCourses.0.creditUnit',
      ],
      [
        {
          submit: true,
          incomingCourses: [{ ...incoming('AA1', [pdf]), title: '' }],
          homeCourseCodes: ['MECH2310'],
        },
        'body.incomingCourses.0.title',
      ],
      [
        { submit: true, incomingCourses: [incoming('AA1', [])], homeCourseCodes: ['MECH2310'] },
        'body.incomingCourses.0.documentIds',
      ],
      [{ submit: true, incomingCourses: [], homeCourseCodes: ['MECH2310'] }, 'body.incomingCourses'],
    ];
    for (const [body, field] of cases) {
      const response = await api<Issues>('POST', `${base()}/mapping-requests`, { token, body });
      expect(response.status, field).toBe(400);
      expect(
        response.body.issues.map((i) => i.field),
        field,
      ).toContain(field);
    }
    expect((await myRequests()).length).toBe(before);
  });

  it("refuses a document that is not a verified upload of the student's own", async () => {
    const theirs = await verifiedPdf(await signIn(other?.studentId ?? ''));
    const response = await api<Issues>('POST', `${base()}/mapping-requests`, {
      token,
      body: { submit: true, incomingCourses: [incoming('AB1', [theirs])], homeCourseCodes: ['MECH2310'] },
    });
    expect(response.status).toBe(400);
    expect(response.body.issues[0]).toMatchObject({ field: 'body.incomingCourses.0.documentIds.0' });

    // A file the upload hook rejected (not a PDF inside) counts as no document at all
    const { upload } = await uploadFile(token, 'syllabus.pdf', Buffer.from('just some text, not a PDF'));
    expect((await checkedUpload(token, upload.uploadId)).status).toBe('Rejected');
    const rejected = await api<Issues>('POST', `${base()}/mapping-requests`, {
      token,
      body: {
        submit: true,
        incomingCourses: [incoming('AB2', [upload.uploadId])],
        homeCourseCodes: ['MECH2310'],
      },
    });
    expect(rejected.status).toBe(400);
    expect(rejected.body.issues[0]).toMatchObject({
      field: 'body.incomingCourses.0.documentIds.0',
      reason: expect.stringContaining('not a verified PDF'),
    });
  });

  it("refuses another student's study record", async () => {
    const response = await api('GET', base(), { token: await signIn(other?.studentId ?? '') });
    expect(response.status).toBe(404);
    const write = await api('POST', `${base()}/mapping-requests`, {
      token: await signIn(other?.studentId ?? ''),
      body: { submit: false, incomingCourses: [], homeCourseCodes: [] },
    });
    expect(write.status).toBe(404);
  });
});

describe('Save as Draft, Submit, Cancel', () => {
  it('keeps a partial draft for the student alone, then submits it and the draft is gone', async () => {
    const saved = await api<MappingRequestDraft>('POST', `${base()}/mapping-requests`, {
      token,
      body: { submit: false, incomingCourses: [{ code: 'DR101', title: '' }], homeCourseCodes: [] },
    });
    expect(saved.status).toBe(201);
    const draftUrl = `${base()}/drafts/${saved.body.draftId}`;
    expect(
      (await api<StudyRecordResponse>('GET', base(), { token })).body.drafts.map((d) => d.draftId),
    ).toContain(saved.body.draftId);
    expect((await api('GET', draftUrl, { token: await signIn(other?.studentId ?? '') })).status).toBe(404);

    const submitted = await api<SubmittedMappingRequest>('PUT', draftUrl, {
      token,
      body: {
        submit: true,
        incomingCourses: [
          incoming(`DR${randomInt(10_000, 99_999)}`, [await verifiedPdf(token)], 'Drafted Course'),
        ],
        homeCourseCodes: ['MECH2310'],
      },
    });
    expect(submitted.status).toBe(201);
    expect((await api('GET', draftUrl, { token })).status).toBe(404);
  });

  it('discards a draft on Cancel', async () => {
    const saved = await api<MappingRequestDraft>('POST', `${base()}/mapping-requests`, {
      token,
      body: { submit: false, incomingCourses: [], homeCourseCodes: ['MECH2310'] },
    });
    const draftUrl = `${base()}/drafts/${saved.body.draftId}`;
    expect((await api('DELETE', draftUrl, { token })).status).toBe(204);
    expect((await api('DELETE', draftUrl, { token })).status).toBe(404);
  });
});

describe("The guide's actions", () => {
  const fixture = (
    status: 'Under Review' | 'Need Further Info' | 'Denied' | 'Expired' | 'Approved',
    patch = {},
  ) =>
    givenMapping({
      studentId: other?.studentId ?? '',
      recordId: 'not-this-student',
      institutionId: record.institutionId,
      institutionName: record.institutionName,
      status,
      patch,
    });

  it('Notify Me follows a pending mapping once, however often it is pressed (§4.3)', async () => {
    const mapping = await fixture('Under Review');
    const url = `${base()}/mappings/${mapping.ref}/notify-me`;
    expect((await api('POST', url, { token })).body).toMatchObject({ action: 'Will Notify You' });
    expect((await api('POST', url, { token })).status).toBe(200);
    const rows = (await myRequests()).filter((r) => r.ref === mapping.ref);
    expect(rows).toEqual([expect.objectContaining({ relation: 'notify-me', action: 'Will Notify You' })]);
    const approved = await fixture('Approved', { validFrom: '2000-01 Fall', validTo: '2099-00 Summer' });
    expect((await api('POST', `${base()}/mappings/${approved.ref}/notify-me`, { token })).status).toBe(409);
  });

  it("Provide Info shows the reviewer's note, takes a PDF and returns the mapping to Request Initiated (§4.4)", async () => {
    const note = 'Further Information Needed: Please provide a more updated course syllabus.';
    // The student's own request (Provide Info is for its requesters: docs/mapping-access.md)
    const mapping = await givenMapping({
      studentId: student?.studentId ?? '',
      recordId: record.recordId,
      institutionId: record.institutionId,
      institutionName: record.institutionName,
      status: 'Need Further Info',
      patch: { reviewerNote: note },
    });
    const detail = await api<MappingDetailResponse>('GET', `${base()}/mappings/${mapping.ref}`, { token });
    expect(detail.body.mapping).toMatchObject({ reviewerNote: note, action: 'Provide Info' });

    const empty = await api<Issues>('POST', `${base()}/mappings/${mapping.ref}/provide-info`, {
      token,
      body: { documentIds: [] },
    });
    expect(empty.body.issues[0]?.field).toBe('body.documentIds');
    const done = await api('POST', `${base()}/mappings/${mapping.ref}/provide-info`, {
      token,
      body: { documentIds: [await verifiedPdf(token, 'updated-syllabus.pdf')] },
    });
    expect(done.body).toEqual({ ref: mapping.ref, status: 'Request Initiated' });
    const after = await api<MappingDetailResponse>('GET', `${base()}/mappings/${mapping.ref}`, { token });
    expect(after.body.mapping.documents?.map((d) => d.fileName)).toContain('updated-syllabus.pdf');
    expect(after.body.relation).toBe('requester');
    // Provided info re-enters review: a new execution waits for triage again.
    await reviewAwaitsTriage(mapping.ref);
    expect(
      (
        await api('POST', `${base()}/mappings/${mapping.ref}/provide-info`, {
          token,
          body: { documentIds: [await verifiedPdf(token)] },
        })
      ).status,
    ).toBe(409);
  });

  it('Extend sends an Expired mapping back to review with updated documents (§4.6)', async () => {
    const mapping = await fixture('Expired', { validFrom: '2015-16 Fall', validTo: '2016-17 Summer' });
    const done = await api('POST', `${base()}/mappings/${mapping.ref}/extend`, {
      token,
      body: { documentIds: [await verifiedPdf(token)] },
    });
    expect(done.body).toEqual({ ref: mapping.ref, status: 'Request Initiated' });
  });

  it('Appeal shows the Reason for Denial and needs a justification and documents (§4.7)', async () => {
    const mapping = await fixture('Denied', {
      denialReason: 'Notes to Student: Course content is different.',
    });
    const detail = await api<MappingDetailResponse>('GET', `${base()}/mappings/${mapping.ref}`, { token });
    expect(detail.body.mapping).toMatchObject({
      denialReason: 'Notes to Student: Course content is different.',
      action: 'Appeal',
    });
    const pdf = await verifiedPdf(token, 'comparison-table.pdf');
    const bare = await api<Issues>('POST', `${base()}/mappings/${mapping.ref}/appeal`, {
      token,
      body: { justification: ' ', documentIds: [pdf] },
    });
    expect(bare.body.issues[0]?.field).toBe('body.justification');
    const done = await api('POST', `${base()}/mappings/${mapping.ref}/appeal`, {
      token,
      body: { justification: 'The attached comparison table shows 90% overlap.', documentIds: [pdf] },
    });
    expect(done.body).toEqual({ ref: mapping.ref, status: 'Request Initiated' });
    const after = await api<MappingDetailResponse>('GET', `${base()}/mappings/${mapping.ref}`, { token });
    expect(after.body.mapping.kind).toBe('appeal');
  });

  it('Re-map to another course of a subject area that already approved one is an appeal mapping (§4.5)', async () => {
    const approved = await fixture('Approved', { validFrom: '2000-01 Fall', validTo: '2099-00 Summer' });
    const course = approved.incomingCourses[0];
    if (!course) throw new Error('fixture without incoming course');
    const body = {
      submit: true,
      remapOf: approved.ref,
      incomingCourses: [{ ...course, documentIds: [await verifiedPdf(token)] }],
      homeCourseCodes: ['MECH3310'],
    };
    const bare = await api<Issues>('POST', `${base()}/mapping-requests`, { token, body });
    expect(bare.status).toBe(400);
    expect(bare.body.issues[0]?.field).toBe('body.justification');
    const appeal = await api<SubmittedMappingRequest>('POST', `${base()}/mapping-requests`, {
      token,
      body: { ...body, justification: 'MECH3310 matches the syllabus better: see the comparison.' },
    });
    expect(appeal.status).toBe(201);
    expect(appeal.body).toMatchObject({
      appeal: true,
      newGroup: false,
      ref: approved.ref.replace(/-01$/, '-02'),
    });
  });
});
