import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { newStudyRecordItems } from '../../records/adapters/study-record-writer.js';
import { type Student, StudentEntity, StudyRecordClaimEntity } from '../../records/entities/student.js';
import { type Institution, InstitutionEntity } from '../../reference-data/entities/catalog.js';
import { AuditEventEntity } from '../../store/audit.js';
import { batchGetAll, TableStore, type TransactItem } from '../../store/dynamo.js';
import type { Keys } from '../../store/item.js';
import type { RejectedRow } from '../contracts.js';
import type { RecordsOffice } from '../domain/import-rows.js';
import {
  importJobPk,
  OfficeReferenceClaimEntity,
  type RecordImportJob,
  RecordImportJobEntity,
  RejectedRowEntity,
} from '../entities/import-job.js';
import type {
  Lookup,
  NewOfficeRecord,
  ProvisioningStore,
  WriteOutcome,
} from '../use-cases/provision-records.js';
import type { ImportJobStore } from '../use-cases/record-import.js';

// The offices' records on the single table. A row is its office-reference claim followed by the
// items of the records capability's own study record (claim, record, audit event, outbox), so an
// office's record is the same record a student's is, and the "at most one" of both is a condition
// of the same transaction. Rows are written several to a transaction; the job's progress is an
// update conditional on the run holding the job.

const batchWriteLimit = 25;

export class DynamoProvisioningStore extends TableStore implements ProvisioningStore, ImportJobStore {
  async lookup(query: {
    office: RecordsOffice;
    studentIds: string[];
    institutionIds: string[];
    officeReferences: string[];
  }): Promise<Lookup> {
    const keys: Keys[] = [
      ...query.studentIds.map((id) => StudentEntity.key(id)),
      ...query.institutionIds.map((id) => InstitutionEntity.key(id)),
      ...query.officeReferences.map((ref) => OfficeReferenceClaimEntity.key(query.office, ref)),
    ];
    const found: Lookup = { students: new Map(), institutions: new Map(), claims: new Map() };
    // Strongly consistent: a claim written a moment ago by a racing import is seen, not re-tried.
    for (const item of await batchGetAll(this.db, this.tableName, keys, { consistent: true })) {
      if (item.type === StudentEntity.type) {
        const student: Student = StudentEntity.fromItem(item);
        found.students.set(student.studentId, student);
      } else if (item.type === InstitutionEntity.type) {
        const institution: Institution = InstitutionEntity.fromItem(item);
        found.institutions.set(institution.institutionId, institution);
      } else if (item.type === OfficeReferenceClaimEntity.type) {
        const claim = OfficeReferenceClaimEntity.fromItem(item);
        found.claims.set(claim.officeReference, claim);
      }
    }
    return found;
  }

  private rowItems(change: NewOfficeRecord): TransactItem[] {
    return [
      {
        Put: {
          TableName: this.tableName,
          Item: OfficeReferenceClaimEntity.toItem(change.claim),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...newStudyRecordItems(this.tableName, change),
    ];
  }

  async writeBatch(records: NewOfficeRecord[]): Promise<boolean> {
    const codes = await this.tryTransact(records.flatMap((r) => this.rowItems(r)));
    return codes === undefined;
  }

  async writeOne(change: NewOfficeRecord): Promise<WriteOutcome> {
    const codes = await this.tryTransact(this.rowItems(change));
    if (!codes) return { written: true };
    // The items are the office-reference claim, then the record's own claim (newStudyRecordItems).
    if (codes[0] === 'ConditionalCheckFailed') {
      const claim = await this.getItem(
        OfficeReferenceClaimEntity.key(change.claim.office, change.claim.officeReference),
        OfficeReferenceClaimEntity,
      );
      return { written: false, reason: 'reference-taken', claim };
    }
    if (codes[1] === 'ConditionalCheckFailed') {
      const { record } = change;
      const existing = await this.getItem(
        StudyRecordClaimEntity.key(record.studentId, record.institutionId, record.category),
        StudyRecordClaimEntity,
      );
      return { written: false, reason: 'duplicate', existingRecordId: existing?.recordId };
    }
    if (codes.includes('TransactionConflict')) return { written: false, reason: 'retry' };
    throw new Error(`Study record of ${change.claim.officeReference} not written: ${codes.join(', ')}`);
  }

  // ---- import jobs ----

  getJob(jobId: string): Promise<RecordImportJob | undefined> {
    return this.getItem(RecordImportJobEntity.key(jobId), RecordImportJobEntity);
  }

  async createJob(job: RecordImportJob, audit: Parameters<ImportJobStore['createJob']>[1]): Promise<void> {
    await this.transact(
      [
        {
          Put: {
            TableName: this.tableName,
            Item: RecordImportJobEntity.toItem(job),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: AuditEventEntity.toItem({
              ...audit,
              subjectPk: importJobPk(job.jobId),
              subjectId: job.jobId,
              eventId: randomUUID(),
            }),
          },
        },
      ],
      `Import job ${job.jobId} exists already`,
    );
  }

  async takeJob(
    jobId: string,
    runId: string,
    at: string,
    staleBefore: string,
  ): Promise<RecordImportJob | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: RecordImportJobEntity.key(jobId),
          UpdateExpression:
            'SET #status = :importing, runId = :run, heartbeatAt = :at, startedAt = if_not_exists(startedAt, :at)',
          ConditionExpression:
            '#status IN (:awaiting, :importing) AND (attribute_not_exists(runId) OR heartbeatAt < :stale)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':importing': 'Importing',
            ':awaiting': 'Awaiting Upload',
            ':run': runId,
            ':at': at,
            ':stale': staleBefore,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? RecordImportJobEntity.fromItem(Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async saveProgress(
    jobId: string,
    runId: string,
    update: Parameters<ImportJobStore['saveProgress']>[2],
    actor: string,
  ): Promise<boolean> {
    const fields = Object.entries(update).filter(([, v]) => v !== undefined);
    const names = Object.fromEntries(fields.map(([k], i) => [`#f${i}`, k]));
    const values = Object.fromEntries(fields.map(([, v], i) => [`:v${i}`, v]));
    const job: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: RecordImportJobEntity.key(jobId),
        UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
        ConditionExpression: 'runId = :run',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ...values, ':run': runId },
      },
    };
    // The job's end is a change of its own, audited; the progress before it is bookkeeping.
    const audit: TransactItem[] = update.status
      ? [
          {
            Put: {
              TableName: this.tableName,
              Item: AuditEventEntity.toItem({
                subjectPk: importJobPk(jobId),
                subjectId: jobId,
                at: update.finishedAt ?? update.heartbeatAt ?? new Date().toISOString(),
                actor,
                action: `Study record import ${update.status}: ${update.progress.created} created, ${update.progress.unchanged} unchanged, ${update.progress.rejected} rejected${update.refusalReason ? ` (${update.refusalReason})` : ''}`,
                from: 'Importing',
                to: update.status,
                eventId: randomUUID(),
              }),
            },
          },
        ]
      : [];
    const codes = await this.tryTransact([job, ...audit]);
    if (!codes) return true;
    if (codes[0] === 'ConditionalCheckFailed') return false;
    throw new Error(`Import job ${jobId} progress not saved: ${codes.join(', ')}`);
  }

  async saveRejected(jobId: string, rows: RejectedRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += batchWriteLimit) {
      let pending: NonNullable<BatchWriteCommandInput['RequestItems']>[string] | undefined = rows
        .slice(i, i + batchWriteLimit)
        .map((r) => ({ PutRequest: { Item: RejectedRowEntity.toItem(jobId, r) } }));
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        const result: BatchWriteCommandOutput = await this.db.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }),
        );
        pending = result.UnprocessedItems?.[this.tableName];
      }
    }
  }

  async listRejected(
    jobId: string,
    afterRow: number,
    limit: number,
  ): Promise<{ rows: RejectedRow[]; more: boolean }> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': importJobPk(jobId),
          ':from': RejectedRowEntity.sortKey(afterRow + 1),
          ':to': RejectedRowEntity.sortKey(999_999_999),
        },
        Limit: limit + 1,
      }),
    );
    return { rows: Items.slice(0, limit).map(RejectedRowEntity.fromItem), more: Items.length > limit };
  }
}
