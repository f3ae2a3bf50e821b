// An office's CSV import as a job (issue 10 item 2).
//
// startRecordImport — Input: the office's staff member, the file's name and size. Output: the job
//   (Awaiting Upload) and a presigned POST form for `imports/<office>/<jobId>.csv`, limited to
//   maxImportBytes by its content-length-range. The object's arrival starts the job (the S3 trigger).
// getRecordImport — the job of the caller's office (another office's is not found), its progress and
//   its rejected rows in file order, 100 at a time.
// runRecordImport — the S3 trigger's job runner. Primary course: take the job (a run that has not
//   written for `staleRunMs` is taken over; a live one is left alone), stream the object through a
//   strict UTF-8 decoder (a BOM is dropped) and the CSV parser once without writing, so that a wrong
//   header, a byte that is not UTF-8, a runaway quote or a file over the limit refuses the file whole;
//   then stream it again, check each row with the contract's schema, and hand rows on in batches to
//   provisionRows, at most `concurrency` at a time. The stream is read no faster than batches are written, so memory holds a few batches, not
//   the file. After each batch, the prefix of rows done is the job's checkpoint with its counts: a
//   crash, a timeout or a second delivery of the S3 event resumes after the checkpoint, and rows
//   written after it are found by their office-reference claims (counted as created by this job).

import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../commons/errors.js';
import type { Institution } from '../../reference-data/entities/catalog.js';
import type { AuditEvent } from '../../store/audit.js';
import {
  type ImportJobResponse,
  type ImportJobView,
  type ImportProgress,
  type ImportTicket,
  importColumns,
  maxImportBytes,
  type RejectedRow,
} from '../contracts.js';
import { CsvParser, type CsvRecord, CsvTooLongRecordError } from '../domain/csv.js';
import { checkHeader, checkRow, type HeaderCheck } from '../domain/import-rows.js';
import { importObjectKey, type RecordImportJob } from '../entities/import-job.js';
import {
  type OfficeActor,
  type ProvisioningDeps,
  provisionRows,
  type RowInput,
} from './provision-records.js';

export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
}

export interface ImportFiles {
  presignPost(key: string, maxBytes: number): Promise<PresignedPost>;
  /** The object's size and its bytes as they stream; undefined when it is not there. */
  open(key: string): Promise<{ sizeBytes: number; chunks: AsyncIterable<Uint8Array> } | undefined>;
  remove(key: string): Promise<void>;
}

export interface ImportJobStore {
  getJob(jobId: string): Promise<RecordImportJob | undefined>;
  createJob(
    job: RecordImportJob,
    audit: Omit<AuditEvent, 'subjectPk' | 'subjectId' | 'eventId'>,
  ): Promise<void>;
  /**
   * Takes the job for `runId` if it is not finished and no other run has written since `staleBefore`;
   * answers the job as taken, or undefined.
   */
  takeJob(
    jobId: string,
    runId: string,
    at: string,
    staleBefore: string,
  ): Promise<RecordImportJob | undefined>;
  /** Saves the progress while `runId` holds the job; false if another run took it over. */
  saveProgress(
    jobId: string,
    runId: string,
    update: Pick<RecordImportJob, 'progress' | 'checkpointRow' | 'heartbeatAt'> &
      Partial<Pick<RecordImportJob, 'status' | 'refusalReason' | 'finishedAt'>>,
    /** Who the job's end is audited as: the staff member who started it. */
    actor: string,
  ): Promise<boolean>;
  saveRejected(jobId: string, rows: RejectedRow[]): Promise<void>;
  /** Rejected rows after `afterRow`, in file order, at most `limit` (and whether more follow). */
  listRejected(
    jobId: string,
    afterRow: number,
    limit: number,
  ): Promise<{ rows: RejectedRow[]; more: boolean }>;
}

export interface RecordImportDeps extends ProvisioningDeps {
  jobs: ImportJobStore;
  files: ImportFiles;
  newJobId?: () => string;
  newRunId?: () => string;
  /** Batches in flight at once. */
  concurrency?: number;
  /** Rows written per transaction (each row is 6 items of the transaction's 100). */
  batchRows?: number;
  /** A run that has not written its progress for this long is taken to have crashed. */
  staleRunMs?: number;
  /** At most one progress write per this many ms (the last batch always writes). */
  progressEveryMs?: number;
}

const emptyProgress = (): ImportProgress => ({ rowsRead: 0, created: 0, unchanged: 0, rejected: 0 });

export const jobView = (j: RecordImportJob): ImportJobView => ({
  jobId: j.jobId,
  office: j.office,
  fileName: j.fileName,
  status: j.status,
  ...(j.refusalReason ? { refusalReason: j.refusalReason } : {}),
  progress: j.progress,
  startedBy: j.startedBy,
  createdAt: j.createdAt,
  ...(j.startedAt ? { startedAt: j.startedAt } : {}),
  ...(j.finishedAt ? { finishedAt: j.finishedAt } : {}),
});

export async function startRecordImport(
  deps: Pick<RecordImportDeps, 'jobs' | 'files' | 'now' | 'newJobId'>,
  actor: OfficeActor,
  body: { fileName: string; sizeBytes: number },
): Promise<ImportTicket> {
  const jobId = (deps.newJobId ?? randomUUID)();
  const at = deps.now().toISOString();
  const job: RecordImportJob = {
    jobId,
    office: actor.office,
    startedBy: actor.staffId,
    fileName: body.fileName,
    objectKey: importObjectKey(actor.office, jobId),
    status: 'Awaiting Upload',
    progress: emptyProgress(),
    checkpointRow: 1,
    createdAt: at,
  };
  await deps.jobs.createJob(job, {
    at,
    actor: actor.staffId,
    action: `Study record import started by ${actor.office}: ${body.fileName} (${body.sizeBytes} bytes)`,
    to: 'Awaiting Upload',
  });
  const post = await deps.files.presignPost(job.objectKey, maxImportBytes);
  return { job: jobView(job), post, maxBytes: maxImportBytes, columns: [...importColumns] };
}

export const rejectedPageSize = 100;

export async function getRecordImport(
  jobs: ImportJobStore,
  office: OfficeActor['office'],
  jobId: string,
  rejectedAfter: number,
): Promise<ImportJobResponse> {
  const job = await jobs.getJob(jobId);
  // Another office's job is simply not there for this one.
  if (!job || job.office !== office) throw new NotFoundError(`No import job ${jobId} of ${office}`);
  const { rows, more } = await jobs.listRejected(jobId, rejectedAfter, rejectedPageSize);
  const last = rows.at(-1);
  return {
    ...jobView(job),
    rejectedRows: rows,
    ...(more && last ? { nextRejectedAfter: last.row } : {}),
  };
}

/** Why a file is refused whole: the job says so, and no row of it is imported after the refusal. */
class RefusedFileError extends Error {}
/** Another run took the job over (this one was too slow to write): this one stops. */
class RunTakenOverError extends Error {}

export type RunResult =
  | { ran: false; reason: 'unknown job' | 'finished already' | 'running elsewhere' | 'no file' }
  | { ran: true; job: RecordImportJob };

interface Batch {
  first: number;
  last: number;
  /** Rows checked by the schema, to write. */
  rows: RowInput[];
  /** Rows refused before any write (the schema, the quoting, a repeated reference). */
  rejected: RejectedRow[];
  /** The (student, institution, category) claims of the rows: a transaction may name each once. */
  keys: Set<string>;
}

const newBatch = (first: number): Batch => ({ first, last: first, rows: [], rejected: [], keys: new Set() });

/** Text from bytes, refusing what is not UTF-8 (a leading BOM is dropped). */
async function* utf8Text(chunks: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) throw new RefusedFileError(`The file is larger than ${maxBytes / 1024 / 1024} MB`);
    try {
      yield decoder.decode(chunk, { stream: true });
    } catch {
      throw new RefusedFileError(
        `The file is not UTF-8 text (an invalid byte sequence within its first ${bytes} bytes); save it as "CSV UTF-8"`,
      );
    }
  }
  try {
    yield decoder.decode();
  } catch {
    throw new RefusedFileError(
      'The file is not UTF-8 text (it ends inside a character); save it as "CSV UTF-8"',
    );
  }
}

async function* csvRecords(text: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser();
  try {
    for await (const piece of text) yield* parser.feed(piece);
    yield* parser.end();
  } catch (error) {
    if (error instanceof CsvTooLongRecordError)
      throw new RefusedFileError(`The file is refused: ${error.message}`);
    throw error;
  }
}

/** The claim a row's record takes: two rows with the same one cannot share a transaction. */
const recordClaimOf = (r: RowInput): string =>
  `${r.input.studentId}#${r.input.institutionId}#${r.input.category}`;

/**
 * The first pass: the whole file decoded and parsed, nothing written, so that a wrong header, a
 * byte that is not UTF-8 or a runaway quote refuses the file whole, not after its first rows landed.
 */
async function refusalOf(chunks: AsyncIterable<Uint8Array>): Promise<string | undefined> {
  try {
    let first = true;
    for await (const record of csvRecords(utf8Text(chunks, maxImportBytes))) {
      if (!first) continue;
      first = false;
      const check = checkHeader(record.fields);
      if (!check.ok) return check.reason;
      if (record.error) return `The header row is not valid CSV: ${record.error.reason}`;
    }
    return first ? 'The file is empty: the first row must name the columns' : undefined;
  } catch (error) {
    if (error instanceof RefusedFileError) return error.message;
    throw error;
  }
}

export async function runRecordImport(
  deps: RecordImportDeps,
  objectKey: string,
  jobId: string,
): Promise<RunResult> {
  const existing = await deps.jobs.getJob(jobId);
  if (!existing || existing.objectKey !== objectKey) return { ran: false, reason: 'unknown job' };
  if (existing.status === 'Completed' || existing.status === 'Refused')
    return { ran: false, reason: 'finished already' };
  const runId = (deps.newRunId ?? randomUUID)();
  const staleBefore = new Date(deps.now().getTime() - (deps.staleRunMs ?? 30_000)).toISOString();
  const job = await deps.jobs.takeJob(jobId, runId, deps.now().toISOString(), staleBefore);
  if (!job) return { ran: false, reason: 'running elsewhere' };

  const actor: OfficeActor = { office: job.office, staffId: job.startedBy };
  const rowDeps: ProvisioningDeps = { ...deps, institutionCache: new Map<string, Institution | null>() };
  const concurrency = deps.concurrency ?? 4;
  const batchRows = deps.batchRows ?? 10;
  const progressEveryMs = deps.progressEveryMs ?? 500;

  // The done prefix: batches finish out of order; the checkpoint moves over those done in order.
  const progress = { ...job.progress };
  let checkpointRow = job.checkpointRow;
  const done = new Map<number, { last: number; counts: ImportProgress }>();
  let lastWrite = 0;
  // One write at a time, each taking the counts as they are when it is sent: batches finish
  // concurrently, and a slower write of older counts must not land after a newer one.
  let saving: Promise<void> = Promise.resolve();
  const write = async (final?: Partial<RecordImportJob>) => {
    lastWrite = Date.now();
    const saved = await deps.jobs.saveProgress(
      jobId,
      runId,
      {
        progress: { ...progress },
        checkpointRow,
        heartbeatAt: deps.now().toISOString(),
        ...final,
      },
      job.startedBy,
    );
    if (!saved) throw new RunTakenOverError(`Import job ${jobId} was taken over by another run`);
  };
  const save = (final?: Partial<RecordImportJob>) => {
    const next = saving.then(() => write(final));
    saving = next.catch(() => {});
    return next;
  };

  const finishBatch = async (batch: Batch) => {
    const outcomes = await provisionRows(rowDeps, actor, batch.rows, jobId);
    const rejected: RejectedRow[] = [...batch.rejected];
    const counts = emptyProgress();
    counts.rowsRead = batch.rows.length + batch.rejected.length;
    counts.rejected = batch.rejected.length;
    for (const o of outcomes) {
      if (o.outcome === 'created' || (o.outcome === 'unchanged' && o.byThisJob)) counts.created++;
      else if (o.outcome === 'unchanged') counts.unchanged++;
      else {
        counts.rejected++;
        rejected.push({ row: o.row, officeReference: o.officeReference, issues: o.issues });
      }
    }
    if (rejected.length > 0)
      await deps.jobs.saveRejected(
        jobId,
        rejected.sort((a, b) => a.row - b.row),
      );
    done.set(batch.first, { last: batch.last, counts });
    let moved = false;
    for (let next = done.get(checkpointRow + 1); next; next = done.get(checkpointRow + 1)) {
      done.delete(checkpointRow + 1);
      checkpointRow = next.last;
      progress.rowsRead += next.counts.rowsRead;
      progress.created += next.counts.created;
      progress.unchanged += next.counts.unchanged;
      progress.rejected += next.counts.rejected;
      moved = true;
    }
    if (moved && Date.now() - lastWrite >= progressEveryMs) await save();
  };

  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const dispatch = async (batch: Batch) => {
    const task = finishBatch(batch).catch((error: unknown) => {
      failure ??= error;
    });
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (failure) throw failure;
  };

  const refuse = async (reason: string) => {
    await save({ status: 'Refused', refusalReason: reason, finishedAt: deps.now().toISOString() });
    await deps.files.remove(objectKey);
    return { ran: true as const, job: { ...job, status: 'Refused' as const, refusalReason: reason } };
  };
  const scanned = await deps.files.open(objectKey);
  if (!scanned) return { ran: false, reason: 'no file' };
  // The presigned form's content-length-range holds in S3; the size is checked again here.
  if (scanned.sizeBytes > maxImportBytes)
    return refuse(
      `The file is ${(scanned.sizeBytes / 1024 / 1024).toFixed(1)} MB; an import takes at most 50 MB`,
    );
  const refusal = await refusalOf(scanned.chunks);
  if (refusal) return refuse(refusal);
  const file = await deps.files.open(objectKey);
  if (!file) return { ran: false, reason: 'no file' };

  try {
    let header: Extract<HeaderCheck, { ok: true }> | undefined;
    const seen = new Map<string, number>();
    let batch: Batch | undefined;
    for await (const record of csvRecords(utf8Text(file.chunks, maxImportBytes))) {
      if (!header) {
        const check = checkHeader(record.fields);
        if (!check.ok) throw new RefusedFileError(check.reason);
        if (record.error)
          throw new RefusedFileError(`The header row is not valid CSV: ${record.error.reason}`);
        header = check;
        continue;
      }
      const checked = record.error ? undefined : checkRow(record.fields, header.positions);
      const reference = checked?.ok ? checked.input.officeReference : undefined;
      const earlier = reference ? seen.get(reference) : undefined;
      if (reference && earlier === undefined) seen.set(reference, record.number);
      // Rows up to the checkpoint are done: read (for the repeated references), not written again.
      if (record.number <= checkpointRow) continue;

      batch ??= newBatch(record.number);
      const claimKey = checked?.ok ? recordClaimOf({ row: record.number, input: checked.input }) : undefined;
      if (
        batch.rows.length >= batchRows ||
        batch.rows.length + batch.rejected.length >= batchRows * 10 ||
        (claimKey && batch.keys.has(claimKey))
      ) {
        await dispatch(batch);
        batch = newBatch(record.number);
      }
      batch.last = record.number;
      if (record.error) {
        const column = [...header.positions].find(([, i]) => i === record.error?.field)?.[0] ?? '(row)';
        batch.rejected.push({ row: record.number, issues: [{ column, reason: record.error.reason }] });
      } else if (!checked?.ok) {
        batch.rejected.push({
          row: record.number,
          ...(checked?.officeReference ? { officeReference: checked.officeReference } : {}),
          issues: checked?.issues ?? [],
        });
      } else if (earlier !== undefined) {
        batch.rejected.push({
          row: record.number,
          officeReference: checked.input.officeReference,
          issues: [{ column: 'officeReference', reason: `appears on row ${earlier} of this file already` }],
        });
      } else {
        batch.rows.push({ row: record.number, input: checked.input });
        if (claimKey) batch.keys.add(claimKey);
      }
    }
    if (!header) throw new RefusedFileError('The file is empty: the first row must name the columns');
    if (batch) await dispatch(batch);
    await Promise.all(inFlight);
    if (failure) throw failure;
  } catch (error) {
    await Promise.allSettled(inFlight);
    if (error instanceof RefusedFileError) return refuse(error.message);
    if (error instanceof RunTakenOverError) return { ran: false, reason: 'running elsewhere' };
    // Whatever was done is in the checkpoint, and the job is released (its heartbeat made stale):
    // the retry of the event takes it at once and resumes after the checkpoint.
    await save({ heartbeatAt: new Date(0).toISOString() }).catch(() => {});
    throw error;
  }
  const finishedAt = deps.now().toISOString();
  await save({ status: 'Completed', finishedAt });
  // The file holds students' personal data: once imported it is not kept.
  await deps.files.remove(objectKey);
  return { ran: true, job: { ...job, status: 'Completed', progress, checkpointRow, finishedAt } };
}
