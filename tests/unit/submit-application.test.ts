import { describe, expect, it } from 'vitest';
import {
  defaultApplicationDeadline,
  isLate,
} from '../../functions/applications/domain/application-deadline.js';
import type { EndorsementRuleTable } from '../../functions/applications/domain/endorsement-rules.js';
import type { Application } from '../../functions/applications/entities/application.js';
import type { ApplicationChange } from '../../functions/applications/use-cases/applications.js';
import {
  provideApplicationInfo,
  type SubmitDeps,
  type SubmitStore,
  submitApplication,
  withdrawApplication,
} from '../../functions/applications/use-cases/submit-application.js';
import { ConflictError, ValidationError } from '../../functions/commons/errors.js';
import type { Student, StudyRecord } from '../../functions/records/entities/student.js';

// Submit, Provide Info and Withdraw over in-memory ports: every grade on the host scale, a late
// submit's justification, the routing stored with the status it leads to, what one commit carries
// (the workflow start, the student's mail, the waits it ends), and when a grade goes back through
// endorsement.

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
const record: StudyRecord = {
  studentId: student.studentId,
  recordId: 'SR-1',
  institutionId: 'bu',
  institutionName: 'Boston University',
  category: 'hkust-organized-study-abroad',
  transferTerm: '2025-26 Fall',
  studyPeriod: '2025-26 Fall',
  createdBy: 'OGL',
  createdAt: '2025-01-01T00:00:00.000Z',
};
const draft: Application = {
  studentId: student.studentId,
  applicationId: '11111111-1111-4111-8111-111111111111',
  recordId: record.recordId,
  ref: 'B000001-01',
  institutionId: 'bu',
  institutionName: 'Boston University',
  incomingCourses: [
    { code: 'ME101', title: 'Statics', credits: 4, creditUnit: 'CREDIT' },
    { code: 'ME102', title: 'Dynamics', credits: 4, creditUnit: 'CREDIT' },
  ],
  homeCourses: [{ code: 'MECH3020', title: 'Mechanics', credits: 3, subjectArea: 'MECH' }],
  transferTerm: record.transferTerm,
  status: 'Draft',
  createdAt: '2025-09-01T00:00:00.000Z',
  updatedAt: '2025-09-01T00:00:00.000Z',
  version: 1,
};
const mechRule: EndorsementRuleTable = {
  version: 4,
  publishedBy: 'aro-001',
  publishedAt: '2025-01-01T00:00:00.000Z',
  rows: [
    {
      ruleId: 'mech-3000',
      conditions: { subjectAreas: ['MECH'], courseLevels: [3000] },
      endorsers: [{ officeId: 'SENG', name: 'School of Engineering Office', emails: ['seng@ust.hk'] }],
    },
  ],
};

class MemoryStore implements SubmitStore {
  applications = new Map<string, Application>([[draft.applicationId, structuredClone(draft)]]);
  commits: ApplicationChange[] = [];
  awaited: string[] = [];
  async getRecord() {
    return record;
  }
  async getMapping() {
    return undefined;
  }
  async get(_s: string, id: string) {
    return structuredClone(this.applications.get(id));
  }
  async listForRecord() {
    return [...this.applications.values()];
  }
  async create() {
    return { created: true as const };
  }
  async commit(change: ApplicationChange & { previous: Application }) {
    if (this.applications.get(change.next.applicationId)?.version !== change.previous.version) return false;
    this.commits.push(change);
    this.applications.set(change.next.applicationId, structuredClone(change.next));
    return true;
  }
  async deleteDraft() {
    return true;
  }
  async getStudent() {
    return student;
  }
  async deadlineOf() {
    return undefined;
  }
  async getUploads(_s: string, ids: string[]) {
    return ids.map((uploadId) => ({
      studentId: student.studentId,
      uploadId,
      fileName: `${uploadId}.pdf`,
      status: uploadId.startsWith('bad') ? ('Rejected' as const) : ('Verified' as const),
    })) as never;
  }
  async awaitedSteps() {
    return this.awaited;
  }
}

const grades = (...g: string[]) =>
  draft.incomingCourses.map((c, i) => ({ code: c.code, grade: g[i] ?? 'B' }));
const usScale = {
  gradeScale: {
    id: 'us',
    version: '1',
    grades: [
      { grade: 'A', ucts: 'A' as const },
      { grade: 'B', ucts: 'B' as const },
      { grade: 'C', ucts: 'C' as const },
      { grade: 'F', ucts: 'F' as const },
    ],
  },
};

function setup(opts: { now?: string; table?: EndorsementRuleTable; scale?: boolean } = {}) {
  const store = new MemoryStore();
  const deps: SubmitDeps = {
    store,
    rules: { latest: async () => opts.table },
    gradings: { current: async () => (opts.scale === false ? undefined : usScale) },
    now: () => new Date(opts.now ?? '2025-10-01T00:00:00.000Z'),
  };
  return { store, deps };
}

describe('the application deadline', () => {
  it('defaults to the end of the month after the term', () => {
    expect(defaultApplicationDeadline('2025-26 Fall')).toBe('2026-01-31');
    expect(defaultApplicationDeadline('2025-26 Winter')).toBe('2026-02-28');
    expect(defaultApplicationDeadline('2023-24 Winter')).toBe('2024-02-29');
    expect(defaultApplicationDeadline('2025-26 Spring')).toBe('2026-06-30');
    expect(defaultApplicationDeadline('2025-26 Summer')).toBe('2026-09-30');
  });
  it('is late only once the deadline day is over in Hong Kong', () => {
    expect(isLate('2026-01-31', new Date('2026-01-31T15:59:59.000Z'))).toBe(false);
    expect(isLate('2026-01-31', new Date('2026-01-31T16:00:00.000Z'))).toBe(true);
  });
});

describe('Submit', () => {
  it('routes to the program office a rule names, storing the rows, and commits the workflow start and the mail with it', async () => {
    const { store, deps } = setup({ table: mechRule });
    const view = await submitApplication(deps, student.studentId, draft.applicationId, {
      finalGrades: grades('A', 'B'),
      version: 1,
    });
    expect(view).toMatchObject({
      status: 'Pending Program Office Endorsement',
      endorsements: [{ officeName: 'School of Engineering Office', outcome: 'Awaiting' }],
      actions: ['withdraw'],
    });
    const [commit] = store.commits;
    expect(commit?.next).toMatchObject({
      attempt: 1,
      routing: { ruleVersion: 4, matchedRows: ['mech-3000'] },
    });
    expect(commit?.outbox?.map((o) => o.idempotencyKey)).toEqual([
      `workflow.start:ct-application:${draft.applicationId}-1`,
      `mail.send:application:${draft.applicationId}:v2`,
    ]);
  });

  it('goes straight to ARO (Submitted) when no rule matches', async () => {
    const { deps } = setup({ table: { ...mechRule, rows: [] } });
    const view = await submitApplication(deps, student.studentId, draft.applicationId, {
      finalGrades: grades(),
      version: 1,
    });
    expect(view.status).toBe('Submitted');
    expect(view.endorsements).toEqual([]);
  });

  it('names each missing grade and each grade not on the scale, and writes nothing', async () => {
    const { store, deps } = setup();
    await expect(
      submitApplication(deps, student.studentId, draft.applicationId, { finalGrades: [], version: 1 }),
    ).rejects.toMatchObject({
      issues: [
        { field: 'body.finalGrades.0.grade', reason: 'enter the final grade of ME101' },
        { field: 'body.finalGrades.1.grade', reason: 'enter the final grade of ME102' },
      ],
    });
    const wrong = submitApplication(deps, student.studentId, draft.applicationId, {
      finalGrades: grades('A', 'HD'),
      version: 1,
    });
    await expect(wrong).rejects.toBeInstanceOf(ValidationError);
    await expect(wrong).rejects.toMatchObject({
      issues: [{ field: 'body.finalGrades.1.grade', reason: expect.stringContaining('(A, B, C, F)') }],
    });
    expect(store.commits).toEqual([]);
  });

  it('keeps the host grade verbatim when the institution has no scale yet', async () => {
    const { store, deps } = setup({ scale: false });
    await submitApplication(deps, student.studentId, draft.applicationId, {
      finalGrades: grades('HD', '85'),
      version: 1,
    });
    expect(store.commits[0]?.next.incomingCourses.map((c) => c.finalGrade)).toEqual(['HD', '85']);
    expect(store.commits[0]?.next.gradeScale).toBeUndefined();
  });

  it('after the deadline needs a justification, then records it with the deadline', async () => {
    const { deps } = setup({ now: '2026-02-02T00:00:00.000Z' });
    await expect(
      submitApplication(deps, student.studentId, draft.applicationId, { finalGrades: grades(), version: 1 }),
    ).rejects.toMatchObject({ issues: [{ field: 'body.lateJustification' }] });
    const view = await submitApplication(deps, student.studentId, draft.applicationId, {
      finalGrades: grades(),
      lateJustification: 'Grades came late',
      version: 1,
    });
    expect(view.late).toEqual({ deadline: '2026-01-31', justification: 'Grades came late' });
  });

  it('refuses a stale version and anything but a Draft', async () => {
    const { deps } = setup();
    await expect(
      submitApplication(deps, student.studentId, draft.applicationId, { finalGrades: grades(), version: 7 }),
    ).rejects.toBeInstanceOf(ConflictError);
    await submitApplication(deps, student.studentId, draft.applicationId, {
      finalGrades: grades(),
      version: 1,
    });
    await expect(
      submitApplication(deps, student.studentId, draft.applicationId, { finalGrades: grades(), version: 2 }),
    ).rejects.toThrow(/only a Draft/);
  });
});

describe('Provide Info and Withdraw', () => {
  async function needingInfo(table?: EndorsementRuleTable) {
    const s = setup(table ? { table } : {});
    await submitApplication(s.deps, student.studentId, draft.applicationId, {
      finalGrades: grades('A', 'B'),
      version: 1,
    });
    const a = s.store.applications.get(draft.applicationId) as Application;
    s.store.applications.set(a.applicationId, {
      ...a,
      status: 'Need Further Info',
      endorsedGrades: { ME101: 'A', ME102: 'B' },
      furtherInfo: { note: 'Send the outline', requestedBy: 'aro-001', requestedAt: '2025-10-02' },
      version: a.version + 1,
    });
    return { ...s, version: a.version + 1 };
  }

  it('returns to ARO when no grade changed, and back through endorsement when one did', async () => {
    const same = await needingInfo(mechRule);
    const back = await provideApplicationInfo(same.deps, student.studentId, draft.applicationId, {
      justification: 'Outline attached',
      documentIds: ['u1'],
      version: same.version,
    });
    expect(back.status).toBe('Submitted');
    expect(same.store.commits.at(-1)?.next.furtherInfo?.provided?.documents).toEqual([
      { uploadId: 'u1', fileName: 'u1.pdf' },
    ]);

    const changed = await needingInfo(mechRule);
    const again = await provideApplicationInfo(changed.deps, student.studentId, draft.applicationId, {
      justification: 'The grade was re-marked',
      documentIds: [],
      finalGrades: grades('A', 'A'),
      version: changed.version,
    });
    expect(again.status).toBe('Pending Program Office Endorsement');
    expect(changed.store.commits.at(-1)?.audit.action).toMatch(
      /back through endorsement.*incoming course grade/,
    );
    expect(changed.store.commits.at(-1)?.outbox?.[0]?.idempotencyKey).toBe(
      `workflow.start:ct-application:${draft.applicationId}-2`,
    );
  });

  it('refuses a document that is not a verified PDF of the student', async () => {
    const s = await needingInfo();
    await expect(
      provideApplicationInfo(s.deps, student.studentId, draft.applicationId, {
        justification: 'x',
        documentIds: ['bad-1'],
        version: s.version,
      }),
    ).rejects.toMatchObject({ issues: [{ field: 'body.documentIds.0' }] });
  });

  it('withdraws with the waits ended and the execution stopped, in the same commit', async () => {
    const s = setup({ table: mechRule });
    const submitted = await submitApplication(s.deps, student.studentId, draft.applicationId, {
      finalGrades: grades(),
      version: 1,
    });
    s.store.awaited = ['program-office-endorsement:SENG'];
    const view = await withdrawApplication(s.deps, student.studentId, draft.applicationId, submitted.version);
    expect(view).toMatchObject({ status: 'Withdrawn', actions: ['reopen'] });
    const commit = s.store.commits.at(-1);
    expect(commit?.settles?.stepIds).toEqual(['program-office-endorsement:SENG']);
    expect(commit?.outbox?.map((o) => o.kind)).toEqual(['workflow.stop', 'mail.send']);
    await expect(
      withdrawApplication(s.deps, student.studentId, draft.applicationId, view.version),
    ).rejects.toThrow(/can no longer be withdrawn/);
  });
});
