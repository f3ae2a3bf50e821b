import { describe, expect, it } from 'vitest';
import type { Application } from '../../functions/applications/entities/application.js';
import {
  AlreadyAppliedError,
  type ApplicationChange,
  type ApplicationStore,
  applyForCreditTransfer,
  deleteApplicationDraft,
  saveApplicationDraft,
} from '../../functions/applications/use-cases/applications.js';
import { ConflictError, NotFoundError, ValidationError } from '../../functions/commons/errors.js';
import type { Mapping } from '../../functions/mappings/entities/mapping.js';
import type { Student, StudyRecord } from '../../functions/records/entities/student.js';

// Apply for CT and drafts over an in-memory store: which mappings can be applied for, one per
// record and mapping, what Save as Draft keeps, and that only a Draft is changed or deleted.

const record: StudyRecord = {
  studentId: '20190001',
  recordId: 'SR-1',
  institutionId: 'bu',
  institutionName: 'Boston University',
  category: 'hkust-organized-study-abroad',
  transferTerm: '2025-26 Fall',
  studyPeriod: '2025-26 Fall',
  createdBy: 'OGL',
  createdAt: '2025-01-01T00:00:00.000Z',
};
const student: Student = {
  studentId: '20190001',
  name: 'Chan Tai Man',
  email: 'chan@connect.ust.hk',
  program: 'BEng MECH',
  cohortTerm: '2023-24 Fall',
  academicYear: 'Year 3',
  programStatus: 'Active',
  degreeCheckout: 'No',
};
const approved: Mapping = {
  ref: 'B000001-01',
  groupRef: 'B000001',
  institutionId: 'bu',
  institutionName: 'Boston University',
  incomingCourses: [
    { code: 'ME101', title: 'Statics', credits: 4, creditUnit: 'CREDIT' },
    { code: 'ME102', title: 'Dynamics', credits: 4, creditUnit: 'CREDIT' },
  ],
  homeCourses: [{ code: 'MECH2020', title: 'Mechanics', credits: 3, subjectArea: 'MECH' }],
  status: 'Approved',
  validFrom: '2024-25 Fall',
  validTo: '2026-27 Spring',
  requestedBy: '20190002',
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-02-01T00:00:00.000Z',
  version: 3,
};

class MemoryApplications implements ApplicationStore {
  readonly applications = new Map<string, Application>();
  readonly claims = new Map<string, string>();
  readonly mappings = new Map<string, Mapping>([
    [approved.ref, approved],
    ['B000002-01', { ...approved, ref: 'B000002-01', validTo: '2024-25 Spring' }],
    ['B000003-01', { ...approved, ref: 'B000003-01', institutionId: 'elsewhere' }],
  ]);
  async getRecord(studentId: string, recordId: string) {
    return studentId === record.studentId && recordId === record.recordId ? record : undefined;
  }
  async getMapping(ref: string) {
    return this.mappings.get(ref);
  }
  async get(studentId: string, id: string) {
    const a = this.applications.get(id);
    return a?.studentId === studentId ? structuredClone(a) : undefined;
  }
  async listForRecord(studentId: string, recordId: string) {
    return [...this.applications.values()].filter(
      (a) => a.studentId === studentId && a.recordId === recordId,
    );
  }
  async create({ next }: ApplicationChange) {
    const claim = `${next.recordId}|${next.ref}`;
    const existing = this.claims.get(claim);
    if (existing) return { created: false as const, existingApplicationId: existing };
    this.claims.set(claim, next.applicationId);
    this.applications.set(next.applicationId, structuredClone(next));
    return { created: true as const };
  }
  async commit({ previous, next }: ApplicationChange & { previous: Application }) {
    if (this.applications.get(next.applicationId)?.version !== previous.version) return false;
    this.applications.set(next.applicationId, structuredClone(next));
    return true;
  }
  async deleteDraft(a: Application) {
    this.applications.delete(a.applicationId);
    this.claims.delete(`${a.recordId}|${a.ref}`);
    return true;
  }
  async getStudent(studentId: string) {
    return studentId === student.studentId ? student : undefined;
  }
  async deadlineOf(_term: string) {
    return undefined;
  }
}

const setup = () => {
  const store = new MemoryApplications();
  return { store, deps: { store, now: () => new Date('2025-09-01T00:00:00.000Z') } };
};

describe('Apply for CT', () => {
  it('copies the mapping’s courses into a Draft', async () => {
    const { deps } = setup();
    const draft = await applyForCreditTransfer(deps, record.studentId, record.recordId, approved.ref);
    expect(draft).toMatchObject({
      status: 'Draft',
      ref: approved.ref,
      version: 1,
      lastModified: '2025-09-01',
    });
    expect(draft.incomingCourses.map((c) => c.code)).toEqual(['ME101', 'ME102']);
  });

  it('refuses an approval that has ended before the record’s term, and a mapping of another institution', async () => {
    const { deps } = setup();
    await expect(
      applyForCreditTransfer(deps, record.studentId, record.recordId, 'B000002-01'),
    ).rejects.toThrow(/not Ready for Credit Transfer in 2025-26 Fall/);
    await expect(
      applyForCreditTransfer(deps, record.studentId, record.recordId, 'B000003-01'),
    ).rejects.toThrow(NotFoundError);
  });

  it('answers the second Apply for CT with the application that exists', async () => {
    const { deps } = setup();
    const first = await applyForCreditTransfer(deps, record.studentId, record.recordId, approved.ref);
    const second = applyForCreditTransfer(deps, record.studentId, record.recordId, approved.ref);
    await expect(second).rejects.toBeInstanceOf(AlreadyAppliedError);
    await expect(second).rejects.toMatchObject({ applicationId: first.applicationId });
  });
});

describe('Save as Draft and Delete', () => {
  it('keeps a grade left out and takes the ones given, verbatim', async () => {
    const { deps } = setup();
    const draft = await applyForCreditTransfer(deps, record.studentId, record.recordId, approved.ref);
    const once = await saveApplicationDraft(deps, record.studentId, draft.applicationId, {
      finalGrades: [{ code: 'ME101', grade: 'A-' }],
      version: 1,
    });
    const twice = await saveApplicationDraft(deps, record.studentId, draft.applicationId, {
      finalGrades: [{ code: 'ME102', grade: 'B+' }],
      version: once.version,
    });
    expect(twice.incomingCourses.map((c) => c.finalGrade)).toEqual(['A-', 'B+']);
  });

  it('names a course that is not the mapping’s, or given twice', async () => {
    const { deps } = setup();
    const draft = await applyForCreditTransfer(deps, record.studentId, record.recordId, approved.ref);
    const save = (finalGrades: { code: string; grade?: string }[]) =>
      saveApplicationDraft(deps, record.studentId, draft.applicationId, { finalGrades, version: 1 });
    await expect(save([{ code: 'CS999', grade: 'A' }])).rejects.toMatchObject({
      issues: [
        { field: 'body.finalGrades.0.code', reason: 'CS999 is not an incoming course of mapping B000001-01' },
      ],
    });
    await expect(save([{ code: 'ME101' }, { code: 'ME101', grade: 'A' }])).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('changes and deletes only a Draft, and frees the mapping to be applied for again', async () => {
    const { deps, store } = setup();
    const draft = await applyForCreditTransfer(deps, record.studentId, record.recordId, approved.ref);
    const stored = store.applications.get(draft.applicationId) as Application;
    store.applications.set(draft.applicationId, { ...stored, status: 'Submitted' });
    await expect(deleteApplicationDraft(deps, record.studentId, draft.applicationId)).rejects.toThrow(
      ConflictError,
    );
    store.applications.set(draft.applicationId, stored);
    await deleteApplicationDraft(deps, record.studentId, draft.applicationId);
    await expect(deleteApplicationDraft(deps, '20190002', draft.applicationId)).rejects.toThrow(
      NotFoundError,
    );
    expect((await applyForCreditTransfer(deps, record.studentId, record.recordId, approved.ref)).status).toBe(
      'Draft',
    );
  });
});
