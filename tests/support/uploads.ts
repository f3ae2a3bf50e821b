import { S3Client } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { S3DocumentStorage } from '../../functions/uploads/adapters/document-storage.js';
import type { Upload } from '../../functions/uploads/entities/upload.js';
import { api } from './api.js';
import { eventually, runtimeEnv } from './aws.js';
import { validPdf } from './pdf-corpus.js';

/** A small, well-formed one-page PDF: what the upload hook verifies. */
export const pdfBytes = validPdf;

export interface UploadTicket {
  upload: Upload;
  post: { url: string; fields: Record<string, string> };
}

/** Sends bytes with a presigned POST form, as the browser does (the file last). */
export async function postForm(
  post: UploadTicket['post'],
  fileName: string,
  bytes: Buffer,
): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), fileName);
  return fetch(post.url, { method: 'POST', body: form });
}

/** The browser's way: ask for a presigned POST, then send the file straight to S3. */
export async function uploadFile(
  token: string,
  fileName: string,
  bytes: Buffer,
  declaredSize = Math.max(bytes.length, 1),
): Promise<UploadTicket> {
  const ticket = await api<UploadTicket>('POST', '/students/me/uploads', {
    token,
    body: { fileName, sizeBytes: declaredSize },
  });
  expect(ticket.status).toBe(201);
  const posted = await postForm(ticket.body.post, fileName, bytes);
  expect(posted.status).toBeLessThan(300);
  return ticket.body;
}

/** Waits for the upload hook's verdict. */
export async function checkedUpload(token: string, uploadId: string): Promise<Upload> {
  return eventually(async () => {
    const { body } = await api<Upload>('GET', `/students/me/uploads/${uploadId}`, { token });
    return body.status === 'Awaiting Upload' ? undefined : body;
  }, `upload ${uploadId} to be checked`);
}

/** A PDF uploaded and verified: an id a request may attach. */
export async function verifiedPdf(token: string, fileName = 'syllabus.pdf'): Promise<string> {
  const { upload } = await uploadFile(token, fileName, pdfBytes);
  expect((await checkedUpload(token, upload.uploadId)).status).toBe('Verified');
  return upload.uploadId;
}

/** The uploads bucket as the functions see it, through the same adapter reviewers' links come from. */
export function documentStorage(): { storage: S3DocumentStorage; s3: S3Client; bucket: string } {
  const env = runtimeEnv();
  const s3 = new S3Client({
    endpoint: env.AWS_ENDPOINT_URL_S3,
    region: env.AWS_REGION,
    forcePathStyle: true,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
    },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const bucket = env.UPLOADS_BUCKET ?? '';
  return { storage: new S3DocumentStorage(s3, bucket), s3, bucket };
}

/** The bytes a reviewer's document link serves for an upload. */
export async function servedBytes(upload: Upload): Promise<Buffer> {
  const url = await documentStorage().storage.presignedGet(upload.objectKey, upload.fileName);
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}
