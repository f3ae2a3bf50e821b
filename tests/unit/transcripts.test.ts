import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../functions/commons/errors.js';
import type { StudyRecord } from '../../functions/records/entities/student.js';
import type { AuditEvent } from '../../functions/store/audit.js';
import { canTransition, IllegalTransitionError } from '../../functions/store/state-change.js';
import {
  aroTranscriptStatuses,
  type TranscriptStatus,
  transcriptStatuses,
} from '../../functions/transcripts/contracts.js';
import { transcriptTransitions } from '../../functions/transcripts/domain/transcript-status.js';
import {
  parseTranscriptObjectKey,
  type Transcript,
} from '../../functions/transcripts/entities/transcript.js';
import type { StoredTrustList } from '../../functions/transcripts/entities/trust-list.js';
import {
  type CheckTranscriptDeps,
  checkUploadedTranscript,
  type StoredFiles,
} from '../../functions/transcripts/use-cases/check-transcript.js';
import {
  downloadTranscript,
  getMyTranscript,
  requestTranscriptUpload,
  setTranscriptStatus,
  type TranscriptChange,
  type TranscriptDeps,
  type TranscriptStore,
} from '../../functions/transcripts/use-cases/transcripts.js';
import { putTrustList, type TrustListStore } from '../../functions/transcripts/use-cases/trust-lists.js';
import type { VerificationReport } from '../../functions/transcripts/verification/report.js';

// Official transcripts (guide §5.2) over in-memory ports: the transition table, the hook's outcome
// for each kind of file, races between two checks, ARO's decisions and the trust list's version.

const record: StudyRecord = {
  studentId: '20190001',
  recordId: 'SR-1',
  institutionId: 'boston-university',
  institutionName: 'Boston University',
  category: 'hkust-organized-study-abroad',
  transferTerm: '2025-26 Fall',
  studyPeriod: '2025-26 Fall',
  createdBy: 'OGL',
  createdAt: '2025-01-01T00:00:00.000Z',
};

class MemoryTranscripts implements TranscriptStore, TrustListStore {
  readonly transcripts = new Map<string, Transcript>();
  readonly audit: AuditEvent[] = [];
  readonly outbox: TranscriptChange['outbox'] = [];
  trustLists = new Map<string, StoredTrustList>();
  /** Runs between a commit's read of the version and its write: how a race is staged. */
  beforeCommit?: () => void;

  async getRecord(studentId: string, recordId: string) {
    return studentId === record.studentId && recordId === record.recordId ? record : undefined;
  }
  async getStudentEmail(studentId: string) {
    return studentId === record.studentId ? 'tmchan@connect.ust.hk' : undefined;
  }
  async get(studentId: string, transcriptId: string) {
    const t = this.transcripts.get(transcriptId);
    return t?.studentId === studentId ? structuredClone(t) : undefined;
  }
  async queue(status: TranscriptStatus) {
    return [...this.transcripts.values()].filter((t) => t.status === status);
  }
  async history(_studentId: string, transcriptId: string) {
    return this.audit.filter((e) => e.subjectId === transcriptId);
  }
  async commit(change: TranscriptChange) {
    const current = this.transcripts.get(change.next.transcriptId);
    this.beforeCommit?.();
    const now = this.transcripts.get(change.next.transcriptId);
    if (change.previous ? now?.version !== change.previous.version : current !== undefined) return false;
    if (!canTransition(transcriptTransitions, change.previous?.status, change.next.status)) {
      throw new IllegalTransitionError(
        'Transcript',
        change.next.transcriptId,
        change.previous?.status,
        change.next.status,
      );
    }
    this.transcripts.set(change.next.transcriptId, structuredClone(change.next));
    this.audit.push({
      ...change.audit,
      subjectPk: `STUDENT#${change.next.studentId}`,
      subjectId: change.next.transcriptId,
      eventId: String(this.audit.length),
    });
    this.outbox.push(...change.outbox);
    return true;
  }
  async getTrustList(institutionId: string) {
    return (
      this.trustLists.get(institutionId) ?? { institutionId, certificates: [], issuerKeys: [], version: 0 }
    );
  }
  async putTrustList(next: StoredTrustList, expectedVersion: number, audit: AuditEvent) {
    if ((this.trustLists.get(next.institutionId)?.version ?? 0) !== expectedVersion) return false;
    this.trustLists.set(next.institutionId, next);
    this.audit.push(audit);
    return true;
  }
}

class MemoryFiles implements StoredFiles {
  readonly objects = new Map<string, Uint8Array>();
  readonly removed: string[] = [];
  async read(key: string, maxBytes: number) {
    const bytes = this.objects.get(key);
    return bytes && { head: bytes.subarray(0, maxBytes + 1), totalBytes: bytes.length };
  }
  async pin(key: string, bytes: Uint8Array) {
    this.objects.set(key, bytes);
    return { versionId: `v-${key.length}` };
  }
  async remove(key: string) {
    this.removed.push(key);
    this.objects.delete(key);
  }
}

const report: VerificationReport = {
  format: 'signed-pdf',
  recommendation: 'Verified',
  summary: 'Signed by the Registrar of Boston University, on its trust list.',
  checks: [{ check: 'cms-signature', outcome: 'valid', detail: 'The signature verifies.' }],
  sha256: 'x',
  checkedAt: '2025-02-01T00:00:00.000Z',
};

function setup() {
  const store = new MemoryTranscripts();
  const files = new MemoryFiles();
  const posted: string[] = [];
  const deps: TranscriptDeps = {
    store,
    files: {
      presignPost: async (key) => {
        posted.push(key);
        return { url: 'https://s3.example/uploads', fields: { key } };
      },
      presignDownload: async (key, versionId) => ({
        url: `https://s3.example/${key}?v=${versionId}`,
        expiresAt: 'soon',
      }),
    },
    now: () => new Date('2025-02-01T00:00:00.000Z'),
  };
  let verifications = 0;
  const check: CheckTranscriptDeps = {
    store,
    files,
    verify: async (bytes) => {
      verifications++;
      return new TextDecoder().decode(bytes).startsWith('%PDF-')
        ? { accepted: true, report }
        : { accepted: false, reason: 'The file is not a PDF: it does not start with a PDF header.' };
    },
    now: deps.now,
  };
  return { store, files, deps, check, posted, verifications: () => verifications };
}

async function uploaded(
  s: ReturnType<typeof setup>,
  bytes = '%PDF-1.7 transcript',
  fileName = 'transcript.pdf',
) {
  const { transcript } = await requestTranscriptUpload(s.deps, record.studentId, record.recordId, {
    fileName,
    sizeBytes: bytes.length,
  });
  const key = (await s.store.get(record.studentId, transcript.transcriptId))?.objectKey as string;
  s.files.objects.set(key, new TextEncoder().encode(bytes));
  return { transcriptId: transcript.transcriptId, key };
}

describe('the transcript transition table', () => {
  it('lets only ARO decide: the hook moves Awaiting Upload to Pending Review or Not Accepted, nothing else', () => {
    expect(transcriptTransitions.allowed['Awaiting Upload']).toEqual(['Pending Review', 'Not Accepted']);
    expect(transcriptTransitions.allowed['Not Accepted']).toEqual([]);
    expect(canTransition(transcriptTransitions, 'Awaiting Upload', 'Verified')).toBe(false);
    expect(canTransition(transcriptTransitions, undefined, 'Verified')).toBe(false);
  });

  it('never reaches Verified except from a status ARO can assign (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...transcriptStatuses), (from) => {
        const reachesVerified = canTransition(transcriptTransitions, from, 'Verified');
        expect(reachesVerified).toBe((aroTranscriptStatuses as readonly string[]).includes(from));
      }),
    );
  });
});

describe('a student adds a transcript', () => {
  it('refuses a file that is neither .pdf nor .json, and another student’s record', async () => {
    const s = setup();
    await expect(
      requestTranscriptUpload(s.deps, record.studentId, record.recordId, {
        fileName: 'scan.png',
        sizeBytes: 10,
      }),
    ).rejects.toThrow(ValidationError);
    await expect(
      requestTranscriptUpload(s.deps, '20190002', record.recordId, { fileName: 'a.pdf', sizeBytes: 10 }),
    ).rejects.toThrow(NotFoundError);
    expect(s.posted).toEqual([]);
  });

  it('signs a form for exactly its own key under transcripts/, Awaiting Upload, with its audit event', async () => {
    const s = setup();
    const { transcriptId, key } = await uploaded(s);
    expect(s.posted).toEqual([key]);
    expect(parseTranscriptObjectKey(key)).toEqual({ studentId: record.studentId, transcriptId, kind: 'pdf' });
    expect((await getMyTranscript(s.deps, record.studentId, transcriptId)).status).toBe('Awaiting Upload');
    await expect(getMyTranscript(s.deps, '20190002', transcriptId)).rejects.toThrow(NotFoundError);
    expect(s.store.audit.map((e) => e.action)).toEqual(['Transcript upload started']);
  });
});

describe('the verification hook', () => {
  it('attaches a PDF as Pending Review with its report, pins the bytes it read, and mails the student', async () => {
    const s = setup();
    const { transcriptId, key } = await uploaded(s);
    const checked = await checkUploadedTranscript(s.check, key);

    expect(checked).toMatchObject({ status: 'Pending Review', statusBy: 'verification hook', report });
    expect(
      checked?.verifiedObjectKey?.startsWith(`verified/transcripts/${record.studentId}/${transcriptId}/`),
    ).toBe(true);
    expect(new TextDecoder().decode(s.files.objects.get(checked?.verifiedObjectKey as string))).toBe(
      '%PDF-1.7 transcript',
    );
    expect(s.files.objects.has(key)).toBe(false);
    expect(s.store.outbox.map((m) => m.kind === 'mail.send' && m.payload.subject)).toEqual([
      'CTS: your official transcript from Boston University is Pending Review',
    ]);
    const link = await downloadTranscript(s.deps, record.studentId, transcriptId);
    expect(link.url).toContain(`${checked?.verifiedObjectKey}?v=${checked?.verifiedVersionId}`);
  });

  it('does not accept a file that is not a transcript: the reason, nothing pinned, nothing to download', async () => {
    const s = setup();
    const { transcriptId, key } = await uploaded(s, '<html><script>alert(1)</script>');
    const checked = await checkUploadedTranscript(s.check, key);

    expect(checked).toMatchObject({
      status: 'Not Accepted',
      notAcceptedReason: expect.stringMatching(/not a PDF/),
    });
    expect([...s.files.objects.keys()]).toEqual([]);
    await expect(downloadTranscript(s.deps, record.studentId, transcriptId)).rejects.toThrow(ConflictError);
  });

  it('removes a second post of the same form unjudged: the first outcome is final', async () => {
    const s = setup();
    const { key } = await uploaded(s);
    const first = await checkUploadedTranscript(s.check, key);
    s.files.objects.set(key, new TextEncoder().encode('%PDF-1.7 something else'));
    const again = await checkUploadedTranscript(s.check, key);

    expect(again).toEqual(first);
    expect(s.verifications()).toBe(1);
    expect(s.files.objects.has(key)).toBe(false);
  });

  it('refuses objects nobody issued a form for, and files over 10 MB', async () => {
    const s = setup();
    s.files.objects.set('transcripts/20190001/00000000-0000-4000-8000-000000000000.pdf', new Uint8Array(3));
    expect(
      await checkUploadedTranscript(s.check, 'transcripts/20190001/00000000-0000-4000-8000-000000000000.pdf'),
    ).toBeUndefined();
    expect(s.files.objects.size).toBe(0);

    const { key } = await uploaded(s);
    s.files.objects.set(key, new Uint8Array(10 * 1024 * 1024 + 1));
    expect(await checkUploadedTranscript(s.check, key)).toMatchObject({
      status: 'Not Accepted',
      notAcceptedReason: 'The file is larger than 10 MB.',
    });
  });

  it('commits one outcome when two checks race, and the loser removes its own pinned copy', async () => {
    const s = setup();
    const { transcriptId, key } = await uploaded(s);
    let raced = false;
    s.store.beforeCommit = () => {
      if (raced) return;
      raced = true;
      // The other check commits between this one's read and its write.
      const t = s.store.transcripts.get(transcriptId) as Transcript;
      s.store.transcripts.set(transcriptId, {
        ...t,
        status: 'Pending Review',
        version: t.version + 1,
        verifiedObjectKey: 'verified/winner.pdf',
      });
    };
    const result = await checkUploadedTranscript(s.check, key);

    expect(result?.verifiedObjectKey).toBe('verified/winner.pdf');
    expect([...s.files.objects.keys()].filter((k) => k.startsWith('verified/'))).toEqual([]);
    expect(s.store.outbox).toEqual([]);
  });
});

describe('ARO assigns a status', () => {
  async function pendingReview() {
    const s = setup();
    const { transcriptId, key } = await uploaded(s);
    await checkUploadedTranscript(s.check, key);
    s.store.outbox.length = 0;
    return { s, transcriptId };
  }

  it('records Verified with the note, the staff member in the audit, one mail, the news for what waits on it, and the integration event', async () => {
    const { s, transcriptId } = await pendingReview();
    const result = await setTranscriptStatus(s.deps, 'aro-001', record.studentId, transcriptId, {
      status: 'Verified',
      note: 'Checked with the issuer',
      internalNote: 'phoned BU registrar',
      version: 2,
    });
    expect(result).toMatchObject({
      status: 'Verified',
      statusBy: 'aro-001',
      statusNote: 'Checked with the issuer',
      version: 3,
    });
    expect(s.store.audit.at(-1)).toMatchObject({
      actor: 'aro-001',
      from: 'Pending Review',
      to: 'Verified',
      internalNote: 'phoned BU registrar',
    });
    // One mail for the change, one transcript.verified for ARO's processing of the record's
    // applications, and the Transcript Verified integration event.
    expect(s.store.outbox.map((m) => m.idempotencyKey)).toEqual([
      `mail.send:transcript:${transcriptId}:v3`,
      `transcript.verified:${transcriptId}:v3`,
      `event.publish:transcript-verified:${transcriptId}:v3`,
    ]);
  });

  it('answers 409 when the transcript changed since ARO read it, and changes nothing', async () => {
    const { s, transcriptId } = await pendingReview();
    await expect(
      setTranscriptStatus(s.deps, 'aro-001', record.studentId, transcriptId, {
        status: 'Rejected',
        version: 1,
      }),
    ).rejects.toThrow(/changed meanwhile/);
    expect((await s.store.get(record.studentId, transcriptId))?.status).toBe('Pending Review');
  });

  it('cannot decide a file not yet checked', async () => {
    const s = setup();
    const { transcriptId } = await uploaded(s);
    await expect(
      setTranscriptStatus(s.deps, 'aro-001', record.studentId, transcriptId, {
        status: 'Verified',
        version: 1,
      }),
    ).rejects.toThrow(IllegalTransitionError);
  });
});

describe('the trust list', () => {
  const trustDeps = (store: MemoryTranscripts) => ({
    store,
    readCertificate: async (der: Uint8Array) =>
      der.length > 3
        ? {
            subject: 'CN=Test Root',
            notBefore: '2020-01-01T00:00:00.000Z',
            notAfter: '2040-01-01T00:00:00.000Z',
          }
        : undefined,
    now: () => new Date('2025-02-01T00:00:00.000Z'),
  });
  const certificate = {
    anchorId: 'bu-root',
    label: 'Boston University root',
    certificateDer: Buffer.from('certificate bytes').toString('base64'),
    validFrom: '2020-01-01T00:00:00.000Z',
    validTo: '2030-01-01T00:00:00.000Z',
  };

  it('is replaced under its version, audited with what was added', async () => {
    const store = new MemoryTranscripts();
    const list = await putTrustList(trustDeps(store), 'aro-001', 'boston-university', {
      certificates: [certificate],
      issuerKeys: [],
      version: 0,
    });
    expect(list).toMatchObject({
      version: 1,
      updatedBy: 'aro-001',
      certificates: [{ anchorId: 'bu-root', subject: 'CN=Test Root' }],
    });
    expect(store.audit.at(-1)?.action).toBe('Trust list changed; added certificate bu-root');
    await expect(
      putTrustList(trustDeps(store), 'aro-002', 'boston-university', {
        certificates: [],
        issuerKeys: [],
        version: 0,
      }),
    ).rejects.toThrow(/changed meanwhile/);
  });

  it('names the field of a certificate that is not one, a window that ends first, an id twice', async () => {
    const store = new MemoryTranscripts();
    const put = (certificates: (typeof certificate)[]) =>
      putTrustList(trustDeps(store), 'aro-001', 'boston-university', {
        certificates,
        issuerKeys: [],
        version: 0,
      });
    await expect(put([{ ...certificate, certificateDer: 'AAA=' }])).rejects.toMatchObject({
      issues: [{ field: 'body.certificates.0.certificateDer', reason: 'is not an X.509 certificate' }],
    });
    await expect(put([{ ...certificate, validTo: '2019-01-01T00:00:00.000Z' }])).rejects.toMatchObject({
      issues: [{ field: 'body.certificates.0.validTo', reason: 'must be after validFrom' }],
    });
    await expect(put([certificate, certificate])).rejects.toMatchObject({
      issues: [{ field: 'body.certificates.1.anchorId', reason: 'bu-root is listed twice' }],
    });
  });
});
