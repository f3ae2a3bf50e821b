import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Upload, UploadEntity } from '../entities/upload.js';
import type { UploadStore } from '../use-cases/uploads.js';

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

  async recordCheck(upload: Upload): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: UploadEntity.toItem(upload),
          ConditionExpression: '#status = :awaiting',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':awaiting': 'Awaiting Upload' },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
