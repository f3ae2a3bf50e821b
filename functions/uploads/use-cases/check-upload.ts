// checkUploadedDocument — Input: an object key S3 reported. Output: the upload's verdict. The hook
//   reads the bytes once, judges them, pins exactly those bytes under `verified/` when they pass,
//   records the verdict with their SHA-256, and removes the posted object. The first verdict is
//   final: a later write to the same key (the form posted again) is removed unjudged and never
//   inherits it, so what was verified is what is served. Objects nobody issued an upload for are
//   removed. Damaged or hostile files get a Rejected verdict, never an error.
//
// Only the upload hook imports this module: it is the one that carries the PDF parser.
import { createHash, randomUUID } from 'node:crypto';
import { maxDocumentBytes } from '../domain/limits.js';
import { checkPdf } from '../domain/pdf.js';
import { type CheckLease, parseUploadObjectKey, pinnedObjectKey, type Upload } from '../entities/upload.js';
import { checkLeaseSeconds, pdfContentType, type UploadDeps } from './uploads.js';

export async function checkUploadedDocument(
  deps: UploadDeps,
  objectKey: string,
): Promise<Upload | undefined> {
  const owner = parseUploadObjectKey(objectKey);
  // The record and the bytes are read together, one round trip instead of two; the bytes of an
  // object that turns out to be unjudgeable are simply dropped.
  const [upload, stored] = owner
    ? await Promise.all([
        deps.uploads.get(owner.studentId, owner.uploadId),
        deps.storage.read(objectKey, maxDocumentBytes),
      ])
    : [undefined, undefined];
  if (!owner || !upload) {
    // Nothing we issued a presigned POST for: not a document anyone may attach. Remove it.
    await deps.storage.remove(objectKey);
    return undefined;
  }
  if (upload.status !== 'Awaiting Upload') {
    // A write after the verdict (the same form posted again): it never inherits the verdict, and
    // the pinned copy of what was verified stays as it is.
    await deps.storage.remove(objectKey);
    return upload;
  }

  // Gone already: the check that removed it recorded (or will record) the verdict.
  if (!stored) return upload;
  const bytes = stored.head.subarray(0, maxDocumentBytes);
  const check = await checkPdf(stored.head, stored.totalBytes);

  // One check at a time pins and records, so the pinned bytes are always those of the verdict.
  const lease: CheckLease = {
    leaseId: randomUUID(),
    until: new Date(deps.now().getTime() + checkLeaseSeconds * 1000).toISOString(),
  };
  const outcome = await deps.uploads.lease(owner.studentId, owner.uploadId, lease, deps.now().toISOString());
  if (outcome === 'busy') {
    // Another check holds the upload; it removes whatever is at the key once it has recorded.
    return upload;
  }
  if (outcome === 'decided') {
    // Decided meanwhile; what we read is a later write (or the same bytes), never judged twice.
    await deps.storage.remove(objectKey);
    return deps.uploads.get(owner.studentId, owner.uploadId);
  }

  const pinnedKey = pinnedObjectKey(objectKey);
  const checked: Upload = {
    ...upload,
    status: check.ok ? 'Verified' : 'Rejected',
    sizeBytes: stored.totalBytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    checkedAt: deps.now().toISOString(),
    ...(check.ok ? { verifiedObjectKey: pinnedKey } : { rejectionReason: check.reason }),
  };
  try {
    // Pinned before the verdict is recorded, so a Verified upload always has its copy.
    if (check.ok) await deps.storage.pin(pinnedKey, bytes, pdfContentType);
    if (!(await deps.uploads.recordCheck(checked, lease.leaseId))) {
      throw new Error(
        `The check lease on upload ${upload.uploadId} was lost before its verdict was recorded`,
      );
    }
  } catch (error) {
    await deps.uploads.release(owner.studentId, owner.uploadId, lease.leaseId).catch(() => undefined);
    throw error;
  }
  // The posted object has served its purpose: only the pinned copy is read from now on.
  await deps.storage.remove(objectKey);
  return checked;
}
