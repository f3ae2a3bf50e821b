import { randomInt } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConversionPreviewView, InstitutionGradingView } from '../../functions/conversion/contracts.js';
import { InstitutionEntity } from '../../functions/reference-data/entities/catalog.js';
import { demoAroStaff, demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { documentClient, runtimeEnv } from '../support/aws.js';
import { givenMapping, givenStudyRecord } from '../support/fixtures.js';

// UCTS conversion over HTTP: ARO publishes an institution's credit system and grade scale (versions
// never edited, one publication per version however many race, every problem named by field), and
// the student previews what approved mappings of a study record would transfer, step by step, on
// the seed's example: 4 credit points of 16 a semester → 7.5 UCTS → 2.25 HKUST credits.

const [staff] = demoAroStaff;
const [student, otherStudent] = demoStudents;
let aroToken: string;
let token: string;
let otherToken: string;

type Issues = { issues: { field: string; reason: string }[] };

const hostScale = {
  id: 'FX-LETTER',
  grades: [
    { grade: 'A', ucts: 'A' },
    { grade: 'A-', ucts: 'B' },
    { grade: 'B+', ucts: 'B' },
    { grade: 'B', ucts: 'C' },
    { grade: 'C', ucts: 'D' },
    { grade: 'D', ucts: 'E' },
    { grade: 'F', ucts: 'F' },
  ],
};
const creditSystem = { name: 'Fixture credit points', unit: 'CREDIT POINT', creditsPerSemester: 16 };

/** An institution of the test's own, with a study record of the student and one approved 4-point mapping. */
async function givenInstitution() {
  if (!student) throw new Error('the seed needs a demo student');
  const suffix = randomInt(100_000, 999_999);
  const institution = {
    institutionId: `fx-grading-${suffix}`,
    name: `Grading University ${suffix}`,
    country: 'Australia',
  };
  await documentClient().send(
    new PutCommand({
      TableName: runtimeEnv().TABLE_NAME as string,
      Item: InstitutionEntity.toItem(institution),
    }),
  );
  const record = await givenStudyRecord(student.studentId, '2024-25 Fall', {
    institutionId: institution.institutionId,
    institutionName: institution.name,
  });
  const mapping = await givenMapping({
    studentId: student.studentId,
    recordId: record.recordId,
    institutionId: institution.institutionId,
    institutionName: institution.name,
    status: 'Approved',
    patch: {
      validFrom: '2023-24 Fall',
      validTo: '2026-27 Spring',
      incomingCourses: [
        { code: `GU${suffix % 1000}A`, title: 'Course unit A', credits: 4, creditUnit: 'CREDIT POINT' },
      ],
    },
  });
  return { institution, record, mapping, code: mapping.incomingCourses[0]?.code as string };
}

const gradingPath = (institutionId: string) => `/admin/institutions/${institutionId}/grading`;

async function publish(institutionId: string, version: number, body: object = {}) {
  return api<InstitutionGradingView & Issues>('PUT', gradingPath(institutionId), {
    token: aroToken,
    body: { creditSystem, gradeScale: hostScale, version, ...body },
  });
}

beforeAll(async () => {
  if (!staff || !student || !otherStudent) throw new Error('the seed needs ARO staff and two students');
  [aroToken, token, otherToken] = await Promise.all([
    signIn(staff.staffId),
    signIn(student.studentId),
    signIn(otherStudent.studentId),
  ]);
});

describe("institutions' grading (ARO)", () => {
  it('publishes version 1 and 2 under the version read, keeps version 1, refuses a stale one, audits each', async () => {
    const { institution } = await givenInstitution();
    const path = gradingPath(institution.institutionId);
    expect((await api('GET', path, { token: aroToken })).status).toBe(404);

    const first = await publish(institution.institutionId, 0);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      institutionId: institution.institutionId,
      version: 1,
      creditSystem,
      gradeScale: { id: 'FX-LETTER', version: '1' },
      publishedBy: staff?.staffId,
    });
    const second = await publish(institution.institutionId, 1, {
      creditSystem: { ...creditSystem, creditsPerSemester: 15 },
    });
    expect(second.body.version).toBe(2);
    expect((await publish(institution.institutionId, 1)).status).toBe(409);

    const current = await api<InstitutionGradingView>('GET', path, { token: aroToken });
    expect(current.body).toMatchObject({ version: 2, creditSystem: { creditsPerSemester: 15 } });
    const kept = await api<InstitutionGradingView>('GET', `${path}?version=1`, { token: aroToken });
    expect(kept.body).toMatchObject({ version: 1, creditSystem: { creditsPerSemester: 16 } });

    const { Items = [] } = await documentClient().send(
      new QueryCommand({
        TableName: runtimeEnv().TABLE_NAME as string,
        KeyConditionExpression: 'pk = :pk and begins_with(sk, :audit)',
        ExpressionAttributeValues: {
          ':pk': `INSTITUTION#${institution.institutionId}`,
          ':audit': 'AUDIT#GRADING#',
        },
      }),
    );
    expect(Items.map((i) => [i.actor, i.from, i.to])).toEqual([
      [staff?.staffId, 'v0', 'v1'],
      [staff?.staffId, 'v1', 'v2'],
    ]);
  });

  it("serves the seed's grading of every seeded institution (Boston University: 16 credits a semester)", async () => {
    const bu = await api<InstitutionGradingView>('GET', gradingPath('boston-university'), {
      token: aroToken,
    });
    expect(bu.status).toBe(200);
    expect(bu.body).toMatchObject({
      creditSystem: { unit: 'CREDIT', creditsPerSemester: 16 },
      gradeScale: { id: 'BU-LETTER' },
      publishedBy: 'seed',
    });
  });

  it('lands exactly one of 10 publications racing from the same version', async () => {
    const { institution } = await givenInstitution();
    await publish(institution.institutionId, 0);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => publish(institution.institutionId, 1)),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(9);
    const current = await api<InstitutionGradingView>('GET', gradingPath(institution.institutionId), {
      token: aroToken,
    });
    expect(current.body.version).toBe(2);
  });

  it('names the field of each problem with a 400, publishes nothing, and 404s an unknown institution', async () => {
    const { institution } = await givenInstitution();
    const bad = await publish(institution.institutionId, 0, {
      creditSystem: { ...creditSystem, unit: 'ECTS' },
      gradeScale: {
        id: 'BAD',
        grades: [
          { grade: 'A', ucts: 'C' },
          { grade: 'B', ucts: 'A' },
          { grade: 'C', ucts: 'G' },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i) => i.field)).toEqual(
      expect.arrayContaining(['body.gradeScale.grades.2.ucts']),
    );
    const domain = await publish(institution.institutionId, 0, {
      creditSystem: { ...creditSystem, unit: 'ECTS' },
      gradeScale: {
        id: 'BAD',
        grades: [
          { grade: 'A', ucts: 'C' },
          { grade: 'B', ucts: 'A' },
        ],
      },
    });
    expect(domain.status).toBe(400);
    expect(domain.body.issues.map((i) => i.field)).toEqual([
      'body.creditSystem.creditsPerSemester',
      'body.gradeScale.grades.1.grade',
    ]);
    expect(domain.body.issues[1]?.reason).toBe('B (UCTS A) is listed below A (UCTS C)');
    expect((await api('GET', gradingPath(institution.institutionId), { token: aroToken })).status).toBe(404);
    expect((await publish('no-such-institution', 0)).status).toBe(404);
    expect((await api('GET', gradingPath(institution.institutionId), { token })).status).toBe(403);
  });
});

describe('Conversion Preview (student)', () => {
  const previewPath = (recordId: string) => `/students/me/records/${recordId}/conversion-preview`;

  it("reproduces the seed's figures: 4 of 16 → 7.5 UCTS → 2.25 HKUST credits, with the steps and the rule", async () => {
    const { institution, record, mapping, code } = await givenInstitution();
    await publish(institution.institutionId, 0);
    const answer = await api<ConversionPreviewView>('POST', previewPath(record.recordId), {
      token,
      body: { applications: [{ ref: mapping.ref, grades: [{ code, grade: 'A-' }] }] },
    });
    expect(answer.status).toBe(200);
    const [application] = answer.body.applications;
    if (!application?.ok) throw new Error(`expected a conversion, got ${JSON.stringify(application)}`);
    expect(application).toMatchObject({
      outcome: 'transfer',
      credits: 2.25,
      homeGrade: 'T',
      lowestGrade: 'B',
    });
    expect(application.incoming[0]).toMatchObject({ ucts: { value: 7.5 }, homeCredits: { value: 2.25 } });
    expect(application.steps.map((s) => s.formula)).toEqual(
      expect.arrayContaining(['4 × 30 / 16 = 7.5', '7.5 × 9 / 30 = 2.25']),
    );
    expect(answer.body).toMatchObject({ totalCredits: 2.25, gradingVersion: 1, ruleVersion: 'CTS-UCTS-1' });
    expect(answer.body.publishedRule.statements.length).toBeGreaterThan(0);

    const failed = await api<ConversionPreviewView>('POST', previewPath(record.recordId), {
      token,
      body: { applications: [{ ref: mapping.ref, grades: [{ code, grade: 'F' }] }] },
    });
    expect(failed.body.applications[0]).toMatchObject({
      outcome: 'no-credit',
      reason: 'failing-grade',
      credits: 0,
    });
    expect(failed.body.totalCredits).toBe(0);
  });

  it('refuses a grade not on the scale naming the field and the grades, and another student’s record', async () => {
    const { institution, record, mapping, code } = await givenInstitution();
    await publish(institution.institutionId, 0);
    const unknown = await api<Issues>('POST', previewPath(record.recordId), {
      token,
      body: { applications: [{ ref: mapping.ref, grades: [{ code, grade: 'HD' }] }] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues[0]?.field).toBe('body.applications.0.grades.0.grade');
    expect(unknown.body.issues[0]?.reason).toContain('use one of A, A-, B+, B, C, D, F');

    const theirs = await api('POST', previewPath(record.recordId), {
      token: otherToken,
      body: { applications: [{ ref: mapping.ref, grades: [{ code, grade: 'A' }] }] },
    });
    expect(theirs.status).toBe(404);
  });

  it('says in a 409 that the institution has no grading yet', async () => {
    const { record, mapping, code } = await givenInstitution();
    const answer = await api<{ message: string }>('POST', previewPath(record.recordId), {
      token,
      body: { applications: [{ ref: mapping.ref, grades: [{ code, grade: 'A' }] }] },
    });
    expect(answer.status).toBe(409);
    expect(answer.body.message).toContain('has no credit system and grade scale on file yet');
  });
});
