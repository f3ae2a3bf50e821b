// checkUploadedTranscript — the transcript verification hook (guide §5.2). Input: an object key S3
//   reported under `transcripts/`. Reads the bytes once, verifies them against the institution's
//   trust list, pins exactly those bytes under `verified/` (a key of this check's own), and commits
//   the outcome as one state change: Pending Review with the report (ARO decides; the hook never
//   sets Verified) and the student's mail, or Not Accepted with the reason. The first outcome is
//   final: a later write to the same key is removed unjudged. Two checks racing on one upload both
//   verify, one commits (the version check), the other removes its copy. Only a failure of S3 or
//   DynamoDB throws (Lambda retries); a hostile file gets an outcome like any other.
import { createHash, randomUUID } from 'node:crypto';
import { maxTranscriptBytes, transcriptFileKinds } from '../contracts.js';
import { parseTranscriptObjectKey, pinnedTranscriptKey, type Transcript } from '../entities/transcript.js';
import type { TrustList } from '../verification/report.js';
import type { FileVerdict } from '../verification/verify.js';
import { statusChangeMail } from './transcript-mail.js';
import type { TranscriptStore } from './transcripts.js';

export interface StoredFiles {
  /** The object's size and first `maxBytes + 1` bytes, or undefined if gone. */
  read(key: string, maxBytes: number): Promise<{ head: Uint8Array; totalBytes: number } | undefined>;
  /** Writes these very bytes at a key no presigned form can write; answers the object version. */
  pin(key: string, bytes: Uint8Array, contentType: string): Promise<{ versionId?: string }>;
  remove(key: string): Promise<void>;
}

export interface CheckTranscriptDeps {
  store: TranscriptStore;
  files: StoredFiles;
  verify: (bytes: Uint8Array, kind: 'pdf' | 'json', trust: TrustList, now: Date) => Promise<FileVerdict>;
  /**
   * Starts loading the verifier of a file of this kind, so that on a cold start its code is read
   * and compiled while the record, the file and the trust list are on their way.
   */
  prepareVerifier?: (kind: 'pdf' | 'json') => void;
  now: () => Date;
}

export const verificationHook = 'verification hook';

export async function checkUploadedTranscript(
  deps: CheckTranscriptDeps,
  objectKey: string,
): Promise<Transcript | undefined> {
  const owner = parseTranscriptObjectKey(objectKey);
  if (owner) deps.prepareVerifier?.(owner.kind);
  const transcript = owner && (await deps.store.get(owner.studentId, owner.transcriptId));
  if (!owner || !transcript || transcript.objectKey !== objectKey) {
    // Nothing CTS issued a form for: not a transcript anyone may attach.
    await deps.files.remove(objectKey);
    return undefined;
  }
  if (transcript.status !== 'Awaiting Upload') {
    // A write after the outcome (the form posted again) never inherits it.
    await deps.files.remove(objectKey);
    return transcript;
  }
  const [stored, trust] = await Promise.all([
    deps.files.read(objectKey, maxTranscriptBytes),
    deps.store.getTrustList(transcript.institutionId),
  ]);
  if (!stored) return transcript;

  const now = deps.now();
  const bytes = stored.head.subarray(0, maxTranscriptBytes);
  const verdict: FileVerdict =
    stored.totalBytes > maxTranscriptBytes
      ? { accepted: false, reason: 'The file is larger than 10 MB.' }
      : await deps.verify(bytes, owner.kind, trust, now);

  // The verifier hashed what it verified; only a file it did not accept is hashed here.
  const sha256 = verdict.accepted ? verdict.report.sha256 : createHash('sha256').update(bytes).digest('hex');
  const pinnedKey = pinnedTranscriptKey(objectKey, randomUUID());
  const [pinned, email] = verdict.accepted
    ? await Promise.all([
        deps.files.pin(pinnedKey, bytes, transcriptFileKinds[owner.kind]),
        deps.store.getStudentEmail(transcript.studentId),
      ])
    : [undefined, undefined];
  const at = now.toISOString();
  const next: Transcript = verdict.accepted
    ? {
        ...transcript,
        status: 'Pending Review',
        statusBy: verificationHook,
        report: verdict.report,
        sizeBytes: stored.totalBytes,
        sha256,
        verifiedObjectKey: pinnedKey,
        ...(pinned?.versionId ? { verifiedVersionId: pinned.versionId } : {}),
        updatedAt: at,
        version: transcript.version + 1,
      }
    : {
        ...transcript,
        status: 'Not Accepted',
        statusBy: verificationHook,
        notAcceptedReason: verdict.reason,
        sizeBytes: stored.totalBytes,
        sha256,
        updatedAt: at,
        version: transcript.version + 1,
      };
  const committed = await deps.store.commit({
    previous: transcript,
    next,
    audit: {
      at,
      actor: verificationHook,
      action: verdict.accepted
        ? `Transcript checked: ${verdict.report.summary} Recommends ${verdict.report.recommendation}.`
        : `Transcript not accepted: ${verdict.reason}`,
      from: transcript.status,
      to: next.status,
    },
    outbox: email ? [statusChangeMail(next, email)] : [],
  });
  if (!committed) {
    // Another check of this upload committed first; its copy is the one served.
    if (pinned) await deps.files.remove(pinnedKey);
    return deps.store.get(transcript.studentId, transcript.transcriptId);
  }
  await deps.files.remove(objectKey);
  return next;
}
