import { verifiedUploadsPrefix } from '../../catalog.js';
import { studentPk } from '../../records/entities/student.js';
import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';
import type { TranscriptSource, TranscriptStatus, UniversityOffice } from '../contracts.js';
import type { VerificationReport } from '../verification/report.js';

/**
 * An official transcript of one study record (guide §5.2): the file, how ARO received it, what the
 * verification hook found and what ARO decided. The verdict belongs to exact bytes: their SHA-256 is
 * recorded, and the copy that is served is pinned at `verifiedObjectKey` (the bucket's version too).
 */
export interface Transcript {
  studentId: string;
  recordId: string;
  transcriptId: string;
  institutionId: string;
  institutionName: string;
  fileName: string;
  fileKind: 'pdf' | 'json';
  /** Where the presigned POST writes: `transcripts/<studentId>/<transcriptId>.<pdf|json>`. */
  objectKey: string;
  source: TranscriptSource;
  receivedFrom?: UniversityOffice;
  /** The student id, or the ARO staff id who recorded it. */
  addedBy: string;
  addedAt: string;
  status: TranscriptStatus;
  /** Who set the status: `verification hook`, or an ARO staff id. */
  statusBy?: string;
  statusNote?: string;
  notAcceptedReason?: string;
  sizeBytes?: number;
  sha256?: string;
  report?: VerificationReport;
  verifiedObjectKey?: string;
  verifiedVersionId?: string;
  updatedAt: string;
  version: number;
}

export const transcriptObjectKey = (studentId: string, transcriptId: string, kind: 'pdf' | 'json'): string =>
  `transcripts/${studentId}/${transcriptId}.${kind}`;

const objectKeyPattern = /^transcripts\/(\d{8})\/([0-9a-f-]{36})\.(pdf|json)$/;

export function parseTranscriptObjectKey(
  key: string,
): { studentId: string; transcriptId: string; kind: 'pdf' | 'json' } | undefined {
  const match = objectKeyPattern.exec(key);
  if (!match) return undefined;
  return {
    studentId: match[1] as string,
    transcriptId: match[2] as string,
    kind: match[3] as 'pdf' | 'json',
  };
}

/**
 * Where one check pins the bytes it read: under `verified/`, which no presigned form can write, and
 * named by the check, so two checks racing on one upload never overwrite each other's copy.
 */
export const pinnedTranscriptKey = (objectKey: string, checkId: string): string =>
  `${verifiedUploadsPrefix}${objectKey.replace(/\.(pdf|json)$/, '')}/${checkId}.${objectKey.endsWith('.json') ? 'json' : 'pdf'}`;

export const TranscriptEntity = {
  type: 'Transcript',
  /**
   * Keyed by id in the student's partition, so a path needs no record; a record's transcripts are
   * the few of the student's that name it (one Query of the prefix).
   */
  skPrefix: 'TRANSCRIPT#',
  /** ARO's queues: one partition per status, oldest first. */
  statusQueue: (status: TranscriptStatus) => `TRANSCRIPTS#${status}`,
  key: (studentId: string, transcriptId: string): Keys => ({
    pk: studentPk(studentId),
    sk: `${TranscriptEntity.skPrefix}${transcriptId}`,
  }),
  toItem: (t: Transcript): StoredItem => ({
    ...TranscriptEntity.key(t.studentId, t.transcriptId),
    type: TranscriptEntity.type,
    gsi1pk: TranscriptEntity.statusQueue(t.status),
    gsi1sk: `${t.addedAt}#${t.transcriptId}`,
    ...t,
  }),
  fromItem: (item: Record<string, unknown>): Transcript => withoutKeys<Transcript>(item),
};
