import * as z from 'zod';
import { errorBody, jsonOperation, lazySchema } from '../commons/contracts.js';
import { incomingCourse, mappedHomeCourse, ref } from '../mappings/contracts.js';

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

export const applicationContracts = {
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
          finalGrades: z
            .array(z.object({ code: z.string().trim().min(1).max(40), grade: hostGrade.optional() }))
            .max(6, 'at most 6 incoming courses'),
          version: z.number().int().positive().describe('The version read; a concurrent change wins'),
        },
        { message: 'must be a JSON object with finalGrades and version' },
      ),
    }),
    responses: { 200: applicationView },
  })),
  deleteApplicationDraft: jsonOperation(() => ({
    request: z.object({ path: z.object({ applicationId }) }),
    responses: { 204: z.undefined().describe('Deleted') },
  })),
} as const;

export type ApplicationStatus = (typeof applicationStatuses)[number];
export type ApplicationView = z.infer<typeof applicationView>;
export type EndorsementRuleTableView = z.input<typeof endorsementRuleTable>;
