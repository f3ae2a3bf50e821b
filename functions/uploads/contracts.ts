import * as z from 'zod/mini';
import { errorBody, fileToPostBody, jsonOperation, lazySchema } from '../commons/contracts.js';

// Supporting documents (guide §4.2): the browser asks for a presigned POST, sends the PDF straight to
// the document store, then polls until the upload hook has checked the stored bytes.

export const uploadStatuses = ['Awaiting Upload', 'Verified', 'Rejected'] as const;
/** The largest document accepted: the presigned POST's policy and the hook both hold to it. */
export const maxUploadBytes = 10 * 1024 * 1024;

export const uploadId = lazySchema(() => z.uuid({ message: 'must be an upload id' }));

export const upload = lazySchema(() =>
  z.object({
    studentId: z.string(),
    uploadId: z.string(),
    fileName: z.string(),
    objectKey: z.string().check(z.describe('uploads/<studentId>/<uploadId>.pdf')),
    status: z.enum(uploadStatuses),
    sizeBytes: z.optional(z.number()),
    rejectionReason: z
      .optional(z.string())
      .check(z.describe('Why the upload hook refused the file, in words')),
    sha256: z.optional(z.string()).check(z.describe('SHA-256 (hex) of the bytes the verdict is about')),
    createdAt: z.string(),
    checkedAt: z.optional(z.string()),
  }),
);

/** The answer to createUpload: where the browser sends the file itself (the file field last). */
export const uploadTicket = lazySchema(() =>
  z.object({
    upload,
    post: z.object({ url: z.string(), fields: z.record(z.string(), z.string()) }),
    maxBytes: z.number(),
  }),
);

export const uploadContracts = {
  createUpload: jsonOperation(() => ({
    request: z.object({
      body: fileToPostBody({ maxBytes: maxUploadBytes, maxSize: '10 MB' }),
    }),
    responses: { 201: uploadTicket },
    errors: { 413: errorBody },
  })),
  getUpload: jsonOperation(() => ({
    request: z.object({ path: z.object({ uploadId }) }),
    responses: { 200: upload },
  })),
} as const;

export type UploadStatus = (typeof uploadStatuses)[number];
export type Upload = z.infer<typeof upload>;
export type UploadTicket = z.infer<typeof uploadTicket>;
