import * as z from 'zod/mini';
import type { Actor } from '../commons/auth.js';
import { dynamoClient, loadedOnFirstCall, s3ClientOf } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import type { RequestOutput } from '../commons/contracts.js';
import { ForbiddenError } from '../commons/errors.js';
import { httpApi, Reply, route } from '../commons/http.js';
import type { ContractOf } from '../contracts.js';
import { DynamoMappingRequestStore } from '../mappings/adapters/mapping-request-store.js';
import { mappingContracts } from '../mappings/contracts.js';
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
import { DynamoStudyRecordReader } from '../records/adapters/study-record-reader.js';
import { DynamoStudyRecordWriter, newStudyRecordId } from '../records/adapters/study-record-writer.js';
import { recordContracts } from '../records/contracts.js';
import {
  addInstitution,
  DuplicateStudyRecordError,
  searchInstitutions,
} from '../records/use-cases/add-institution.js';
import { getStudentDashboard } from '../records/use-cases/get-student-dashboard.js';
import {
  getMappingDetail,
  getStudyRecord,
  listMyMappingRequests,
} from '../records/use-cases/study-record.js';
import { mappingReviewStarts } from '../reviews/adapters/review-starter.js';
import { DynamoTranscriptStore } from '../transcripts/adapters/transcript-store.js';
import { transcriptContracts } from '../transcripts/contracts.js';
import {
  downloadTranscript,
  getMyTranscript,
  requestTranscriptUpload,
  type TranscriptDeps,
} from '../transcripts/use-cases/transcripts.js';
import { DynamoUploadStore } from '../uploads/adapters/upload-store.js';
import { uploadContracts } from '../uploads/contracts.js';
import { getUpload, requestUpload, type UploadDeps } from '../uploads/use-cases/uploads.js';

const config = loadConfig({
  TABLE_NAME: z.string().check(z.minLength(1)),
  UPLOADS_BUCKET: z.string().check(z.minLength(1)),
});
const students = new StudentRepository(dynamoClient(), config.TABLE_NAME);
const uploadDeps: UploadDeps = {
  uploads: new DynamoUploadStore(dynamoClient(), config.TABLE_NAME),
  // Only Create Upload needs S3: the client loads on its first call, not in every cold start.
  storage: loadedOnFirstCall(['presignPost', 'read', 'pin', 'remove'], async () => {
    const [{ S3DocumentStorage }, sdk] = await Promise.all([
      import('../uploads/adapters/document-storage.js'),
      import('@aws-sdk/client-s3'),
    ]);
    return new S3DocumentStorage(s3ClientOf(sdk), config.UPLOADS_BUCKET);
  }),
  now: () => new Date(),
};
const transcriptDeps: TranscriptDeps = {
  store: new DynamoTranscriptStore(dynamoClient(), config.TABLE_NAME),
  // Only adding and downloading a transcript need S3.
  files: loadedOnFirstCall(['presignPost', 'presignDownload'], async () => {
    const [{ S3TranscriptFiles }, sdk] = await Promise.all([
      import('../transcripts/adapters/transcript-files.js'),
      import('@aws-sdk/client-s3'),
    ]);
    return new S3TranscriptFiles(s3ClientOf(sdk), config.UPLOADS_BUCKET);
  }),
  now: () => new Date(),
};
const mappingStore = new DynamoMappingRequestStore(dynamoClient(), config.TABLE_NAME);
const studyRecords = new DynamoStudyRecordReader(dynamoClient(), config.TABLE_NAME);
const requestDeps: MappingRequestDeps = {
  store: mappingStore,
  // The review starts from the outbox item written with the submission (outbox-dispatcher).
  reviews: mappingReviewStarts,
  now: () => new Date(),
};

const studyRecordWriter = new DynamoStudyRecordWriter(dynamoClient(), config.TABLE_NAME);
const addInstitutionDeps = {
  institutions: studyRecordWriter,
  records: studyRecordWriter,
  now: () => new Date(),
  newRecordId: newStudyRecordId,
  pause: (attempt: number) => new Promise<void>((r) => setTimeout(r, 20 * attempt + Math.random() * 30)),
};

function studentIdOf(actor: Actor): string {
  if (actor.kind !== 'student') throw new ForbiddenError('This page is for students');
  return actor.studentId;
}

// Request schemas are the operations' contracts (functions/mappings/contracts.ts and the rest).
type RequestBody = RequestOutput<ContractOf<'createMappingRequest'>>['body'];

/** Save as Draft: a new draft, or the same draft again. */
async function save(
  studentId: string,
  recordId: string,
  body: RequestBody & { submit: false },
  draftId?: string,
) {
  const { submit: _, ...content } = body;
  const draft = await saveDraft(
    { drafts: mappingStore, now: requestDeps.now },
    studentId,
    recordId,
    content,
    draftId,
  );
  return toDraftResponse(draft);
}

/** Submit: a new mapping request (201), or the existing mapping to Notify Me on instead (409). */
async function submit(
  studentId: string,
  recordId: string,
  body: RequestBody & { submit: true },
  draftId?: string,
) {
  const { submit: _, ...input } = body;
  try {
    return Reply.created(
      await submitMappingRequest(requestDeps, studentId, recordId, input as MappingRequestInput, draftId),
    );
  } catch (error) {
    // The guide's answer to a duplicate is Notify Me on the existing mapping: give the client its ref.
    if (error instanceof DuplicateRequestError) return new Reply(409, error.conflict);
    throw error;
  }
}

/** Provide Info, Extend and Appeal: new documents (and words) on a mapping, back to review. */
const resubmit = (
  actor: Actor,
  { path, body }: RequestOutput<ContractOf<'provideInfo' | 'extendMapping' | 'appealMapping'>>,
  kind: Resubmission,
) => resubmitMapping(requestDeps, studentIdOf(actor), path.recordId, path.ref, kind, body);

export const handler = httpApi(
  'student-api',
  { ...recordContracts, ...uploadContracts, ...mappingContracts, ...transcriptContracts },
  {
    getStudentDashboard: route('getStudentDashboard', ({ actor }) =>
      getStudentDashboard({ students }, studentIdOf(actor)),
    ),

    getStudyRecord: route('getStudyRecord', ({ input, actor }) =>
      getStudyRecord(studyRecords, studentIdOf(actor), input.path.recordId),
    ),

    listMyMappingRequests: route('listMyMappingRequests', async ({ input, actor }) => ({
      rows: await listMyMappingRequests(
        studyRecords,
        studentIdOf(actor),
        input.path.recordId,
        input.query.filter,
      ),
    })),

    getMapping: route('getMapping', ({ input, actor }) =>
      getMappingDetail(studyRecords, studentIdOf(actor), input.path.recordId, input.path.ref),
    ),

    createMappingRequest: route('createMappingRequest', async ({ input, actor }) =>
      input.body.submit
        ? submit(studentIdOf(actor), input.path.recordId, input.body)
        : Reply.created(await save(studentIdOf(actor), input.path.recordId, input.body)),
    ),

    getMappingRequestDraft: route('getMappingRequestDraft', async ({ input, actor }) =>
      toDraftResponse(
        await getDraft(mappingStore, studentIdOf(actor), input.path.recordId, input.path.draftId),
      ),
    ),

    updateMappingRequestDraft: route('updateMappingRequestDraft', async ({ input, actor }) => {
      const studentId = studentIdOf(actor);
      const { recordId, draftId } = input.path;
      // No read first: saving writes only over the draft, and submitting deletes it in the same
      // transaction that creates the mapping; either answers 404 if the draft is gone.
      return input.body.submit
        ? submit(studentId, recordId, input.body, draftId)
        : save(studentId, recordId, input.body, draftId);
    }),

    deleteMappingRequestDraft: route('deleteMappingRequestDraft', async ({ input, actor }) => {
      await cancelDraft(mappingStore, studentIdOf(actor), input.path.recordId, input.path.draftId);
      return new Reply(204, undefined);
    }),

    notifyMe: route('notifyMe', ({ input, actor }) =>
      notifyMe(requestDeps, studentIdOf(actor), input.path.recordId, input.path.ref),
    ),

    provideInfo: route('provideInfo', ({ input, actor }) => resubmit(actor, input, 'provide-info')),
    extendMapping: route('extendMapping', ({ input, actor }) => resubmit(actor, input, 'extend')),
    appealMapping: route('appealMapping', ({ input, actor }) => resubmit(actor, input, 'appeal')),

    createUpload: route('createUpload', async ({ input, actor }) => {
      const { upload, post, maxBytes } = await requestUpload(uploadDeps, studentIdOf(actor), input.body);
      return Reply.created({ upload, post, maxBytes });
    }),

    getUpload: route('getUpload', ({ input, actor }) =>
      getUpload(uploadDeps, studentIdOf(actor), input.path.uploadId),
    ),

    createTranscriptUpload: route('createTranscriptUpload', async ({ input, actor }) =>
      Reply.created(
        await requestTranscriptUpload(transcriptDeps, studentIdOf(actor), input.path.recordId, input.body),
      ),
    ),

    getMyTranscript: route('getMyTranscript', ({ input, actor }) =>
      getMyTranscript(transcriptDeps, studentIdOf(actor), input.path.transcriptId),
    ),

    downloadMyTranscript: route('downloadMyTranscript', ({ input, actor }) =>
      downloadTranscript(transcriptDeps, studentIdOf(actor), input.path.transcriptId),
    ),

    // + Add Another Institution (guide §3.1.2)
    searchInstitutions: route('searchInstitutions', async ({ input, actor }) => {
      studentIdOf(actor);
      return { institutions: await searchInstitutions(studyRecordWriter, input.query) };
    }),

    addInstitution: route('addInstitution', async ({ input, actor }) => {
      try {
        return Reply.created(await addInstitution(addInstitutionDeps, studentIdOf(actor), input.body));
      } catch (error) {
        // The record that exists is named, so the client can open it.
        if (error instanceof DuplicateStudyRecordError) {
          return new Reply(409, {
            error: 'DuplicateStudyRecord',
            message: error.message,
            ...(error.existingRecordId ? { recordId: error.existingRecordId } : {}),
          });
        }
        throw error;
      }
    }),
  },
);
