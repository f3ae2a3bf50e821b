import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type CheckLease, type Upload, UploadEntity } from '../entities/upload.js';
import type { LeaseOutcome, UploadStore } from '../use-cases/uploads.js';

const awaiting: Upload['status'] = 'Awaiting Upload';
const { id: leaseIdAttribute, until: leaseUntilAttribute } = UploadEntity.leaseAttributes;

export class DynamoUploadStore implements UploadStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(upload: Upload): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: UploadEntity.toItem(upload) }));
  }

  async get(studentId: string, uploadId: string): Promise<Upload | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: UploadEntity.key(studentId, uploadId),
        ConsistentRead: true,
      }),
    );
    return Item ? UploadEntity.fromItem(Item) : undefined;
  }

  async lease(studentId: string, uploadId: string, lease: CheckLease, now: string): Promise<LeaseOutcome> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: UploadEntity.key(studentId, uploadId),
          UpdateExpression: 'SET #leaseId = :leaseId, #leaseUntil = :until',
          ConditionExpression:
            'attribute_exists(pk) AND #status = :awaiting AND (attribute_not_exists(#leaseUntil) OR #leaseUntil < :now)',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#leaseId': leaseIdAttribute,
            '#leaseUntil': leaseUntilAttribute,
          },
          ExpressionAttributeValues: {
            ':awaiting': awaiting,
            ':leaseId': lease.leaseId,
            ':until': lease.until,
            ':now': now,
          },
        }),
      );
      return 'leased';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await this.get(studentId, uploadId);
      return current && current.status === awaiting ? 'busy' : 'decided';
    }
  }

  async release(studentId: string, uploadId: string, leaseId: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: UploadEntity.key(studentId, uploadId),
          UpdateExpression: 'REMOVE #leaseId, #leaseUntil',
          ConditionExpression: '#leaseId = :leaseId',
          ExpressionAttributeNames: { '#leaseId': leaseIdAttribute, '#leaseUntil': leaseUntilAttribute },
          ExpressionAttributeValues: { ':leaseId': leaseId },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async recordCheck(upload: Upload, leaseId: string): Promise<boolean> {
    try {
      // The whole item is replaced, so the lease attributes go with the verdict.
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: UploadEntity.toItem(upload),
          ConditionExpression: '#status = :awaiting AND #leaseId = :leaseId',
          ExpressionAttributeNames: { '#status': 'status', '#leaseId': leaseIdAttribute },
          ExpressionAttributeValues: { ':awaiting': awaiting, ':leaseId': leaseId },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
