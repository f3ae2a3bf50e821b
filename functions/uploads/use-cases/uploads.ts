// Supporting documents go up straight to S3 through a presigned POST and count as attached only once
// the upload hook has checked the stored bytes (DESIGN decision 6).
//
// requestUpload — Input: the student and the file's name and size. Output: the POST form (URL and
//   fields) for exactly `uploads/<studentId>/<uploadId>.pdf`, at most the declared size, valid for
//   minutes. Records the upload as Awaiting Upload, its file name cleaned of control and
//   bidirectional-override characters.
// checkUploadedDocument (check-upload.ts, the upload hook's; kept apart so that only the hook's
//   bundle carries the PDF parser).
// getUpload — the student's own upload; another student's id is simply not found.
import { randomUUID } from 'node:crypto';
import { NotFoundError, ValidationError } from '../../commons/errors.js';
import { maxDocumentBytes } from '../domain/limits.js';
import { type CheckLease, type Upload, uploadObjectKey } from '../entities/upload.js';

export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
}

export interface DocumentStorage {
  /** A POST form for exactly this key, accepting 1 to `maxBytes` bytes of `contentType`. */
  presignPost(key: string, maxBytes: number, contentType: string): Promise<PresignedPost>;
  /** The object's size and first `maxBytes + 1` bytes (enough to tell it is too large), or undefined if gone. */
  read(key: string, maxBytes: number): Promise<{ head: Uint8Array; totalBytes: number } | undefined>;
  /** Writes these very bytes at a key no presigned form can write. */
  pin(key: string, bytes: Uint8Array, contentType: string): Promise<unknown>;
  remove(key: string): Promise<void>;
}

export type LeaseOutcome = 'leased' | 'busy' | 'decided';

export interface UploadStore {
  put(upload: Upload): Promise<void>;
  get(studentId: string, uploadId: string): Promise<Upload | undefined>;
  /**
   * Takes the check lease of an upload still Awaiting Upload whose lease is free or expired at
   * `now`: 'busy' if another check holds it, 'decided' if a verdict is recorded.
   */
  lease(studentId: string, uploadId: string, lease: CheckLease, now: string): Promise<LeaseOutcome>;
  /** Gives a lease back (after a failure), so a retry need not wait for it to expire. */
  release(studentId: string, uploadId: string, leaseId: string): Promise<void>;
  /** Records the verdict (dropping the lease) if this lease still holds; returns whether it did. */
  recordCheck(upload: Upload, leaseId: string): Promise<boolean>;
}

export interface UploadDeps {
  uploads: UploadStore;
  storage: DocumentStorage;
  now: () => Date;
}

export const pdfContentType = 'application/pdf';

/** Long enough to read 10 MB and parse it, short enough that a browser posting it right away is fine. */
export const postValidSeconds = 5 * 60;

/**
 * How long a check holds an upload: twice the hook's timeout (30 s), so a live check never loses it,
 * while a crashed one frees it before Lambda's second retry (two minutes later).
 */
export const checkLeaseSeconds = 60;

// C0/C1 controls, format characters (bidirectional overrides and isolates, zero-width characters,
// the BOM) and line/paragraph separators: invisible, or able to make "gpj.pdf" read as "fdp.jpg".
const unsafeNameCharacters = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** The file name as it will be shown to reviewers: visible characters only, normalised. */
export function cleanFileName(fileName: string): string {
  return fileName.normalize('NFC').replace(unsafeNameCharacters, '').replace(/\s+/g, ' ').trim();
}

export async function requestUpload(
  deps: UploadDeps,
  studentId: string,
  file: { fileName: string; sizeBytes: number },
): Promise<{ upload: Upload; post: PresignedPost; maxBytes: number }> {
  const fileName = cleanFileName(file.fileName);
  if (fileName.length === 0) throw ValidationError.of('body.fileName', 'is required');
  if (!fileName.toLowerCase().endsWith('.pdf'))
    throw ValidationError.of('body.fileName', 'must be a PDF (.pdf)');
  if (file.sizeBytes > maxDocumentBytes) throw ValidationError.of('body.sizeBytes', 'must be at most 10 MB');
  const uploadId = randomUUID();
  const upload: Upload = {
    studentId,
    uploadId,
    fileName,
    objectKey: uploadObjectKey(studentId, uploadId),
    status: 'Awaiting Upload',
    createdAt: deps.now().toISOString(),
  };
  await deps.uploads.put(upload);
  // The form takes at most the size the browser declared (S3 enforces it; the hook checks again).
  const post = await deps.storage.presignPost(upload.objectKey, file.sizeBytes, pdfContentType);
  return { upload, post, maxBytes: maxDocumentBytes };
}

export async function getUpload(
  deps: Pick<UploadDeps, 'uploads'>,
  studentId: string,
  uploadId: string,
): Promise<Upload> {
  const upload = await deps.uploads.get(studentId, uploadId);
  if (!upload) throw new NotFoundError(`No upload ${uploadId}`);
  return upload;
}
