import * as z from 'zod/mini';
import { auditEvent, jsonOperation, lazySchema } from '../commons/contracts.js';

// The reference data other contracts show (the HKUST home catalog), and ARO's operations on it
// through the admin API: the catalog (one course, or a CSV file), institutions, the term calendar.

/** An HKUST course code as the guide writes it (HUMA1103); spaces and case are forgiven on input. */
export const homeCourseCode = lazySchema(() =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((s) => s.replace(/\s+/g, '').toUpperCase()),
    ),
    z.string().check(z.regex(/^[A-Z]{4}\d{4}[A-Z]*$/, 'must be an HKUST course code like HUMA1103')),
  ),
);

/** An HKUST course of the home catalog. */
export const homeCourse = lazySchema(() =>
  z.object({
    code: z.string().check(z.describe('As the guide writes it, no space: HUMA1103')),
    subjectArea: z.string(),
    title: z.string(),
    credits: z.number(),
    exclusions: z.array(z.string()).check(z.describe('Codes of courses that exclude this one')),
  }),
);
export type HomeCourse = z.infer<typeof homeCourse>;

// ---- ARO: the catalog ----

export const courseStatus = lazySchema(() => z.enum(['Offered', 'Retired']));

/** A course as ARO manages it: the catalog fields, its status and catalog version. */
export const catalogCourse = lazySchema(() =>
  z.extend(homeCourse, {
    status: courseStatus,
    version: z.number().check(z.describe('0 until first changed; send it back to change the course')),
    updatedAt: z.optional(z.string()),
    updatedBy: z.optional(z.string()),
  }),
);

const courseCodePath = lazySchema(() => z.object({ code: homeCourseCode }));

const version = lazySchema(() =>
  z
    .number({ message: 'must be the version read (0 for a new course)' })
    .check(z.int('must be a whole number'), z.nonnegative('must be 0 or more')),
);

export const courseBody = lazySchema(() =>
  z.object(
    {
      title: z
        .string()
        .check(z.trim(), z.minLength(1, 'is required'), z.maxLength(200, 'must be at most 200 characters')),
      credits: z.number({ message: 'must be a number, such as 3' }),
      subjectArea: z.pipe(
        z.pipe(
          z.string().check(z.trim()),
          z.transform((s) => s.toUpperCase()),
        ),
        z.string().check(z.regex(/^[A-Z]{4}$/, 'must be four capital letters, such as HUMA')),
      ),
      exclusions: z._default(z.array(homeCourseCode).check(z.maxLength(30, 'at most 30 courses')), []),
      version,
    },
    { message: 'must be a JSON object with title, credits, subjectArea, exclusions and version' },
  ),
);

export const courseChangeResponse = lazySchema(() =>
  z.object({
    course: catalogCourse,
    materialChanges: z
      .array(z.string())
      .check(z.describe('What changed that the Approved mappings to the course are re-reviewed for')),
  }),
);

export const catalogImportProblem = lazySchema(() =>
  z.object({
    row: z.number().check(z.describe('Line of the file; the header is row 1')),
    column: z.string(),
    reason: z.string(),
  }),
);

export const catalogImportResponse = lazySchema(() =>
  z.object({
    rows: z.number().check(z.describe('Rows read (blank lines aside)')),
    created: z.array(z.string()),
    changed: z.array(z.string()),
    unchanged: z.number(),
    rejected: z
      .array(catalogImportProblem)
      .check(z.describe('Each bad row, naming row and column; nothing of it applied')),
    flaggedForReReview: z
      .array(z.string())
      .check(z.describe('Courses changed materially: their Approved mappings are flagged for re-review')),
  }),
);

// ---- ARO: institutions ----

/** The credit system and grade scale in force (conversion), linked: published there, shown here. */
export const institutionGradingSummary = lazySchema(() =>
  z.object({
    version: z.number(),
    creditSystem: z.object({ name: z.string(), unit: z.string(), creditsPerSemester: z.number() }),
    gradeScale: z.object({
      id: z.string(),
      grades: z.array(z.object({ grade: z.string(), ucts: z.string() })),
    }),
    publishedBy: z.string(),
    publishedAt: z.string(),
    href: z.string().check(z.describe('Where it is read and published: PUT publishes the next version')),
  }),
);

/** The trusted transcript issuers (transcripts' trust list), linked: kept there, shown here. */
export const trustedIssuersSummary = lazySchema(() =>
  z.object({
    version: z.number(),
    certificates: z.array(z.object({ anchorId: z.string(), label: z.string(), validTo: z.string() })),
    issuerKeys: z.array(
      z.object({ keyId: z.string(), label: z.string(), issuerId: z.string(), validTo: z.string() }),
    ),
    href: z.string().check(z.describe('Where it is read and changed')),
  }),
);

export const institutionDetail = lazySchema(() =>
  z.object({
    institutionId: z.string(),
    name: z.string(),
    country: z.string(),
    status: z.enum(['listed', 'proposed']),
    aliases: z.array(z.string()),
    version: z.number().check(z.describe('0 until first changed; send it back to change the institution')),
    updatedBy: z.optional(z.string()),
    updatedAt: z.optional(z.string()),
    grading: z.nullable(institutionGradingSummary).check(z.describe('null: no credit system published yet')),
    trustedIssuers: trustedIssuersSummary,
  }),
);

const institutionPath = lazySchema(() =>
  z.object({ institutionId: z.string().check(z.minLength(1), z.maxLength(120)) }),
);

const nameText = (what: string, max: number) =>
  z
    .string()
    .check(z.trim(), z.minLength(1, `name ${what}`), z.maxLength(max, `must be at most ${max} characters`));

export const institutionBody = lazySchema(() =>
  z.object(
    {
      name: nameText('the institution', 200),
      country: nameText('its country', 80),
      aliases: z
        ._default(z.array(nameText('the alias', 120)).check(z.maxLength(10, 'at most 10 aliases')), [])
        .check(z.describe('Other names students search it by ("PolyU")')),
      version,
    },
    { message: 'must be a JSON object with name, country, aliases and version' },
  ),
);

// ---- ARO: the term calendar ----

const termName = lazySchema(() =>
  z
    .string()
    .check(
      z.regex(
        /^\d{4}-\d{2} (Fall|Winter|Spring|Summer)$/,
        'must be a term as the guide writes it, like 2024-25 Fall',
      ),
    ),
);

export const calendarTerm = lazySchema(() =>
  z.object({
    term: z.string(),
    startDate: z.string().check(z.describe('YYYY-MM-DD')),
    endDate: z.string().check(z.describe('YYYY-MM-DD')),
    version: z.number(),
    updatedBy: z.string(),
    updatedAt: z.string(),
    applicationDeadline: z
      .object({ deadline: z.string(), isDefault: z.boolean() })
      .check(z.describe('Kept by applications: PUT /admin/terms/{term}/application-deadline')),
  }),
);

export const termBody = lazySchema(() =>
  z.object(
    {
      startDate: z.string().check(z.describe('YYYY-MM-DD')),
      endDate: z.string().check(z.describe('YYYY-MM-DD')),
      version: version.check(z.describe('The version read (0 for a new term)')),
    },
    { message: 'must be a JSON object with startDate, endDate and version' },
  ),
);

export const referenceDataContracts = {
  listCatalogCourses: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        code: z
          ._default(z.string().check(z.trim(), z.maxLength(13, 'must be at most 13 characters')), '')
          .check(z.describe('Code prefix')),
        q: z
          ._default(z.string().check(z.trim(), z.maxLength(100, 'must be at most 100 characters')), '')
          .check(z.describe('Title words')),
        status: z._default(courseStatus, 'Offered'),
        limit: z._default(
          z.coerce
            .number({ message: 'must be a number from 1 to 200' })
            .check(z.int(), z.gte(1, 'must be at least 1'), z.lte(200, 'must be at most 200')),
          50,
        ),
        cursor: z
          .optional(z.string().check(z.maxLength(40)))
          .check(z.describe('nextCursor of the previous page')),
      }),
    }),
    responses: {
      200: z.object({ courses: z.array(catalogCourse), nextCursor: z.optional(z.string()) }),
    },
  })),
  getCatalogCourse: jsonOperation(() => ({
    request: z.object({ path: courseCodePath }),
    responses: { 200: z.object({ course: catalogCourse, history: z.array(auditEvent) }) },
  })),
  putCatalogCourse: jsonOperation(() => ({
    request: z.object({ path: courseCodePath, body: courseBody }),
    responses: { 200: courseChangeResponse, 201: courseChangeResponse },
  })),
  retireCatalogCourse: jsonOperation(() => ({
    request: z.object({
      path: courseCodePath,
      body: z.object(
        {
          version,
          reason: z
            .string()
            .check(z.trim(), z.minLength(1, 'say why'), z.maxLength(500, 'must be at most 500 characters')),
        },
        { message: 'must be a JSON object with version and reason' },
      ),
    }),
    responses: { 200: courseChangeResponse },
  })),
  importCatalogCsv: jsonOperation(
    () => ({
      request: z.object({
        body: z
          .string({ message: 'must be a CSV file (content-type text/csv)' })
          .check(z.describe('The file (text/csv, UTF-8): code,title,credits,subjectArea,exclusions')),
      }),
      responses: { 200: catalogImportResponse },
      errors: { 413: z.object({ error: z.string(), message: z.string() }) },
    }),
    'csv',
  ),
  getInstitutionForAro: jsonOperation(() => ({
    request: z.object({ path: institutionPath }),
    responses: { 200: institutionDetail },
  })),
  putInstitution: jsonOperation(() => ({
    request: z.object({ path: institutionPath, body: institutionBody }),
    responses: { 200: institutionDetail },
  })),
  listTermCalendar: jsonOperation(() => ({
    responses: { 200: z.object({ terms: z.array(calendarTerm) }) },
  })),
  putCalendarTerm: jsonOperation(() => ({
    request: z.object({ path: z.object({ term: termName }), body: termBody }),
    responses: { 200: calendarTerm },
  })),
} as const;

export type CatalogCourse = z.infer<typeof catalogCourse>;
export type CourseBody = z.infer<typeof courseBody>;
export type CourseChangeResponse = z.infer<typeof courseChangeResponse>;
export type CatalogImportResponse = z.infer<typeof catalogImportResponse>;
export type InstitutionDetail = z.infer<typeof institutionDetail>;
export type InstitutionBody = z.infer<typeof institutionBody>;
export type CalendarTermView = z.infer<typeof calendarTerm>;
export type TermBody = z.infer<typeof termBody>;
