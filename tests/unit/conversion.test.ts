import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../functions/commons/errors.js';
import {
  convertApplication,
  creditSystemIssues,
  gradeScaleIssues,
  publishedRule,
} from '../../functions/conversion/domain/ucts-conversion.js';
import {
  CurrentInstitutionGradingEntity,
  type InstitutionGrading,
  InstitutionGradingEntity,
} from '../../functions/conversion/entities/institution-grading.js';
import {
  type ConversionPreviewReader,
  previewConversion,
} from '../../functions/conversion/use-cases/conversion-preview.js';
import {
  type GradingChange,
  type GradingStore,
  getInstitutionGrading,
  publishInstitutionGrading,
} from '../../functions/conversion/use-cases/institution-grading.js';
import type { Mapping } from '../../functions/mappings/entities/mapping.js';
import type { StudyRecord } from '../../functions/records/entities/student.js';
import type { AuditEvent } from '../../functions/store/audit.js';
import { seedItems } from '../../local/seed/index.js';

// Institutions' grading (ARO's, versioned) and the student's Conversion Preview, with in-memory
// ports: given the seed's example (16 credit points a semester, a 4-point course), when the student
// previews, then 4 × 30 / 16 = 7.5 UCTS and 7.5 × 9 / 30 = 2.25 HKUST credits.

/** Versions never edited; the current one moves only from the version it was read at. */
class MemoryGradings implements GradingStore {
  versions = new Map<string, InstitutionGrading>();
  currents = new Map<string, InstitutionGrading>();
  audit: AuditEvent[] = [];
  constructor(readonly institutions = new Set(['host-u'])) {}
  async current(id: string) {
    return this.currents.get(id);
  }
  async version(id: string, version: number) {
    return this.versions.get(`${id}#${version}`);
  }
  async institutionExists(id: string) {
    return this.institutions.has(id);
  }
  async publish(g: InstitutionGrading, previous: number, audit: AuditEvent) {
    const key = `${g.institutionId}#${g.version}`;
    if (this.versions.has(key) || (this.currents.get(g.institutionId)?.version ?? 0) !== previous)
      return false;
    this.versions.set(key, g);
    this.currents.set(g.institutionId, g);
    this.audit.push(audit);
    return true;
  }
}

const now = () => new Date('2026-05-13T08:00:00Z');
const hostScale = {
  id: 'HOST-LETTER',
  grades: [
    { grade: 'A', ucts: 'A' as const },
    { grade: 'B+', ucts: 'B' as const },
    { grade: 'B', ucts: 'C' as const },
    { grade: 'C', ucts: 'D' as const },
    { grade: 'D', ucts: 'E' as const },
    { grade: 'F', ucts: 'F' as const },
  ],
};
const change = (version = 0): GradingChange => ({
  creditSystem: { name: 'Host credit points', unit: 'CREDIT POINT', creditsPerSemester: 16 },
  gradeScale: hostScale,
  version,
});

async function publishError(store: MemoryGradings, body: GradingChange): Promise<ValidationError> {
  const error = await publishInstitutionGrading({ store, now }, 'aro-001', 'host-u', body).catch((e) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe("institutions' grading", () => {
  it('publishes version 1, then 2 from the version read, keeping version 1 and auditing each', async () => {
    const store = new MemoryGradings();
    const first = await publishInstitutionGrading({ store, now }, 'aro-001', 'host-u', change(0));
    expect(first).toMatchObject({
      institutionId: 'host-u',
      version: 1,
      gradeScale: { id: 'HOST-LETTER', version: '1' },
      publishedBy: 'aro-001',
    });
    const second = await publishInstitutionGrading({ store, now }, 'aro-002', 'host-u', {
      ...change(1),
      creditSystem: { ...change().creditSystem, creditsPerSemester: 15 },
    });
    expect(second.version).toBe(2);
    expect((await getInstitutionGrading({ store }, 'host-u')).creditSystem.creditsPerSemester).toBe(15);
    expect((await getInstitutionGrading({ store }, 'host-u', 1)).creditSystem.creditsPerSemester).toBe(16);
    expect(store.audit.map((a) => [a.actor, a.from, a.to, a.subjectPk])).toEqual([
      ['aro-001', 'v0', 'v1', 'INSTITUTION#host-u'],
      ['aro-002', 'v1', 'v2', 'INSTITUTION#host-u'],
    ]);
  });

  it('refuses a stale version with a 409, an unknown institution or version with a 404', async () => {
    const store = new MemoryGradings();
    await publishInstitutionGrading({ store, now }, 'aro-001', 'host-u', change(0));
    await expect(publishInstitutionGrading({ store, now }, 'aro-001', 'host-u', change(0))).rejects.toThrow(
      ConflictError,
    );
    await expect(publishInstitutionGrading({ store, now }, 'aro-001', 'nowhere', change(0))).rejects.toThrow(
      NotFoundError,
    );
    await expect(getInstitutionGrading({ store }, 'host-u', 7)).rejects.toThrow(NotFoundError);
    await expect(getInstitutionGrading({ store }, 'nowhere')).rejects.toThrow('No institution nowhere');
  });

  it('lands exactly one of 10 publications racing from the same version', async () => {
    const store = new MemoryGradings();
    const answers = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        publishInstitutionGrading({ store, now }, `aro-${i}`, 'host-u', change(0)),
      ),
    );
    expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    expect(store.versions.size).toBe(1);
  });

  it('names every problem of a scale and a credit system by its field, and publishes nothing', async () => {
    const store = new MemoryGradings();
    const error = await publishError(store, {
      creditSystem: { name: 'ECTS', unit: 'ECTS', creditsPerSemester: 20 },
      gradeScale: {
        id: 'BAD',
        grades: [
          { grade: 'A', ucts: 'B' },
          { grade: ' ', ucts: 'C' },
          { grade: 'B', ucts: 'A' },
          { grade: 'a', ucts: 'F' },
        ],
      },
      version: 0,
    });
    expect(error.issues.map((i) => i.field)).toEqual([
      'body.creditSystem.creditsPerSemester',
      'body.gradeScale.grades.1.grade',
      'body.gradeScale.grades.2.grade',
      'body.gradeScale.grades.3.grade',
    ]);
    expect(error.issues[0]?.reason).toContain('ECTS counts 30');
    expect(error.issues[2]?.reason).toBe('B (UCTS A) is listed below   (UCTS C)');
    expect(error.issues[3]?.reason).toBe('lists a twice');
    expect(store.versions.size).toBe(0);

    const empty = await publishError(store, { ...change(), gradeScale: { id: 'EMPTY', grades: [] } });
    expect(empty.issues).toEqual([{ field: 'body.gradeScale.grades', reason: 'has no grades' }]);
    const zero = await publishError(store, {
      ...change(),
      creditSystem: { name: 'None', unit: 'CREDIT', creditsPerSemester: 0 },
    });
    expect(zero.issues[0]?.field).toBe('body.creditSystem.creditsPerSemester');
  });
});

// ---- the preview ----

const record: StudyRecord = {
  studentId: '20912345',
  recordId: 'SR-1',
  institutionId: 'host-u',
  institutionName: 'Host University',
  category: 'hkust-organized-study-abroad',
  transferTerm: '2025-26 Fall',
  studyPeriod: '2025-26 Fall',
  createdBy: 'OGL',
  createdAt: '2025-06-01T00:00:00Z',
};

const mapping = (ref: string, patch: Partial<Mapping> = {}): Mapping => ({
  ref,
  groupRef: ref.slice(0, 7),
  institutionId: 'host-u',
  institutionName: 'Host University',
  incomingCourses: [{ code: 'HOST101', title: 'Course A', credits: 4, creditUnit: 'CREDIT POINT' }],
  homeCourses: [{ code: 'MECH2310', title: 'Thermodynamics', credits: 3, subjectArea: 'MECH' }],
  status: 'Approved',
  validFrom: '2024-25 Fall',
  validTo: '2027-28 Spring',
  requestedBy: '20912345',
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
  version: 1,
  ...patch,
});

const four = mapping('B000001-01', {
  incomingCourses: ['A', 'B', 'C', 'D'].map((u) => ({
    code: `UNIT-${u}`,
    title: `Course unit ${u}`,
    credits: 4,
    creditUnit: 'CREDIT POINT' as const,
  })),
  homeCourses: ['MECH2310', 'MECH2410', 'MECH2510'].map((code) => ({
    code,
    title: code,
    credits: 3,
    subjectArea: 'MECH',
  })),
});
const mappings = new Map<string, Mapping>([
  ['B000002-01', mapping('B000002-01')],
  ['B000001-01', four],
  ['B000003-01', mapping('B000003-01', { status: 'Under Review' })],
  ['B000004-01', mapping('B000004-01', { institutionId: 'elsewhere' })],
  ['B000005-01', mapping('B000005-01', { validTo: '2024-25 Spring' })],
]);
const reader: ConversionPreviewReader = {
  getRecord: async (studentId, recordId) =>
    studentId === record.studentId && recordId === record.recordId ? record : undefined,
  getMapping: async (ref) => mappings.get(ref),
};

async function publishedStore() {
  const store = new MemoryGradings();
  await publishInstitutionGrading({ store, now }, 'aro-001', 'host-u', change(0));
  return store;
}

const preview = async (applications: Parameters<typeof previewConversion>[3]['applications']) =>
  previewConversion({ reader, gradings: await publishedStore() }, '20912345', 'SR-1', { applications });

describe('Conversion Preview', () => {
  it("reproduces the seed's figures: 4 of 16 → 7.5 UCTS → 2.25 HKUST credits, with every step and the rule", async () => {
    const result = await preview([{ ref: 'B000002-01', grades: [{ code: 'HOST101', grade: 'b+' }] }]);
    const [application] = result.applications;
    if (!application?.ok) throw new Error('expected a conversion');
    expect(application).toMatchObject({
      outcome: 'transfer',
      credits: 2.25,
      homeGrade: 'T',
      lowestGrade: 'B',
    });
    expect(application.incoming[0]).toMatchObject({
      ucts: { value: 7.5, approximate: false },
      homeCredits: { value: 2.25, approximate: false },
      grade: { hostGrade: 'b+', scaleGrade: 'B+', scaleId: 'HOST-LETTER', scaleVersion: '1' },
    });
    expect(application.steps.map((s) => s.formula)).toEqual(
      expect.arrayContaining(['4 × 30 / 16 = 7.5', '7.5 × 9 / 30 = 2.25']),
    );
    expect(result).toMatchObject({
      totalCredits: 2.25,
      gradingVersion: 1,
      ruleVersion: publishedRule.version,
      institutionName: 'Host University',
      creditSystem: { creditsPerSemester: 16 },
    });
    expect(result.publishedRule.statements).toEqual([...publishedRule.statements]);
    expect(result.mappings[0]?.incomingCourses[0]?.title).toBe('Course A');
  });

  it('adds the applications up for the record, a fail giving 0 and an awaited grade counted apart', async () => {
    const result = await preview([
      {
        ref: 'B000001-01',
        grades: [
          { code: 'UNIT-A', grade: 'A' },
          { code: 'UNIT-B', grade: 'A' },
          { code: 'UNIT-C', grade: 'A' },
          { code: 'UNIT-D', grade: 'A' },
        ],
      },
      { ref: 'B000002-01', grades: [{ code: 'HOST101', grade: '' }] },
    ]);
    expect(result.applications.map((a) => (a.ok ? [a.outcome, a.credits, a.creditsIfPassed] : a))).toEqual([
      ['transfer', 9, 9],
      ['awaiting-grade', 0, 2.25],
    ]);
    expect(result).toMatchObject({ totalCredits: 9, awaitingGradeCredits: 2.25 });

    const failed = await preview([
      {
        ref: 'B000001-01',
        grades: [
          { code: 'UNIT-A', grade: 'A' },
          { code: 'UNIT-D', grade: 'F' },
        ],
      },
    ]);
    expect(failed.applications[0]).toMatchObject({
      ok: true,
      outcome: 'no-credit',
      reason: 'failing-grade',
      credits: 0,
    });
    expect(failed.totalCredits).toBe(0);
  });

  it('refuses a grade not on the scale, naming the field and listing the grades of the scale', async () => {
    const error = await preview([{ ref: 'B000002-01', grades: [{ code: 'HOST101', grade: 'A+' }] }]).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    const [issue] = (error as ValidationError).issues;
    expect(issue?.field).toBe('body.applications.0.grades.0.grade');
    expect(issue?.reason).toContain('use one of A, B+, B, C, D, F');
  });

  it('takes only approved mappings Ready for Credit Transfer at the record’s institution, each named', async () => {
    const error = await preview([
      { ref: 'B000003-01', grades: [] },
      { ref: 'B000004-01', grades: [] },
      { ref: 'B000005-01', grades: [] },
      { ref: 'B000009-01', grades: [] },
      { ref: 'B000002-01', grades: [{ code: 'NOPE', grade: 'A' }] },
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.field)).toEqual([
      'body.applications.0.ref',
      'body.applications.1.ref',
      'body.applications.2.ref',
      'body.applications.3.ref',
    ]);
    const codes = await preview([{ ref: 'B000002-01', grades: [{ code: 'NOPE', grade: 'A' }] }]).catch(
      (e) => e,
    );
    expect((codes as ValidationError).issues[0]?.field).toBe('body.applications.0.grades.0.code');
  });

  it('says so in a 409 when the institution has no grading yet, and 404 for another student’s record', async () => {
    const empty = new MemoryGradings();
    const none = previewConversion({ reader, gradings: empty }, '20912345', 'SR-1', {
      applications: [{ ref: 'B000002-01', grades: [] }],
    });
    await expect(none).rejects.toThrow(ConflictError);
    await expect(none).rejects.toThrow('Host University has no credit system and grade scale on file yet');
    await expect(
      previewConversion({ reader, gradings: await publishedStore() }, '20999999', 'SR-1', {
        applications: [{ ref: 'B000002-01', grades: [] }],
      }),
    ).rejects.toThrow(NotFoundError);
  });
});

describe("the seed's gradings", () => {
  const items = seedItems();
  const gradings = items
    .filter((i) => i.type === InstitutionGradingEntity.type)
    .map(InstitutionGradingEntity.fromItem);
  const currents = items
    .filter((i) => i.type === CurrentInstitutionGradingEntity.type)
    .map(CurrentInstitutionGradingEntity.fromItem);

  it('gives every seeded institution a valid credit system and grade scale, version 1 and current', () => {
    const institutions = items.filter((i) => i.type === 'Institution').map((i) => i.institutionId);
    expect(gradings.map((g) => g.institutionId).sort()).toEqual([...institutions].sort());
    expect(currents).toEqual(gradings);
    for (const g of gradings) {
      expect(creditSystemIssues(g.creditSystem), g.institutionId).toEqual([]);
      expect(gradeScaleIssues(g.gradeScale), g.institutionId).toEqual([]);
      expect(g.version).toBe(1);
    }
  });

  it('converts every seeded mapping on its institution’s grading', () => {
    const byInstitution = new Map(gradings.map((g) => [g.institutionId, g]));
    const seeded = items.filter((i) => i.type === 'Mapping') as unknown as Mapping[];
    for (const m of seeded) {
      const g = byInstitution.get(m.institutionId) as InstitutionGrading;
      const best = g.gradeScale.grades[0]?.grade as string;
      const result = convertApplication({
        ref: m.ref,
        creditSystem: g.creditSystem,
        gradeScale: g.gradeScale,
        incoming: m.incomingCourses.map((c) => ({ ...c, hostGrade: best })),
        home: m.homeCourses,
      });
      expect(result.ok ? 'converted' : result.failure.message, m.ref).toBe('converted');
    }
  });
});
