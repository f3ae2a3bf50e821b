import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { functionCatalog, uploadTriggers, verifiedUploadsPrefix } from '../../functions/catalog.js';
import { servedObjectKey } from '../../functions/uploads/adapters/document-storage.js';
import { type CheckLease, pinnedObjectKey, type Upload } from '../../functions/uploads/entities/upload.js';
import { checkUploadedDocument } from '../../functions/uploads/use-cases/check-upload.js';
import {
  checkLeaseSeconds,
  cleanFileName,
  type DocumentStorage,
  requestUpload,
  type UploadDeps,
  type UploadStore,
} from '../../functions/uploads/use-cases/uploads.js';
import { refusedCorpus, validPdf } from '../support/pdf-corpus.js';

// The upload use cases against in-memory stand-ins for the table and the bucket.
function setup() {
  const uploads = new Map<string, Upload & { lease?: CheckLease }>();
  const objects = new Map<string, Buffer>();
  const posts: { key: string; maxBytes: number }[] = [];
  let failNextPin = false;
  const store: UploadStore = {
    put: async (u) => void uploads.set(u.uploadId, u),
    get: async (_s, id) => {
      const found = uploads.get(id);
      if (!found) return undefined;
      const { lease: _lease, ...upload } = found;
      return upload;
    },
    lease: async (_s, id, lease, now) => {
      const u = uploads.get(id);
      if (u?.status !== 'Awaiting Upload') return 'decided';
      if (u.lease && u.lease.until >= now) return 'busy';
      uploads.set(id, { ...u, lease });
      return 'leased';
    },
    release: async (_s, id, leaseId) => {
      const u = uploads.get(id);
      if (u?.lease?.leaseId === leaseId) uploads.set(id, { ...u, lease: undefined } as Upload);
    },
    recordCheck: async (u, leaseId) => {
      const current = uploads.get(u.uploadId);
      if (current?.status !== 'Awaiting Upload' || current.lease?.leaseId !== leaseId) return false;
      uploads.set(u.uploadId, u);
      return true;
    },
  };
  const storage: DocumentStorage = {
    presignPost: async (key, maxBytes) => {
      posts.push({ key, maxBytes });
      return { url: 'https://s3.example/bucket', fields: { key } };
    },
    read: async (key, max) => {
      const o = objects.get(key);
      return o ? { head: o.subarray(0, max + 1), totalBytes: o.length } : undefined;
    },
    pin: async (key, bytes) => {
      if (failNextPin) {
        failNextPin = false;
        throw new Error('S3 is unavailable');
      }
      objects.set(key, Buffer.from(bytes));
    },
    remove: async (key) => void objects.delete(key),
  };
  let clock = new Date('2026-11-22T00:00:00Z');
  const deps: UploadDeps = { uploads: store, storage, now: () => clock };
  return {
    deps,
    uploads,
    objects,
    posts,
    failPinOnce: () => {
      failNextPin = true;
    },
    advance: (seconds: number) => {
      clock = new Date(clock.getTime() + seconds * 1000);
    },
    async issued(fileName = 'syllabus.pdf') {
      return (await requestUpload(deps, '20190001', { fileName, sizeBytes: validPdf.length })).upload;
    },
  };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the upload hook', () => {
  it('verifies a PDF, pins exactly its bytes and removes what was posted', async () => {
    const { deps, objects, issued } = setup();
    const upload = await issued();
    objects.set(upload.objectKey, validPdf);

    const checked = await checkUploadedDocument(deps, upload.objectKey);

    expect(checked).toMatchObject({
      status: 'Verified',
      sizeBytes: validPdf.length,
      sha256: sha256(validPdf),
      verifiedObjectKey: `verified/uploads/20190001/${upload.uploadId}.pdf`,
    });
    expect(objects.get(pinnedObjectKey(upload.objectKey))).toEqual(validPdf);
    expect(objects.has(upload.objectKey)).toBe(false);
  });

  it.each(refusedCorpus.map((c) => [c.name, c] as const))(
    'rejects %s with its reason and keeps nothing',
    async (_, file) => {
      const { deps, objects, issued } = setup();
      const upload = await issued(file.name);
      objects.set(upload.objectKey, file.bytes);

      const checked = await checkUploadedDocument(deps, upload.objectKey);

      expect(checked?.status).toBe('Rejected');
      expect(checked?.rejectionReason).toMatch(file.reason);
      expect(checked?.verifiedObjectKey).toBeUndefined();
      expect([...objects.keys()]).toEqual([]);
    },
  );

  it('keeps the verified bytes when the same form is posted again, and never judges the new file', async () => {
    const { deps, objects, issued } = setup();
    const upload = await issued();
    objects.set(upload.objectKey, validPdf);
    await checkUploadedDocument(deps, upload.objectKey);

    const html = Buffer.from('<html><script>alert(1)</script></html>');
    objects.set(upload.objectKey, html);
    const after = await checkUploadedDocument(deps, upload.objectKey);

    expect(after).toMatchObject({ status: 'Verified', sha256: sha256(validPdf), sizeBytes: validPdf.length });
    expect(objects.has(upload.objectKey)).toBe(false);
    expect(objects.get(pinnedObjectKey(upload.objectKey))).toEqual(validPdf);
  });

  it('does not let a rejected upload become verified by posting a good file afterwards', async () => {
    const { deps, objects, issued } = setup();
    const upload = await issued();
    objects.set(upload.objectKey, Buffer.from('MZ an executable'));
    await checkUploadedDocument(deps, upload.objectKey);

    objects.set(upload.objectKey, validPdf);
    const after = await checkUploadedDocument(deps, upload.objectKey);

    expect(after?.status).toBe('Rejected');
    expect([...objects.keys()]).toEqual([]);
  });

  it('judges the bytes it read when the object changed before its event came', async () => {
    // Given two posts of one form whose events arrive after the second write
    const { deps, objects, issued } = setup();
    const upload = await issued();
    objects.set(upload.objectKey, Buffer.from('<html>second write</html>'));

    // When the first event is handled, then the verdict is about what is stored now
    expect(await checkUploadedDocument(deps, upload.objectKey)).toMatchObject({ status: 'Rejected' });
    // and the second event changes nothing
    expect(await checkUploadedDocument(deps, upload.objectKey)).toMatchObject({ status: 'Rejected' });
  });

  it('leaves an upload to the check that holds it, and takes over once that check is presumed dead', async () => {
    const { deps, uploads, objects, issued, advance } = setup();
    const upload = await issued();
    objects.set(upload.objectKey, validPdf);
    const held = uploads.get(upload.uploadId) as Upload;
    uploads.set(upload.uploadId, { ...held, lease: { leaseId: 'other', until: '2026-11-22T00:01:00.000Z' } });

    expect(await checkUploadedDocument(deps, upload.objectKey)).toMatchObject({ status: 'Awaiting Upload' });
    expect(objects.has(upload.objectKey)).toBe(true);

    advance(checkLeaseSeconds + 1);
    expect(await checkUploadedDocument(deps, upload.objectKey)).toMatchObject({ status: 'Verified' });
  });

  it('gives the lease back when pinning fails, so the retry decides at once', async () => {
    const { deps, objects, issued, failPinOnce } = setup();
    const upload = await issued();
    objects.set(upload.objectKey, validPdf);
    failPinOnce();

    await expect(checkUploadedDocument(deps, upload.objectKey)).rejects.toThrow('S3 is unavailable');
    expect(await checkUploadedDocument(deps, upload.objectKey)).toMatchObject({ status: 'Verified' });
  });

  it('removes an object no upload was issued for, and one whose key names no upload', async () => {
    const { deps, objects } = setup();
    const unknown = 'uploads/20190001/11111111-1111-4111-8111-111111111111.pdf';
    const stray = 'uploads/20190001/nested/x.pdf';
    objects.set(unknown, validPdf);
    objects.set(stray, validPdf);
    expect(await checkUploadedDocument(deps, unknown)).toBeUndefined();
    expect(await checkUploadedDocument(deps, stray)).toBeUndefined();
    expect([...objects.keys()]).toEqual([]);
  });

  it('changes nothing when the posted object is already gone', async () => {
    const { deps, issued } = setup();
    const upload = await issued();
    expect(await checkUploadedDocument(deps, upload.objectKey)).toMatchObject({ status: 'Awaiting Upload' });
  });

  it('holds its lease longer than the hook may run', () => {
    expect(checkLeaseSeconds).toBeGreaterThan(functionCatalog['upload-hook'].timeoutSeconds);
  });
});

describe('asking for an upload', () => {
  it('cleans control and bidirectional-override characters out of the file name', async () => {
    const { deps } = setup();
    const { upload } = await requestUpload(deps, '20190001', {
      fileName: 'syllabus\u202Egpj.pdf',
      sizeBytes: 100,
    });
    expect(upload.fileName).toBe('syllabusgpj.pdf');
    expect(cleanFileName('a\u0000b\u001b[31m\u2066c\u2069\u200Bd\u0085 \r\n e.pdf')).toBe('ab[31mcd e.pdf');
  });

  it('refuses a name that is nothing but invisible characters, or that is no PDF once cleaned', async () => {
    const { deps } = setup();
    await expect(
      requestUpload(deps, '20190001', { fileName: '\u202E\u200B', sizeBytes: 100 }),
    ).rejects.toMatchObject({
      issues: [{ field: 'body.fileName', reason: 'is required' }],
    });
    await expect(
      requestUpload(deps, '20190001', { fileName: 'invoice.pdf\u202E.exe', sizeBytes: 100 }),
    ).rejects.toMatchObject({ issues: [{ field: 'body.fileName' }] });
  });

  it('signs a form for at most the declared size', async () => {
    const { deps, posts } = setup();
    const { upload } = await requestUpload(deps, '20190001', { fileName: 'a.pdf', sizeBytes: 1234 });
    expect(posts).toEqual([{ key: upload.objectKey, maxBytes: 1234 }]);
  });
});

describe('what is served', () => {
  it('is the pinned copy of an upload, never what was posted to its key', () => {
    const key = 'uploads/20190001/0f3e2a1c-1111-4111-8111-111111111111.pdf';
    expect(servedObjectKey(key)).toBe(`verified/${key}`);
    expect(servedObjectKey(`verified/${key}`)).toBe(`verified/${key}`);
    expect(() => servedObjectKey('somewhere/else.pdf')).toThrow(/Only verified documents/);
  });

  it('lives under a prefix that no upload trigger fires on', () => {
    for (const trigger of uploadTriggers) {
      expect(verifiedUploadsPrefix.startsWith(trigger.prefix)).toBe(false);
      expect(trigger.prefix.startsWith(verifiedUploadsPrefix)).toBe(false);
    }
  });
});
