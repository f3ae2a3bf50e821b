import * as z from 'zod';
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
const recordId = lazySchema(() => z.string().min(1).max(64));

/** A final grade as the host institution writes it (A-, 85, HD, 1.7): kept verbatim. */
const hostGrade = lazySchema(() =>
  z
    .string()
    .trim()
    .min(1, 'enter the final grade, or leave it out to Save as Draft')
    .max(12, 'must be at most 12 characters'),
);

export const applicationView = lazySchema(() =>
  z.object({
    applicationId: z.string(),
    recordId: z.string(),
    ref: z.string().describe('The D.B. Ref. No. of the approved mapping applied for'),
    institutionName: z.string(),
    incomingCourses: z.array(
      incomingCourse.extend({ finalGrade: z.string().optional().describe('As entered, on the host scale') }),
    ),
    homeCourses: z.array(mappedHomeCourse),
    status: applicationStatus,
    lastModified: z.string().describe('YYYY-MM-DD'),
    createdAt: z.string(),
    version: z.number(),
    transferTerm: z.string(),
    applicationDeadline: z
      .string()
      .describe("YYYY-MM-DD: the transfer term's deadline; a later Submit needs a justification"),
    submittedAt: z.string().optional(),
    late: z.object({ deadline: z.string(), justification: z.string() }).optional(),
    endorsements: z
      .array(
        z.object({
          officeName: z.string(),
          outcome: z.enum(['Awaiting', 'Endorsed', 'Not Endorsed']),
          reason: z.string().optional(),
        }),
      )
      .describe('The program offices whose endorsement the rules require, and their answers'),
    furtherInfo: z
      .object({ note: z.string(), requestedAt: z.string(), provided: z.boolean() })
      .optional()
      .describe("Need Further Info: ARO's note, and whether the student answered it"),
    decision: z
      .object({
        outcome: z.enum(['Approved', 'Rejected']),
        at: z.string(),
        reason: z.string().optional(),
        credits: z.number().optional().describe('HKUST credits transferred, graded "T"'),
        transferred: z
          .array(z.object({ code: z.string(), credits: z.number(), grade: z.literal('T') }))
          .optional(),
      })
      .optional(),
    actions: z
      .array(z.enum(['save', 'submit', 'delete', 'provide-info', 'withdraw', 'reopen']))
      .describe('What the student may do now'),
  }),
);

const justification = lazySchema(() =>
  z.string().trim().min(1, 'enter a justification').max(4000, 'must be at most 4000 characters'),
);
const versionRead = lazySchema(() =>
  z.number().int().positive().describe('The version read; a concurrent change wins'),
);
const finalGrades = lazySchema(() =>
  z
    .array(z.object({ code: z.string().trim().min(1).max(40), grade: hostGrade.optional() }))
    .max(6, 'at most 6 incoming courses'),
);

/** What ARO sees of an application: the student's view, plus routing, grading and the timeline. */
export const aroApplicationView = lazySchema(() =>
  applicationView.extend({
    studentId: z.string(),
    studentName: z.string().optional(),
    transcriptStatus: z
      .string()
      .describe("The study record's best official transcript status (Verified, Pending Review, … or None)"),
    routing: z
      .object({
        ruleVersion: z.number(),
        matchedRows: z.array(z.string()),
        outcome: z.string(),
        reason: z.string(),
        endorsers: z.array(z.object({ officeId: z.string(), name: z.string() })),
      })
      .optional(),
    gradeScale: z.object({ id: z.string(), version: z.string() }).optional(),
    conversion: z
      .object({
        outcome: z.enum(['transfer', 'no-credit', 'awaiting-grade', 'cannot-convert']),
        credits: z.number().describe('HKUST credits the grades transfer (0 unless the outcome is transfer)'),
        explanation: z.string().optional(),
        steps: z.array(
          z.object({ label: z.string(), from: z.string(), to: z.string(), formula: z.string() }),
        ),
      })
      .optional()
      .describe("The UCTS conversion of the grades on the institution's scale in force; absent without one"),
    furtherInfoProvided: z
      .object({
        justification: z.string(),
        documents: z.array(z.object({ uploadId: z.string(), fileName: z.string() })),
        at: z.string(),
      })
      .optional(),
    awaiting: z.array(z.string()).describe('The steps the workflow waits on now'),
    timeline: z.array(
      z.object({
        at: z.string(),
        actor: z.string(),
        action: z.string(),
        reason: z.string().optional(),
        from: z.string().optional(),
        to: z.string().optional(),
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
    submittedAt: z.string().optional(),
    late: z.boolean(),
    referredToAro: z
      .boolean()
      .describe(
        'A matching endorsement rule could not be applied (no endorser, no address): ARO decides who endorses',
      ),
    transcriptStatus: z.string(),
    status: applicationStatus,
  }),
);

export const myApplicationsResponse = lazySchema(() =>
  z.object({
    applications: z.array(applicationView).describe('My Credit Transfer Applications, last modified first'),
  }),
);

// ---- the endorsement rule table (guide §5.3), ARO's through the admin API ----

const termCondition = lazySchema(() =>
  z.union([
    z.array(z.string().max(40)).max(50),
    z.object({ from: z.string().max(40).optional(), to: z.string().max(40).optional() }),
  ]),
);
const strings = lazySchema(() => z.array(z.string().max(200)).max(200));

export const endorsementRule = lazySchema(() =>
  z.object({
    ruleId: z.string().max(64),
    conditions: z
      .object({
        programs: strings.optional(),
        cohortTerms: termCondition.optional(),
        academicYears: strings.optional(),
        studyRecordCategories: strings.optional(),
        courseCodes: strings.optional(),
        subjectAreas: strings.optional(),
        courseLevels: z.array(z.number().int()).max(20).optional(),
        transferTerms: termCondition.optional(),
      })
      .describe('Each condition absent means any; within one, any value; across them, all must hold'),
    endorsers: z
      .array(
        z.object({
          officeId: z.string().max(64),
          name: z.string().max(200),
          emails: z.array(z.string().max(254)).max(10),
        }),
      )
      .max(20)
      .describe('Every one must endorse; none: the row refers its applications to ARO (fail closed)'),
    note: z.string().max(2000).optional(),
  }),
);

export const endorsementRuleTable = lazySchema(() =>
  z.object({
    version: z.number().describe('0 while no table is published'),
    rows: z.array(endorsementRule),
    publishedBy: z.string().optional(),
    publishedAt: z.string().optional(),
  }),
);

const linkPath = lazySchema(() => z.object({ linkId: z.string().max(200) }));
const formField = lazySchema(() => z.string().max(4000, 'must be at most 4000 characters').optional());

export const applicationContracts = {
  showEndorsementLink: pageOperation(() => ({ request: z.object({ path: linkPath }) })),
  // Mail scanners probe with HEAD: the same page, the same nothing changed.
  headEndorsementLink: pageOperation(() => ({ request: z.object({ path: linkPath }) })),
  decideByEndorsementLink: pageOperation(
    () => ({
      request: z.object({
        path: linkPath,
        body: z.object({ decision: formField, reason: formField }).default({}),
      }),
    }),
    'form',
  ),
  renewEndorsementLink: pageOperation(() => ({ request: z.object({ path: linkPath }) }), 'form'),
  getEndorsementRules: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        version: z.coerce.number({ message: 'must be a version number' }).int().positive().optional(),
      }),
    }),
    responses: { 200: endorsementRuleTable },
  })),
  publishEndorsementRules: jsonOperation(() => ({
    request: z.object({
      body: z.object(
        {
          rows: z.array(endorsementRule).max(500, 'at most 500 rows'),
          version: z.number().int().nonnegative().describe('The version read (0 for the first table)'),
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
          applicationId: z.string().describe('The application this record already has for the mapping'),
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
          finalGrades: finalGrades.optional().describe('Saved with the submit; every course needs one'),
          lateJustification: justification.optional().describe('Needed after the application deadline'),
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
          documentIds: z.array(uploadId).max(10, 'at most 10 documents').default([]),
          finalGrades: finalGrades.optional().describe('A changed grade goes back through endorsement'),
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
        status: applicationStatus.default('Submitted'),
        institutionId: z.string().max(64).optional(),
        transferTerm: z.string().max(40).optional(),
        late: z.enum(['true', 'false']).optional(),
        transcriptStatus: z.string().max(40).optional(),
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
          z.object({ action: z.literal('approve'), internalNote: z.string().max(2000).optional() }),
          z.object({
            action: z.literal('reject'),
            reason: z.string().trim().min(1, 'give the reason (shown to the student)').max(2000),
            internalNote: z.string().max(2000).optional(),
          }),
          z.object({
            action: z.literal('need-info'),
            note: z.string().trim().min(1, 'say what information is needed').max(2000),
            internalNote: z.string().max(2000).optional(),
          }),
        ],
        { error: 'action must be approve, reject or need-info' },
      ),
    }),
    responses: { 202: z.object({ applicationId: z.string(), decision: z.string() }) },
  })),
  getTermDeadline: jsonOperation(() => ({
    request: z.object({ path: z.object({ term: z.string().max(40) }) }),
    responses: {
      200: z.object({ term: z.string(), deadline: z.string(), isDefault: z.boolean() }),
    },
  })),
  setTermDeadline: jsonOperation(() => ({
    request: z.object({
      path: z.object({ term: z.string().max(40) }),
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
    responses: { 204: z.undefined().describe('Deleted') },
  })),
} as const;

export type ApplicationStatus = (typeof applicationStatuses)[number];
export type ApplicationView = z.infer<typeof applicationView>;
export type AroApplicationView = z.infer<typeof aroApplicationView>;
export type AroApplicationRow = z.infer<typeof aroApplicationRow>;
export type ApplicationAction = ApplicationView['actions'][number];
export type EndorsementRuleTableView = z.input<typeof endorsementRuleTable>;
