import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationView } from '../../functions/applications/contracts.js';
import {
  type SignedDecisionDownload,
  signedDecisionType,
  type VerificationResult,
} from '../../functions/decisions/contracts.js';
import { demoAroStaff, demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import {
  applicationBecomes,
  givenDraftApplication,
  givenVerifiedTranscript,
} from '../support/applications.js';
import { runtimeEnv } from '../support/aws.js';

// Issue 10 item 6 over HTTP against the local runtime: a credit transfer application approved by
// ARO as a student's is (Apply for CT → Submit → Verified transcript → approve) is downloaded by its
// student as a signed decision, verified offline with jose against the published key set, and by
// the verify endpoint; another student cannot have it, and an application not Approved has none.

const [student, otherStudent] = demoStudents;
const [staff] = demoAroStaff;
let token: string;
let otherToken: string;
let aroToken: string;

const _table = () => runtimeEnv().TABLE_NAME as string;

/** A Draft application at an institution of its own with its grade scale, on an approved mapping. */
const givenDraft = () =>
  givenDraftApplication({
    studentId: student?.studentId ?? '',
    studentToken: token,
    aroToken,
    transferTerm: '2026-27 Spring',
    homeCourse: { prefix: 'SIGN', title: 'Signed Engineering' },
  });

const verifiedTranscript = (recordId: string, institutionId: string, institutionName: string) =>
  givenVerifiedTranscript({ token: aroToken, staffId: staff?.staffId ?? 'aro' }, student?.studentId ?? '', {
    recordId,
    institutionId,
    institutionName,
  });

const statusBecomes = (id: string, status: string, awaiting?: string) =>
  applicationBecomes(aroToken, id, status, awaiting);

const download = (applicationId: string, as = token) =>
  api<SignedDecisionDownload & { message?: string }>(
    'GET',
    `/students/me/applications/${applicationId}/signed-decision`,
    { token: as },
  );
const verifyOnline = (body: unknown) =>
  api<VerificationResult & { issues?: { field: string; reason: string }[] }>('POST', '/decisions/verify', {
    body,
  });

let approved: { applicationId: string; ref: string; code: string; institutionName: string };
let draft: ApplicationView;

beforeAll(async () => {
  if (!student || !otherStudent || !staff) throw new Error('the seed needs two students and ARO staff');
  [token, otherToken, aroToken] = await Promise.all([
    signIn(student.studentId),
    signIn(otherStudent.studentId),
    signIn(staff.staffId),
  ]);
  // Approved as ARO approves (no endorsement rule names the course: straight to ARO).
  const { record, mapping, code, application } = await givenDraft();
  await verifiedTranscript(record.recordId, record.institutionId, record.institutionName);
  const submitted = await api<ApplicationView>(
    'POST',
    `/students/me/applications/${application.applicationId}/submit`,
    {
      token,
      body: {
        finalGrades: application.incomingCourses.map((c) => ({ code: c.code, grade: 'A' })),
        version: application.version,
      },
    },
  );
  expect(submitted.status).toBe(200);
  await statusBecomes(application.applicationId, 'Submitted', 'aro-decision');
  const decided = await api('POST', `/admin/applications/${application.applicationId}/decision`, {
    token: aroToken,
    body: { action: 'approve' },
  });
  expect(decided.status).toBe(202);
  await statusBecomes(application.applicationId, 'Approved');
  approved = {
    applicationId: application.applicationId,
    ref: mapping.ref,
    code,
    institutionName: record.institutionName,
  };
  draft = (await givenDraft()).application;
}, 120_000);

describe('a signed credit transfer decision', () => {
  it('is downloaded by its student and verifies offline with jose against the published key set', async () => {
    const { status, body } = await download(approved.applicationId);
    expect(status).toBe(200);
    expect(body.fileName).toBe(`credit-transfer-decision-${approved.ref}.jws`);

    const keys = await api<JSONWebKeySet>('GET', '/decisions/jwks.json');
    expect(keys.status).toBe(200);
    expect(keys.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    expect(keys.body.keys.map((k) => k.kid)).toEqual([body.kid]);
    expect(keys.body.keys[0]).not.toHaveProperty('d');

    // What a receiving university does, with nothing but the key set.
    const { payload, protectedHeader } = await jwtVerify(body.jws, createLocalJWKSet(keys.body), {
      issuer: 'hkust-cts:local',
      algorithms: ['ES256'],
      typ: signedDecisionType,
    });
    expect(protectedHeader.kid).toBe(body.kid);
    expect(payload.sub).toBe(student?.studentId);
    // 3 CREDIT of 15 a semester → 6 UCTS → 1.8 HKUST credits, graded T, approved by ARO staff.
    expect(payload.decision).toMatchObject({
      applicationId: approved.applicationId,
      ref: approved.ref,
      status: 'Approved',
      student: { studentId: student?.studentId, name: student?.name },
      institution: { name: approved.institutionName },
      incomingCourses: [{ finalGrade: 'A', credits: 3, creditUnit: 'CREDIT' }],
      homeCourses: [{ code: approved.code, title: 'Signed Engineering', credits: 3 }],
      transferred: [{ code: approved.code, credits: 1.8, grade: 'T' }],
      credits: 1.8,
      conversion: { gradeScale: { id: expect.stringMatching(/^us-letter-/) } },
      approvedBy: staff?.staffId,
    });
    expect(payload.decision).toEqual(body.decision);
  });

  it('is valid at the verify endpoint, and invalid with the reason once changed', async () => {
    const { body } = await download(approved.applicationId);
    const valid = await verifyOnline({ jws: body.jws });
    expect(valid.status).toBe(200);
    expect(valid.body).toMatchObject({
      valid: true,
      kid: body.kid,
      issuer: 'hkust-cts:local',
      decision: body.decision,
    });

    const [header, payload, signature] = body.jws.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    claims.decision.credits = 18;
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const changed = await verifyOnline({ jws: tampered });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ valid: false, problem: 'bad-signature' });
    expect(changed.body.valid === false && changed.body.reason).toMatch(/changed after it was signed/);

    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', kid: body.kid })).toString('base64url')}.${payload}.`;
    expect((await verifyOnline({ jws: unsigned })).body).toMatchObject({
      valid: false,
      problem: 'unsupported-algorithm',
    });
  });

  it('answers malformed input with a 400 naming body.jws, never a 5xx', async () => {
    for (const body of [
      { jws: 'not a jws' },
      { jws: '' },
      { jws: 42 },
      {},
      { jws: `${'a'.repeat(20_000)}.b.c` },
    ]) {
      const { status, body: answer } = await verifyOnline(body);
      expect(status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(answer.issues?.[0]?.field).toMatch(/^body/);
    }
    const notJson = await api('POST', '/decisions/verify', { rawBody: '{"jws":' });
    expect(notJson.status).toBe(400);
    const badHeader = await verifyOnline({ jws: `${Buffer.from('nope').toString('base64url')}.e30.c2ln` });
    expect(badHeader.status).toBe(400);
    expect(badHeader.body.issues?.[0]).toMatchObject({ field: 'body.jws' });
  });

  it("is not another student's to download, nor anyone's signed out", async () => {
    const other = await download(approved.applicationId, otherToken);
    expect(other.status).toBe(404);
    expect(
      (await api('GET', `/students/me/applications/${approved.applicationId}/signed-decision`)).status,
    ).toBe(401);
    expect((await download('not-an-id')).status).toBe(400);
  });

  it('does not exist for an application that is not Approved: a 409 naming its status', async () => {
    const { status, body } = await download(draft.applicationId);
    expect(status).toBe(409);
    expect(body.message).toMatch(/is Draft: only an Approved application has a signed decision/);
  });
});
