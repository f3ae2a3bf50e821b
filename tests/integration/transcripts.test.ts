import { beforeAll, describe, expect, it } from 'vitest';
import type { StudyRecordResponse } from '../../functions/records/contracts.js';
import type {
  AroTranscript,
  StudentTranscript,
  TranscriptUploadTicket,
} from '../../functions/transcripts/contracts.js';
import { demoAroStaff, demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { eventually, mailbox } from '../support/aws.js';
import { givenStudyRecord } from '../support/fixtures.js';
import { validPdf } from '../support/pdf-corpus.js';
import { buildBlockcertsCorpus } from '../support/transcript-corpus/blockcerts.js';
import { buildSignedPdfCorpus } from '../support/transcript-corpus/signed-pdf.js';
import { postForm } from '../support/uploads.js';

// Official transcripts over HTTP against the local runtime (guide §5.2): a student's upload goes
// through S3 and the verification hook to ARO's queue; ARO decides; the student sees the status and
// is mailed; ARO records transcripts received as University Record or Presented at ARO; nobody
// else sees any of it.

const [student, otherStudent] = demoStudents;
const [staff] = demoAroStaff;
let token: string;
let otherToken: string;
let aroToken: string;
let recordId: string;
let institutionId: string;
let institutionName: string;

type Detail = { transcript: AroTranscript; history: { action: string; actor: string }[] };

async function checked(path: string, as: string): Promise<StudentTranscript & Partial<AroTranscript>> {
  return eventually(
    async () => {
      const { body } = await api<StudentTranscript>('GET', path, { token: as });
      return body.status === 'Awaiting Upload' ? undefined : body;
    },
    `${path} to be checked`,
    20_000,
  );
}

async function studentUpload(fileName: string, bytes: Buffer) {
  const ticket = await api<TranscriptUploadTicket>('POST', `/students/me/records/${recordId}/transcripts`, {
    token,
    body: { fileName, sizeBytes: bytes.length },
  });
  expect(ticket.status).toBe(201);
  expect((await postForm(ticket.body.post, fileName, bytes)).status).toBeLessThan(300);
  return checked(`/students/me/transcripts/${ticket.body.transcript.transcriptId}`, token);
}

beforeAll(async () => {
  if (!student || !otherStudent || !staff)
    throw new Error('the seed needs two students and an ARO staff member');
  [token, otherToken, aroToken] = await Promise.all([
    signIn(student.studentId),
    signIn(otherStudent.studentId),
    signIn(staff.staffId),
  ]);
  ({ recordId, institutionId, institutionName } = await givenStudyRecord(student.studentId));
});

describe('official transcripts', () => {
  it('goes from the student’s upload to ARO’s queue with its report; ARO verifies it; the student sees Verified and is mailed', async () => {
    const uploaded = await studentUpload('transcript.pdf', validPdf);
    expect(uploaded).toMatchObject({
      status: 'Pending Review',
      source: 'Uploaded by Student',
      title: 'transcript.pdf',
    });

    const queue = await api<{ transcripts: AroTranscript[] }>('GET', '/admin/transcripts', {
      token: aroToken,
    });
    expect(queue.status).toBe(200);
    const queued = queue.body.transcripts.find((t) => t.transcriptId === uploaded.transcriptId);
    expect(queued?.report).toMatchObject({ format: 'unsigned-pdf', recommendation: 'Pending Review' });

    const path = `/admin/students/${student?.studentId}/transcripts/${uploaded.transcriptId}`;
    const decided = await api<AroTranscript>('PUT', `${path}/status`, {
      token: aroToken,
      body: { status: 'Verified', note: 'Original seen by ARO', version: queued?.version },
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'Verified', statusBy: staff?.staffId });

    const page = await api<StudyRecordResponse>('GET', `/students/me/records/${recordId}`, { token });
    expect(page.body.transcripts.find((t) => t.transcriptId === uploaded.transcriptId)).toMatchObject({
      status: 'Verified',
      statusNote: 'Original seen by ARO',
    });
    const mail = await eventually(async () => {
      const all = await mailbox();
      return all.find(
        // This record's institution: other files verify transcripts of the same student.
        (m) =>
          m.destination.to.includes(student?.email ?? '') &&
          m.subject.endsWith(`from ${institutionName} is Verified`),
      );
    }, 'the Verified mail');
    expect(mail.body.text).toContain('Original seen by ARO');

    const detail = await api<Detail>('GET', path, { token: aroToken });
    expect(detail.body.history.map((e) => [e.actor, e.action])).toEqual([
      [student?.studentId, 'Transcript upload started'],
      ['verification hook', expect.stringMatching(/^Transcript checked: .*Recommends Pending Review\.$/)],
      [staff?.staffId, 'Transcript status: Verified'],
    ]);

    // The download is the verified bytes, exactly.
    const link = await api<{ url: string }>(
      'GET',
      `/students/me/transcripts/${uploaded.transcriptId}/download`,
      {
        token,
      },
    );
    expect(Buffer.from(await (await fetch(link.body.url)).arrayBuffer())).toEqual(validPdf);
  });

  it('does not accept a page that only pretends to be a PDF: the reason, and nothing on the Study Record', async () => {
    const fake = await studentUpload(
      'transcript.pdf',
      Buffer.from('<html><script>alert(1)</script>%PDF-1.7</html>'),
    );
    expect(fake).toMatchObject({
      status: 'Not Accepted',
      notAcceptedReason: expect.stringMatching(/not a PDF/),
    });
    const page = await api<StudyRecordResponse>('GET', `/students/me/records/${recordId}`, { token });
    expect(page.body.transcripts.map((t) => t.transcriptId)).not.toContain(fake.transcriptId);
  });

  it('names the field of a file that is not a PDF or JSON, or over 10 MB, and signs no form', async () => {
    const bad = await api<{ issues: { field: string }[] }>(
      'POST',
      `/students/me/records/${recordId}/transcripts`,
      {
        token,
        body: { fileName: 'scan.png', sizeBytes: 11 * 1024 * 1024 },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i) => i.field).sort()).toEqual(['body.fileName', 'body.sizeBytes']);
  });

  it('records a University Record from URAO and a transcript Presented at ARO, each with who and when', async () => {
    for (const body of [
      { source: 'University Record', receivedFrom: 'URAO', fileName: 'urao-transcript.pdf' },
      { source: 'Presented at ARO', fileName: 'scan.pdf' },
    ]) {
      const ticket = await api<{ transcript: AroTranscript; post: TranscriptUploadTicket['post'] }>(
        'POST',
        `/admin/students/${student?.studentId}/records/${recordId}/transcripts`,
        { token: aroToken, body: { ...body, sizeBytes: validPdf.length } },
      );
      expect(ticket.status).toBe(201);
      expect(ticket.body.transcript).toMatchObject({ source: body.source, addedBy: staff?.staffId });
      await postForm(ticket.body.post, body.fileName, validPdf);
      const path = `/admin/students/${student?.studentId}/transcripts/${ticket.body.transcript.transcriptId}`;
      const transcript = await eventually(async () => {
        const { body: detail } = await api<Detail>('GET', path, { token: aroToken });
        return detail.transcript.status === 'Awaiting Upload' ? undefined : detail.transcript;
      }, `${path} to be checked`);
      expect(transcript).toMatchObject({ status: 'Pending Review', source: body.source });
      if (body.receivedFrom) expect(transcript.receivedFrom).toBe('URAO');
      const detail = await api<Detail>('GET', path, { token: aroToken });
      expect(detail.body.history[0]).toMatchObject({
        actor: staff?.staffId,
        action: body.receivedFrom
          ? 'Transcript recorded: University Record from URAO'
          : 'Transcript recorded: Presented at ARO',
      });
    }
  });

  it('verifies a signed PDF and a Blockcerts credential against the trust list ARO keeps for the institution', async () => {
    const [pdfs, credentials] = await Promise.all([buildSignedPdfCorpus(), buildBlockcertsCorpus()]);
    const trustPath = `/admin/institutions/${institutionId}/trust-list`;
    const empty = await api<{ version: number }>('GET', trustPath, { token: aroToken });
    expect(empty.body).toMatchObject({ version: 0, certificates: [], issuerKeys: [] });
    const put = await api<{ version: number; certificates: { subject?: string }[] }>('PUT', trustPath, {
      token: aroToken,
      body: {
        certificates: pdfs.trust.certificates,
        issuerKeys: credentials.trust.issuerKeys,
        version: 0,
      },
    });
    expect(put.status).toBe(200);
    expect(put.body.version).toBe(1);
    expect(put.body.certificates[0]?.subject).toMatch(/CN=/);

    const reportOf = async (fileName: string, bytes: Buffer) => {
      const uploaded = await studentUpload(fileName, bytes);
      const detail = await api<Detail>(
        'GET',
        `/admin/students/${student?.studentId}/transcripts/${uploaded.transcriptId}`,
        { token: aroToken },
      );
      return { student: uploaded, report: detail.body.transcript.report };
    };
    const pdf = (name: string) => {
      const found = pdfs.cases.find((c) => c.name === name);
      if (!found) throw new Error(`no corpus case ${name}`);
      return Buffer.from(found.bytes);
    };

    const signed = await reportOf('signed.pdf', pdf('valid-timestamp-crl'));
    // The hook recommends; only ARO verifies.
    expect(signed.student.status).toBe('Pending Review');
    expect(signed.report).toMatchObject({ format: 'signed-pdf', recommendation: 'Verified' });
    expect(signed.report?.signatures?.[0]?.trustAnchorId).toBeDefined();

    const tampered = pdfs.cases.find((c) => c.name === 'tampered-signed-byte');
    expect((await reportOf('tampered.pdf', Buffer.from(tampered?.bytes ?? []))).report?.recommendation).toBe(
      'Rejected',
    );

    const genuine = credentials.cases.find(
      (c) => c.isBlockcerts && c.expected.recommendation === 'Pending Review',
    );
    const credential = await reportOf('transcript.json', Buffer.from(JSON.stringify(genuine?.json)));
    expect(credential.report).toMatchObject({ format: 'blockcerts-v3', recommendation: 'Pending Review' });
    expect(credential.report?.checks.find((c) => c.check === 'merkle-proof')?.outcome).toBe('valid');

    const notACredential = await studentUpload('data.json', Buffer.from(JSON.stringify({ hello: 'world' })));
    expect(notACredential).toMatchObject({
      status: 'Not Accepted',
      notAcceptedReason: expect.stringMatching(/not a credential/),
    });
  });

  it('refuses another student (404), an unauthenticated caller (401), and a student setting a status (403)', async () => {
    const mine = await studentUpload('mine.pdf', validPdf);
    expect(
      (await api('GET', `/students/me/transcripts/${mine.transcriptId}`, { token: otherToken })).status,
    ).toBe(404);
    expect(
      (await api('GET', `/students/me/transcripts/${mine.transcriptId}/download`, { token: otherToken }))
        .status,
    ).toBe(404);
    expect((await api('GET', `/students/me/transcripts/${mine.transcriptId}`)).status).toBe(401);
    expect(
      (
        await api('POST', `/students/me/records/${recordId}/transcripts`, {
          token: otherToken,
          body: { fileName: 'x.pdf', sizeBytes: 10 },
        })
      ).status,
    ).toBe(404);
    const asStudent = await api(
      'PUT',
      `/admin/students/${student?.studentId}/transcripts/${mine.transcriptId}/status`,
      {
        token,
        body: { status: 'Verified', version: 2 },
      },
    );
    expect(asStudent.status).toBe(403);
    expect((await api('GET', '/admin/transcripts', { token })).status).toBe(403);
  });
});
