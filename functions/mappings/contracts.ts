import * as z from 'zod/mini';
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
    .check(
      z.describe(
        'requester: raised, provided info, extended or appealed; notify-me: followed with Notify Me',
      ),
    ),
);
const mappingKind = lazySchema(() => z.enum(['new', 'appeal']));
const term = lazySchema(() => z.string().check(z.describe('A transfer term, e.g. 2025-26 Fall')));

// ---- request parts ----

export const ref = lazySchema(() =>
  z.string().check(z.regex(refPattern, 'must be a D.B. Ref. No. like B006711-01')),
);
export const recordId = lazySchema(() => z.string().check(z.minLength(1), z.maxLength(64)));
const recordPath = lazySchema(() => z.object({ recordId }));
const mappingPath = lazySchema(() => z.object({ recordId, ref }));
const draftPath = lazySchema(() => z.extend(recordPath, { draftId: z.uuid() }));
const documentIds = lazySchema(() => z.array(uploadId).check(z.maxLength(10, 'at most 10 documents')));
export const creditUnit = lazySchema(() =>
  z.enum(creditUnits, {
    error: (issue) =>
      issue.input === undefined || issue.input === ''
        ? 'Choose the Credit Unit'
        : `must be one of ${creditUnits.join(', ')}`,
  }),
);
const justification = lazySchema(() =>
  z.string().check(z.maxLength(4000, 'must be at most 4000 characters')),
);
const note = lazySchema(() => z.string().check(z.maxLength(4000, 'must be at most 4000 characters')));

/** Each HKUST course once: proposing the same one twice names the second. */
const distinctHomeCourseCodes = lazySchema(() =>
  z.array(homeCourseCode).check(
    z.minLength(1, 'propose at least one HKUST equivalent'),
    z.maxLength(6, 'at most 6 HKUST equivalents'),
    z.superRefine((codes, ctx) => {
      codes.forEach((code, i) => {
        if (codes.indexOf(code) < i) {
          ctx.addIssue({ code: 'custom', path: [i], message: `${code} is already proposed above` });
        }
      });
    }),
  ),
);

// Submit applies every rule; Save as Draft keeps whatever has been typed so far. The web form checks
// itself with this very schema (web/src/request-form.ts), so the messages are written for the page.
export const submittedRequestBody = lazySchema(() =>
  z.object({
    submit: z.literal(true),
    incomingCourses: z
      .array(
        z.object({
          code: z
            .string()
            .check(
              z.trim(),
              z.minLength(1, 'Course Code is required'),
              z.maxLength(40, 'must be at most 40 characters'),
            ),
          title: z
            .string()
            .check(
              z.trim(),
              z.minLength(1, 'Course Title is required'),
              z.maxLength(200, 'must be at most 200 characters'),
            ),
          credits: z
            .number({ message: 'Course Credits must be a number, such as 3 or 3.5' })
            .check(
              z.gte(0, 'Course Credits must be 0 or more'),
              z.lte(99, 'Course Credits must be at most 99'),
            ),
          creditUnit,
          documentIds: documentIds.check(
            z.minLength(1, 'Attach at least one supporting document (PDF), such as the course syllabus'),
          ),
        }),
      )
      .check(
        z.minLength(1, 'add at least one incoming course'),
        z.maxLength(6, 'at most 6 incoming courses'),
      ),
    homeCourseCodes: distinctHomeCourseCodes,
    justification: z.optional(justification),
    remapOf: z.optional(ref),
  }),
);
export const draftRequestBody = lazySchema(() =>
  z.object({
    submit: z.literal(false),
    incomingCourses: z
      .array(
        z.object({
          code: z._default(z.string().check(z.maxLength(40)), ''),
          title: z._default(z.string().check(z.maxLength(200)), ''),
          credits: z.optional(z.number().check(z.gte(0), z.lte(99))),
          creditUnit: z.optional(creditUnit),
          documentIds: z._default(documentIds, []),
        }),
      )
      .check(z.maxLength(6)),
    homeCourseCodes: z._default(z.array(homeCourseCode).check(z.maxLength(6)), []),
    justification: z.optional(justification),
    remapOf: z.optional(ref),
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
    .pipe(
      z.pipe(
        z.pipe(
          z._default(z.string(), ''),
          z.transform((s) =>
            s
              .split(',')
              .map((f) => f.trim())
              .filter(Boolean),
          ),
        ),
        z.array(
          z.enum(validityFilters, { message: `each filter must be one of ${validityFilters.join(', ')}` }),
        ),
      ),
      z.transform((list) => [...new Set(list)]),
    )
    .check(z.describe('Comma list of valid, expired, ready; none (or valid,expired) shows every mapping')),
);
const page = lazySchema(() =>
  z._default(
    z.coerce
      .number({ message: 'must be a page number' })
      .check(
        z.int('must be a whole number'),
        z.gte(1, 'must be 1 or more'),
        z.lte(10_000, 'must be at most 10000'),
      ),
    1,
  ),
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
    status: mappingStatus.check(
      z.describe(
        "What the Mapping Info column shows for the record's transfer term (an ended approval reads Expired)",
      ),
    ),
    validFrom: z.optional(term),
    validTo: z.optional(term),
    action: z.optional(mappingAction),
    underReReview: z
      .optional(z.boolean())
      .check(z.describe('true: an HKUST course of it changed since its approval; ARO is re-reviewing it')),
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
    validFrom: z.optional(term),
    validTo: z.optional(term),
    underReReview: z
      .optional(z.boolean())
      .check(z.describe('true: an HKUST course of it changed since its approval; ARO is re-reviewing it')),
  }),
);
export const approvedMappingsResponse = lazySchema(() =>
  z.object({ mappings: z.array(approvedMappingElsewhere) }),
);

export const documentRef = lazySchema(() =>
  z.object({
    uploadId: z.string(),
    fileName: z.string(),
    sizeBytes: z.optional(z.number()),
  }),
);

/** One row of My Course Mapping Requests (guide §4.2-4.7). */
export const myMappingRequestRow = lazySchema(() =>
  z.extend(mappingRow, {
    lastModified: z.string().check(z.describe('YYYY-MM-DD')),
    relation,
    reviewerNote: z
      .optional(z.string())
      .check(z.describe('Shown by the exclamation mark on Need Further Info')),
    denialReason: z.optional(z.string()).check(z.describe('Reason for Denial, on Denied')),
    estimatedDecisionDate: z
      .optional(z.string())
      .check(
        z.describe(
          "While pending: when a decision can be expected (YYYY-MM-DD), from the departments' turnaround",
        ),
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
      .check(z.describe('A role, not a person: You, Academic Registry, Subject department, Another student')),
    action: z.string(),
    reason: z.optional(z.string()),
    from: z.optional(z.string()),
    to: z.optional(z.string()),
  }),
);

export const mappingDetailResponse = lazySchema(() =>
  z.object({
    mapping: z.extend(mappingRow, {
      kind: mappingKind,
      // Who may see these is decided in one place on the server: absent for a student at the
      // institution who is not among the mapping's requesters.
      documents: z
        .optional(z.array(documentRef))
        .check(z.describe("The mapping's documents: only for its requesters, ARO and its reviewers")),
      requestedBy: z
        .optional(z.string())
        .check(z.describe('Who filed the request: only for its requesters, ARO and its reviewers')),
      reviewerNote: z
        .optional(z.string())
        .check(z.describe("Information Required: the reviewer's note on Need Further Info")),
      denialReason: z.optional(z.string()).check(z.describe('Reason for Denial, on Denied')),
      createdAt: z.string(),
      updatedAt: z.string(),
      estimatedDecisionDate: z
        .optional(z.string())
        .check(z.describe("While pending: the slowest involved department's median turnaround (YYYY-MM-DD)")),
    }),
    relation: z.optional(relation),
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
          credits: z.optional(z.number()),
          creditUnit: z.optional(z.enum(creditUnits)),
          documentIds: z.array(z.string()),
        }),
      )
      .check(
        z.describe(
          'As saved: credits and unit stay absent until entered, so a continued draft shows them empty',
        ),
      ),
    homeCourseCodes: z.array(z.string()),
    justification: z.optional(z.string()),
    remapOf: z.optional(z.string()),
    lastModified: z.string(),
  }),
);

export const submittedMappingRequest = lazySchema(() =>
  z.object({
    ref: z.string(),
    status: mappingStatus,
    newGroup: z
      .boolean()
      .check(
        z.describe('True when a new D.B. Ref. No. group was created (the incoming courses were new here)'),
      ),
    appeal: z
      .boolean()
      .check(z.describe('A re-map of an incoming course already approved by the same subject area (§4.5)')),
  }),
);

/** 409 when the same request exists: Notify Me on it (or its row action) instead of a duplicate (§4.3). */
export const duplicateRequestBody = lazySchema(() =>
  z.object({
    error: z.literal('DuplicateRequest'),
    message: z.string(),
    existingRef: z.string(),
    action: z
      .optional(mappingAction)
      .check(z.describe("What to do with the existing mapping instead; none when it is the student's own")),
  }),
);

const resubmitted = lazySchema(() => z.object({ ref: z.string(), status: mappingStatus }));

// ---- the operations ----

const submitOrSave = {
  201: lazySchema(() =>
    z
      .union([submittedMappingRequest, mappingRequestDraft])
      .check(z.describe('Submitted, or the draft saved')),
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
    homeCourses: z
      .array(mappedHomeCourse)
      .check(z.describe('As approved (the catalog may say otherwise now)')),
    status: mappingStatus,
    validFrom: z.optional(term),
    validTo: z.optional(term),
    version: z.number().check(z.describe('Send it back to resolve the re-review')),
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
              .check(
                z.describe('Keep: it stays Approved. Expire: it ends (Expired), by the transition table'),
              ),
            note: z
              .string()
              .check(
                z.trim(),
                z.minLength(1, 'say why'),
                z.maxLength(1000, 'must be at most 1000 characters'),
              ),
            version: z.number({ message: 'must be the version read' }).check(z.int(), z.nonnegative()),
          },
          { message: 'must be a JSON object with outcome, note and version' },
        ),
      }),
      responses: { 200: z.omit(reReviewQueueEntry, { since: true, changes: true }) },
    })),
  } as const;
}

export const mappingContracts = {
  searchExistingMappings: jsonOperation(() => ({
    request: z.object({
      path: recordPath,
      query: z.object({
        q: z._default(z.string().check(z.maxLength(100, 'must be at most 100 characters')), ''),
        filters,
        page,
      }),
    }),
    responses: { 200: searchExistingMappingsResponse },
  })),
  searchHomeCourses: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        code: z._default(z.string().check(z.maxLength(20, 'must be at most 20 characters')), ''),
        title: z._default(z.string().check(z.maxLength(100, 'must be at most 100 characters')), ''),
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
    request: z.object({
      path: recordPath,
      query: z.object({ filter: z._default(z.string().check(z.maxLength(100)), '') }),
    }),
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
      200: mappingRequestDraft.check(z.describe('Saved as draft again')),
      201: submittedMappingRequest.check(z.describe('Submitted')),
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
        documentIds: documentIds.check(z.minLength(1, 'Attach at least one PDF document')),
        note: z.optional(note),
      }),
    }),
    responses: { 200: resubmitted },
  })),
  extendMapping: jsonOperation(() => ({
    request: z.object({
      path: mappingPath,
      body: z.object({
        documentIds: documentIds.check(z.minLength(1, 'Attach the updated documents (PDF)')),
        note: z.optional(note),
      }),
    }),
    responses: { 200: resubmitted },
  })),
  appealMapping: jsonOperation(() => ({
    request: z.object({
      path: mappingPath,
      body: z.object({
        justification: justification.check(
          z.trim(),
          z.minLength(1, 'Justification is required: say why the mapping should be approved'),
        ),
        documentIds: documentIds.check(
          z.minLength(1, 'Attach supporting documents such as a comparison table (PDF)'),
        ),
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
