import { randomInt } from 'node:crypto';
import { HeadObjectCommand, NotFound } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Upload } from '../../functions/uploads/entities/upload.js';
import { demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { eventually } from '../support/aws.js';
import { firstRecord } from '../support/fixtures.js';
import { refusedCorpus } from '../support/pdf-corpus.js';
import {
  checkedUpload as checked,
  documentStorage,
  pdfBytes,
  postForm,
  servedBytes,
  uploadFile,
} from '../support/uploads.js';

const [student, otherStudent] = demoStudents;
type Issues = { issues: { field: string; reason: string }[] };

let token: string;
let recordId: string;

/** Submits a new mapping request attaching the upload, as the Course Mapping Request form does. */
const submitWith = (uploadId: string) =>
  api<Issues>('POST', `/students/me/records/${recordId}/mapping-requests`, {
    token,
    body: {
      submit: true,
      incomingCourses: [
        {
          code: `UPL${randomInt(10_000, 99_999)}`,
          title: 'Engineering Thermodynamics',
          credits: 4,
          creditUnit: 'ECTS',
          documentIds: [uploadId],
        },
      ],
      homeCourseCodes: ['MECH2310'],
    },
  });

async function objectExists(key: string): Promise<boolean> {
  const { s3, bucket } = documentStorage();
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if (
      error instanceof NotFound ||
      (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
    )
      return false;
    throw error;
  }
}

beforeAll(async () => {
  if (!student || !otherStudent) throw new Error('the seed needs two demo students');
  token = await signIn(student.studentId);
  recordId = (await firstRecord(token)).recordId;
});

describe('PDF uploads through S3 and the upload hook', () => {
  it('verifies a real PDF once S3 reports it, serves exactly its bytes, and lets a request attach it', async () => {
    const { upload } = await uploadFile(token, 'CCN2046_syllabus.pdf', pdfBytes);
    expect(upload.objectKey).toBe(`uploads/${student?.studentId}/${upload.uploadId}.pdf`);
    const result = await checked(token, upload.uploadId);
    expect(result).toMatchObject({ status: 'Verified', sizeBytes: pdfBytes.length });
    expect(await servedBytes(result)).toEqual(pdfBytes);
    expect((await submitWith(upload.uploadId)).status).toBe(201);
  });

  // Given each hostile or broken file of the corpus posted through a presigned form,
  // when the hook has judged it,
  // then the student sees it Rejected with the reason, and no mapping request can attach it.
  it.each(refusedCorpus.map((c) => [c.name, c] as const))(
    'refuses %s with its reason, and no request can attach it',
    async (_, file) => {
      const { upload } = await uploadFile(token, file.name, file.bytes);
      const result = await checked(token, upload.uploadId);
      expect(result.status).toBe('Rejected');
      expect(result.rejectionReason).toMatch(file.reason);

      const attached = await submitWith(upload.uploadId);
      expect(attached.status).toBe(400);
      expect(attached.body.issues).toContainEqual({
        field: 'body.incomingCourses.0.documentIds.0',
        reason: expect.stringContaining(file.name),
      });
      expect(await objectExists(upload.objectKey)).toBe(false);
    },
  );

  it('keeps serving the verified bytes when the same form is posted again with an HTML page', async () => {
    // Given a verified upload
    const ticket = await uploadFile(token, 'syllabus-v1.pdf', pdfBytes);
    const verified = await checked(token, ticket.upload.uploadId);
    expect(verified.status).toBe('Verified');

    // When the same presigned form is posted again with something else
    const html = Buffer.from(
      '<html><!-- %PDF-1.7 --><script>alert(document.cookie)</script></html>\n%%EOF\n',
    );
    expect((await postForm(ticket.post, 'syllabus-v1.pdf', html)).status).toBeLessThan(300);
    await eventually(
      async () => ((await objectExists(ticket.upload.objectKey)) ? undefined : true),
      'the hook to remove the second post',
    );

    // Then the verdict still names the first bytes, and those are what is served and attached
    const after = (await api<Upload>('GET', `/students/me/uploads/${ticket.upload.uploadId}`, { token }))
      .body;
    expect(after).toMatchObject({ status: 'Verified', sizeBytes: pdfBytes.length, sha256: verified.sha256 });
    expect(await servedBytes(after)).toEqual(pdfBytes);
    expect((await submitWith(ticket.upload.uploadId)).status).toBe(201);
    expect(await servedBytes(after)).toEqual(pdfBytes);
  });

  it('removes an object posted under a key no upload was issued for', async () => {
    const ticket = await uploadFile(token, 'real.pdf', pdfBytes);
    await checked(token, ticket.upload.uploadId);
    // A form whose key is edited: s3rver, unlike S3, does not enforce the policy's exact key.
    const forged = `uploads/${student?.studentId}/00000000-0000-4000-8000-${String(randomInt(1e11)).padStart(12, '0')}.pdf`;
    expect(
      (await postForm({ ...ticket.post, fields: { ...ticket.post.fields, key: forged } }, 'x.pdf', pdfBytes))
        .status,
    ).toBeLessThan(300);
    await eventually(
      async () => ((await objectExists(forged)) ? undefined : true),
      'the hook to remove the stray object',
    );
  });

  it('rejects a stored file over 10 MB even if the POST policy let it through', async () => {
    // s3rver does not enforce the presigned POST policy (S3 does); the hook re-checks the size.
    const big = Buffer.alloc(10 * 1024 * 1024 + 1024, 32);
    pdfBytes.copy(big);
    Buffer.from('%%EOF\n').copy(big, big.length - 8);
    const { upload } = await uploadFile(token, 'huge.pdf', big, 1024);
    const result = await checked(token, upload.uploadId);
    expect(result).toMatchObject({
      status: 'Rejected',
      rejectionReason: 'The file is larger than 10 MB.',
      sizeBytes: big.length,
    });
  });

  it('cleans the file name of bidirectional overrides before anyone sees it', async () => {
    const ticket = await api<{ upload: Upload }>('POST', '/students/me/uploads', {
      token,
      body: { fileName: 'syllabus\u202Egpj.pdf', sizeBytes: 100 },
    });
    expect(ticket.status).toBe(201);
    expect(ticket.body.upload.fileName).toBe('syllabusgpj.pdf');
  });

  it('refuses a declared size over 10 MB and a non-PDF name', async () => {
    const big = await api<Issues>('POST', '/students/me/uploads', {
      token,
      body: { fileName: 'big.pdf', sizeBytes: 10 * 1024 * 1024 + 1 },
    });
    expect(big.status).toBe(400);
    expect(big.body.issues[0]?.field).toBe('body.sizeBytes');
    const docx = await api<Issues>('POST', '/students/me/uploads', {
      token,
      body: { fileName: 'syllabus.docx', sizeBytes: 1000 },
    });
    expect(docx.status).toBe(400);
    expect(docx.body.issues[0]?.field).toBe('body.fileName');
  });

  it("does not show one student another student's upload", async () => {
    const { upload } = await uploadFile(token, 'mine.pdf', pdfBytes);
    const response = await api('GET', `/students/me/uploads/${upload.uploadId}`, {
      token: await signIn(otherStudent?.studentId ?? ''),
    });
    expect(response.status).toBe(404);
  });
});
