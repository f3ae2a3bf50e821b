import * as z from 'zod';
import { applicationStatus } from '../applications/contracts.js';
import { auditEvent, jsonOperation, lazySchema } from '../commons/contracts.js';
import { mappingStatus } from '../mappings/contracts.js';
import { transferTermInput } from '../records/contracts.js';

// ARO's queues and reports (issue 10 item 4). Every report answers JSON by default and CSV with
// `?format=csv` (RFC 4180, the same rows and columns: a CSV header is the JSON field name). The
// schemas below describe the JSON. A report of rows answers at most `limit` rows and a `cursor` for
// the next page when there may be more (CSV: in the `x-next-cursor` header); aggregated reports
// answer their whole (small) result at once.

export const reportFormats = ['json', 'csv'] as const;
export type ReportFormat = (typeof reportFormats)[number];

const format = lazySchema(() =>
  z
    .enum(reportFormats, { message: 'must be json or csv' })
    .default('json')
    .describe('json (the default), or csv: RFC 4180, the same columns, the next cursor in x-next-cursor'),
);
const limit = lazySchema(() =>
  z.coerce
    .number({ message: 'must be a number of rows' })
    .int('must be a whole number of rows')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .default(200)
    .describe('Rows per page, 1-1000 (default 200)'),
);
const cursor = lazySchema(() =>
  z.string().min(1).max(4096).optional().describe('The cursor of the previous page, as it was given'),
);
const isoDate = lazySchema(() =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2025-01-31')
    .refine((d) => !Number.isNaN(Date.parse(d)), 'must be a real date'),
);
const id = (what: string) =>
  z.string().trim().min(1, `enter ${what}`).max(128, 'must be at most 128 characters');

const page = <R extends z.ZodType>(row: R) =>
  z.object({
    rows: z.array(row),
    cursor: z.string().optional().describe('Present when there may be more rows: pass it as ?cursor='),
  });

/** A mapping as ARO's queue lists it: the courses written out, as they read in a spreadsheet. */
export const mappingReportRow = lazySchema(() =>
  z.object({
    institutionId: z.string(),
    institutionName: z.string(),
    ref: z.string().describe('D.B. Ref. No.'),
    status: mappingStatus,
    incomingCourses: z.string().describe('"CODE Title (credits UNIT)", separated by "; "'),
    homeCourses: z.string().describe('"CODE Title (credits)", separated by "; "'),
    subjectAreas: z.string().describe('The HKUST subject areas, separated by "; "'),
    validFrom: z.string().optional(),
    validTo: z.string().optional(),
  }),
);

export const institutionMappingsRow = lazySchema(() =>
  z.object({
    institutionId: z.string(),
    institutionName: z.string(),
    requestInitiated: z.number().int(),
    underReview: z.number().int(),
    needFurtherInfo: z.number().int(),
    approved: z.number().int(),
    denied: z.number().int(),
    expired: z.number().int(),
    total: z.number().int(),
  }),
);

export const turnaroundReportRow = lazySchema(() =>
  z.object({
    subjectArea: z.string(),
    decided: z.number().int().describe('Department reviews decided in the window'),
    medianDays: z.number().optional().describe('Days from the request to the decision, median'),
    p90Days: z.number().optional().describe('90th percentile (nearest rank): 90% were decided within it'),
    waiting: z.number().int().describe('Reviews waiting for the department now'),
    overdue: z.number().int().describe("Of those, waiting past the ladder's reminder"),
    escalated: z.number().int().describe("Of those, waiting past the ladder's escalation"),
    longestWaitDays: z.number().optional(),
  }),
);

export const applicationReportRow = lazySchema(() =>
  z.object({
    applicationId: z.string(),
    studentId: z.string(),
    status: applicationStatus,
    transferTerm: z.string(),
    institutionId: z.string(),
    institutionName: z.string(),
    ref: z.string().describe("The mapping's D.B. Ref. No."),
    homeCourses: z.string().describe('"CODE (credits)", separated by "; "'),
    submittedAt: z.string().optional(),
    updatedAt: z.string(),
    late: z.boolean().describe("Submitted after the term's application deadline"),
    creditsTransferred: z.number().optional().describe('Approved: the credits transferred (grade T)'),
  }),
);

export const creditsReportRow = lazySchema(() =>
  z.object({
    transferTerm: z.string(),
    program: z.string().describe("The student's program (Student Information)"),
    applications: z.number().int(),
    courses: z.number().int().describe('HKUST courses transferred, grade T'),
    credits: z.number(),
  }),
);

export const auditReportRow = lazySchema(() => auditEvent);

/** The objects whose audit trail can be read, and what names each. */
export const auditObjectKinds = [
  'mapping',
  'application',
  'student',
  'institution',
  'term',
  'course',
  'import-job',
  'endorsement-rules',
] as const;
export type AuditObjectKind = (typeof auditObjectKinds)[number];

export const reportContracts = {
  reportMappings: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        institutionId: id('an institution id').optional(),
        status: mappingStatus.optional(),
        format,
        limit,
        cursor,
      }),
    }),
    responses: { 200: page(mappingReportRow) },
  })),
  reportMappingsByInstitution: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        format,
        limit: limit.describe('Institutions per page, 1-1000 (default 200)'),
        cursor,
      }),
    }),
    responses: { 200: page(institutionMappingsRow) },
  })),
  reportTurnaround: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        subjectArea: z
          .string()
          .trim()
          .regex(/^[A-Z]{2,6}$/, 'must be a subject area like MECH')
          .optional(),
        from: isoDate.optional().describe('Decided on or after this day (UTC)'),
        to: isoDate.optional().describe('Decided on or before this day (UTC)'),
        format,
      }),
    }),
    responses: { 200: z.object({ rows: z.array(turnaroundReportRow) }) },
  })),
  reportApplications: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        status: applicationStatus.optional().describe('One status; every status when absent'),
        term: transferTermInput.optional().describe('The transfer term, e.g. 2024-25 Fall'),
        format,
        limit,
        cursor,
      }),
    }),
    responses: { 200: page(applicationReportRow) },
  })),
  reportCreditsTransferred: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        term: transferTermInput.optional(),
        program: z.string().trim().min(1).max(200).optional(),
        format,
      }),
    }),
    responses: { 200: z.object({ rows: z.array(creditsReportRow) }) },
  })),
  auditTrailOfObject: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        kind: z.enum(auditObjectKinds, { message: `must be one of ${auditObjectKinds.join(', ')}` }),
        id: id('the id of the object')
          .optional()
          .describe(
            'mapping: its D.B. Ref. No.; application, student, institution: its id; course: its code; import-job: its job id; term: e.g. 2024-25 Fall; endorsement-rules: none',
          ),
        format,
        limit,
        cursor,
      }),
    }),
    responses: { 200: page(auditReportRow) },
  })),
  auditTrailOfActor: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        actor: id('the actor (a staff or student id, a reviewer email, system)'),
        from: isoDate.optional().describe('On or after this day (UTC)'),
        to: isoDate.optional().describe('On or before this day (UTC)'),
        format,
        limit,
        cursor,
      }),
    }),
    responses: { 200: page(auditReportRow) },
  })),
};

export type MappingReportRow = z.output<typeof mappingReportRow>;
export type ApplicationReportRow = z.output<typeof applicationReportRow>;
export type AuditReportRow = z.output<typeof auditReportRow>;
