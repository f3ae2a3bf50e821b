import * as z from 'zod/mini';
import { errorBody, fileToPostBody, jsonOperation, lazySchema } from '../commons/contracts.js';
import { studyRecordCategoryIds, studyRecordResponse, transferTermInput } from '../records/contracts.js';

// Provisioning of study records by the offices that own them (guide §3): URAO's qualifications
// disclosed for admission (§3.1.1, On Entry), OGL's HKUST-organized (§3.2) and pre-approved
// self-arranged (§3.3) study abroad. One record through the API, or a CSV file of thousands as a job
// that can be polled. A CSV row and the JSON body are the same fields, checked by the same schema
// (`officeStudyRecordInput`): the CSV's columns are its field names.

/** The largest CSV an office may post: the presigned POST's policy and the import job hold to it. */
export const maxImportBytes = 50 * 1024 * 1024;

/** The CSV columns, in the order a template lists them; `qualification` may be left out or empty. */
export const importColumns = [
  'officeReference',
  'studentId',
  'studentName',
  'studentEmail',
  'category',
  'institutionId',
  'qualification',
  'studyPeriod',
  'transferTerm',
] as const;
export type ImportColumn = (typeof importColumns)[number];
export const optionalImportColumns: readonly ImportColumn[] = ['qualification'];

const text = (what: string, max: number) =>
  z
    .string({ error: `is required: ${what}` })
    .check(
      z.trim(),
      z.minLength(1, `is required: ${what}`),
      z.maxLength(max, `must be at most ${max} characters`),
    );

/** One study record as an office provisions it: a JSON body, or one CSV row. */
export const officeStudyRecordInput = lazySchema(() =>
  z
    .pipe(
      z.object({
        officeReference: text("the office's own reference of the record", 64).check(
          z.regex(
            /^[A-Za-z0-9][A-Za-z0-9._/-]*$/,
            'must be letters, digits and . _ / - (starting with a letter or digit)',
          ),
          z.describe(
            "The office's own reference (e.g. an admission or exchange nomination number): the record's identity for the office; sending it again changes nothing",
          ),
        ),
        studentId: z
          .string({ error: 'is required: the 8-digit student ID' })
          .check(z.trim(), z.regex(/^\d{8}$/, 'must be an 8-digit student ID')),
        studentName: text("the student's name", 120).check(
          z.describe('As the office holds it (not compared)'),
        ),
        studentEmail: z
          .pipe(
            z.string({ error: "is required: the student's email" }).check(z.trim()),
            z.email("must be the student's email address"),
          )
          .check(
            z.describe('Must be the email CTS holds for the student: a mistyped student ID is caught here'),
          ),
        category: z
          .enum(studyRecordCategoryIds, {
            error: `must be one of ${studyRecordCategoryIds.filter((c) => c !== 'on-entry-non-disclosed').join(', ')}`,
          })
          .check(
            z.describe(
              "on-entry-disclosed (URAO), hkust-organized-study-abroad or self-arranged-study-abroad (OGL); on-entry-non-disclosed is the student's own",
            ),
          ),
        institutionId: text('the institution id of the list', 120),
        qualification: z
          .optional(z.string().check(z.trim(), z.maxLength(120, 'must be at most 120 characters')))
          .check(z.describe('The qualification (On Entry, required there) or the program (study abroad)')),
        studyPeriod: text('the study period, e.g. 2021-2023 or 2025-26 Spring', 60),
        transferTerm: transferTermInput,
      }),
      z.transform(({ qualification, ...rest }) => ({
        ...rest,
        ...(qualification ? { qualification } : {}),
      })),
    )
    .check(
      z.superRefine((row, ctx) => {
        if (row.category === 'on-entry-disclosed' && !row.qualification)
          ctx.addIssue({
            code: 'custom',
            path: ['qualification'],
            message: 'is required for On Entry records: the qualification disclosed, e.g. HKDSE',
          });
      }),
    ),
);

const provisionedRecord = lazySchema(() =>
  z.object({
    officeReference: z.string(),
    office: z.enum(['URAO', 'OGL']),
    studentId: z.string(),
    record: studyRecordResponse.shape.record,
  }),
);

export const importJobStatuses = ['Awaiting Upload', 'Importing', 'Completed', 'Refused'] as const;
export const importJobId = lazySchema(() => z.uuid({ message: 'must be an import job id' }));

export const rejectedRow = lazySchema(() =>
  z.object({
    row: z.number().check(z.describe('The row of the file, the header being row 1')),
    officeReference: z.optional(z.string()),
    issues: z
      .array(z.object({ column: z.string(), reason: z.string() }))
      .check(z.describe('Each problem of the row: the column and why')),
  }),
);

export const importProgress = lazySchema(() =>
  z.object({
    rowsRead: z.number().check(z.describe('Data rows read so far (the header not counted)')),
    created: z.number().check(z.describe('Study records this job created')),
    unchanged: z.number().check(z.describe('Rows whose office reference names the same record already')),
    rejected: z.number().check(z.describe('Rows not imported; each is listed in rejectedRows')),
  }),
);

export const importJobView = lazySchema(() =>
  z.object({
    jobId: z.string(),
    office: z.enum(['URAO', 'OGL']),
    fileName: z.string(),
    status: z.enum(importJobStatuses),
    refusalReason: z
      .optional(z.string())
      .check(z.describe('Why the file was refused whole (its header, its encoding, its size)')),
    progress: importProgress,
    startedBy: z.string().check(z.describe('The office staff who started the job')),
    createdAt: z.string(),
    startedAt: z.optional(z.string()),
    finishedAt: z.optional(z.string()),
  }),
);

export const importJobResponse = lazySchema(() =>
  z.extend(importJobView, {
    rejectedRows: z
      .array(rejectedRow)
      .check(z.describe('The rejected rows in file order, at most 100 per answer (after rejectedAfter)')),
    nextRejectedAfter: z
      .optional(z.number())
      .check(z.describe('More rejected rows follow: ask again with rejectedAfter set to this')),
  }),
);

export const importTicket = lazySchema(() =>
  z.object({
    job: importJobView,
    post: z
      .object({ url: z.string(), fields: z.record(z.string(), z.string()) })
      .check(z.describe('The presigned POST form: send its fields, then the file as `file`, to url')),
    maxBytes: z.number(),
    columns: z
      .array(z.string())
      .check(z.describe('The header the CSV must have (any order; qualification optional)')),
  }),
);

export const provisioningContracts = {
  createOfficeStudyRecord: jsonOperation(() => ({
    request: z.object({ body: officeStudyRecordInput }),
    responses: {
      201: provisionedRecord,
      200: provisionedRecord.check(
        z.describe('The office reference names this record already: nothing changed'),
      ),
    },
    errors: {
      409: z
        .extend(errorBody, { recordId: z.optional(z.string()) })
        .check(
          z.describe(
            'The reference names a record with other content, or the student has a record at the institution in the category',
          ),
        ),
    },
  })),
  startRecordImport: jsonOperation(() => ({
    request: z.object({
      body: fileToPostBody({
        maxBytes: maxImportBytes,
        maxSize: '50 MB',
        nameRule: z.regex(/\.csv$/i, 'must be a .csv file'),
      }),
    }),
    responses: { 201: importTicket },
  })),
  getRecordImport: jsonOperation(() => ({
    request: z.object({
      path: z.object({ jobId: importJobId }),
      query: z.object({
        rejectedAfter: z
          ._default(z.coerce.number({ message: 'must be a row number' }).check(z.int(), z.nonnegative()), 0)
          .check(
            z.describe('List the rejected rows after this row (the previous answer’s nextRejectedAfter)'),
          ),
      }),
    }),
    responses: { 200: importJobResponse },
  })),
} as const;

export type OfficeStudyRecordInput = z.output<typeof officeStudyRecordInput>;
export type ProvisionedRecord = z.infer<typeof provisionedRecord>;
export type ImportJobStatus = (typeof importJobStatuses)[number];
export type ImportProgress = z.infer<typeof importProgress>;
export type RejectedRow = z.infer<typeof rejectedRow>;
export type ImportJobView = z.infer<typeof importJobView>;
export type ImportJobResponse = z.infer<typeof importJobResponse>;
export type ImportTicket = z.infer<typeof importTicket>;
