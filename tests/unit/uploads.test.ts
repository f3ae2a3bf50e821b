import { describe, expect, it } from 'vitest';
import type { Upload } from '../../functions/uploads/entities/upload.js';
import {
  checkUploadedDocument,
  type DocumentStorage,
  requestUpload,
  type UploadDeps,
  type UploadStore,
} from '../../functions/uploads/use-cases/uploads.js';

// The upload use cases against in-memory stand-ins for the table and the bucket.
function setup() {
  const uploads = new Map<string, Upload>();
  const objects = new Map<string, Buffer>();
  const store: UploadStore = {
    put: async (u) => void uploads.set(u.uploadId, u),
    get: async (_s, id) => uploads.get(id),
    recordCheck: async (u) => {
      if (uploads.get(u.uploadId)?.status !== 'Awaiting Upload') return false;
      uploads.set(u.uploadId, u);
      return true;
    },
  };
  const storage: DocumentStorage = {
    presignPost: async (key) => ({ url: 'https://s3.example/bucket', fields: { key } }),
    read: async (key, max) => {
      const o = objects.get(key);
      return o ? { head: o.subarray(0, max + 1), totalBytes: o.length } : undefined;
    },
    remove: async (key) => void objects.delete(key),
  };
  const deps: UploadDeps = { uploads: store, storage, now: () => new Date('2026-11-22T00:00:00Z') };
  return { deps, uploads, objects };
}

const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');

describe('upload checks', () => {
  it('verifies once, and a repeated S3 event changes nothing', async () => {
    const { deps, objects } = setup();
    const { upload } = await requestUpload(deps, '20190001', {
      fileName: 'syllabus.pdf',
      sizeBytes: pdf.length,
    });
    objects.set(upload.objectKey, pdf);
    expect(await checkUploadedDocument(deps, upload.objectKey)).toMatchObject({ status: 'Verified' });
    objects.set(upload.objectKey, Buffer.from('replaced with something else'));
    expect(await checkUploadedDocument(deps, upload.objectKey)).toMatchObject({
      status: 'Verified',
      sizeBytes: pdf.length,
    });
  });

  it('deletes a rejected file so nobody reads it later', async () => {
    const { deps, objects } = setup();
    const { upload } = await requestUpload(deps, '20190001', { fileName: 'a.pdf', sizeBytes: 10 });
    objects.set(upload.objectKey, Buffer.from('MZ an executable'));
    expect(await checkUploadedDocument(deps, upload.objectKey)).toMatchObject({ status: 'Rejected' });
    expect(objects.has(upload.objectKey)).toBe(false);
  });

  it('removes an object no upload was issued for', async () => {
    const { deps, objects } = setup();
    const key = 'uploads/20190001/11111111-1111-4111-8111-111111111111.pdf';
    objects.set(key, pdf);
    expect(await checkUploadedDocument(deps, key)).toBeUndefined();
    expect(objects.has(key)).toBe(false);
  });
});
