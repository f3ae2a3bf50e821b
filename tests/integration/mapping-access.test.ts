import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  MappingDetailResponse,
  MyMappingRequestRow,
  SubmittedMappingRequest,
} from '../../functions/mappings/contracts.js';
import type { StudyRecord } from '../../functions/records/entities/student.js';
import { demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { givenMapping, givenStudyRecord } from '../support/fixtures.js';
import { verifiedPdf } from '../support/uploads.js';

// Who sees what of a shared mapping, and who may act on it (docs/mapping-access.md), over HTTP: a
// requester and another student with a study record at the same institution.

const [requester, another] = [demoStudents[4], demoStudents[5]];
let requesterToken: string;
let anotherToken: string;
let theirs: StudyRecord;
let mine: StudyRecord;

const detail = (token: string, record: StudyRecord, ref: string) =>
  api<MappingDetailResponse>('GET', `/students/me/records/${record.recordId}/mappings/${ref}`, { token });

beforeAll(async () => {
  if (!requester || !another) throw new Error('the seed needs six demo students');
  requesterToken = await signIn(requester.studentId);
  anotherToken = await signIn(another.studentId);
  // Given two students with a study record each at the same institution
  theirs = await givenStudyRecord(requester.studentId);
  mine = await givenStudyRecord(another.studentId, theirs.transferTerm, theirs);
});

describe('a shared mapping seen by another student at the institution', () => {
  let ref: string;
  let uploadId: string;
  const fileName = `syllabus-of-the-requester-${randomInt(1e6)}.pdf`;

  beforeAll(async () => {
    uploadId = await verifiedPdf(requesterToken, fileName);
    const submitted = await api<SubmittedMappingRequest>(
      'POST',
      `/students/me/records/${theirs.recordId}/mapping-requests`,
      {
        token: requesterToken,
        body: {
          submit: true,
          incomingCourses: [
            {
              code: `AC${randomInt(1e5)}`,
              title: 'Access Control',
              credits: 3,
              creditUnit: 'CREDIT',
              documentIds: [uploadId],
            },
          ],
          homeCourseCodes: ['COMP1021'],
        },
      },
    );
    expect(submitted.status).toBe(201);
    ref = submitted.body.ref;
  });

  it('shows its courses and status but no document name, upload id or requester', async () => {
    // When another student opens the mapping from their own record
    const { status, body, ...response } = await detail(anotherToken, mine, ref);

    // Then they see the mapping itself
    expect(status).toBe(200);
    expect(body.mapping).toMatchObject({ ref, status: 'Request Initiated' });
    expect(body.mapping.incomingCourses[0]?.title).toBe('Access Control');
    // And nothing that belongs to the student who filed it, anywhere in the answer
    const text = JSON.stringify(body);
    expect(text).not.toContain(uploadId);
    expect(text).not.toContain(fileName);
    expect(text).not.toContain(requester?.studentId);
    expect(body.mapping.documents).toBeUndefined();
    expect(body.mapping.requestedBy).toBeUndefined();
    expect(response.headers.get('content-type')).toContain('application/json');
  });

  it('shows the requester their documents and that they filed it', async () => {
    const { status, body } = await detail(requesterToken, theirs, ref);
    expect(status).toBe(200);
    expect(body.mapping.documents).toEqual([expect.objectContaining({ uploadId, fileName })]);
    expect(body.mapping.requestedBy).toBe('You');
  });
});

describe('acting on a mapping someone else filed', () => {
  const fixture = (status: 'Need Further Info' | 'Denied' | 'Approved', patch = {}) =>
    givenMapping({
      studentId: requester?.studentId ?? '',
      recordId: theirs.recordId,
      institutionId: theirs.institutionId,
      institutionName: theirs.institutionName,
      status,
      patch,
    });

  it('Provide Info is for its requesters; another student is offered Notify Me instead', async () => {
    const m = await fixture('Need Further Info', { reviewerNote: 'Send the full syllabus' });
    const doc = await verifiedPdf(anotherToken);

    // The other student sees the reviewer's note and is offered Notify Me, not Provide Info
    const seen = await detail(anotherToken, mine, m.ref);
    expect(seen.body.mapping).toMatchObject({ reviewerNote: 'Send the full syllabus', action: 'Notify Me' });

    // And providing info on it is refused with the reason, changing nothing
    const refused = await api<{ message: string }>(
      'POST',
      `/students/me/records/${mine.recordId}/mappings/${m.ref}/provide-info`,
      { token: anotherToken, body: { documentIds: [doc], note: 'not mine to answer' } },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('for the students who filed it');
    expect((await detail(requesterToken, theirs, m.ref)).body.mapping.status).toBe('Need Further Info');

    // While the requester may, and another student's note stays theirs in the timeline
    const own = await verifiedPdf(requesterToken);
    const provided = await api(
      'POST',
      `/students/me/records/${theirs.recordId}/mappings/${m.ref}/provide-info`,
      {
        token: requesterToken,
        body: { documentIds: [own], note: 'my private explanation' },
      },
    );
    expect(provided.status).toBe(200);
    const timeline = (await detail(anotherToken, mine, m.ref)).body.timeline;
    const event = timeline.find((e) => e.action.startsWith('Provided further information'));
    expect(event).toMatchObject({ by: 'Another student', action: 'Provided further information' });
    expect(JSON.stringify(timeline)).not.toContain('my private explanation');
    const ownView = (await detail(requesterToken, theirs, m.ref)).body.timeline;
    expect(JSON.stringify(ownView)).toContain('my private explanation');
  });

  it('Appeal (§4.7) is open to any student at the institution, who then becomes a requester', async () => {
    const m = await fixture('Denied', { denialReason: 'Course content is different.' });
    const doc = await verifiedPdf(anotherToken, 'comparison-table.pdf');

    const appealed = await api('POST', `/students/me/records/${mine.recordId}/mappings/${m.ref}/appeal`, {
      token: anotherToken,
      body: { documentIds: [doc], justification: 'The syllabi cover the same topics, see the table' },
    });

    expect(appealed.status).toBe(200);
    const rows = (
      await api<{ rows: MyMappingRequestRow[] }>(
        'GET',
        `/students/me/records/${mine.recordId}/mapping-requests`,
        {
          token: anotherToken,
        },
      )
    ).body.rows;
    expect(rows.find((r) => r.ref === m.ref)).toMatchObject({
      relation: 'requester',
      status: 'Request Initiated',
    });
    // As a requester now, they see the documents filed with it, their own included
    const seen = await detail(anotherToken, mine, m.ref);
    expect(seen.body.mapping.documents?.map((d) => d.fileName)).toContain('comparison-table.pdf');
  });

  it('Extend (§4.6) is open to any student at the institution', async () => {
    const m = await fixture('Approved', { validFrom: '2015-16 Fall', validTo: '2016-17 Summer' });
    const doc = await verifiedPdf(anotherToken, 'updated-syllabus.pdf');

    const extended = await api('POST', `/students/me/records/${mine.recordId}/mappings/${m.ref}/extend`, {
      token: anotherToken,
      body: { documentIds: [doc], note: 'Updated syllabus for 2024-25' },
    });

    expect(extended.status).toBe(200);
    expect((await detail(anotherToken, mine, m.ref)).body.mapping.status).toBe('Request Initiated');
  });
});
