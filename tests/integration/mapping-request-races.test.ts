import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  DuplicateRequestConflict,
  MappingRequestDraft,
  MyMappingRequestRow,
  SubmittedMappingRequest,
  TriageQueueResponse,
} from '../../functions/mappings/contracts.js';
import { demoAroStaff, demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { eventually, mailbox } from '../support/aws.js';
import { firstRecord, givenMapping } from '../support/fixtures.js';
import { verifiedPdf } from '../support/uploads.js';

// "At most one" under concurrency, over HTTP against the local runtime (DESIGN decision 8): the
// conditional writes of the submitting transaction decide, not a read before it, and the requests
// that lose a race are answered as a sequential duplicate is.

const student = demoStudents[2];
const staff = demoAroStaff[0];

let token: string;
let aroToken: string;
let record: Awaited<ReturnType<typeof firstRecord>>;
const base = () => `/students/me/records/${record.recordId}`;

const requestBody = (code: string, documentIds: string[]) => ({
  submit: true,
  incomingCourses: [{ code, title: 'Parallel Thermodynamics', credits: 4, creditUnit: 'ECTS', documentIds }],
  homeCourseCodes: ['MECH2310'],
});

async function myRequestsFor(code: string): Promise<MyMappingRequestRow[]> {
  const { body } = await api<{ rows: MyMappingRequestRow[] }>('GET', `${base()}/mapping-requests`, { token });
  return body.rows.filter((r) => r.incomingCourses.some((c) => c.code === code));
}

async function triageEntriesFor(code: string) {
  const { body } = await api<TriageQueueResponse>('GET', '/admin/triage', { token: aroToken });
  return body.requests.filter((r) => r.incomingCourses.some((c) => c.code === code));
}

const receivedMailsFor = async (ref: string) =>
  (await mailbox()).filter((m) => m.subject === `Course mapping ${ref}: request received`);

beforeAll(async () => {
  if (!student || !staff) throw new Error('the seed needs demo students and ARO staff');
  token = await signIn(student.studentId);
  aroToken = await signIn(staff.staffId);
  record = await firstRecord(token);
});

describe('one mapping per incoming and HKUST courses, however many arrive at once', () => {
  it('turns 50 parallel identical submissions into 1 mapping, 1 triage entry and 1 "request received" mail', async () => {
    const code = `PR${randomInt(100_000, 999_999)}`;
    const body = requestBody(code, [await verifiedPdf(token)]);

    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        api<SubmittedMappingRequest | DuplicateRequestConflict>('POST', `${base()}/mapping-requests`, {
          token,
          body,
        }),
      ),
    );

    const created = responses.filter((r) => r.status === 201);
    expect(created, `statuses: ${responses.map((r) => r.status).join(',')}`).toHaveLength(1);
    const { ref } = (created[0]?.body ?? {}) as SubmittedMappingRequest;
    const duplicates = responses.filter((r) => r.status === 409).map((r) => r.body);
    expect(duplicates).toHaveLength(49);
    for (const duplicate of duplicates) {
      expect(duplicate).toEqual({
        error: 'DuplicateRequest',
        message: `You already requested this mapping: ${ref} (Request Initiated), in My Course Mapping Requests.`,
        existingRef: ref,
      });
    }
    expect((await myRequestsFor(code)).map((r) => r.ref)).toEqual([ref]);

    await eventually(async () => (await triageEntriesFor(code)).length > 0 || undefined, `${ref} in triage`);
    await eventually(async () => (await receivedMailsFor(ref)).length > 0 || undefined, `${ref}'s mail`);
    // Anything a second mapping or a second workflow would have set off has had time to arrive.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await triageEntriesFor(code)).map((r) => r.ref)).toEqual([ref]);
    expect(await receivedMailsFor(ref)).toHaveLength(1);
    const mailsAboutCode = (await mailbox()).filter(
      (m) => m.subject.endsWith('request received') && (m.body.text ?? '').includes(code),
    );
    expect(mailsAboutCode).toHaveLength(1);
  });

  it('submits a draft once when Submit is pressed five times at once; the others find it submitted', async () => {
    const saved = await api<MappingRequestDraft>('POST', `${base()}/mapping-requests`, {
      token,
      body: { submit: false, incomingCourses: [], homeCourseCodes: [] },
    });
    const code = `DP${randomInt(100_000, 999_999)}`;
    const pdf = await verifiedPdf(token);

    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        api('PUT', `${base()}/drafts/${saved.body.draftId}`, { token, body: requestBody(code, [pdf]) }),
      ),
    );

    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of responses.filter((r) => r.status !== 201)) {
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({
        message: expect.stringContaining(`No draft ${saved.body.draftId} of yours`),
      });
    }
    expect(await myRequestsFor(code)).toHaveLength(1);
  });

  it('keeps one Notify Me per student when it is pressed ten times at once', async () => {
    const mapping = await givenMapping({
      studentId: demoStudents[3]?.studentId ?? '',
      recordId: 'not-this-student',
      institutionId: record.institutionId,
      institutionName: record.institutionName,
      status: 'Under Review',
    });

    const presses = await Promise.all(
      Array.from({ length: 10 }, () => api('POST', `${base()}/mappings/${mapping.ref}/notify-me`, { token })),
    );

    expect(presses.map((p) => p.status)).toEqual(Array(10).fill(200));
    const { body } = await api<{ rows: MyMappingRequestRow[] }>('GET', `${base()}/mapping-requests`, {
      token,
    });
    expect(body.rows.filter((r) => r.ref === mapping.ref)).toEqual([
      expect.objectContaining({ relation: 'notify-me', action: 'Will Notify You' }),
    ]);
  });
});
