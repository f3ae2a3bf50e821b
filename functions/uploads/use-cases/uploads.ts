// Supporting documents go up straight to S3 through a presigned POST and count as attached only once
// the upload hook has checked the stored bytes.
//
// requestUpload — Input: the student and the file's name and size. Output: the POST form (URL and
//   fields) scoped to `uploads/<studentId>/<uploadId>.pdf`. Records the upload as Awaiting Upload.
// checkUploadedDocument — Input: an object key S3 reported. Output: the upload marked Verified or
//   Rejected (a rejected object is deleted, as is an object no upload was issued for). Repeated
//   events for a checked upload change nothing.
// getUpload — the student's own upload; another student's id is simply not found.
import { randomUUID } from 'node:crypto';
import { NotFoundError, ValidationError } from '../../commons/errors.js';
import { checkPdf, maxDocumentBytes } from '../domain/pdf.js';
import { parseUploadObjectKey, type Upload, uploadObjectKey } from '../entities/upload.js';

export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
}

export interface DocumentStorage {
  presignPost(key: string, maxBytes: number, contentType: string): Promise<PresignedPost>;
  /** The object's size and first `maxBytes + 1` bytes (enough to tell it is too large), or undefined if gone. */
  read(key: string, maxBytes: number): Promise<{ head: Uint8Array; totalBytes: number } | undefined>;
  remove(key: string): Promise<void>;
}

export interface UploadStore {
  put(upload: Upload): Promise<void>;
  get(studentId: string, uploadId: string): Promise<Upload | undefined>;
  /** Records the check unless the upload was already checked; returns whether it did. */
  recordCheck(upload: Upload): Promise<boolean>;
}

export interface UploadDeps {
  uploads: UploadStore;
  storage: DocumentStorage;
  now: () => Date;
}

export const pdfContentType = 'application/pdf';

export async function requestUpload(
  deps: UploadDeps,
  studentId: string,
  file: { fileName: string; sizeBytes: number },
): Promise<{ upload: Upload; post: PresignedPost; maxBytes: number }> {
  if (!file.fileName.toLowerCase().endsWith('.pdf'))
    throw ValidationError.of('body.fileName', 'must be a PDF (.pdf)');
  if (file.sizeBytes > maxDocumentBytes) throw ValidationError.of('body.sizeBytes', 'must be at most 10 MB');
  const uploadId = randomUUID();
  const upload: Upload = {
    studentId,
    uploadId,
    fileName: file.fileName,
    objectKey: uploadObjectKey(studentId, uploadId),
    status: 'Awaiting Upload',
    createdAt: deps.now().toISOString(),
  };
  await deps.uploads.put(upload);
  const post = await deps.storage.presignPost(upload.objectKey, maxDocumentBytes, pdfContentType);
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

export async function checkUploadedDocument(
  deps: UploadDeps,
  objectKey: string,
): Promise<Upload | undefined> {
  const owner = parseUploadObjectKey(objectKey);
  if (!owner) return undefined;
  const upload = await deps.uploads.get(owner.studentId, owner.uploadId);
  if (!upload) {
    // Nothing we issued a presigned POST for: not a document anyone may attach. Remove it.
    await deps.storage.remove(objectKey);
    return undefined;
  }
  if (upload.status !== 'Awaiting Upload') return upload;

  const stored = await deps.storage.read(objectKey, maxDocumentBytes);
  if (!stored) return upload;
  const check = checkPdf(stored.head);
  const checked: Upload = {
    ...upload,
    status: check.ok ? 'Verified' : 'Rejected',
    sizeBytes: stored.totalBytes,
    checkedAt: deps.now().toISOString(),
    ...(check.ok ? {} : { rejectionReason: check.reason }),
  };
  if (!(await deps.uploads.recordCheck(checked))) return deps.uploads.get(owner.studentId, owner.uploadId);
  if (!check.ok) await deps.storage.remove(objectKey);
  return checked;
}
