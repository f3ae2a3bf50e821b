// Official transcripts (guide §5.2), the student's side and ARO's.
//
// requestTranscriptUpload — Input: the student, one of their study records, a file name (.pdf or
//   .json) and its size. Output: the transcript (Awaiting Upload) and the presigned POST for exactly
//   its object key. The verification hook takes it from there (check-transcript.ts).
// recordReceivedTranscript — the same for ARO staff: a University Record shared by URAO, OGL or a
//   school office, or a scan of a transcript Presented at ARO, with who received it and when.
// getMyTranscript / downloadTranscript — the student's own (ARO: anyone's); another student's id is not found.
//   A download is a presigned URL of the pinned copy (the exact bytes and version verified).
// listTranscriptsForAro — ARO's queue of one status, oldest first (Pending Review by default).
// getTranscriptForAro — the transcript with its verification report and its history.
// setTranscriptStatus — ARO assigns Verified, Pending Review, Unofficial or Rejected with a note:
//   one commit of the status under a version check, the transition checked, the audit event naming
//   the staff member, and the student's mail in the outbox.
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../commons/errors.js';
import { integrationEvent } from '../../integration/entities/integration-event.js';
import { type OutboxMessage, transcriptVerified } from '../../outbox/entities/outbox-item.js';
import type { StudyRecord } from '../../records/entities/student.js';
import type { AuditEvent } from '../../store/audit.js';
import { cleanFileName } from '../../uploads/use-cases/uploads.js';
import {
  type AroTranscript,
  type AroTranscriptStatus,
  maxTranscriptBytes,
  type StudentTranscript,
  type TranscriptSource,
  type TranscriptStatus,
  transcriptFileKinds,
  type UniversityOffice,
} from '../contracts.js';
import { assertTranscriptTransition } from '../domain/transcript-status.js';
import { type Transcript, transcriptObjectKey } from '../entities/transcript.js';
import type { StoredTrustList } from '../entities/trust-list.js';
import { statusChangeMail } from './transcript-mail.js';

export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
}

export interface TranscriptFiles {
  /** A POST form for exactly this key, accepting 1 to `maxBytes` bytes of `contentType`. */
  presignPost(key: string, maxBytes: number, contentType: string): Promise<PresignedPost>;
  /** A short-lived GET of exactly this object version, downloaded under the file's own name. */
  presignDownload(
    key: string,
    versionId: string | undefined,
    fileName: string,
  ): Promise<{ url: string; expiresAt: string }>;
}

/** What a status change commits besides the new state: who and why, and what must follow. */
export interface TranscriptChange {
  previous: Transcript | undefined;
  next: Transcript;
  audit: Omit<AuditEvent, 'eventId' | 'subjectPk' | 'subjectId'>;
  outbox: OutboxMessage[];
}

export interface TranscriptStore {
  getRecord(studentId: string, recordId: string): Promise<StudyRecord | undefined>;
  getStudentEmail(studentId: string): Promise<string | undefined>;
  get(studentId: string, transcriptId: string): Promise<Transcript | undefined>;
  /** One status's transcripts, oldest first. */
  queue(status: TranscriptStatus): Promise<Transcript[]>;
  history(studentId: string, transcriptId: string): Promise<AuditEvent[]>;
  /** Commits the change; false when the transcript changed meanwhile (its version moved). */
  commit(change: TranscriptChange): Promise<boolean>;
  getTrustList(institutionId: string): Promise<StoredTrustList>;
}

export interface TranscriptDeps {
  store: TranscriptStore;
  files: TranscriptFiles;
  now: () => Date;
}

export const toStudentTranscript = (t: Transcript): StudentTranscript => ({
  transcriptId: t.transcriptId,
  recordId: t.recordId,
  title: t.fileName,
  fileKind: t.fileKind,
  source: t.source,
  status: t.status,
  ...(t.statusNote ? { statusNote: t.statusNote } : {}),
  ...(t.notAcceptedReason ? { notAcceptedReason: t.notAcceptedReason } : {}),
  ...(t.sizeBytes !== undefined ? { sizeBytes: t.sizeBytes } : {}),
  addedAt: t.addedAt,
  updatedAt: t.updatedAt,
});

export const toAroTranscript = (t: Transcript): AroTranscript => ({
  ...toStudentTranscript(t),
  studentId: t.studentId,
  institutionId: t.institutionId,
  institutionName: t.institutionName,
  addedBy: t.addedBy,
  ...(t.receivedFrom ? { receivedFrom: t.receivedFrom } : {}),
  ...(t.report ? { report: t.report } : {}),
  ...(t.sha256 ? { sha256: t.sha256 } : {}),
  ...(t.statusBy ? { statusBy: t.statusBy } : {}),
  version: t.version,
});

interface NewFile {
  fileName: string;
  sizeBytes: number;
}

async function addTranscript(
  deps: TranscriptDeps,
  record: StudyRecord,
  file: NewFile,
  source: TranscriptSource,
  addedBy: string,
  receivedFrom?: UniversityOffice,
): Promise<{ transcript: Transcript; post: PresignedPost; maxBytes: number }> {
  const fileName = cleanFileName(file.fileName);
  const kind = /\.json$/i.test(fileName) ? 'json' : /\.pdf$/i.test(fileName) ? 'pdf' : undefined;
  if (!kind) throw ValidationError.of('body.fileName', 'must be a PDF (.pdf) or a JSON credential (.json)');
  if (file.sizeBytes > maxTranscriptBytes)
    throw ValidationError.of('body.sizeBytes', 'must be at most 10 MB');
  const transcriptId = randomUUID();
  const at = deps.now().toISOString();
  const transcript: Transcript = {
    studentId: record.studentId,
    recordId: record.recordId,
    transcriptId,
    institutionId: record.institutionId,
    institutionName: record.institutionName,
    fileName,
    fileKind: kind,
    objectKey: transcriptObjectKey(record.studentId, transcriptId, kind),
    source,
    ...(receivedFrom ? { receivedFrom } : {}),
    addedBy,
    addedAt: at,
    status: 'Awaiting Upload',
    updatedAt: at,
    version: 1,
  };
  const action =
    source === 'Uploaded by Student'
      ? 'Transcript upload started'
      : `Transcript recorded: ${source}${receivedFrom ? ` from ${receivedFrom}` : ''}`;
  await deps.store.commit({
    previous: undefined,
    next: transcript,
    audit: { at, actor: addedBy, action, to: transcript.status },
    outbox: [],
  });
  // The form takes at most the declared size (S3 enforces it; the hook checks again).
  const post = await deps.files.presignPost(transcript.objectKey, file.sizeBytes, transcriptFileKinds[kind]);
  return { transcript, post, maxBytes: maxTranscriptBytes };
}

async function recordOf(deps: TranscriptDeps, studentId: string, recordId: string): Promise<StudyRecord> {
  const record = await deps.store.getRecord(studentId, recordId);
  if (!record) throw new NotFoundError(`No study record ${recordId}`);
  return record;
}

export async function requestTranscriptUpload(
  deps: TranscriptDeps,
  studentId: string,
  recordId: string,
  file: NewFile,
) {
  const record = await recordOf(deps, studentId, recordId);
  const { transcript, post, maxBytes } = await addTranscript(
    deps,
    record,
    file,
    'Uploaded by Student',
    studentId,
  );
  return { transcript: toStudentTranscript(transcript), post, maxBytes };
}

export async function recordReceivedTranscript(
  deps: TranscriptDeps,
  staffId: string,
  studentId: string,
  recordId: string,
  received: NewFile &
    ({ source: 'University Record'; receivedFrom: UniversityOffice } | { source: 'Presented at ARO' }),
) {
  const record = await recordOf(deps, studentId, recordId);
  const { transcript, post, maxBytes } = await addTranscript(
    deps,
    record,
    received,
    received.source,
    staffId,
    received.source === 'University Record' ? received.receivedFrom : undefined,
  );
  return { transcript: toAroTranscript(transcript), post, maxBytes };
}

async function transcriptOf(deps: Pick<TranscriptDeps, 'store'>, studentId: string, transcriptId: string) {
  const transcript = await deps.store.get(studentId, transcriptId);
  if (!transcript) throw new NotFoundError(`No transcript ${transcriptId}`);
  return transcript;
}

export async function getMyTranscript(
  deps: Pick<TranscriptDeps, 'store'>,
  studentId: string,
  transcriptId: string,
) {
  return toStudentTranscript(await transcriptOf(deps, studentId, transcriptId));
}

/**
 * A short-lived link to the copy the hook pinned (the exact bytes and version verified): for the
 * student their own transcript, for ARO anyone's.
 */
export async function downloadTranscript(deps: TranscriptDeps, studentId: string, transcriptId: string) {
  const transcript = await transcriptOf(deps, studentId, transcriptId);
  if (!transcript.verifiedObjectKey) {
    throw new ConflictError(`Transcript ${transcript.transcriptId} has no accepted file to download`);
  }
  return deps.files.presignDownload(
    transcript.verifiedObjectKey,
    transcript.verifiedVersionId,
    transcript.fileName,
  );
}

export async function listTranscriptsForAro(deps: Pick<TranscriptDeps, 'store'>, status: TranscriptStatus) {
  const transcripts = await deps.store.queue(status);
  return { status, transcripts: transcripts.map(toAroTranscript) };
}

export async function getTranscriptForAro(
  deps: Pick<TranscriptDeps, 'store'>,
  studentId: string,
  transcriptId: string,
) {
  const [transcript, history] = await Promise.all([
    transcriptOf(deps, studentId, transcriptId),
    deps.store.history(studentId, transcriptId),
  ]);
  return { transcript: toAroTranscript(transcript), history };
}

export async function setTranscriptStatus(
  deps: Pick<TranscriptDeps, 'store' | 'now'>,
  staffId: string,
  studentId: string,
  transcriptId: string,
  decision: { status: AroTranscriptStatus; note?: string; internalNote?: string; version: number },
): Promise<AroTranscript> {
  const previous = await transcriptOf(deps, studentId, transcriptId);
  if (previous.version !== decision.version) {
    throw new ConflictError(
      `Transcript ${transcriptId} changed meanwhile (version ${previous.version}, not ${decision.version}); read it again`,
    );
  }
  assertTranscriptTransition(transcriptId, previous.status, decision.status);
  const at = deps.now().toISOString();
  const { statusNote: _previousNote, ...rest } = previous;
  const next: Transcript = {
    ...rest,
    status: decision.status,
    statusBy: staffId,
    ...(decision.note ? { statusNote: decision.note } : {}),
    updatedAt: at,
    version: previous.version + 1,
  };
  const email = await deps.store.getStudentEmail(studentId);
  const outbox: OutboxMessage[] =
    email && next.status !== previous.status ? [statusChangeMail(next, email)] : [];
  // What waits for the record's Verified transcript (ARO's processing of its applications) goes on.
  if (next.status === 'Verified' && previous.status !== 'Verified') {
    outbox.push(
      transcriptVerified(next, next.version),
      integrationEvent('Transcript Verified', `${next.transcriptId}:v${next.version}`, at, {
        studentId: next.studentId,
        recordId: next.recordId,
        transcriptId: next.transcriptId,
        institutionId: next.institutionId,
        source: next.source,
      }),
    );
  }
  const committed = await deps.store.commit({
    previous,
    next,
    audit: {
      at,
      actor: staffId,
      action: `Transcript status: ${decision.status}`,
      from: previous.status,
      to: decision.status,
      ...(decision.note ? { reason: decision.note } : {}),
      ...(decision.internalNote ? { internalNote: decision.internalNote } : {}),
    },
    outbox,
  });
  if (!committed) {
    throw new ConflictError(`Transcript ${transcriptId} changed meanwhile; read it again`);
  }
  return toAroTranscript(next);
}
