import { describe, expect, it } from 'vitest';
import { demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { checkedUpload as checked, pdfBytes, uploadFile } from '../support/uploads.js';

const [student, otherStudent] = demoStudents;

describe('PDF uploads through S3 and the upload hook', () => {
  if (!student || !otherStudent) throw new Error('the seed needs two demo students');

  it('verifies a real PDF once S3 reports it', async () => {
    const token = await signIn(student.studentId);
    const { upload } = await uploadFile(token, 'CCN2046_syllabus.pdf', pdfBytes);
    expect(upload.objectKey).toBe(`uploads/${student.studentId}/${upload.uploadId}.pdf`);
    const result = await checked(token, upload.uploadId);
    expect(result).toMatchObject({ status: 'Verified', sizeBytes: pdfBytes.length });
  });

  it('rejects a file that only claims to be a PDF', async () => {
    const token = await signIn(student.studentId);
    const { upload } = await uploadFile(token, 'not-really.pdf', Buffer.from('<html>hello</html>'));
    const result = await checked(token, upload.uploadId);
    expect(result).toMatchObject({ status: 'Rejected', rejectionReason: 'The file is not a PDF' });
  });

  it('rejects a stored file over 10 MB even if the POST policy let it through', async () => {
    // s3rver does not enforce the presigned POST policy (S3 does); the hook re-checks the size.
    const token = await signIn(student.studentId);
    const big = Buffer.alloc(10 * 1024 * 1024 + 1024, 32);
    pdfBytes.copy(big);
    Buffer.from('%%EOF\n').copy(big, big.length - 8);
    const { upload } = await uploadFile(token, 'huge.pdf', big, 1024);
    const result = await checked(token, upload.uploadId);
    expect(result).toMatchObject({
      status: 'Rejected',
      rejectionReason: 'The file is larger than 10 MB',
      sizeBytes: big.length,
    });
  });

  it('refuses a declared size over 10 MB and a non-PDF name', async () => {
    const token = await signIn(student.studentId);
    const big = await api<{ issues: { field: string }[] }>('POST', '/students/me/uploads', {
      token,
      body: { fileName: 'big.pdf', sizeBytes: 10 * 1024 * 1024 + 1 },
    });
    expect(big.status).toBe(400);
    expect(big.body.issues[0]?.field).toBe('body.sizeBytes');
    const docx = await api<{ issues: { field: string }[] }>('POST', '/students/me/uploads', {
      token,
      body: { fileName: 'syllabus.docx', sizeBytes: 1000 },
    });
    expect(docx.status).toBe(400);
    expect(docx.body.issues[0]?.field).toBe('body.fileName');
  });

  it("does not show one student another student's upload", async () => {
    const token = await signIn(student.studentId);
    const { upload } = await uploadFile(token, 'mine.pdf', pdfBytes);
    const response = await api('GET', `/students/me/uploads/${upload.uploadId}`, {
      token: await signIn(otherStudent.studentId),
    });
    expect(response.status).toBe(404);
  });
});
