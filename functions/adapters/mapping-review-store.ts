import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../commons/errors.js';
import { type AwaitedDecision, AwaitedDecisionEntity } from '../entities/awaited-decision.js';
import { type Mapping, MappingEntity } from '../entities/mapping.js';
import { type Student, StudentEntity } from '../entities/student.js';
import type { MappingChange, MappingReviewStore } from '../use-cases/mapping-review.js';
import { mappingChangeItems } from './mapping-transactions.js';

export class DynamoMappingReviewStore implements MappingReviewStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async get(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  async getMapping(ref: string): Promise<Mapping | undefined> {
    const item = await this.get(MappingEntity.key(ref));
    return item ? MappingEntity.fromItem(item) : undefined;
  }

  async getStudent(studentId: string): Promise<Student | undefined> {
    const item = await this.get(StudentEntity.key(studentId));
    return item ? StudentEntity.fromItem(item) : undefined;
  }

  async getAwaitedDecision(ref: string, step: string): Promise<AwaitedDecision | undefined> {
    const item = await this.get(AwaitedDecisionEntity.key(ref, step));
    return item ? AwaitedDecisionEntity.fromItem(item) : undefined;
  }

  async awaitDecision(awaited: AwaitedDecision): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: AwaitedDecisionEntity.toItem(awaited) }),
    );
  }

  async changeMapping(change: MappingChange, at: string): Promise<Mapping> {
    const { mapping } = change;
    const next: Mapping = { ...mapping, ...change.patch, updatedAt: at, version: mapping.version + 1 };
    const items = mappingChangeItems(
      this.tableName,
      mapping,
      next,
      { actor: change.actor, action: change.action, ...(change.reason ? { reason: change.reason } : {}) },
      change.settles,
    );
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new ConflictError(`Mapping ${mapping.ref} was changed by someone else; reload and try again`);
      }
      throw error;
    }
    return next;
  }
}
