import * as z from 'zod';
import { applicationStatus } from '../applications/contracts.js';
import { jsonOperation, lazySchema } from '../commons/contracts.js';
import {
  mappingRequestDraftSummary,
  mappingStatus,
  myMappingRequestRow,
  recordId,
} from '../mappings/contracts.js';
import { studentTranscript } from '../transcripts/contracts.js';

// The student's own records (guide §2, §3): My Dashboard and the Study Record page.

/** Student Information as on the dashboard (guide §2). */
export const student = lazySchema(() =>
  z.object({
    studentId: z.string(),
    name: z.string(),
    email: z.string(),
    program: z.string(),
    cohortTerm: z.string(),
    academicYear: z.string(),
    programStatus: z.string(),
    degreeCheckout: z.string(),
  }),
);

export const toDoItem = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('mapping'),
      ref: z.string(),
      status: mappingStatus,
      action: z.literal('Provide Info').describe("What the student has to do, in the guide's words"),
      incomingCourse: z.string(),
      homeCourse: z.string(),
      reviewerNote: z.string().optional(),
    }),
    z.object({
      kind: z.literal('application'),
      applicationId: z.string(),
      ref: z.string(),
      status: applicationStatus,
      action: z.literal('Provide Info'),
      incomingCourse: z.string(),
      homeCourse: z.string(),
      reviewerNote: z.string().optional().describe("ARO's request"),
    }),
  ]),
);

export const institutionSummary = lazySchema(() =>
  z.object({
    recordId: z.string(),
    institutionName: z.string(),
    category: z.string().describe("The study record category's label, e.g. HKUST-organized Study Abroad"),
    transferTerm: z.string(),
    studyPeriod: z.string(),
    mappingRequests: z.object({ total: z.number(), byStatus: z.partialRecord(mappingStatus, z.number()) }),
    applications: z
      .object({ total: z.number(), byStatus: z.partialRecord(applicationStatus, z.number()) })
      .describe('My Credit Transfer Applications of the record, by status'),
    pendingItems: z
      .number()
      .describe(
        'No. of pending items under this institution: requests and applications in process or awaiting the student',
      ),
  }),
);

export const dashboard = lazySchema(() =>
  z.object({
    studentInformation: student,
    institutions: z
      .array(z.object({ recordId: z.string(), institutionName: z.string() }))
      .describe('All study records in ascending order by institution name'),
    toDoList: z.array(
      z.object({ recordId: z.string(), institutionName: z.string(), items: z.array(toDoItem) }),
    ),
    creditTransferSummary: z.array(institutionSummary),
  }),
);

export const studyRecordResponse = lazySchema(() =>
  z.object({
    record: z.object({
      recordId: z.string(),
      institutionId: z.string(),
      institutionName: z.string(),
      category: z.string(),
      transferTerm: z.string(),
      studyPeriod: z.string(),
    }),
    myMappingRequests: z.array(myMappingRequestRow),
    drafts: z.array(mappingRequestDraftSummary),
    transcripts: z
      .array(studentTranscript)
      .describe('The Official Transcript panel: files attached to this record, newest first'),
  }),
);

export const recordContracts = {
  getStudentDashboard: jsonOperation(() => ({ responses: { 200: dashboard } })),
  getStudyRecord: jsonOperation(() => ({
    request: z.object({ path: z.object({ recordId }) }),
    responses: { 200: studyRecordResponse },
  })),
} as const;

export type Student = z.infer<typeof student>;
export type ToDoItem = z.infer<typeof toDoItem>;
export type InstitutionSummary = z.infer<typeof institutionSummary>;
export type Dashboard = z.infer<typeof dashboard>;
export type StudyRecordResponse = z.infer<typeof studyRecordResponse>;
