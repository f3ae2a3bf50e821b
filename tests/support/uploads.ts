import { expect } from 'vitest';
import type { Upload } from '../../functions/uploads/entities/upload.js';
import { api } from './api.js';
import { eventually } from './aws.js';

/** The smallest file the upload hook accepts as a PDF. */
export const pdfBytes = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export interface UploadTicket {
  upload: Upload;
  post: { url: string; fields: Record<string, string> };
}

/** The browser's way: ask for a presigned POST, then send the file straight to S3. */
export async function uploadFile(
  token: string,
  fileName: string,
  bytes: Buffer,
  declaredSize = bytes.length,
): Promise<UploadTicket> {
  const ticket = await api<UploadTicket>('POST', '/students/me/uploads', {
    token,
    body: { fileName, sizeBytes: declaredSize },
  });
  expect(ticket.status).toBe(201);
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.body.post.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), fileName);
  const posted = await fetch(ticket.body.post.url, { method: 'POST', body: form });
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
