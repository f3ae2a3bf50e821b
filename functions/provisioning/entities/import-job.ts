import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';
import type { ImportJobStatus, ImportProgress, RejectedRow } from '../contracts.js';
import type { RecordContent, RecordsOffice } from '../domain/import-rows.js';

/** A CSV import job of an office: its file, its status and its progress, as the runner writes them. */
export interface RecordImportJob {
  jobId: string;
  office: RecordsOffice;
  /** The office staff who started it: the actor of every record it creates. */
  startedBy: string;
  fileName: string;
  objectKey: string;
  status: ImportJobStatus;
  refusalReason?: string;
  /** The counts of rows 2..checkpointRow: all of them are done (created, unchanged or rejected). */
  progress: ImportProgress;
  /** The last row of the done prefix: a resumed run skips the rows up to it. */
  checkpointRow: number;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** The run that holds the job, and when it last wrote: a run silent for long is taken over. */
  runId?: string;
  heartbeatAt?: string;
}

export const importJobPk = (jobId: string): string => `IMPORTJOB#${jobId}`;

export const RecordImportJobEntity = {
  type: 'RecordImportJob',
  key: (jobId: string): Keys => ({ pk: importJobPk(jobId), sk: 'JOB' }),
  toItem: (j: RecordImportJob): StoredItem => ({
    ...RecordImportJobEntity.key(j.jobId),
    type: RecordImportJobEntity.type,
    ...j,
  }),
  fromItem: (item: Record<string, unknown>): RecordImportJob => withoutKeys<RecordImportJob>(item),
};

/** Where an office's CSV is posted: `imports/<office>/<jobId>.csv` (the trigger's prefix and suffix). */
export const importObjectKey = (office: RecordsOffice, jobId: string): string =>
  `imports/${office}/${jobId}.csv`;

export function parseImportObjectKey(key: string): { office: RecordsOffice; jobId: string } | undefined {
  const match = /^imports\/(URAO|OGL)\/([0-9a-f-]{36})\.csv$/.exec(key);
  return match ? { office: match[1] as RecordsOffice, jobId: match[2] as string } : undefined;
}

/** One rejected row of a job, in file order under the job (a re-run writes the same item again). */
export const RejectedRowEntity = {
  type: 'RecordImportRejectedRow',
  prefix: 'REJECTED#',
  sortKey: (row: number) => `REJECTED#${String(row).padStart(9, '0')}`,
  key: (jobId: string, row: number): Keys => ({ pk: importJobPk(jobId), sk: RejectedRowEntity.sortKey(row) }),
  toItem: (jobId: string, r: RejectedRow): StoredItem => ({
    ...RejectedRowEntity.key(jobId, r.row),
    type: RejectedRowEntity.type,
    jobId,
    ...r,
  }),
  fromItem: (item: Record<string, unknown>): RejectedRow => {
    const { jobId: _job, ...row } = withoutKeys<RejectedRow & { jobId: string }>(item);
    return row;
  },
};

/**
 * An office reference's claim: the one study record an office's reference names, written
 * conditionally in the transaction that creates the record, so a reference sent twice (the same
 * file again, two imports racing) makes one record. It keeps what the record was created from.
 */
export interface OfficeReferenceClaim {
  office: RecordsOffice;
  officeReference: string;
  recordId: string;
  content: RecordContent;
  /** The import job that created it (none: the single-record route). */
  jobId?: string;
  createdBy: string;
  createdAt: string;
}

export const OfficeReferenceClaimEntity = {
  type: 'OfficeReferenceClaim',
  key: (office: RecordsOffice, officeReference: string): Keys => ({
    pk: `OFFICEREF#${office}#${officeReference}`,
    sk: 'CLAIM',
  }),
  toItem: (c: OfficeReferenceClaim): StoredItem => ({
    ...OfficeReferenceClaimEntity.key(c.office, c.officeReference),
    type: OfficeReferenceClaimEntity.type,
    ...c,
  }),
  fromItem: (item: Record<string, unknown>): OfficeReferenceClaim => withoutKeys<OfficeReferenceClaim>(item),
};
