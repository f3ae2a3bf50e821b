import * as z from 'zod/mini';
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
      action: z.literal('Provide Info').check(z.describe("What the student has to do, in the guide's words")),
      incomingCourse: z.string(),
      homeCourse: z.string(),
      reviewerNote: z.optional(z.string()),
    }),
    z.object({
      kind: z.literal('application'),
      applicationId: z.string(),
      ref: z.string(),
      status: applicationStatus,
      action: z.literal('Provide Info'),
      incomingCourse: z.string(),
      homeCourse: z.string(),
      reviewerNote: z.optional(z.string()).check(z.describe("ARO's request")),
    }),
  ]),
);

export const institutionSummary = lazySchema(() =>
  z.object({
    recordId: z.string(),
    institutionName: z.string(),
    category: z
      .string()
      .check(z.describe("The study record category's label, e.g. HKUST-organized Study Abroad")),
    transferTerm: z.string(),
    studyPeriod: z.string(),
    mappingRequests: z.object({ total: z.number(), byStatus: z.partialRecord(mappingStatus, z.number()) }),
    applications: z
      .object({ total: z.number(), byStatus: z.partialRecord(applicationStatus, z.number()) })
      .check(z.describe('My Credit Transfer Applications of the record, by status')),
    pendingItems: z
      .number()
      .check(
        z.describe(
          'No. of pending items under this institution: requests and applications in process or awaiting the student',
        ),
      ),
  }),
);

export const dashboard = lazySchema(() =>
  z.object({
    studentInformation: student,
    institutions: z
      .array(z.object({ recordId: z.string(), institutionName: z.string() }))
      .check(z.describe('All study records in ascending order by institution name')),
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
      qualification: z.optional(z.string()),
    }),
    myMappingRequests: z.array(myMappingRequestRow),
    drafts: z.array(mappingRequestDraftSummary),
    transcripts: z
      .array(studentTranscript)
      .check(z.describe('The Official Transcript panel: files attached to this record, newest first')),
  }),
);

// ---- "+ Add Another Institution" (guide §3.1.2): the student's own On Entry record ----

/** The study record categories (guide §3); only the non-disclosed On Entry one is the student's to add. */
export const studyRecordCategoryIds = [
  'on-entry-disclosed',
  'on-entry-non-disclosed',
  'hkust-organized-study-abroad',
  'self-arranged-study-abroad',
] as const;

const termPattern = /^(\d{4})-(\d{2}) (Fall|Winter|Spring|Summer)$/;

/** An HKUST term as the guide writes it: "2024-25 Fall" (the second year follows the first). */
export const transferTermInput = lazySchema(() =>
  z.string().check(
    z.trim(),
    z.minLength(1, 'choose the transfer term'),
    z.refine((text) => {
      const match = termPattern.exec(text);
      return match !== null && (Number(match[1]) + 1) % 100 === Number(match[2]);
    }, 'must be a transfer term like 2024-25 Fall'),
  ),
);

const words = (what: string, max: number) =>
  z
    .string()
    .check(z.trim(), z.minLength(1, `enter ${what}`), z.maxLength(max, `must be at most ${max} characters`));

export const institutionView = lazySchema(() =>
  z.object({
    institutionId: z.string(),
    name: z.string(),
    country: z.string(),
    status: z
      .enum(['listed', 'proposed'])
      .check(z.describe('proposed: added by a student as not listed, awaiting confirmation by ARO')),
  }),
);

export const addInstitutionBody = lazySchema(() =>
  z
    .object({
      institutionId: z
        .optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(120)))
        .check(z.describe('An institution chosen from the list (searchInstitutions)')),
      proposed: z
        .optional(
          z.object({ name: words('the name of your institution', 200), country: words('its country', 80) }),
        )
        .check(
          z.describe('"My institution is not listed": proposed by name and country, for ARO to confirm'),
        ),
      category: z
        ._default(z.enum(studyRecordCategoryIds), 'on-entry-non-disclosed')
        .check(
          z.describe("Only on-entry-non-disclosed is the student's; the others are created by URAO and OGL"),
        ),
      qualification: words('the qualification, e.g. Associate Degree', 120),
      studyPeriod: words('the study period, e.g. 2021-2023', 60),
      transferTerm: transferTermInput,
    })
    .check(
      z.superRefine((body, ctx) => {
        if ((body.institutionId === undefined) === (body.proposed === undefined))
          ctx.addIssue({
            code: 'custom',
            path: ['institutionId'],
            message:
              'choose your institution from the list, or say it is not listed and give its name and country',
          });
      }),
    ),
);

export const addInstitutionResponse = lazySchema(() =>
  z.object({
    record: studyRecordResponse.shape.record,
    institution: institutionView,
  }),
);

/** A second record at the same institution in the same category: the one that exists is named. */
export const duplicateStudyRecordBody = lazySchema(() =>
  z.object({
    error: z.string().check(z.describe('DuplicateStudyRecord, or Conflict when a concurrent change won')),
    message: z.string(),
    recordId: z.optional(z.string()).check(z.describe('The study record that exists')),
  }),
);

export const institutionSearchResponse = lazySchema(() =>
  z.object({
    institutions: z
      .array(institutionView)
      .check(z.describe('Listed institutions matching, A-Z by name (at most 20)')),
  }),
);

/** A proposed institution as ARO confirms it: who proposed it and when. */
export const aroInstitutionView = lazySchema(() =>
  z.extend(institutionView, {
    proposedBy: z.optional(z.string()).check(z.describe('The student who proposed it')),
    proposedAt: z.optional(z.string()),
    confirmedBy: z.optional(z.string()),
    confirmedAt: z.optional(z.string()),
  }),
);

export const recordContracts = {
  searchInstitutions: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        q: z._default(z.string().check(z.trim(), z.maxLength(100, 'must be at most 100 characters')), ''),
        country: z._default(z.string().check(z.trim(), z.maxLength(80, 'must be at most 80 characters')), ''),
      }),
    }),
    responses: { 200: institutionSearchResponse },
  })),
  addInstitution: jsonOperation(() => ({
    request: z.object({ body: addInstitutionBody }),
    responses: { 201: addInstitutionResponse },
    errors: { 409: duplicateStudyRecordBody },
  })),
  listInstitutionsForAro: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        status: z
          ._default(z.enum(['proposed']), 'proposed')
          .check(
            z.describe('proposed: the institutions students added as not listed, awaiting confirmation'),
          ),
      }),
    }),
    responses: {
      200: z.object({ institutions: z.array(aroInstitutionView).check(z.describe('A-Z by name')) }),
    },
  })),
  confirmInstitution: jsonOperation(() => ({
    request: z.object({
      path: z.object({ institutionId: z.string().check(z.minLength(1), z.maxLength(120)) }),
    }),
    responses: { 200: aroInstitutionView },
  })),
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
export type InstitutionView = z.infer<typeof institutionView>;
export type AroInstitutionView = z.infer<typeof aroInstitutionView>;
export type AddInstitutionBody = z.output<typeof addInstitutionBody>;
export type AddInstitutionResponse = z.infer<typeof addInstitutionResponse>;
