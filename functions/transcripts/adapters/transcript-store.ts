import {
  StudentEntity,
  type StudyRecord,
  StudyRecordEntity,
  studentPk,
} from '../../records/entities/student.js';
import { type AuditEvent, AuditEventEntity } from '../../store/audit.js';
import { queryAll, TableStore } from '../../store/dynamo.js';
import { stateChangeItems } from '../../store/state-change.js';
import type { TranscriptStatus } from '../contracts.js';
import { transcriptTransitions } from '../domain/transcript-status.js';
import { type Transcript, TranscriptEntity } from '../entities/transcript.js';
import { type StoredTrustList, TrustListEntity } from '../entities/trust-list.js';
import type { TranscriptChange, TranscriptStore } from '../use-cases/transcripts.js';
import type { TrustListStore } from '../use-cases/trust-lists.js';

/** Transcripts, their history and the institutions' trust lists in the single table. */
export class DynamoTranscriptStore extends TableStore implements TranscriptStore, TrustListStore {
  getRecord(studentId: string, recordId: string): Promise<StudyRecord | undefined> {
    return this.getItem(StudyRecordEntity.key(studentId, recordId), StudyRecordEntity);
  }

  async getStudentEmail(studentId: string): Promise<string | undefined> {
    return (await this.getItem(StudentEntity.key(studentId), StudentEntity))?.email;
  }

  get(studentId: string, transcriptId: string): Promise<Transcript | undefined> {
    return this.getItem(TranscriptEntity.key(studentId, transcriptId), TranscriptEntity);
  }

  async queue(status: TranscriptStatus): Promise<Transcript[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'byCollection',
      KeyConditionExpression: 'gsi1pk = :queue',
      ExpressionAttributeValues: { ':queue': TranscriptEntity.statusQueue(status) },
      ScanIndexForward: true,
    });
    return items.map(TranscriptEntity.fromItem);
  }

  async history(studentId: string, transcriptId: string): Promise<AuditEvent[]> {
    const items = await this.prefixQuery(studentPk(studentId), AuditEventEntity.prefix(transcriptId));
    return items.map(AuditEventEntity.fromItem);
  }

  async commit(change: TranscriptChange): Promise<boolean> {
    const { previous, next } = change;
    const items = stateChangeItems(this.tableName, {
      table: transcriptTransitions,
      id: next.transcriptId,
      item: TranscriptEntity.toItem(next),
      ...(previous ? { expectedVersion: previous.version, from: previous.status } : {}),
      to: next.status,
      audit: { ...change.audit, subjectPk: studentPk(next.studentId), subjectId: next.transcriptId },
      outbox: change.outbox,
    });
    const codes = await this.tryTransact(items);
    if (!codes) return true;
    // Only the state's own condition (its version, or that it is new) may fail: anything else is a bug.
    if (codes[0] === 'ConditionalCheckFailed') return false;
    throw new Error(`Transcript ${next.transcriptId} not committed: ${codes.join(', ')}`);
  }

  async getTrustList(institutionId: string): Promise<StoredTrustList> {
    return (
      (await this.getItem(TrustListEntity.key(institutionId), TrustListEntity)) ??
      TrustListEntity.empty(institutionId)
    );
  }

  async putTrustList(next: StoredTrustList, expectedVersion: number, audit: AuditEvent): Promise<boolean> {
    const codes = await this.tryTransact([
      {
        Put: {
          TableName: this.tableName,
          Item: TrustListEntity.toItem(next),
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        },
      },
      { Put: { TableName: this.tableName, Item: AuditEventEntity.toItem(audit) } },
    ]);
    if (!codes) return true;
    if (codes[0] === 'ConditionalCheckFailed') return false;
    throw new Error(`Trust list of ${next.institutionId} not committed: ${codes.join(', ')}`);
  }
}
