import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoProvisioningStore } from '../../functions/provisioning/adapters/provisioning-store.js';
import { importColumns, type RejectedRow } from '../../functions/provisioning/contracts.js';
import { csvLine } from '../../functions/provisioning/domain/csv.js';
import type { RecordsOffice } from '../../functions/provisioning/domain/import-rows.js';
import {
  importObjectKey,
  type OfficeReferenceClaim,
  type RecordImportJob,
} from '../../functions/provisioning/entities/import-job.js';
import {
  type Lookup,
  type NewOfficeRecord,
  type ProvisioningStore,
  provisionRows,
  type WriteOutcome,
} from '../../functions/provisioning/use-cases/provision-records.js';
import {
  type ImportFiles,
  type ImportJobStore,
  type RecordImportDeps,
  runRecordImport,
  startRecordImport,
} from '../../functions/provisioning/use-cases/record-import.js';
import { type Student, StudentEntity } from '../../functions/records/entities/student.js';
import { type Institution, InstitutionEntity } from '../../functions/reference-data/entities/catalog.js';

// The import job over in-memory ports: batches, the row-by-row fallback of a cancelled batch, a run
// that crashes midway and its resumption, a file refused whole, two runs of one job. And the DynamoDB
// adapter's reading of a cancelled transaction, with the SDK mocked.

const students: Student[] = Array.from({ length: 30 }, (_, i) => ({
  studentId: String(21_000_000 + i),
  name: `Student ${i}`,
  email: `s${i}@connect.ust.hk`,
  program: 'BEng',
  cohortTerm: '2024-25 Fall',
  academicYear: 'Year 1',
  programStatus: 'Active',
  degreeCheckout: 'No',
}));
const institutions: Institution[] = [
  { institutionId: 'hku-space', name: 'HKU SPACE Community College', country: 'Hong Kong' },
  { institutionId: 'polyu-hkcc', name: 'PolyU Hong Kong Community College', country: 'Hong Kong' },
];

/** A transactional in-memory table: a batch lands whole or not at all. */
class MemoryStore implements ProvisioningStore, ImportJobStore {
  claims = new Map<string, OfficeReferenceClaim>();
  recordClaims = new Map<string, string>();
  records: NewOfficeRecord[] = [];
  jobs = new Map<string, RecordImportJob>();
  rejected = new Map<string, Map<number, RejectedRow>>();
  batches = 0;
  singles = 0;
  /** Throws (a crash of the function, DynamoDB unreachable) at this writeBatch call. */
  crashAtBatch: number | undefined;

  async lookup(q: {
    office: RecordsOffice;
    studentIds: string[];
    institutionIds: string[];
    officeReferences: string[];
  }) {
    const found: Lookup = { students: new Map(), institutions: new Map(), claims: new Map() };
    for (const s of students) if (q.studentIds.includes(s.studentId)) found.students.set(s.studentId, s);
    for (const i of institutions)
      if (q.institutionIds.includes(i.institutionId)) found.institutions.set(i.institutionId, i);
    for (const ref of q.officeReferences) {
      const claim = this.claims.get(`${q.office}#${ref}`);
      if (claim) found.claims.set(ref, claim);
    }
    return found;
  }
  private keys(r: NewOfficeRecord) {
    return {
      claim: `${r.claim.office}#${r.claim.officeReference}`,
      record: `${r.record.studentId}#${r.record.institutionId}#${r.record.category}`,
    };
  }
  private apply(r: NewOfficeRecord) {
    const k = this.keys(r);
    this.claims.set(k.claim, r.claim);
    this.recordClaims.set(k.record, r.record.recordId);
    this.records.push(r);
  }
  async writeBatch(records: NewOfficeRecord[]) {
    this.batches++;
    if (this.batches === this.crashAtBatch) throw new Error('Lambda timed out');
    if (
      records.some((r) => this.claims.has(this.keys(r).claim) || this.recordClaims.has(this.keys(r).record))
    )
      return false;
    for (const r of records) this.apply(r);
    return true;
  }
  async writeOne(r: NewOfficeRecord): Promise<WriteOutcome> {
    this.singles++;
    const k = this.keys(r);
    if (this.claims.has(k.claim))
      return { written: false, reason: 'reference-taken', claim: this.claims.get(k.claim) };
    if (this.recordClaims.has(k.record))
      return { written: false, reason: 'duplicate', existingRecordId: this.recordClaims.get(k.record) };
    this.apply(r);
    return { written: true };
  }
  async getJob(jobId: string) {
    const job = this.jobs.get(jobId);
    return job ? structuredClone(job) : undefined;
  }
  async createJob(job: RecordImportJob) {
    this.jobs.set(job.jobId, structuredClone(job));
  }
  async takeJob(jobId: string, runId: string, at: string, staleBefore: string) {
    const job = this.jobs.get(jobId);
    if (!job || !['Awaiting Upload', 'Importing'].includes(job.status)) return undefined;
    if (job.runId && (job.heartbeatAt ?? '') >= staleBefore) return undefined;
    Object.assign(job, { status: 'Importing', runId, heartbeatAt: at, startedAt: job.startedAt ?? at });
    return structuredClone(job);
  }
  async saveProgress(jobId: string, runId: string, update: Partial<RecordImportJob>) {
    const job = this.jobs.get(jobId);
    if (!job || job.runId !== runId) return false;
    Object.assign(job, structuredClone(update));
    return true;
  }
  async saveRejected(jobId: string, rows: RejectedRow[]) {
    const byRow = this.rejected.get(jobId) ?? new Map();
    for (const r of rows) byRow.set(r.row, r);
    this.rejected.set(jobId, byRow);
  }
  async listRejected(jobId: string, after: number, limit: number) {
    const rows = [...(this.rejected.get(jobId)?.values() ?? [])]
      .filter((r) => r.row > after)
      .sort((a, b) => a.row - b.row);
    return { rows: rows.slice(0, limit), more: rows.length > limit };
  }
}

class MemoryFiles implements ImportFiles {
  objects = new Map<string, Uint8Array>();
  removed: string[] = [];
  async presignPost(key: string) {
    return { url: 'http://s3.local/uploads', fields: { key } };
  }
  async open(key: string) {
    const bytes = this.objects.get(key);
    if (!bytes) return undefined;
    // Cut into small chunks, so rows and characters straddle them.
    async function* chunks() {
      for (let i = 0; i < (bytes as Uint8Array).length; i += 7)
        yield (bytes as Uint8Array).subarray(i, i + 7);
    }
    return { sizeBytes: bytes.length, chunks: chunks() };
  }
  async remove(key: string) {
    this.removed.push(key);
  }
}

const office = { office: 'URAO' as const, staffId: 'urao-001' };
const row = (i: number, over: Partial<Record<(typeof importColumns)[number], string>> = {}) => {
  const s = students[i % students.length] as Student;
  const values: Record<string, string> = {
    officeReference: `URAO-${String(i).padStart(5, '0')}`,
    studentId: s.studentId,
    studentName: s.name,
    studentEmail: s.email,
    category: 'on-entry-disclosed',
    institutionId: i < students.length ? 'hku-space' : 'polyu-hkcc',
    qualification: 'Associate Degree',
    studyPeriod: '2021-2023',
    transferTerm: '2024-25 Fall',
    ...over,
  };
  return importColumns.map((c) => values[c] ?? '');
};
const csv = (rows: string[][]) => Buffer.from([importColumns, ...rows].map((r) => csvLine(r)).join(''));

let store: MemoryStore;
let files: MemoryFiles;
let deps: RecordImportDeps;
let ids = 0;

beforeEach(() => {
  store = new MemoryStore();
  files = new MemoryFiles();
  ids = 0;
  deps = {
    store,
    jobs: store,
    files,
    now: () => new Date('2025-06-01T08:00:00Z'),
    newRecordId: () => `SR-${++ids}`,
    batchRows: 4,
    concurrency: 2,
    progressEveryMs: 0,
  };
});

async function importFile(bytes: Buffer) {
  const ticket = await startRecordImport(deps, office, {
    fileName: 'admissions.csv',
    sizeBytes: bytes.length,
  });
  const key = importObjectKey('URAO', ticket.job.jobId);
  files.objects.set(key, new Uint8Array(bytes));
  return { jobId: ticket.job.jobId, key };
}

describe('the import job runner', () => {
  it('imports the good rows in batches, reports each bad one, and changes nothing the second time', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(i));
    rows[7] = row(7, { studentId: '2100' });
    rows[20] = row(20, { transferTerm: 'Fall' });
    const bytes = csv(rows);
    const first = await importFile(bytes);
    const run = await runRecordImport(deps, first.key, first.jobId);
    expect(run.ran && run.job.status).toBe('Completed');
    expect(store.jobs.get(first.jobId)?.progress).toEqual({
      rowsRead: 50,
      created: 48,
      unchanged: 0,
      rejected: 2,
    });
    expect(store.records).toHaveLength(48);
    expect(store.singles).toBe(0);
    expect([...(store.rejected.get(first.jobId)?.values() ?? [])]).toEqual([
      {
        row: 9,
        officeReference: 'URAO-00007',
        issues: [{ column: 'studentId', reason: 'must be an 8-digit student ID' }],
      },
      {
        row: 22,
        officeReference: 'URAO-00020',
        issues: [{ column: 'transferTerm', reason: 'must be a transfer term like 2024-25 Fall' }],
      },
    ]);
    // Each record carries its mail and its event, and its audit names the staff member
    const change = store.records[0] as NewOfficeRecord;
    expect(change.outbox.map((o) => o.kind)).toEqual(['mail.send', 'event.publish']);
    expect(change.audit.actor).toBe('urao-001');
    expect(files.removed).toEqual([first.key]);

    const again = await importFile(bytes);
    await runRecordImport(deps, again.key, again.jobId);
    expect(store.jobs.get(again.jobId)?.progress).toEqual({
      rowsRead: 50,
      created: 0,
      unchanged: 48,
      rejected: 2,
    });
    expect(store.records).toHaveLength(48);
  });

  it('falls back to row by row when a batch is cancelled, telling the rows apart', async () => {
    // Row 3's student has a record at the institution in the category already (another reference).
    const rows = [row(0), row(1), row(2, { officeReference: 'URAO-OTHER' }), row(3)];
    store.recordClaims.set(`${students[2]?.studentId}#hku-space#on-entry-disclosed`, 'SR-EXISTING');
    const job = await importFile(csv(rows));
    await runRecordImport(deps, job.key, job.jobId);
    expect(store.batches).toBe(1);
    expect(store.singles).toBe(4);
    expect(store.jobs.get(job.jobId)?.progress).toMatchObject({ created: 3, rejected: 1 });
    expect(store.rejected.get(job.jobId)?.get(4)?.issues[0]).toEqual({
      column: 'institutionId',
      reason: expect.stringMatching(
        /has a study record at HKU SPACE Community College in this category \(On Entry\) already: SR-EXISTING/,
      ),
    });
  });

  it('resumes a run that crashed midway: each record once, the counts as if it had not crashed', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(i));
    const job = await importFile(csv(rows));
    store.crashAtBatch = 5;
    await expect(runRecordImport(deps, job.key, job.jobId)).rejects.toThrow('Lambda timed out');
    const crashed = store.jobs.get(job.jobId);
    expect(crashed?.status).toBe('Importing');
    expect(crashed?.checkpointRow).toBeLessThan(41);
    expect(store.records.length).toBeLessThan(40);

    // The failed run released the job: the retry of the S3 event takes it at once.
    store.crashAtBatch = undefined;
    const resumed = await runRecordImport(deps, job.key, job.jobId);
    expect(resumed.ran && resumed.job.status).toBe('Completed');
    expect(store.records).toHaveLength(40);
    expect(new Set(store.records.map((r) => r.claim.officeReference)).size).toBe(40);
    expect(store.jobs.get(job.jobId)?.progress).toEqual({
      rowsRead: 40,
      created: 40,
      unchanged: 0,
      rejected: 0,
    });
  });

  it('leaves a job to the run that holds it, and does nothing for a finished one', async () => {
    const job = await importFile(csv([row(0)]));
    await store.takeJob(job.jobId, 'other-run', '2025-06-01T08:00:00Z', '2025-06-01T07:59:00Z');
    expect(await runRecordImport(deps, job.key, job.jobId)).toEqual({
      ran: false,
      reason: 'running elsewhere',
    });
    expect(store.records).toHaveLength(0);
    const done = await importFile(csv([row(1)]));
    await runRecordImport(deps, done.key, done.jobId);
    expect(await runRecordImport(deps, done.key, done.jobId)).toEqual({
      ran: false,
      reason: 'finished already',
    });
  });

  it('refuses a file that is not UTF-8 whole, even when the bad byte comes after good rows', async () => {
    const good = csv(Array.from({ length: 12 }, (_, i) => row(i)));
    const latin1 = Buffer.concat([
      good,
      Buffer.from('URAO-9,21000001,Jos\xe9,s1@connect.ust.hk\r\n', 'latin1'),
    ]);
    const job = await importFile(latin1);
    const run = await runRecordImport(deps, job.key, job.jobId);
    expect(run.ran && run.job.status).toBe('Refused');
    expect(store.jobs.get(job.jobId)?.refusalReason).toMatch(/not UTF-8 text/);
    expect(store.records).toHaveLength(0);
  });

  it('tolerates a BOM and refuses a wrong header with the reason', async () => {
    const bom = await importFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csv([row(0)])]));
    await runRecordImport(deps, bom.key, bom.jobId);
    expect(store.jobs.get(bom.jobId)?.progress.created).toBe(1);

    const wrong = await importFile(Buffer.from('ref,student,term\r\nA,1,2\r\n'));
    await runRecordImport(deps, wrong.key, wrong.jobId);
    expect(store.jobs.get(wrong.jobId)).toMatchObject({
      status: 'Refused',
      refusalReason: expect.stringMatching(/header row is not the import's: missing officeReference/),
    });
  });

  it('refuses a file over 50 MB (the local S3 does not hold to the form) without reading it', async () => {
    const job = await importFile(csv([row(0)]));
    let read = false;
    files.open = async () => ({
      sizeBytes: 60 * 1024 * 1024,
      chunks: (async function* () {
        read = true;
        yield new Uint8Array(1);
      })(),
    });
    await runRecordImport(deps, job.key, job.jobId);
    expect(store.jobs.get(job.jobId)).toMatchObject({
      status: 'Refused',
      refusalReason: 'The file is 60.0 MB; an import takes at most 50 MB',
    });
    expect(read).toBe(false);
  });

  it('rejects a reference repeated in the file, and one sent with other content as a conflict', async () => {
    await importFile(csv([row(0)])).then((j) => runRecordImport(deps, j.key, j.jobId));
    const job = await importFile(csv([row(0, { transferTerm: '2025-26 Fall' }), row(1), row(1)]));
    await runRecordImport(deps, job.key, job.jobId);
    const rejected = store.rejected.get(job.jobId);
    expect(rejected?.get(2)?.issues).toEqual([
      {
        column: 'transferTerm',
        reason:
          'differs from the record this office reference created (2024-25 Fall); an import does not change a record',
      },
    ]);
    expect(rejected?.get(4)?.issues).toEqual([
      { column: 'officeReference', reason: 'appears on row 3 of this file already' },
    ]);
  });
});

describe('the DynamoDB adapter when a batch is cancelled midway (SDK mocked)', () => {
  it('reads which condition failed, row by row, after the batch transaction was cancelled', async () => {
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
    const mock = mockClient(db);
    mock.on(BatchGetCommand).resolves({
      Responses: {
        table: [
          ...students.slice(0, 3).map(StudentEntity.toItem),
          InstitutionEntity.toItem(institutions[0] as Institution),
        ],
      },
    });
    const cancelled = (codes: string[]) =>
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: codes.map((Code) => ({ Code })),
      });
    // Each row is 6 items: office-reference claim, record claim, record, audit, mail, event.
    const none = Array(6).fill('None');
    mock
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled([...none, 'None', 'ConditionalCheckFailed', ...Array(4).fill('None'), ...none]))
      .resolvesOnce({})
      .rejectsOnce(cancelled(['None', 'ConditionalCheckFailed', ...Array(4).fill('None')]))
      .resolvesOnce({});
    mock.on(GetCommand).resolves({ Item: { pk: 'STUDENT#x', sk: 'RECORDAT#x', recordId: 'SR-SEED' } });

    const store = new DynamoProvisioningStore(db, 'table');
    const rowsIn = [0, 1, 2].map((i) => {
      const s = students[i] as Student;
      return {
        row: i + 2,
        input: {
          officeReference: `URAO-${i}`,
          studentId: s.studentId,
          studentName: s.name,
          studentEmail: s.email,
          category: 'on-entry-disclosed' as const,
          institutionId: 'hku-space',
          qualification: 'HKDSE',
          studyPeriod: '2018-2024',
          transferTerm: '2024-25 Fall',
        },
      };
    });
    const outcomes = await provisionRows(
      { store, now: () => new Date('2025-06-01T08:00:00Z'), newRecordId: () => `SR-${++ids}` },
      office,
      rowsIn,
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(['created', 'rejected', 'created']);
    expect(outcomes[1]).toMatchObject({ kind: 'duplicate', recordId: 'SR-SEED' });
    const writes = mock.commandCalls(TransactWriteCommand);
    expect(writes.map((w) => w.args[0].input.TransactItems?.length)).toEqual([18, 6, 6, 6]);
  });
});
