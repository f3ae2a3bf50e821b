import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { OperationContract } from '../../functions/commons/contracts.js';
import { parseRequest, toResult } from '../../functions/commons/http.js';
import { contracts } from '../../functions/contracts.js';
import type { MappingRequestDraftItem } from '../../functions/mappings/entities/draft.js';
import type { Mapping } from '../../functions/mappings/entities/mapping.js';
import { toDraftResponse } from '../../functions/mappings/use-cases/drafts.js';
import { buildDashboard } from '../../functions/records/domain/dashboard.js';
import type { MyMappingRequest, StudyRecord } from '../../functions/records/entities/student.js';
import {
  getMappingDetail,
  getStudyRecord,
  listMyMappingRequests,
  type StudyRecordReader,
} from '../../functions/records/use-cases/study-record.js';
import { routes } from '../../functions/routes.js';
import type { Upload } from '../../functions/uploads/entities/upload.js';
import { requestLine } from '../../web/src/api.js';

// One typed contract per operation (DESIGN decision 10): every route has one, what the use cases
// answer fits it, the server and the web check a request by the same schema, and the web bundle
// reaches nothing of the back end but contracts and the route table.

const projectRoot = join(import.meta.dirname, '..', '..');

const student = {
  studentId: '20190001',
  name: 'Chan Tai Man',
  email: 'tmchan@connect.ust.hk',
  program: 'BBA4',
  cohortTerm: '2019-20 Fall',
  academicYear: 'Year 3',
  programStatus: 'Active in Program',
  degreeCheckout: 'Withdrawn',
};
const record: StudyRecord = {
  studentId: student.studentId,
  recordId: 'R1',
  institutionId: 'uq',
  institutionName: 'The University of Queensland',
  category: 'hkust-organized-study-abroad',
  transferTerm: '2025-26 Fall',
  studyPeriod: '2025-26 Fall',
  createdBy: 'OGL',
  createdAt: '2025-01-01T00:00:00.000Z',
};
const mapping = (ref: string, status: Mapping['status'], more: Partial<Mapping> = {}): Mapping => ({
  ref,
  groupRef: ref.slice(0, 7),
  institutionId: record.institutionId,
  institutionName: record.institutionName,
  incomingCourses: [{ code: 'MECH2100', title: 'Thermodynamics', credits: 2, creditUnit: 'UNIT' }],
  homeCourses: [{ code: 'MECH2310', title: 'Thermodynamics', credits: 3, subjectArea: 'MECH' }],
  status,
  requestedBy: student.studentId,
  documents: [
    {
      uploadId: '3f8e9b1c-2d4a-4b6e-8f0a-1c2d3e4f5a6b',
      fileName: 'syllabus.pdf',
      sizeBytes: 1234,
      incomingCode: 'MECH2100',
      addedBy: student.studentId,
      addedAt: '2025-02-01T00:00:00.000Z',
      purpose: 'request',
    },
  ],
  createdAt: '2025-02-01T00:00:00.000Z',
  updatedAt: '2025-02-02T00:00:00.000Z',
  version: 2,
  ...more,
});
const link = (ref: string, relation: MyMappingRequest['relation']): MyMappingRequest => ({
  studentId: student.studentId,
  recordId: record.recordId,
  institutionId: record.institutionId,
  ref,
  relation,
  addedAt: '2025-02-01T00:00:00.000Z',
});
const draft: MappingRequestDraftItem = {
  studentId: student.studentId,
  recordId: record.recordId,
  draftId: '0b7f5c2e-9a41-4c1d-8e3b-6f2a1d0c9e87',
  incomingCourses: [{ code: 'MECH2200', title: '', documentIds: [] }],
  homeCourseCodes: [],
  lastModified: '2025-03-01T00:00:00.000Z',
};

const need = mapping('B000001-01', 'Need Further Info', { reviewerNote: 'Please send the syllabus' });
const denied = mapping('B000002-01', 'Denied', { denialReason: 'Different content' });
const pending = mapping('B000003-01', 'Under Review');
const timeline = async (ref: string) => [
  {
    subjectPk: 'MAPGROUP#B000001',
    subjectId: ref,
    at: '2025-02-01T00:00:00.000Z',
    actor: 'ARO:aro-001',
    action: 'Triage: need more information',
    reason: 'Please send the syllabus',
    internalNote: 'not for students',
    eventId: 'e1',
  },
];
const reader: StudyRecordReader = {
  readStudyRecord: async (studentId, recordId) => ({
    record: studentId === record.studentId && recordId === record.recordId ? record : undefined,
    entries: [
      { link: link(need.ref, 'requester'), mapping: need },
      { link: link(denied.ref, 'requester'), mapping: denied },
      { link: link(pending.ref, 'notify-me'), mapping: pending },
    ],
    drafts: [draft],
    transcripts: [],
    turnarounds: new Map(),
  }),
  readMapping: async (studentId, recordId, ref) => ({
    record: studentId === record.studentId && recordId === record.recordId ? record : undefined,
    mapping: [need, denied, pending].find((m) => m.ref === ref),
    link: ref === pending.ref ? link(ref, 'notify-me') : link(ref, 'requester'),
    timeline: await timeline(ref),
  }),
  recentTurnarounds: async () => [5, 9, 12],
};

const upload: Upload = {
  studentId: student.studentId,
  uploadId: '3f8e9b1c-2d4a-4b6e-8f0a-1c2d3e4f5a6b',
  fileName: 'syllabus.pdf',
  objectKey: `uploads/${student.studentId}/3f8e9b1c-2d4a-4b6e-8f0a-1c2d3e4f5a6b.pdf`,
  status: 'Verified',
  sizeBytes: 1234,
  createdAt: '2025-02-01T00:00:00.000Z',
  checkedAt: '2025-02-01T00:00:01.000Z',
};

const byOperation = contracts as Record<string, OperationContract>;
const answerFits = (operation: keyof typeof contracts, status: number, body: unknown) => {
  const schema =
    byOperation[operation]?.responses[status as 200] ?? byOperation[operation]?.errors[status as 400];
  const parsed = schema?.safeParse(body);
  expect(parsed?.error?.issues ?? [], `${operation} ${status}`).toEqual([]);
  return parsed?.data;
};

describe('the operation contracts', () => {
  it('give every route of the table a contract, and no contract lacks a route', () => {
    const operations = routes.map((r) => r.operation as string);
    expect(Object.keys(contracts).sort()).toEqual([...operations].sort());
    for (const operation of operations) {
      const contract = byOperation[operation];
      expect(Object.keys(contract?.responses ?? {}).length, operation).toBeGreaterThan(0);
      expect(
        Object.keys(contract?.responses ?? {}).every((s) => s.startsWith('2')),
        operation,
      ).toBe(true);
    }
  });

  it("fit what the use cases answer, samples from each use case's own kind of fixture", async () => {
    // Act
    const dashboard = buildDashboard({
      student,
      records: [record],
      myMappingRequests: [{ request: link(need.ref, 'requester'), mapping: need }],
      applications: [],
    });
    const studyRecord = await getStudyRecord(reader, student.studentId, record.recordId);
    const rows = await listMyMappingRequests(reader, student.studentId, record.recordId);
    const detail = await getMappingDetail(reader, student.studentId, record.recordId, need.ref);

    // Assess
    answerFits('getStudentDashboard', 200, dashboard);
    answerFits('getStudyRecord', 200, studyRecord);
    answerFits('listMyMappingRequests', 200, { rows });
    answerFits('getMapping', 200, detail);
    answerFits('getMappingRequestDraft', 200, toDraftResponse(draft));
    answerFits('createMappingRequest', 201, toDraftResponse(draft));
    answerFits('getUpload', 200, upload);
    answerFits('getMappingForAro', 200, {
      mapping: need,
      timeline: await timeline(need.ref),
      awaiting: [],
    });
    answerFits('createMappingRequest', 409, {
      error: 'DuplicateRequest',
      message: 'The same mapping B000003-01 is already pending (Under Review). Use Notify Me to follow it.',
      existingRef: pending.ref,
      action: 'Notify Me',
    });
  });

  it('answer only what they declare: an entity field the contract does not name never leaves the API', () => {
    // Act: a use case that hands back more than its answer (a whole stored mapping as a search row)
    const result = toResult('getPrecedents', contracts.getPrecedents, {
      mappings: [{ ...need, institutionId: 'uq', pk: 'MAPGROUP#B000001', version: 3 }],
    });

    // Assess
    const body = JSON.parse(result.body as string);
    expect(result.statusCode).toBe(200);
    expect(body.mappings[0]).toMatchObject({ ref: need.ref, institutionName: need.institutionName });
    for (const hidden of ['pk', 'version', 'documents', 'requestedBy', 'reviewerNote']) {
      expect(body.mappings[0], hidden).not.toHaveProperty(hidden);
    }
  });

  it('refuse to answer a body that breaks the contract (our bug: a 500, never a half-right answer)', () => {
    expect(() => toResult('getUpload', contracts.getUpload, { ...upload, status: 'Lost' })).toThrow(
      /getUpload's 200 answer does not match its contract \(status:/,
    );
  });

  it('refuse the same HKUST course proposed twice, naming the second (the web form checks the same schema)', () => {
    // Prepare
    const body = {
      submit: true,
      incomingCourses: [
        {
          code: 'MECH2100',
          title: 'Thermodynamics',
          credits: 2,
          creditUnit: 'UNIT',
          documentIds: [upload.uploadId],
        },
      ],
      homeCourseCodes: ['MECH2310', 'mech 2310'],
    };
    const event = {
      pathParameters: { recordId: 'R1' },
      body: JSON.stringify(body),
    } as unknown as Parameters<typeof parseRequest>[1];

    // Act / Assess
    expect(() => parseRequest(contracts.createMappingRequest.request, event)).toThrow(
      expect.objectContaining({
        status: 400,
        issues: [{ field: 'body.homeCourseCodes.1', reason: 'MECH2310 is already proposed above' }],
      }),
    );
    expect(() =>
      parseRequest(contracts.createMappingRequest.request, {
        ...event,
        body: JSON.stringify({ ...body, homeCourseCodes: ['MECH2310', 'PHYS1003'] }),
      }),
    ).not.toThrow();
  });

  it('give the web client its URLs from the route table', () => {
    expect(requestLine('notifyMe', { path: { recordId: 'R 1', ref: 'B000001-01' } })).toEqual({
      method: 'POST',
      url: '/students/me/records/R%201/mappings/B000001-01/notify-me',
    });
    expect(
      requestLine('searchExistingMappings', {
        path: { recordId: 'R1' },
        query: { q: 'thermo', filters: 'valid,ready', page: 2 },
      }),
    ).toEqual({
      method: 'GET',
      url: '/students/me/records/R1/mappings?q=thermo&filters=valid%2Cready&page=2',
    });
    // An empty parameter is no parameter: the API's defaults apply.
    expect(requestLine('searchHomeCourses', { query: { code: 'MECH', title: '' } }).url).toBe(
      '/courses?code=MECH',
    );
  });
});

describe('the web bundle', () => {
  it('reaches nothing of functions/ but contracts and the route table', async () => {
    // Prepare / Act: the very graph esbuild bundles for the browser (scripts/build.ts)
    const result = await build({
      entryPoints: [join(projectRoot, 'web/src/main.tsx')],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'browser',
      format: 'esm',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      logLevel: 'silent',
    });

    // Assess
    const fromFunctions = Object.keys(result.metafile.inputs).filter((file) => file.startsWith('functions/'));
    expect(fromFunctions).toContain('functions/contracts.ts');
    const allowed = /^functions\/(([\w-]+\/)?contracts|routes|commons\/zod)\.ts$/;
    expect(fromFunctions.filter((file) => !allowed.test(file))).toEqual([]);
  });
});
