import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { OutboxEntity } from '../../outbox/entities/outbox-item.js';
import {
  type Institution,
  InstitutionEntity,
  InstitutionNameWordEntity,
  institutionPk,
} from '../../reference-data/entities/catalog.js';
import { AuditEventEntity } from '../../store/audit.js';
import { queryAll, TableStore, type TransactItem } from '../../store/dynamo.js';
import { StudyRecordClaimEntity, StudyRecordEntity, studentPk } from '../entities/student.js';
import type {
  AddOutcome,
  InstitutionConfirmations,
  InstitutionDirectory,
  NewStudyRecord,
  StudyRecordWriter,
} from '../use-cases/add-institution.js';

/** A new study record's id: `SR-` and a UUID (the seed's are `SR-000001`). */
export const newStudyRecordId = (): string => `SR-${randomUUID()}`;

/**
 * The items that create a study record, in this order: its claim (the first cancellation code),
 * the record, its audit event, a proposed institution with its audit event, the outbox. Exported for
 * the offices' provisioning, which writes the same record beside its own office-reference claim.
 */
export function newStudyRecordItems(
  tableName: string,
  { record, audit, proposed, outbox = [] }: NewStudyRecord,
): TransactItem[] {
  const put = (Item: Record<string, unknown>, condition?: string): TransactItem => ({
    Put: {
      TableName: tableName,
      Item,
      ...(condition ? { ConditionExpression: condition } : {}),
    },
  });
  return [
    // First, so its cancellation code is the first: "at most one" record per institution and category.
    put(StudyRecordClaimEntity.toItem(record), 'attribute_not_exists(pk)'),
    put(StudyRecordEntity.toItem(record), 'attribute_not_exists(pk)'),
    put(
      AuditEventEntity.toItem({
        ...audit,
        subjectPk: studentPk(record.studentId),
        subjectId: record.recordId,
        eventId: randomUUID(),
      }),
    ),
    ...(proposed
      ? [
          put(InstitutionEntity.toItem(proposed), 'attribute_not_exists(pk)'),
          put(
            AuditEventEntity.toItem({
              subjectPk: institutionPk(proposed.institutionId),
              subjectId: proposed.institutionId,
              at: audit.at,
              actor: record.studentId,
              action: `Institution proposed as not listed: ${proposed.name} (${proposed.country})`,
              to: 'proposed',
              eventId: randomUUID(),
            }),
          ),
        ]
      : []),
    // Last, so the indexes above name the same items whatever follows.
    ...outbox.map((message) =>
      put(OutboxEntity.toItem({ ...message, createdAt: audit.at }), 'attribute_not_exists(pk)'),
    ),
  ];
}

// "+ Add Another Institution" on the single table: the institution list read by two bounded Queries
// (the A-Z collection by name prefix, the name-word index by word prefix), and the new record written
// in one transaction with its uniqueness claim, its audit event and, when proposed, its institution.
export class DynamoStudyRecordWriter
  extends TableStore
  implements StudyRecordWriter, InstitutionDirectory, InstitutionConfirmations
{
  getInstitution(institutionId: string): Promise<Institution | undefined> {
    return this.getItem(InstitutionEntity.key(institutionId), InstitutionEntity);
  }

  async byNamePrefix(prefix: string, limit: number): Promise<Institution[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byCollection',
        KeyConditionExpression:
          prefix === '' ? 'gsi1pk = :pk' : 'gsi1pk = :pk and begins_with(gsi1sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': InstitutionEntity.collection,
          ...(prefix === '' ? {} : { ':prefix': prefix }),
        },
        Limit: limit,
      }),
    );
    return Items.map(InstitutionEntity.fromItem);
  }

  async byNameWord(word: string, limit: number): Promise<Institution[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk and begins_with(sk, :word)',
        ExpressionAttributeValues: { ':pk': InstitutionNameWordEntity.pk, ':word': word },
        Limit: limit,
      }),
    );
    return Items.map(InstitutionNameWordEntity.fromItem);
  }

  async addStudyRecord(change: NewStudyRecord): Promise<AddOutcome> {
    const { record } = change;
    const items = newStudyRecordItems(this.tableName, change);
    const codes = await this.tryTransact(items);
    if (!codes) return { added: true };
    if (codes[0] === 'ConditionalCheckFailed') {
      // The winner has committed: name its record (read strongly).
      const claim = await this.getItem(
        StudyRecordClaimEntity.key(record.studentId, record.institutionId, record.category),
        StudyRecordClaimEntity,
      );
      return { added: false, reason: 'duplicate', existingRecordId: claim?.recordId };
    }
    if (codes[3] === 'ConditionalCheckFailed' || codes.includes('TransactionConflict')) {
      return { added: false, reason: 'retry' };
    }
    throw new Error(`Study record ${record.recordId} not added: ${codes.join(', ')}`);
  }

  /** ARO's queue: one Query of the proposed collection (a few items: proposals wait days at most). */
  async listProposed(): Promise<Institution[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'byCollection',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': InstitutionEntity.proposedCollection },
    });
    return items.map(InstitutionEntity.fromItem);
  }

  async confirm(
    confirmed: Institution,
    audit: Parameters<InstitutionConfirmations['confirm']>[1],
  ): Promise<boolean> {
    const codes = await this.tryTransact([
      {
        Put: {
          TableName: this.tableName,
          Item: InstitutionEntity.toItem(confirmed),
          ConditionExpression: '#status = :proposed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':proposed': 'proposed' },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: AuditEventEntity.toItem({
            ...audit,
            subjectPk: institutionPk(confirmed.institutionId),
            subjectId: confirmed.institutionId,
            eventId: randomUUID(),
          }),
        },
      },
      // Within a transaction's 100 items: a name of at most 200 characters has fewer words.
      ...InstitutionNameWordEntity.toItems(confirmed)
        .slice(0, 98)
        .map((Item): TransactItem => ({ Put: { TableName: this.tableName, Item } })),
    ]);
    if (!codes) return true;
    if (codes[0] === 'ConditionalCheckFailed' || codes.includes('TransactionConflict')) return false;
    throw new Error(`Institution ${confirmed.institutionId} not confirmed: ${codes.join(', ')}`);
  }
}
