import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { OutboxEntity, type OutboxMessage } from '../../outbox/entities/outbox-item.js';
import { MyMappingRequestEntity, StudentEntity } from '../../records/entities/student.js';
import { batchGetAll, queryAll } from '../../store/dynamo.js';
import { stateChangeItems } from '../../store/state-change.js';
import { type Mapping, MappingEntity } from '../entities/mapping.js';
import { MappingSearchEntity } from '../entities/mapping-search.js';
import type { ReReviewNote, ReReviewStore } from '../use-cases/re-review.js';
import { MappingTableStore } from './mapping-table-store.js';
import { mappingStateChange } from './mapping-transactions.js';

// The re-review on the single table: the reverse lookup beside the HKUST course, the mapping's
// change through the one mapping commit (mapping-transactions.ts: transition, version, audit, search
// entries), followers by the byOwner index, mails put into the outbox only if absent, and the queue
// as a sparse index of flagged mappings. Reads that decide a write are strongly consistent.
export class DynamoReReviewStore extends MappingTableStore implements ReReviewStore {
  async mappingsToCourse(code: string) {
    const items = await this.prefixQuery(
      MappingSearchEntity.homeCoursePk(code),
      MappingSearchEntity.homeCoursePrefix,
    );
    return items.map(MappingSearchEntity.fromItem);
  }

  async changeMapping(previous: Mapping, next: Mapping, note: ReReviewNote): Promise<boolean> {
    const codes = await this.tryTransact(
      stateChangeItems(this.tableName, mappingStateChange(this.tableName, previous, next, note)),
    );
    if (!codes) return true;
    if (codes[0] === 'ConditionalCheckFailed' || codes.includes('TransactionConflict')) return false;
    throw new Error(`Mapping ${next.ref} not changed: ${codes.join(', ')}`);
  }

  async followersOf(ref: string) {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'byOwner',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': MyMappingRequestEntity.followers(ref) },
    });
    return items.map((i) => MyMappingRequestEntity.fromItem(i).studentId);
  }

  async getStudents(studentIds: string[]) {
    return (await batchGetAll(this.db, this.tableName, studentIds.map(StudentEntity.key))).map(
      StudentEntity.fromItem,
    );
  }

  async enqueueOnce(messages: OutboxMessage[], at: string) {
    for (const message of messages) {
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: OutboxEntity.toItem({ ...message, createdAt: at }),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        // Enqueued by an earlier delivery of the same change: pending or sent, it is not sent twice.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }

  async listFlagged() {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'byCollection',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': MappingEntity.reReviewQueue },
    });
    return items.map(MappingEntity.fromItem);
  }
}
