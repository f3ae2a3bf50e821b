import * as z from 'zod/mini';
import { errorBody, jsonOperation, lazySchema, pageOperation } from '../commons/contracts.js';
import { incomingCourse, mappedHomeCourse, ref } from '../mappings/contracts.js';
import { uploadId } from '../uploads/contracts.js';

// Credit transfer applications (guide §5.1): "Apply for CT" on an approved mapping adds it to My
// Credit Transfer Applications as a Draft; "Course Evidence and Final Grades" takes a final grade per
// incoming course (Save as Draft without one); a draft can be deleted. The status list is the
// contract's: the domain's transition table imports it from here.

export const applicationStatuses = [
  'Draft',
  'Pending Program Office Endorsement',
  'Submitted',
  'Need Further Info',
  'Not Endorsed',
  'Approved',
  'Rejected',
  'Withdrawn',
] as const;

export const applicationStatus = lazySchema(() => z.enum(applicationStatuses));
export const applicationId = lazySchema(() => z.uuid({ message: 'must be an application id' }));
const recordId = lazySchema(() => z.string().check(z.minLength(1), z.maxLength(64)));

/** A final grade as the host institution writes it (A-, 85, HD, 1.7): kept verbatim. */
const hostGrade = lazySchema(() =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'enter the final grade, or leave it out to Save as Draft'),
      z.maxLength(12, 'must be at most 12 characters'),
    ),
);

export const applicationView = lazySchema(() =>
  z.object({
    applicationId: z.string(),
    recordId: z.string(),
    ref: z.string().check(z.describe('The D.B. Ref. No. of the approved mapping applied for')),
    institutionName: z.string(),
    incomingCourses: z.array(
      z.extend(incomingCourse, {
        finalGrade: z.optional(z.string()).check(z.describe('As entered, on the host scale')),
      }),
    ),
    homeCourses: z.array(mappedHomeCourse),
    status: applicationStatus,
    lastModified: z.string().check(z.describe('YYYY-MM-DD')),
    createdAt: z.string(),
    version: z.number(),
    transferTerm: z.string(),
    applicationDeadline: z
      .string()
      .check(z.describe("YYYY-MM-DD: the transfer term's deadline; a later Submit needs a justification")),
    submittedAt: z.optional(z.string()),
    late: z.optional(z.object({ deadline: z.string(), justification: z.string() })),
    endorsements: z
      .array(
        z.object({
          officeName: z.string(),
          outcome: z.enum(['Awaiting', 'Endorsed', 'Not Endorsed']),
          reason: z.optional(z.string()),
        }),
      )
      .check(z.describe('The program offices whose endorsement the rules require, and their answers')),
    furtherInfo: z
      .optional(z.object({ note: z.string(), requestedAt: z.string(), provided: z.boolean() }))
      .check(z.describe("Need Further Info: ARO's note, and whether the student answered it")),
    decision: z.optional(
      z.object({
        outcome: z.enum(['Approved', 'Rejected']),
        at: z.string(),
        reason: z.optional(z.string()),
        credits: z.optional(z.number()).check(z.describe('HKUST credits transferred, graded "T"')),
        transferred: z.optional(
          z.array(z.object({ code: z.string(), credits: z.number(), grade: z.literal('T') })),
        ),
      }),
    ),
    actions: z
      .array(z.enum(['save', 'submit', 'delete', 'provide-info', 'withdraw', 'reopen']))
      .check(z.describe('What the student may do now')),
  }),
);

const justification = lazySchema(() =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'enter a justification'),
      z.maxLength(4000, 'must be at most 4000 characters'),
    ),
);
const versionRead = lazySchema(() =>
  z.number().check(z.int(), z.positive(), z.describe('The version read; a concurrent change wins')),
);
const finalGrades = lazySchema(() =>
  z
    .array(
      z.object({
        code: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)),
        grade: z.optional(hostGrade),
      }),
    )
    .check(z.maxLength(6, 'at most 6 incoming courses')),
);

/** What ARO sees of an application: the student's view, plus routing, grading and the timeline. */
export const aroApplicationView = lazySchema(() =>
  z.extend(applicationView, {
    studentId: z.string(),
    studentName: z.optional(z.string()),
    transcriptStatus: z
      .string()
      .check(
        z.describe(
          "The study record's best official transcript status (Verified, Pending Review, … or None)",
        ),
      ),
    routing: z.optional(
      z.object({
        ruleVersion: z.number(),
        matchedRows: z.array(z.string()),
        outcome: z.string(),
        reason: z.string(),
        endorsers: z.array(z.object({ officeId: z.string(), name: z.string() })),
      }),
    ),
    gradeScale: z.optional(z.object({ id: z.string(), version: z.string() })),
    conversion: z
      .optional(
        z.object({
          outcome: z.enum(['transfer', 'no-credit', 'awaiting-grade', 'cannot-convert']),
          credits: z
            .number()
            .check(z.describe('HKUST credits the grades transfer (0 unless the outcome is transfer)')),
          explanation: z.optional(z.string()),
          steps: z.array(
            z.object({ label: z.string(), from: z.string(), to: z.string(), formula: z.string() }),
          ),
        }),
      )
      .check(
        z.describe(
          "The UCTS conversion of the grades on the institution's scale in force; absent without one",
        ),
      ),
    furtherInfoProvided: z.optional(
      z.object({
        justification: z.string(),
        documents: z.array(z.object({ uploadId: z.string(), fileName: z.string() })),
        at: z.string(),
      }),
    ),
    awaiting: z.array(z.string()).check(z.describe('The steps the workflow waits on now')),
    timeline: z.array(
      z.object({
        at: z.string(),
        actor: z.string(),
        action: z.string(),
        reason: z.optional(z.string()),
        from: z.optional(z.string()),
        to: z.optional(z.string()),
      }),
    ),
  }),
);

export const aroApplicationRow = lazySchema(() =>
  z.object({
    applicationId: z.string(),
    studentId: z.string(),
    ref: z.string(),
    institutionId: z.string(),
    institutionName: z.string(),
    transferTerm: z.string(),
    submittedAt: z.optional(z.string()),
    late: z.boolean(),
    referredToAro: z
      .boolean()
      .check(
        z.describe(
          'A matching endorsement rule could not be applied (no endorser, no address): ARO decides who endorses',
        ),
      ),
    transcriptStatus: z.string(),
    status: applicationStatus,
  }),
);

export const myApplicationsResponse = lazySchema(() =>
  z.object({
    applications: z
      .array(applicationView)
      .check(z.describe('My Credit Transfer Applications, last modified first')),
  }),
);

// ---- the endorsement rule table (guide §5.3), ARO's through the admin API ----

const termCondition = lazySchema(() =>
  z.union([
    z.array(z.string().check(z.maxLength(40))).check(z.maxLength(50)),
    z.object({
      from: z.optional(z.string().check(z.maxLength(40))),
      to: z.optional(z.string().check(z.maxLength(40))),
    }),
  ]),
);
const strings = lazySchema(() => z.array(z.string().check(z.maxLength(200))).check(z.maxLength(200)));

export const endorsementRule = lazySchema(() =>
  z.object({
    ruleId: z.string().check(z.maxLength(64)),
    conditions: z
      .object({
        programs: z.optional(strings),
        cohortTerms: z.optional(termCondition),
        academicYears: z.optional(strings),
        studyRecordCategories: z.optional(strings),
        courseCodes: z.optional(strings),
        subjectAreas: z.optional(strings),
        courseLevels: z.optional(z.array(z.number().check(z.int())).check(z.maxLength(20))),
        transferTerms: z.optional(termCondition),
      })
      .check(
        z.describe('Each condition absent means any; within one, any value; across them, all must hold'),
      ),
    endorsers: z
      .array(
        z.object({
          officeId: z.string().check(z.maxLength(64)),
          name: z.string().check(z.maxLength(200)),
          emails: z.array(z.string().check(z.maxLength(254))).check(z.maxLength(10)),
        }),
      )
      .check(
        z.maxLength(20),
        z.describe('Every one must endorse; none: the row refers its applications to ARO (fail closed)'),
      ),
    note: z.optional(z.string().check(z.maxLength(2000))),
  }),
);

export const endorsementRuleTable = lazySchema(() =>
  z.object({
    version: z.number().check(z.describe('0 while no table is published')),
    rows: z.array(endorsementRule),
    publishedBy: z.optional(z.string()),
    publishedAt: z.optional(z.string()),
  }),
);

const linkPath = lazySchema(() => z.object({ linkId: z.string().check(z.maxLength(200)) }));
const formField = lazySchema(() =>
  z.optional(z.string().check(z.maxLength(4000, 'must be at most 4000 characters'))),
);

export const applicationContracts = {
  showEndorsementLink: pageOperation(() => ({ request: z.object({ path: linkPath }) })),
  // Mail scanners probe with HEAD: the same page, the same nothing changed.
  headEndorsementLink: pageOperation(() => ({ request: z.object({ path: linkPath }) })),
  decideByEndorsementLink: pageOperation(
    () => ({
      request: z.object({
        path: linkPath,
        body: z._default(z.object({ decision: formField, reason: formField }), {}),
      }),
    }),
    'form',
  ),
  renewEndorsementLink: pageOperation(() => ({ request: z.object({ path: linkPath }) }), 'form'),
  getEndorsementRules: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        version: z.optional(
          z.coerce.number({ message: 'must be a version number' }).check(z.int(), z.positive()),
        ),
      }),
    }),
    responses: { 200: endorsementRuleTable },
  })),
  publishEndorsementRules: jsonOperation(() => ({
    request: z.object({
      body: z.object(
        {
          rows: z.array(endorsementRule).check(z.maxLength(500, 'at most 500 rows')),
          version: z
            .number()
            .check(z.int(), z.nonnegative(), z.describe('The version read (0 for the first table)')),
        },
        { message: 'must be a JSON object with rows and version' },
      ),
    }),
    responses: { 200: endorsementRuleTable },
  })),
  applyForCreditTransfer: jsonOperation(() => ({
    request: z.object({
      path: z.object({ recordId }),
      body: z.object({ ref }, { message: 'must be a JSON object with the ref of the mapping' }),
    }),
    responses: { 201: applicationView },
    errors: {
      409: z.union([
        z.object({
          error: z.literal('AlreadyApplied'),
          message: z.string(),
          applicationId: z
            .string()
            .check(z.describe('The application this record already has for the mapping')),
        }),
        errorBody,
      ]),
    },
  })),
  listMyApplications: jsonOperation(() => ({
    request: z.object({ path: z.object({ recordId }) }),
    responses: { 200: myApplicationsResponse },
  })),
  getMyApplication: jsonOperation(() => ({
    request: z.object({ path: z.object({ applicationId }) }),
    responses: { 200: applicationView },
  })),
  saveApplicationDraft: jsonOperation(() => ({
    request: z.object({
      path: z.object({ applicationId }),
      body: z.object(
        {
          finalGrades,
          version: versionRead,
        },
        { message: 'must be a JSON object with finalGrades and version' },
      ),
    }),
    responses: { 200: applicationView },
  })),
  submitApplication: jsonOperation(() => ({
    request: z.object({
      path: z.object({ applicationId }),
      body: z.object(
        {
          finalGrades: z
            .optional(finalGrades)
            .check(z.describe('Saved with the submit; every course needs one')),
          lateJustification: z
            .optional(justification)
            .check(z.describe('Needed after the application deadline')),
          version: versionRead,
        },
        { message: 'must be a JSON object with version (and finalGrades)' },
      ),
    }),
    responses: { 200: applicationView },
  })),
  provideApplicationInfo: jsonOperation(() => ({
    request: z.object({
      path: z.object({ applicationId }),
      body: z.object(
        {
          justification,
          documentIds: z._default(z.array(uploadId).check(z.maxLength(10, 'at most 10 documents')), []),
          finalGrades: z
            .optional(finalGrades)
            .check(z.describe('A changed grade goes back through endorsement')),
          version: versionRead,
        },
        { message: 'must be a JSON object with justification and version' },
      ),
    }),
    responses: { 200: applicationView },
  })),
  withdrawApplication: jsonOperation(() => ({
    request: z.object({
      path: z.object({ applicationId }),
      body: z.object({ version: versionRead }, { message: 'must be a JSON object with version' }),
    }),
    responses: { 200: applicationView },
  })),
  reopenApplication: jsonOperation(() => ({
    request: z.object({
      path: z.object({ applicationId }),
      body: z.object({ version: versionRead }, { message: 'must be a JSON object with version' }),
    }),
    responses: { 200: applicationView },
  })),
  listApplicationsForAro: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        status: z._default(applicationStatus, 'Submitted'),
        institutionId: z.optional(z.string().check(z.maxLength(64))),
        transferTerm: z.optional(z.string().check(z.maxLength(40))),
        late: z.optional(z.enum(['true', 'false'])),
        transcriptStatus: z.optional(z.string().check(z.maxLength(40))),
      }),
    }),
    responses: { 200: z.object({ applications: z.array(aroApplicationRow) }) },
  })),
  getApplicationForAro: jsonOperation(() => ({
    request: z.object({ path: z.object({ applicationId }) }),
    responses: { 200: aroApplicationView },
  })),
  decideApplication: jsonOperation(() => ({
    request: z.object({
      path: z.object({ applicationId }),
      body: z.discriminatedUnion(
        'action',
        [
          z.object({
            action: z.literal('approve'),
            internalNote: z.optional(z.string().check(z.maxLength(2000))),
          }),
          z.object({
            action: z.literal('reject'),
            reason: z
              .string()
              .check(z.trim(), z.minLength(1, 'give the reason (shown to the student)'), z.maxLength(2000)),
            internalNote: z.optional(z.string().check(z.maxLength(2000))),
          }),
          z.object({
            action: z.literal('need-info'),
            note: z
              .string()
              .check(z.trim(), z.minLength(1, 'say what information is needed'), z.maxLength(2000)),
            internalNote: z.optional(z.string().check(z.maxLength(2000))),
          }),
        ],
        { error: 'action must be approve, reject or need-info' },
      ),
    }),
    responses: { 202: z.object({ applicationId: z.string(), decision: z.string() }) },
  })),
  getTermDeadline: jsonOperation(() => ({
    request: z.object({ path: z.object({ term: z.string().check(z.maxLength(40)) }) }),
    responses: {
      200: z.object({ term: z.string(), deadline: z.string(), isDefault: z.boolean() }),
    },
  })),
  setTermDeadline: jsonOperation(() => ({
    request: z.object({
      path: z.object({ term: z.string().check(z.maxLength(40)) }),
      body: z.object(
        { deadline: z.iso.date({ message: 'must be a date like 2025-01-31' }) },
        { message: 'must be a JSON object with deadline' },
      ),
    }),
    responses: {
      200: z.object({ term: z.string(), deadline: z.string(), isDefault: z.boolean() }),
    },
  })),
  deleteApplicationDraft: jsonOperation(() => ({
    request: z.object({ path: z.object({ applicationId }) }),
    responses: { 204: z.undefined().check(z.describe('Deleted')) },
  })),
} as const;

export type ApplicationStatus = (typeof applicationStatuses)[number];
export type ApplicationView = z.infer<typeof applicationView>;
export type AroApplicationView = z.infer<typeof aroApplicationView>;
export type AroApplicationRow = z.infer<typeof aroApplicationRow>;
export type ApplicationAction = ApplicationView['actions'][number];
export type EndorsementRuleTableView = z.input<typeof endorsementRuleTable>;
