import { beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationView } from '../../functions/applications/contracts.js';
import { demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { givenMapping, givenStudyRecord } from '../support/fixtures.js';

// Apply for CT and the draft of a credit transfer application over HTTP (guide §5.1): one
// application per study record and mapping however many arrive at once, only for a mapping Ready
// for Credit Transfer in the record's term, grades saved as drafts, Delete, and nobody else's.

const [student, otherStudent] = demoStudents;
let token: string;
let otherToken: string;

async function readyMapping() {
  if (!student) throw new Error('the seed needs a demo student');
  const record = await givenStudyRecord(student.studentId, '2024-25 Fall');
  const mapping = await givenMapping({
    studentId: student.studentId,
    recordId: record.recordId,
    institutionId: record.institutionId,
    institutionName: record.institutionName,
    status: 'Approved',
    patch: { validFrom: '2023-24 Fall', validTo: '2026-27 Spring' },
  });
  return { record, mapping };
}

beforeAll(async () => {
  if (!student || !otherStudent) throw new Error('the seed needs two demo students');
  [token, otherToken] = await Promise.all([signIn(student.studentId), signIn(otherStudent.studentId)]);
});

describe('Apply for CT', () => {
  it('makes exactly one Draft of 50 parallel Apply for CT, and names it to the other 49', async () => {
    const { record, mapping } = await readyMapping();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        api<ApplicationView & { applicationId: string; error?: string }>(
          'POST',
          `/students/me/records/${record.recordId}/applications`,
          { token, body: { ref: mapping.ref } },
        ),
      ),
    );
    const created = answers.filter((a) => a.status === 201);
    expect(created).toHaveLength(1);
    const refused = answers.filter((a) => a.status === 409);
    expect(refused).toHaveLength(49);
    const id = created[0]?.body.applicationId;
    expect(
      refused.filter((a) => a.body.error === 'AlreadyApplied' && a.body.applicationId === id).length,
    ).toBeGreaterThan(0);
    const list = await api<{ applications: ApplicationView[] }>(
      'GET',
      `/students/me/records/${record.recordId}/applications`,
      {
        token,
      },
    );
    expect(list.body.applications.map((a) => [a.ref, a.status])).toEqual([[mapping.ref, 'Draft']]);
  });

  it('refuses a mapping not Ready for Credit Transfer in the record’s term, naming why, and writes nothing', async () => {
    if (!student) throw new Error('no student');
    const record = await givenStudyRecord(student.studentId, '2024-25 Fall');
    const pending = await givenMapping({
      studentId: student.studentId,
      recordId: record.recordId,
      institutionId: record.institutionId,
      institutionName: record.institutionName,
      status: 'Under Review',
    });
    const answer = await api<{ message: string }>(
      'POST',
      `/students/me/records/${record.recordId}/applications`,
      {
        token,
        body: { ref: pending.ref },
      },
    );
    expect(answer.status).toBe(409);
    expect(answer.body.message).toContain('not Ready for Credit Transfer in 2024-25 Fall');
    const list = await api<{ applications: unknown[] }>(
      'GET',
      `/students/me/records/${record.recordId}/applications`,
      { token },
    );
    expect(list.body.applications).toEqual([]);
  });

  it('saves final grades as a draft, under the version read, and deletes the draft so it can be applied for again', async () => {
    const { record, mapping } = await readyMapping();
    const path = `/students/me/records/${record.recordId}/applications`;
    const draft = (await api<ApplicationView>('POST', path, { token, body: { ref: mapping.ref } })).body;
    const code = mapping.incomingCourses[0]?.code as string;

    const saved = await api<ApplicationView>('PUT', `/students/me/applications/${draft.applicationId}`, {
      token,
      body: { finalGrades: [{ code, grade: 'A-' }], version: draft.version },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.incomingCourses[0]).toMatchObject({ code, finalGrade: 'A-' });

    const stale = await api('PUT', `/students/me/applications/${draft.applicationId}`, {
      token,
      body: { finalGrades: [{ code, grade: 'B' }], version: draft.version },
    });
    expect(stale.status).toBe(409);
    const unknown = await api<{ issues: { field: string; reason: string }[] }>(
      'PUT',
      `/students/me/applications/${draft.applicationId}`,
      { token, body: { finalGrades: [{ code: 'NOPE101', grade: 'A' }], version: saved.body.version } },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues[0]?.field).toBe('body.finalGrades.0.code');

    expect((await api('DELETE', `/students/me/applications/${draft.applicationId}`, { token })).status).toBe(
      204,
    );
    expect((await api('GET', `/students/me/applications/${draft.applicationId}`, { token })).status).toBe(
      404,
    );
    expect((await api('POST', path, { token, body: { ref: mapping.ref } })).status).toBe(201);
  });

  it('shows another student none of it (404), and needs a sign-in (401)', async () => {
    const { record, mapping } = await readyMapping();
    const draft = (
      await api<ApplicationView>('POST', `/students/me/records/${record.recordId}/applications`, {
        token,
        body: { ref: mapping.ref },
      })
    ).body;
    expect(
      (await api('GET', `/students/me/applications/${draft.applicationId}`, { token: otherToken })).status,
    ).toBe(404);
    expect(
      (await api('DELETE', `/students/me/applications/${draft.applicationId}`, { token: otherToken })).status,
    ).toBe(404);
    expect(
      (
        await api('POST', `/students/me/records/${record.recordId}/applications`, {
          token: otherToken,
          body: { ref: mapping.ref },
        })
      ).status,
    ).toBe(404);
    // The list reads the applications beside the record: a record not theirs still shows nothing.
    const list = await api<{ message: string }>(
      'GET',
      `/students/me/records/${record.recordId}/applications`,
      {
        token: otherToken,
      },
    );
    expect(list.status).toBe(404);
    expect(JSON.stringify(list.body)).not.toContain(draft.applicationId);
    expect((await api('GET', `/students/me/applications/${draft.applicationId}`)).status).toBe(401);
  });
});
