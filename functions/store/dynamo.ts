import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../commons/errors.js';
import type { Keys } from './item.js';
import { type CancellationCode, cancellationCodes } from './state-change.js';

// Small helpers over the DocumentClient that every repository shares: paginate a Query to the end,
// and BatchGet any number of keys (100 per call, retrying what DynamoDB leaves unprocessed).

export async function queryAll(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

const batchGetLimit = 100;

export async function batchGetAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: Keys[],
  options: { consistent?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += batchGetLimit) {
    let pending: Record<string, unknown>[] | undefined = keys
      .slice(i, i + batchGetLimit)
      .map((k) => ({ ...k }));
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      const result: BatchGetCommandOutput = await db.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: pending, ConsistentRead: options.consistent ?? false } },
        }),
      );
      items.push(...(result.Responses?.[tableName] ?? []));
      pending = result.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return items;
}

/**
 * What every store of the single table shares: one item by key, a partition's items by sort-key
 * prefix, a transaction whose cancellation is a 409 or answers its reasons. Capability-free: reads a
 * capability's stores share live with it (mappings/adapters/mapping-table-store.ts).
 */
export abstract class TableStore {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
    /** Reads that decide a write are strongly consistent; pure reads may take half the read units. */
    private readonly consistentReads = true,
  ) {}

  protected async getItem<T>(key: Keys, entity: { fromItem: (item: Record<string, unknown>) => T }) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: this.consistentReads }),
    );
    return Item ? entity.fromItem(Item) : undefined;
  }

  protected prefixQuery(pk: string, prefix: string) {
    return queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk and begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ConsistentRead: this.consistentReads,
    });
  }

  /**
   * Commits the items, or answers why not: one cancellation code per item, in order, so the caller
   * can tell which condition failed (a uniqueness claim, a version check) and answer accordingly.
   */
  protected async tryTransact(items: TransactItem[]): Promise<CancellationCode[] | undefined> {
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      return codes;
    }
  }

  protected async transact(items: TransactItem[], conflict: string): Promise<void> {
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) throw new ConflictError(conflict);
      throw error;
    }
  }
}

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
