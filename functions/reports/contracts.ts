import * as z from 'zod/mini';
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
    ._default(z.enum(reportFormats, { message: 'must be json or csv' }), 'json')
    .check(
      z.describe('json (the default), or csv: RFC 4180, the same columns, the next cursor in x-next-cursor'),
    ),
);
const limit = lazySchema(() =>
  z
    ._default(
      z.coerce
        .number({ message: 'must be a number of rows' })
        .check(
          z.int('must be a whole number of rows'),
          z.gte(1, 'must be at least 1'),
          z.lte(1000, 'must be at most 1000'),
        ),
      200,
    )
    .check(z.describe('Rows per page, 1-1000 (default 200)')),
);
const cursor = lazySchema(() =>
  z
    .optional(z.string().check(z.minLength(1), z.maxLength(4096)))
    .check(z.describe('The cursor of the previous page, as it was given')),
);
const isoDate = lazySchema(() =>
  z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2025-01-31'),
    z.refine((d) => !Number.isNaN(Date.parse(d)), 'must be a real date'),
  ),
);
const id = (what: string) =>
  z
    .string()
    .check(z.trim(), z.minLength(1, `enter ${what}`), z.maxLength(128, 'must be at most 128 characters'));

const page = <R extends z.ZodMiniType>(row: R) =>
  z.object({
    rows: z.array(row),
    cursor: z
      .optional(z.string())
      .check(z.describe('Present when there may be more rows: pass it as ?cursor=')),
  });

/** A mapping as ARO's queue lists it: the courses written out, as they read in a spreadsheet. */
export const mappingReportRow = lazySchema(() =>
  z.object({
    institutionId: z.string(),
    institutionName: z.string(),
    ref: z.string().check(z.describe('D.B. Ref. No.')),
    status: mappingStatus,
    incomingCourses: z.string().check(z.describe('"CODE Title (credits UNIT)", separated by "; "')),
    homeCourses: z.string().check(z.describe('"CODE Title (credits)", separated by "; "')),
    subjectAreas: z.string().check(z.describe('The HKUST subject areas, separated by "; "')),
    validFrom: z.optional(z.string()),
    validTo: z.optional(z.string()),
  }),
);

export const institutionMappingsRow = lazySchema(() =>
  z.object({
    institutionId: z.string(),
    institutionName: z.string(),
    requestInitiated: z.number().check(z.int()),
    underReview: z.number().check(z.int()),
    needFurtherInfo: z.number().check(z.int()),
    approved: z.number().check(z.int()),
    denied: z.number().check(z.int()),
    expired: z.number().check(z.int()),
    total: z.number().check(z.int()),
  }),
);

export const turnaroundReportRow = lazySchema(() =>
  z.object({
    subjectArea: z.string(),
    decided: z.number().check(z.int(), z.describe('Department reviews decided in the window')),
    medianDays: z.optional(z.number()).check(z.describe('Days from the request to the decision, median')),
    p90Days: z
      .optional(z.number())
      .check(z.describe('90th percentile (nearest rank): 90% were decided within it')),
    waiting: z.number().check(z.int(), z.describe('Reviews waiting for the department now')),
    overdue: z.number().check(z.int(), z.describe("Of those, waiting past the ladder's reminder")),
    escalated: z.number().check(z.int(), z.describe("Of those, waiting past the ladder's escalation")),
    longestWaitDays: z.optional(z.number()),
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
    ref: z.string().check(z.describe("The mapping's D.B. Ref. No.")),
    homeCourses: z.string().check(z.describe('"CODE (credits)", separated by "; "')),
    submittedAt: z.optional(z.string()),
    updatedAt: z.string(),
    late: z.boolean().check(z.describe("Submitted after the term's application deadline")),
    creditsTransferred: z
      .optional(z.number())
      .check(z.describe('Approved: the credits transferred (grade T)')),
  }),
);

export const creditsReportRow = lazySchema(() =>
  z.object({
    transferTerm: z.string(),
    program: z.string().check(z.describe("The student's program (Student Information)")),
    applications: z.number().check(z.int()),
    courses: z.number().check(z.int(), z.describe('HKUST courses transferred, grade T')),
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
        institutionId: z.optional(id('an institution id')),
        status: z.optional(mappingStatus),
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
        limit: limit.check(z.describe('Institutions per page, 1-1000 (default 200)')),
        cursor,
      }),
    }),
    responses: { 200: page(institutionMappingsRow) },
  })),
  reportTurnaround: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        subjectArea: z.optional(
          z.string().check(z.trim(), z.regex(/^[A-Z]{2,6}$/, 'must be a subject area like MECH')),
        ),
        from: z.optional(isoDate).check(z.describe('Decided on or after this day (UTC)')),
        to: z.optional(isoDate).check(z.describe('Decided on or before this day (UTC)')),
        format,
      }),
    }),
    responses: { 200: z.object({ rows: z.array(turnaroundReportRow) }) },
  })),
  reportApplications: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        status: z.optional(applicationStatus).check(z.describe('One status; every status when absent')),
        term: z.optional(transferTermInput).check(z.describe('The transfer term, e.g. 2024-25 Fall')),
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
        term: z.optional(transferTermInput),
        program: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
        format,
      }),
    }),
    responses: { 200: z.object({ rows: z.array(creditsReportRow) }) },
  })),
  auditTrailOfObject: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        kind: z.enum(auditObjectKinds, { message: `must be one of ${auditObjectKinds.join(', ')}` }),
        id: z
          .optional(id('the id of the object'))
          .check(
            z.describe(
              'mapping: its D.B. Ref. No.; application, student, institution: its id; course: its code; import-job: its job id; term: e.g. 2024-25 Fall; endorsement-rules: none',
            ),
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
        from: z.optional(isoDate).check(z.describe('On or after this day (UTC)')),
        to: z.optional(isoDate).check(z.describe('On or before this day (UTC)')),
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
