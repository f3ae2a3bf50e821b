import { describe, expect, it } from 'vitest';
import type { Application } from '../../functions/applications/entities/application.js';
import type { MappingStatus } from '../../functions/mappings/domain/mapping-status.js';
import type { Mapping } from '../../functions/mappings/entities/mapping.js';
import { buildDashboard, type StudentOverview } from '../../functions/records/domain/dashboard.js';
import type { StudyRecord } from '../../functions/records/entities/student.js';

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

const record = (recordId: string, institutionName: string): StudyRecord => ({
  studentId: student.studentId,
  recordId,
  institutionId: institutionName.toLowerCase().replace(/ /g, '-'),
  institutionName,
  category: 'hkust-organized-study-abroad',
  transferTerm: '2021-22 Spring',
  studyPeriod: '2021-22 Spring',
  createdBy: 'OGL',
  createdAt: '2021-01-01T00:00:00.000Z',
});

const mapping = (ref: string, status: MappingStatus, reviewerNote?: string): Mapping => ({
  ref,
  groupRef: ref.slice(0, 7),
  institutionId: 'x',
  institutionName: 'x',
  incomingCourses: [{ code: 'CCN2113', title: 'Financial Management', credits: 3, creditUnit: 'CREDIT' }],
  homeCourses: [
    { code: 'FINA2203', title: 'Fundamentals of Business Finance', credits: 3, subjectArea: 'FINA' },
  ],
  status,
  requestedBy: student.studentId,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  version: 1,
  ...(reviewerNote ? { reviewerNote } : {}),
});

const request = (recordId: string, m: Mapping, relation: 'requester' | 'notify-me' = 'requester') => ({
  request: {
    studentId: student.studentId,
    recordId,
    institutionId: 'x',
    ref: m.ref,
    relation,
    addedAt: '2024-01-01',
  },
  mapping: m,
});

describe('Student Dashboard', () => {
  const overview: StudentOverview = {
    student,
    records: [
      record('SR-2', 'boston University'),
      record('SR-1', 'Beijing Institute of Technology'),
      record('SR-3', 'Aalto University'),
    ],
    myMappingRequests: [
      request(
        'SR-2',
        mapping('B000001-01', 'Need Further Info', 'Please provide a more updated course syllabus'),
      ),
      request('SR-2', mapping('B000002-01', 'Under Review')),
      request('SR-2', mapping('B000003-01', 'Approved')),
      request('SR-1', mapping('B000004-01', 'Need Further Info'), 'notify-me'),
    ],
    applications: [],
  };

  it('lists institutions in ascending order by name, ignoring case', () => {
    expect(buildDashboard(overview).institutions.map((i) => i.institutionName)).toEqual([
      'Aalto University',
      'Beijing Institute of Technology',
      'boston University',
    ]);
  });

  it("puts the student's own Need Further Info requests on the To Do List with the reviewer's note", () => {
    const { toDoList } = buildDashboard(overview);
    expect(toDoList).toEqual([
      {
        recordId: 'SR-2',
        institutionName: 'boston University',
        items: [
          expect.objectContaining({
            ref: 'B000001-01',
            action: 'Provide Info',
            reviewerNote: 'Please provide a more updated course syllabus',
          }),
        ],
      },
    ]);
  });

  it('counts pending items per institution: own requests not yet decided', () => {
    const summary = buildDashboard(overview).creditTransferSummary;
    expect(summary.find((s) => s.recordId === 'SR-2')).toMatchObject({
      pendingItems: 2,
      mappingRequests: { total: 3, byStatus: { 'Need Further Info': 1, 'Under Review': 1, Approved: 1 } },
    });
    expect(summary.find((s) => s.recordId === 'SR-1')?.pendingItems).toBe(0);
    expect(summary.find((s) => s.recordId === 'SR-3')).toMatchObject({
      pendingItems: 0,
      category: 'HKUST-organized Study Abroad',
    });
  });

  it('counts applications beside mappings: Need Further Info on the To Do List, undecided ones pending', () => {
    const application = (id: string, status: Application['status'], note?: string): Application => ({
      studentId: student.studentId,
      applicationId: id,
      recordId: 'SR-3',
      ref: 'B000009-01',
      institutionId: 'x',
      institutionName: 'Aalto University',
      incomingCourses: [{ code: 'ME101', title: 'Statics', credits: 5, creditUnit: 'ECTS' }],
      homeCourses: [{ code: 'MECH2020', title: 'Mechanics', credits: 3, subjectArea: 'MECH' }],
      transferTerm: '2025-26 Fall',
      status,
      createdAt: '2025-01-01',
      updatedAt: '2025-02-01',
      version: 3,
      ...(note ? { furtherInfo: { note, requestedBy: 'aro-001', requestedAt: '2025-02-01' } } : {}),
    });
    const dashboard = buildDashboard({
      ...overview,
      applications: [
        application('a1', 'Need Further Info', 'Send the final transcript page'),
        application('a2', 'Submitted'),
        application('a3', 'Approved'),
      ],
    });
    expect(dashboard.toDoList.find((g) => g.recordId === 'SR-3')?.items).toEqual([
      expect.objectContaining({
        kind: 'application',
        applicationId: 'a1',
        reviewerNote: 'Send the final transcript page',
      }),
    ]);
    expect(dashboard.creditTransferSummary.find((s) => s.recordId === 'SR-3')).toMatchObject({
      pendingItems: 2,
      applications: { total: 3, byStatus: { 'Need Further Info': 1, Submitted: 1, Approved: 1 } },
    });
  });
});
