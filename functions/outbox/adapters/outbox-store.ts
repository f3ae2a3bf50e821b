import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { TableStore } from '../../store/dynamo.js';
import { OutboxEntity, type OutboxItem } from '../entities/outbox-item.js';
import type { OutboxStore } from '../use-cases/dispatch.js';

// The outbox items' delivery state. Marks never make an item reappear: each update requires the item
// to exist, and a failure is recorded only while the item is undelivered.
export class DynamoOutboxStore extends TableStore implements OutboxStore {
  get(idempotencyKey: string): Promise<OutboxItem | undefined> {
    return this.getItem(OutboxEntity.key(idempotencyKey), OutboxEntity);
  }

  markDelivered(idempotencyKey: string, at: string): Promise<void> {
    return this.update({
      Key: OutboxEntity.key(idempotencyKey),
      // Out of the pending queue; kept a while for the record, then removed by TTL.
      UpdateExpression: 'SET deliveredAt = :at, expiresAt = :expires REMOVE gsi2pk, gsi2sk',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': at, ':expires': OutboxEntity.expiresAt(at) },
    });
  }

  recordFailure(idempotencyKey: string, at: string, error: string): Promise<void> {
    return this.update({
      Key: OutboxEntity.key(idempotencyKey),
      UpdateExpression: 'ADD attempts :one SET lastAttemptAt = :at, lastError = :error',
      ConditionExpression: 'attribute_exists(pk) and attribute_not_exists(deliveredAt)',
      ExpressionAttributeValues: { ':one': 1, ':at': at, ':error': error },
    });
  }

  /** Given up on: out of the pending queue into the dead-letter one, where ops can find it. */
  deadLetter(item: OutboxItem, at: string): Promise<void> {
    return this.update({
      Key: OutboxEntity.key(item.idempotencyKey),
      UpdateExpression: 'SET deadLetteredAt = :at, gsi2pk = :queue',
      ConditionExpression: 'attribute_exists(pk) and attribute_not_exists(deliveredAt)',
      ExpressionAttributeValues: { ':at': at, ':queue': OutboxEntity.deadLetterQueue },
    });
  }

  /** Undelivered items, oldest first (the byOwner index, so eventually consistent: a poll may lag). */
  async listPending(limit: number): Promise<OutboxItem[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byOwner',
        KeyConditionExpression: 'gsi2pk = :queue',
        ExpressionAttributeValues: { ':queue': OutboxEntity.pendingQueue },
        Limit: limit,
      }),
    );
    return Items.map(OutboxEntity.fromItem);
  }

  private async update(input: Omit<UpdateCommandInput, 'TableName'>): Promise<void> {
    try {
      await this.db.send(new UpdateCommand({ TableName: this.tableName, ...input }));
    } catch (error) {
      // Gone (expired) or already delivered: nothing left to mark.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
