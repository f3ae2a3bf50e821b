import * as z from 'zod';
import type { Actor } from '../commons/auth.js';
import { dynamoClient, s3Client, sfnClient } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { ForbiddenError } from '../commons/errors.js';
import { httpApi, Reply, route, withoutInput } from '../commons/http.js';
import { DynamoMappingRequestStore } from '../mappings/adapters/mapping-request-store.js';
import { creditUnits, refPattern } from '../mappings/entities/mapping.js';
import { cancelDraft, getDraft, saveDraft, toDraftResponse } from '../mappings/use-cases/drafts.js';
import {
  DuplicateRequestError,
  type MappingRequestDeps,
  type MappingRequestInput,
  notifyMe,
  type Resubmission,
  resubmitMapping,
  submitMappingRequest,
} from '../mappings/use-cases/mapping-requests.js';
import { StudentRepository } from '../records/adapters/student-repository.js';
import { getStudentDashboard } from '../records/use-cases/get-student-dashboard.js';
import {
  getMappingDetail,
  getStudyRecord,
  listMyMappingRequests,
} from '../records/use-cases/study-record.js';
import { StepFunctionsReviewStarter } from '../reviews/adapters/review-starter.js';
import { S3DocumentStorage } from '../uploads/adapters/document-storage.js';
import { DynamoUploadStore } from '../uploads/adapters/upload-store.js';
import { getUpload, requestUpload, type UploadDeps } from '../uploads/use-cases/uploads.js';

const config = loadConfig({
  TABLE_NAME: z.string().min(1),
  UPLOADS_BUCKET: z.string().min(1),
  MAPPING_REVIEW_STATE_MACHINE_ARN: z.string().startsWith('arn:'),
});
const students = new StudentRepository(dynamoClient(), config.TABLE_NAME);
const uploadDeps: UploadDeps = {
  uploads: new DynamoUploadStore(dynamoClient(), config.TABLE_NAME),
  storage: new S3DocumentStorage(s3Client(), config.UPLOADS_BUCKET),
  now: () => new Date(),
};
const mappingStore = new DynamoMappingRequestStore(dynamoClient(), config.TABLE_NAME);
const requestDeps: MappingRequestDeps = {
  store: mappingStore,
  reviews: new StepFunctionsReviewStarter(sfnClient(), config.MAPPING_REVIEW_STATE_MACHINE_ARN),
  now: () => new Date(),
};

function studentIdOf(actor: Actor): string {
  if (actor.kind !== 'student') throw new ForbiddenError('This page is for students');
  return actor.studentId;
}

const uploadId = z.uuid({ message: 'must be an upload id' });
const recordId = z.string().min(1).max(64);
const ref = z.string().regex(refPattern, 'must be a D.B. Ref. No. like B006711-01');
const recordPath = z.object({ recordId });
const mappingPath = z.object({ recordId, ref });
const documentIds = z.array(uploadId).max(10, 'at most 10 documents');
const homeCourseCode = z
  .string()
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{4}\d{4}[A-Z]*$/, 'must be an HKUST course code like HUMA1103'));
const creditUnit = z.enum(creditUnits, { message: `must be one of ${creditUnits.join(', ')}` });
const justification = z.string().max(4000, 'must be at most 4000 characters');

// Submit applies every rule; Save as Draft keeps whatever has been typed so far.
const submittedRequest = z.object({
  submit: z.literal(true),
  incomingCourses: z
    .array(
      z.object({
        code: z.string().trim().min(1, 'is required').max(40),
        title: z.string().trim().min(1, 'is required').max(200),
        credits: z.number({ message: 'must be a number' }).min(0, 'must be 0 or more').max(99),
        creditUnit,
        documentIds,
      }),
    )
    .min(1, 'add at least one incoming course')
    .max(6, 'at most 6 incoming courses'),
  homeCourseCodes: z.array(homeCourseCode).min(1, 'propose at least one HKUST equivalent').max(6),
  justification: justification.optional(),
  remapOf: ref.optional(),
});
const draftRequest = z.object({
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
});
const requestBody = z.discriminatedUnion('submit', [submittedRequest, draftRequest], {
  message: 'submit must be true (Submit) or false (Save as Draft)',
});
type RequestBody = z.infer<typeof requestBody>;

async function submitOrSave(
  studentId: string,
  path: { recordId: string },
  body: RequestBody,
  draftId?: string,
) {
  if (!body.submit) {
    const { submit: _, ...content } = body;
    const draft = await saveDraft(
      { drafts: mappingStore, now: requestDeps.now },
      studentId,
      path.recordId,
      content,
      draftId,
    );
    return draftId ? toDraftResponse(draft) : Reply.created(toDraftResponse(draft));
  }
  const { submit: _, ...input } = body;
  try {
    return Reply.created(
      await submitMappingRequest(
        requestDeps,
        studentId,
        path.recordId,
        input as MappingRequestInput,
        draftId,
      ),
    );
  } catch (error) {
    // The guide's answer to a duplicate is Notify Me on the existing mapping: give the client its ref.
    if (error instanceof DuplicateRequestError) return new Reply(409, error.conflict);
    throw error;
  }
}

/** Provide Info, Extend and Appeal: new documents (and words) on a mapping, back to review. */
const resubmission = (
  kind: Resubmission,
  body: z.ZodType<{ documentIds: string[]; note?: string | undefined; justification?: string | undefined }>,
) =>
  route(z.object({ path: mappingPath, body }), ({ input, actor }) =>
    resubmitMapping(requestDeps, studentIdOf(actor), input.path.recordId, input.path.ref, kind, input.body),
  );

export const handler = httpApi('student-api', {
  getStudentDashboard: withoutInput(({ actor }) => getStudentDashboard({ students }, studentIdOf(actor))),

  getStudyRecord: route(z.object({ path: recordPath }), ({ input, actor }) =>
    getStudyRecord(mappingStore, studentIdOf(actor), input.path.recordId),
  ),

  listMyMappingRequests: route(
    z.object({ path: recordPath, query: z.object({ filter: z.string().max(100).default('') }) }),
    async ({ input, actor }) => ({
      rows: await listMyMappingRequests(
        mappingStore,
        studentIdOf(actor),
        input.path.recordId,
        input.query.filter,
      ),
    }),
  ),

  getMapping: route(z.object({ path: mappingPath }), ({ input, actor }) =>
    getMappingDetail(mappingStore, studentIdOf(actor), input.path.recordId, input.path.ref),
  ),

  createMappingRequest: route(z.object({ path: recordPath, body: requestBody }), ({ input, actor }) =>
    submitOrSave(studentIdOf(actor), input.path, input.body),
  ),

  getMappingRequestDraft: route(
    z.object({ path: recordPath.extend({ draftId: z.uuid() }) }),
    async ({ input, actor }) =>
      toDraftResponse(
        await getDraft(mappingStore, studentIdOf(actor), input.path.recordId, input.path.draftId),
      ),
  ),

  updateMappingRequestDraft: route(
    z.object({ path: recordPath.extend({ draftId: z.uuid() }), body: requestBody }),
    async ({ input, actor }) => {
      const studentId = studentIdOf(actor);
      await getDraft(mappingStore, studentId, input.path.recordId, input.path.draftId);
      return submitOrSave(studentId, input.path, input.body, input.path.draftId);
    },
  ),

  deleteMappingRequestDraft: route(
    z.object({ path: recordPath.extend({ draftId: z.uuid() }) }),
    async ({ input, actor }) => {
      await cancelDraft(mappingStore, studentIdOf(actor), input.path.recordId, input.path.draftId);
      return new Reply(204, '');
    },
  ),

  notifyMe: route(z.object({ path: mappingPath }), ({ input, actor }) =>
    notifyMe(requestDeps, studentIdOf(actor), input.path.recordId, input.path.ref),
  ),

  provideInfo: resubmission(
    'provide-info',
    z.object({
      documentIds: documentIds.min(1, 'attach at least one PDF'),
      note: z.string().max(4000).optional(),
    }),
  ),

  extendMapping: resubmission(
    'extend',
    z.object({
      documentIds: documentIds.min(1, 'attach the updated documents (PDF)'),
      note: z.string().max(4000).optional(),
    }),
  ),

  appealMapping: resubmission(
    'appeal',
    z.object({
      justification: justification.trim().min(1, 'is required: say why the mapping should be approved'),
      documentIds: documentIds.min(1, 'attach supporting documents such as a comparison table (PDF)'),
    }),
  ),

  createUpload: route(
    z.object({
      body: z.object(
        {
          fileName: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
          sizeBytes: z.number({ message: 'must be a number of bytes' }).int().positive('must be more than 0'),
        },
        { message: 'must be a JSON object with fileName and sizeBytes' },
      ),
    }),
    async ({ input, actor }) => {
      const { upload, post, maxBytes } = await requestUpload(uploadDeps, studentIdOf(actor), input.body);
      return Reply.created({ upload, post, maxBytes });
    },
  ),

  getUpload: route(z.object({ path: z.object({ uploadId }) }), ({ input, actor }) =>
    getUpload(uploadDeps, studentIdOf(actor), input.path.uploadId),
  ),
});
