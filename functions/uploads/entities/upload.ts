import { studentPk } from '../../records/entities/student.js';
import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';

export const uploadStatuses = ['Awaiting Upload', 'Verified', 'Rejected'] as const;
export type UploadStatus = (typeof uploadStatuses)[number];

/** A PDF a student uploads; it counts as attached only once the upload hook has verified it. */
export interface Upload {
  studentId: string;
  uploadId: string;
  fileName: string;
  /** The object key: `uploads/<studentId>/<uploadId>.pdf`, so a key names its owner. */
  objectKey: string;
  status: UploadStatus;
  sizeBytes?: number;
  rejectionReason?: string;
  createdAt: string;
  checkedAt?: string;
}

export const uploadObjectKey = (studentId: string, uploadId: string): string =>
  `uploads/${studentId}/${uploadId}.pdf`;

const objectKeyPattern = /^uploads\/([^/]+)\/([^/]+)\.pdf$/;

export function parseUploadObjectKey(key: string): { studentId: string; uploadId: string } | undefined {
  const match = objectKeyPattern.exec(key);
  return match ? { studentId: match[1] as string, uploadId: match[2] as string } : undefined;
}

export const UploadEntity = {
  type: 'Upload',
  key: (studentId: string, uploadId: string): Keys => ({
    pk: studentPk(studentId),
    sk: `UPLOAD#${uploadId}`,
  }),
  toItem: (u: Upload): StoredItem => ({
    ...UploadEntity.key(u.studentId, u.uploadId),
    type: UploadEntity.type,
    ...u,
  }),
  fromItem: (item: Record<string, unknown>): Upload => withoutKeys<Upload>(item),
};
