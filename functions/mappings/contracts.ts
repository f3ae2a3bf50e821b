import * as z from 'zod';
import { errorBody, jsonOperation, lazySchema, noContent } from '../commons/contracts.js';
import { homeCourse, homeCourseCode } from '../reference-data/contracts.js';
import { uploadId } from '../uploads/contracts.js';

// The course-mapping operations (guide §4): Search Existing Mappings, HKUST course search, the
// mapping detail, My Course Mapping Requests, Create New Course Mapping Request and its drafts,
// Notify Me, Provide Info, Extend and Appeal. The value lists below are the contract's: the entities
// and domain rules import them from here, so what the API promises and what the code holds are one list.

export const mappingStatuses = [
  'Request Initiated',
  'Under Review',
  'Need Further Info',
  'Approved',
  'Denied',
  'Expired',
] as const;
export const creditUnits = ['CREDIT', 'UNIT', 'ECTS', 'UCTS', 'CREDIT POINT', 'SEMESTER HOUR'] as const;
/** The Action column of Search Existing Mappings (guide §4.1-4.7). Re-map is always offered besides. */
export const mappingActions = [
  'Apply for CT',
  'Extend',
  'Notify Me',
  'Will Notify You',
  'Provide Info',
  'Appeal',
] as const;
/** The search's ticks: Valid, Expired, Ready for Credit Transfer (none: Valid + Expired). */
export const validityFilters = ['valid', 'expired', 'ready'] as const;
/** A D.B. Ref. No.: `B006711-02`, the second mapping of incoming-course group B006711. */
export const refPattern = /^B\d{6}-\d{2}$/;
export const searchPageSize = 10;

export const mappingStatus = lazySchema(() => z.enum(mappingStatuses));
export const mappingAction = lazySchema(() => z.enum(mappingActions));
const relation = lazySchema(() =>
  z
    .enum(['requester', 'notify-me'])
    .describe('requester: raised, provided info, extended or appealed; notify-me: followed with Notify Me'),
);
const mappingKind = lazySchema(() => z.enum(['new', 'appeal']));
const term = lazySchema(() => z.string().describe('A transfer term, e.g. 2025-26 Fall'));

// ---- request parts ----

export const ref = lazySchema(() => z.string().regex(refPattern, 'must be a D.B. Ref. No. like B006711-01'));
export const recordId = lazySchema(() => z.string().min(1).max(64));
const recordPath = lazySchema(() => z.object({ recordId }));
const mappingPath = lazySchema(() => z.object({ recordId, ref }));
const draftPath = lazySchema(() => recordPath.extend({ draftId: z.uuid() }));
const documentIds = lazySchema(() => z.array(uploadId).max(10, 'at most 10 documents'));
export const creditUnit = lazySchema(() =>
  z.enum(creditUnits, {
    error: (issue) =>
      issue.input === undefined || issue.input === ''
        ? 'Choose the Credit Unit'
        : `must be one of ${creditUnits.join(', ')}`,
  }),
);
const justification = lazySchema(() => z.string().max(4000, 'must be at most 4000 characters'));
const note = lazySchema(() => z.string().max(4000, 'must be at most 4000 characters'));

/** Each HKUST course once: proposing the same one twice names the second. */
const distinctHomeCourseCodes = lazySchema(() =>
  z
    .array(homeCourseCode)
    .min(1, 'propose at least one HKUST equivalent')
    .max(6, 'at most 6 HKUST equivalents')
    .superRefine((codes, ctx) => {
      codes.forEach((code, i) => {
        if (codes.indexOf(code) < i) {
          ctx.addIssue({ code: 'custom', path: [i], message: `${code} is already proposed above` });
        }
      });
    }),
);

// Submit applies every rule; Save as Draft keeps whatever has been typed so far. The web form checks
// itself with this very schema (web/src/request-form.ts), so the messages are written for the page.
export const submittedRequestBody = lazySchema(() =>
  z.object({
    submit: z.literal(true),
    incomingCourses: z
      .array(
        z.object({
          code: z.string().trim().min(1, 'Course Code is required').max(40, 'must be at most 40 characters'),
          title: z
            .string()
            .trim()
            .min(1, 'Course Title is required')
            .max(200, 'must be at most 200 characters'),
          credits: z
            .number({ message: 'Course Credits must be a number, such as 3 or 3.5' })
            .min(0, 'Course Credits must be 0 or more')
            .max(99, 'Course Credits must be at most 99'),
          creditUnit,
          documentIds: documentIds.min(
            1,
            'Attach at least one supporting document (PDF), such as the course syllabus',
          ),
        }),
      )
      .min(1, 'add at least one incoming course')
      .max(6, 'at most 6 incoming courses'),
    homeCourseCodes: distinctHomeCourseCodes,
    justification: justification.optional(),
    remapOf: ref.optional(),
  }),
);
export const draftRequestBody = lazySchema(() =>
  z.object({
    submit: z.literal(false),
    incomingCourses: z
      .array(
        z.object({
          code: z.string().max(40).default(''),
          title: z.string().max(200).default(''),
          credits: z.number().min(0).max(99).optional(),
          creditUnit: creditUnit.optional(),
          documentIds: documentIds.default([]),
        }),
      )
      .max(6),
    homeCourseCodes: z.array(homeCourseCode).max(6).default([]),
    justification: justification.optional(),
    remapOf: ref.optional(),
  }),
);
export const mappingRequestBody = lazySchema(() =>
  z.discriminatedUnion('submit', [submittedRequestBody, draftRequestBody], {
    message: 'submit must be true (Submit) or false (Save as Draft)',
  }),
);

// API Gateway joins repeated query parameters with commas, so a comma list is the one portable form.
const filters = lazySchema(() =>
  z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.enum(validityFilters, { message: `each filter must be one of ${validityFilters.join(', ')}` }),
      ),
    )
    .transform((list) => [...new Set(list)])
    .describe('Comma list of valid, expired, ready; none (or valid,expired) shows every mapping'),
);
const page = lazySchema(() =>
  z.coerce
    .number({ message: 'must be a page number' })
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .max(10_000, 'must be at most 10000')
    .default(1),
);

// ---- response parts ----

export const incomingCourse = lazySchema(() =>
  z.object({
    code: z.string(),
    title: z.string(),
    credits: z.number(),
    creditUnit: z.enum(creditUnits),
  }),
);
export const mappedHomeCourse = lazySchema(() =>
  z.object({
    code: z.string(),
    title: z.string(),
    credits: z.number(),
    subjectArea: z.string(),
  }),
);

/** One row of Search Existing Mappings (guide §4.1). "Re-map" is offered on every row. */
export const mappingRow = lazySchema(() =>
  z.object({
    ref: z.string(),
    incomingCourses: z.array(incomingCourse),
    homeCourses: z.array(mappedHomeCourse),
    status: mappingStatus.describe(
      "What the Mapping Info column shows for the record's transfer term (an ended approval reads Expired)",
    ),
    validFrom: term.optional(),
    validTo: term.optional(),
    action: mappingAction.optional(),
    underReReview: z
      .boolean()
      .optional()
      .describe('true: an HKUST course of it changed since its approval; ARO is re-reviewing it'),
  }),
);

export const searchExistingMappingsResponse = lazySchema(() =>
  z.object({
    record: z.object({
      recordId: z.string(),
      institutionId: z.string(),
      institutionName: z.string(),
      transferTerm: term,
    }),
    keyword: z.string(),
    filters: z.array(z.enum(validityFilters)),
    page: z.number(),
    pageSize: z.number(),
    total: z.number(),
    rows: z.array(mappingRow),
  }),
);

export const homeCourseSearchResponse = lazySchema(() => z.object({ courses: z.array(homeCourse) }));

/** An approved mapping elsewhere: a precedent, or a reverse-lookup result. */
export const approvedMappingElsewhere = lazySchema(() =>
  z.object({
    ref: z.string(),
    institutionId: z.string(),
    institutionName: z.string(),
    incomingCourses: z.array(incomingCourse),
    homeCourses: z.array(mappedHomeCourse),
    validFrom: term.optional(),
    validTo: term.optional(),
    underReReview: z
      .boolean()
      .optional()
      .describe('true: an HKUST course of it changed since its approval; ARO is re-reviewing it'),
  }),
);
export const approvedMappingsResponse = lazySchema(() =>
  z.object({ mappings: z.array(approvedMappingElsewhere) }),
);

export const documentRef = lazySchema(() =>
  z.object({
    uploadId: z.string(),
    fileName: z.string(),
    sizeBytes: z.number().optional(),
  }),
);

/** One row of My Course Mapping Requests (guide §4.2-4.7). */
export const myMappingRequestRow = lazySchema(() =>
  mappingRow.extend({
    lastModified: z.string().describe('YYYY-MM-DD'),
    relation,
    reviewerNote: z.string().optional().describe('Shown by the exclamation mark on Need Further Info'),
    denialReason: z.string().optional().describe('Reason for Denial, on Denied'),
    estimatedDecisionDate: z
      .string()
      .optional()
      .describe(
        "While pending: when a decision can be expected (YYYY-MM-DD), from the departments' turnaround",
      ),
  }),
);
export const myMappingRequestsResponse = lazySchema(() => z.object({ rows: z.array(myMappingRequestRow) }));

export const mappingRequestDraftSummary = lazySchema(() =>
  z.object({
    draftId: z.string(),
    lastModified: z.string(),
    incomingCourses: z.array(z.object({ code: z.string(), title: z.string() })),
    homeCourseCodes: z.array(z.string()),
  }),
);

/** One event of a mapping's audit timeline as a student sees it: who, when, what, why. */
export const timelineEvent = lazySchema(() =>
  z.object({
    at: z.string(),
    by: z
      .string()
      .describe('A role, not a person: You, Academic Registry, Subject department, Another student'),
    action: z.string(),
    reason: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
  }),
);

export const mappingDetailResponse = lazySchema(() =>
  z.object({
    mapping: mappingRow.extend({
      kind: mappingKind,
      // Who may see these is decided in one place on the server: absent for a student at the
      // institution who is not among the mapping's requesters.
      documents: z
        .array(documentRef)
        .optional()
        .describe("The mapping's documents: only for its requesters, ARO and its reviewers"),
      requestedBy: z
        .string()
        .optional()
        .describe('Who filed the request: only for its requesters, ARO and its reviewers'),
      reviewerNote: z
        .string()
        .optional()
        .describe("Information Required: the reviewer's note on Need Further Info"),
      denialReason: z.string().optional().describe('Reason for Denial, on Denied'),
      createdAt: z.string(),
      updatedAt: z.string(),
      estimatedDecisionDate: z
        .string()
        .optional()
        .describe("While pending: the slowest involved department's median turnaround (YYYY-MM-DD)"),
    }),
    relation: relation.optional(),
    timeline: z.array(timelineEvent),
  }),
);

export const mappingRequestDraft = lazySchema(() =>
  z.object({
    draftId: z.string(),
    recordId: z.string(),
    incomingCourses: z
      .array(
        z.object({
          code: z.string(),
          title: z.string(),
          credits: z.number().optional(),
          creditUnit: z.enum(creditUnits).optional(),
          documentIds: z.array(z.string()),
        }),
      )
      .describe(
        'As saved: credits and unit stay absent until entered, so a continued draft shows them empty',
      ),
    homeCourseCodes: z.array(z.string()),
    justification: z.string().optional(),
    remapOf: z.string().optional(),
    lastModified: z.string(),
  }),
);

export const submittedMappingRequest = lazySchema(() =>
  z.object({
    ref: z.string(),
    status: mappingStatus,
    newGroup: z
      .boolean()
      .describe('True when a new D.B. Ref. No. group was created (the incoming courses were new here)'),
    appeal: z
      .boolean()
      .describe('A re-map of an incoming course already approved by the same subject area (§4.5)'),
  }),
);

/** 409 when the same request exists: Notify Me on it (or its row action) instead of a duplicate (§4.3). */
export const duplicateRequestBody = lazySchema(() =>
  z.object({
    error: z.literal('DuplicateRequest'),
    message: z.string(),
    existingRef: z.string(),
    action: mappingAction
      .optional()
      .describe("What to do with the existing mapping instead; none when it is the student's own"),
  }),
);

const resubmitted = lazySchema(() => z.object({ ref: z.string(), status: mappingStatus }));

// ---- the operations ----

const submitOrSave = {
  201: lazySchema(() =>
    z.union([submittedMappingRequest, mappingRequestDraft]).describe('Submitted, or the draft saved'),
  ),
};
const duplicate = { 409: lazySchema(() => z.union([duplicateRequestBody, errorBody])) };

// ---- ARO: re-review of Approved mappings whose HKUST course changed (issue 10 item 3) ----

export const reReviewChange = lazySchema(() =>
  z.object({ code: z.string(), catalogVersion: z.number(), change: z.string(), at: z.string() }),
);

export const reReviewQueueEntry = lazySchema(() =>
  z.object({
    ref: z.string(),
    institutionId: z.string(),
    institutionName: z.string(),
    incomingCourses: z.array(incomingCourse),
    homeCourses: z.array(mappedHomeCourse).describe('As approved (the catalog may say otherwise now)'),
    status: mappingStatus,
    validFrom: term.optional(),
    validTo: term.optional(),
    version: z.number().describe('Send it back to resolve the re-review'),
    since: z.string(),
    changes: z.array(reReviewChange),
  }),
);

export const reReviewOutcomes = ['Keep', 'Expire'] as const;

function reReviewContracts() {
  return {
    listReReviews: jsonOperation(() => ({
      responses: { 200: z.object({ mappings: z.array(reReviewQueueEntry) }) },
    })),
    resolveReReview: jsonOperation(() => ({
      request: z.object({
        path: z.object({ ref }),
        body: z.object(
          {
            outcome: z
              .enum(reReviewOutcomes, { message: 'must be Keep or Expire' })
              .describe('Keep: it stays Approved. Expire: it ends (Expired), by the transition table'),
            note: z.string().trim().min(1, 'say why').max(1000, 'must be at most 1000 characters'),
            version: z.number({ message: 'must be the version read' }).int().nonnegative(),
          },
          { message: 'must be a JSON object with outcome, note and version' },
        ),
      }),
      responses: { 200: reReviewQueueEntry.omit({ since: true, changes: true }) },
    })),
  } as const;
}

export const mappingContracts = {
  searchExistingMappings: jsonOperation(() => ({
    request: z.object({
      path: recordPath,
      query: z.object({
        q: z.string().max(100, 'must be at most 100 characters').default(''),
        filters,
        page,
      }),
    }),
    responses: { 200: searchExistingMappingsResponse },
  })),
  searchHomeCourses: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        code: z.string().max(20, 'must be at most 20 characters').default(''),
        title: z.string().max(100, 'must be at most 100 characters').default(''),
      }),
    }),
    responses: { 200: homeCourseSearchResponse },
  })),
  getApprovedMappingsToCourse: jsonOperation(() => ({
    request: z.object({ path: z.object({ code: homeCourseCode }) }),
    responses: { 200: approvedMappingsResponse },
  })),
  getPrecedents: jsonOperation(() => ({
    request: z.object({ path: z.object({ ref }) }),
    responses: { 200: approvedMappingsResponse },
  })),
  getMapping: jsonOperation(() => ({
    request: z.object({ path: mappingPath }),
    responses: { 200: mappingDetailResponse },
  })),
  listMyMappingRequests: jsonOperation(() => ({
    request: z.object({ path: recordPath, query: z.object({ filter: z.string().max(100).default('') }) }),
    responses: { 200: myMappingRequestsResponse },
  })),
  createMappingRequest: jsonOperation(() => ({
    request: z.object({ path: recordPath, body: mappingRequestBody }),
    responses: submitOrSave,
    errors: duplicate,
  })),
  getMappingRequestDraft: jsonOperation(() => ({
    request: z.object({ path: draftPath }),
    responses: { 200: mappingRequestDraft },
  })),
  updateMappingRequestDraft: jsonOperation(() => ({
    request: z.object({ path: draftPath, body: mappingRequestBody }),
    responses: {
      200: mappingRequestDraft.describe('Saved as draft again'),
      201: submittedMappingRequest.describe('Submitted'),
    },
    errors: duplicate,
  })),
  deleteMappingRequestDraft: jsonOperation(() => ({
    request: z.object({ path: draftPath }),
    responses: { 204: noContent },
  })),
  notifyMe: jsonOperation(() => ({
    request: z.object({ path: mappingPath }),
    responses: {
      200: z.object({ ref: z.string(), relation, action: z.literal('Will Notify You') }),
    },
  })),
  provideInfo: jsonOperation(() => ({
    request: z.object({
      path: mappingPath,
      body: z.object({
        documentIds: documentIds.min(1, 'Attach at least one PDF document'),
        note: note.optional(),
      }),
    }),
    responses: { 200: resubmitted },
  })),
  extendMapping: jsonOperation(() => ({
    request: z.object({
      path: mappingPath,
      body: z.object({
        documentIds: documentIds.min(1, 'Attach the updated documents (PDF)'),
        note: note.optional(),
      }),
    }),
    responses: { 200: resubmitted },
  })),
  appealMapping: jsonOperation(() => ({
    request: z.object({
      path: mappingPath,
      body: z.object({
        justification: justification
          .trim()
          .min(1, 'Justification is required: say why the mapping should be approved'),
        documentIds: documentIds.min(1, 'Attach supporting documents such as a comparison table (PDF)'),
      }),
    }),
    responses: { 200: resubmitted },
  })),
  ...reReviewContracts(),
} as const;

export type MappingStatus = (typeof mappingStatuses)[number];
export type CreditUnit = (typeof creditUnits)[number];
export type MappingAction = (typeof mappingActions)[number];
export type ValidityFilter = (typeof validityFilters)[number];
export type IncomingCourse = z.infer<typeof incomingCourse>;
export type MappedHomeCourse = z.infer<typeof mappedHomeCourse>;
export type MappingRow = z.infer<typeof mappingRow>;
export type SearchExistingMappingsResponse = z.infer<typeof searchExistingMappingsResponse>;
export type HomeCourseSearchResponse = z.infer<typeof homeCourseSearchResponse>;
export type ApprovedMappingElsewhere = z.infer<typeof approvedMappingElsewhere>;
export type ApprovedMappingsResponse = z.infer<typeof approvedMappingsResponse>;
export type ReReviewQueueEntry = z.infer<typeof reReviewQueueEntry>;
export type ReReviewOutcome = (typeof reReviewOutcomes)[number];
export type DocumentRef = z.infer<typeof documentRef>;
export type MyMappingRequestRow = z.infer<typeof myMappingRequestRow>;
export type MappingRequestDraftSummary = z.infer<typeof mappingRequestDraftSummary>;
export type TimelineEvent = z.infer<typeof timelineEvent>;
export type MappingDetailResponse = z.infer<typeof mappingDetailResponse>;
export type MappingRequestDraft = z.infer<typeof mappingRequestDraft>;
export type SubmittedMappingRequest = z.infer<typeof submittedMappingRequest>;
export type DuplicateRequestConflict = z.infer<typeof duplicateRequestBody>;
// The study record and ARO's views are declared by their own capabilities; these names stay
// importable from here for the tests written before the split (type-only: no runtime cycle).
export type { StudyRecordResponse } from '../records/contracts.js';
export type { AroMappingResponse, TriageQueueResponse } from '../reviews/contracts.js';
