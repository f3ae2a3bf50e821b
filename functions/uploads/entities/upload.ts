import { verifiedUploadsPrefix } from '../../catalog.js';
import { studentPk } from '../../records/entities/student.js';
import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';

// The status list is the API contract's (uploads/contracts.ts).
export { type UploadStatus, uploadStatuses } from '../contracts.js';

import type { UploadStatus } from '../contracts.js';

/**
 * A PDF a student uploads; it counts as attached only once the upload hook has verified it. The
 * verdict belongs to the bytes the hook read: their SHA-256 is recorded, and a Verified upload's
 * bytes are pinned at `verifiedObjectKey`, the only copy ever served or attached.
 */
export interface Upload {
  studentId: string;
  uploadId: string;
  fileName: string;
  /** Where the presigned POST writes: `uploads/<studentId>/<uploadId>.pdf`, so a key names its owner. */
  objectKey: string;
  status: UploadStatus;
  sizeBytes?: number;
  rejectionReason?: string;
  /** SHA-256 (hex) of the bytes the verdict is about. */
  sha256?: string;
  /** The pinned copy of the verified bytes, under a prefix no presigned form can write. */
  verifiedObjectKey?: string;
  createdAt: string;
  checkedAt?: string;
}

export const uploadObjectKey = (studentId: string, uploadId: string): string =>
  `uploads/${studentId}/${uploadId}.pdf`;

/**
 * Where the verified bytes of an object key are pinned: the same key under `verified/`. Presigned
 * forms are signed only for the upload prefixes (the student API may write nothing else), and the
 * upload triggers never fire on this prefix, so the pinned copy is written once, by the hook.
 */
export const pinnedObjectKey = (objectKey: string): string => `${verifiedUploadsPrefix}${objectKey}`;

const objectKeyPattern = /^uploads\/([^/]+)\/([^/]+)\.pdf$/;

export function parseUploadObjectKey(key: string): { studentId: string; uploadId: string } | undefined {
  const match = objectKeyPattern.exec(key);
  return match ? { studentId: match[1] as string, uploadId: match[2] as string } : undefined;
}

/** The lease the hook takes while it pins and records a verdict (stored beside the upload, never shown). */
export interface CheckLease {
  leaseId: string;
  until: string;
}

const leaseAttributes = { id: 'checkLeaseId', until: 'checkLeaseUntil' } as const;

export const UploadEntity = {
  type: 'Upload',
  key: (studentId: string, uploadId: string): Keys => ({
    pk: studentPk(studentId),
    sk: `UPLOAD#${uploadId}`,
  }),
  leaseAttributes,
  toItem: (u: Upload): StoredItem => ({
    ...UploadEntity.key(u.studentId, u.uploadId),
    type: UploadEntity.type,
    ...u,
  }),
  fromItem: (item: Record<string, unknown>): Upload => {
    const { [leaseAttributes.id]: _id, [leaseAttributes.until]: _until, ...rest } = item;
    return withoutKeys<Upload>(rest);
  },
};
