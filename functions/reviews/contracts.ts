import * as z from 'zod/mini';
import { auditEvent, jsonOperation, lazySchema, pageOperation } from '../commons/contracts.js';
import { incomingCourse, mappedHomeCourse, mappingStatus, ref } from '../mappings/contracts.js';

// The review of a mapping: the department reviewers' action-link pages (DESIGN decision 5) and
// ARO's side through the admin API (triage, a mapping's whole timeline, who reviews a subject area).

export const triageActions = ['route', 'need-info', 'duplicate'] as const;
export const documentPurposes = ['request', 'provide-info', 'extend', 'appeal'] as const;

/** A subject area as ARO names it (MECH); case is forgiven on input. */
const subjectArea = lazySchema(() =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((s) => s.toUpperCase()),
    ),
    z.string().check(z.regex(/^[A-Z]{4}$/, 'must be a subject area like MECH')),
  ),
);

// A malformed id is answered like an unknown one (by the page, not a 400): a tampered link learns nothing.
const linkPath = lazySchema(() => z.object({ linkId: z.string().check(z.maxLength(200)) }));
const formField = lazySchema(() =>
  z.optional(z.string().check(z.maxLength(4000, 'must be at most 4000 characters'))),
);

/** A document on a mapping as ARO sees it: who attached it, when and why. */
export const mappingDocument = lazySchema(() =>
  z.object({
    uploadId: z.string(),
    fileName: z.string(),
    sizeBytes: z.optional(z.number()),
    incomingCode: z
      .optional(z.string())
      .check(z.describe('The incoming course it supports, when given for one')),
    addedBy: z.string(),
    addedAt: z.string(),
    purpose: z.enum(documentPurposes),
  }),
);

/** The whole mapping, for ARO: who requested it, its documents, justification and version. */
export const aroMapping = lazySchema(() =>
  z.object({
    ref: z.string(),
    groupRef: z.string(),
    institutionId: z.string(),
    institutionName: z.string(),
    incomingCourses: z.array(incomingCourse),
    homeCourses: z.array(mappedHomeCourse),
    status: mappingStatus,
    validFrom: z.optional(z.string()),
    validTo: z.optional(z.string()),
    reviewerNote: z.optional(z.string()),
    denialReason: z.optional(z.string()),
    requestedBy: z.string(),
    kind: z.optional(z.enum(['new', 'appeal'])),
    justification: z.optional(z.string()),
    remapOf: z.optional(z.string()),
    documents: z.optional(z.array(mappingDocument)),
    createdAt: z.string(),
    submittedAt: z.optional(z.string()),
    updatedAt: z.string(),
    version: z.number(),
  }),
);

export const awaitedStep = lazySchema(() =>
  z.object({
    step: z.string(),
    since: z.string(),
    phase: z.string().check(z.describe('waiting, reminded or escalated')),
    subjectArea: z.optional(z.string()),
  }),
);

export const aroMappingResponse = lazySchema(() =>
  z.object({
    mapping: aroMapping,
    timeline: z.array(auditEvent),
    awaiting: z.array(awaitedStep).check(z.describe('The steps the review waits on')),
  }),
);

export const triageQueueResponse = lazySchema(() =>
  z.object({
    requests: z.array(
      z.object({
        ref: z.string(),
        since: z.string(),
        phase: z.string(),
        institutionName: z.string(),
        incomingCourses: z.array(incomingCourse),
        homeCourses: z.array(mappedHomeCourse),
        kind: z.enum(['new', 'appeal']),
      }),
    ),
  }),
);

export const reviewer = lazySchema(() => z.object({ name: z.optional(z.string()), email: z.string() }));
export const departmentReviewers = lazySchema(() =>
  z.object({
    subjectArea: z.string(),
    reviewers: z.array(reviewer),
    updatedAt: z.optional(z.string()),
    updatedBy: z.optional(z.string()),
  }),
);

export const reviewContracts = {
  showReviewLink: pageOperation(() => ({ request: z.object({ path: linkPath }) })),
  // Mail scanners probe with HEAD: the same page, the same nothing changed.
  headReviewLink: pageOperation(() => ({ request: z.object({ path: linkPath }) })),
  decideByReviewLink: pageOperation(
    () => ({
      request: z.object({
        path: linkPath,
        body: z._default(
          z.object({
            decision: formField,
            validFrom: formField,
            validTo: formField,
            reason: formField,
            note: formField,
          }),
          {},
        ),
      }),
    }),
    'form',
  ),
  renewReviewLink: pageOperation(() => ({ request: z.object({ path: linkPath }) }), 'form'),

  listAwaitingTriage: jsonOperation(() => ({ responses: { 200: triageQueueResponse } })),
  getMappingForAro: jsonOperation(() => ({
    request: z.object({ path: z.object({ ref }) }),
    responses: { 200: aroMappingResponse },
  })),
  triageMapping: jsonOperation(() => ({
    request: z.object({
      path: z.object({ ref }),
      body: z.object(
        {
          action: z.enum(triageActions, { message: 'must be route, need-info or duplicate' }),
          note: z.optional(z.string().check(z.maxLength(2000, 'must be at most 2000 characters'))),
          duplicateOf: z.optional(ref),
          internalNote: z.optional(z.string().check(z.maxLength(2000, 'must be at most 2000 characters'))),
        },
        { message: 'must be a JSON object with action' },
      ),
    }),
    responses: {
      202: z
        .object({ ref: z.string(), triage: z.enum(triageActions) })
        .check(z.describe('Recorded; the review workflow goes on from it')),
    },
  })),
  getDepartmentReviewers: jsonOperation(() => ({
    request: z.object({ path: z.object({ subjectArea }) }),
    responses: { 200: departmentReviewers },
  })),
  putDepartmentReviewers: jsonOperation(() => ({
    request: z.object({
      path: z.object({ subjectArea }),
      body: z.object({
        reviewers: z
          .array(
            z.object({
              name: z.optional(z.string().check(z.trim(), z.maxLength(200))),
              email: z.email({ message: 'must be an email address' }),
            }),
          )
          .check(z.maxLength(20, 'at most 20 reviewers')),
      }),
    }),
    responses: { 200: departmentReviewers },
  })),
} as const;

export type TriageAction = (typeof triageActions)[number];
export type AroMappingResponse = z.infer<typeof aroMappingResponse>;
export type TriageQueueResponse = z.infer<typeof triageQueueResponse>;
