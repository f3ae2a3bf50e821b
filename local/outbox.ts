import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { DynamoOutboxStore } from '../functions/outbox/adapters/outbox-store.js';
import { insertRecordOf } from '../functions/outbox/adapters/stream-records.js';
import type { OutboxItem } from '../functions/outbox/entities/outbox-item.js';
import { localClient } from './dynamodb.js';
import type { LocalLambdas } from './lambdas.js';

// The local stand-in for DynamoDB Streams → the outbox-dispatcher's event source mapping. DynamoDB
// Local has streams, but a stream reader must checkpoint its shard position to survive a restart, and
// records older than 24 hours are gone; the outbox is in the table anyway. So this polls the pending
// queue (a sparse index: delivered items leave it) and hands the dispatcher the event the stream
// would (INSERT records, NEW_IMAGE), as the mapping's filter would, ten at a time. Whatever a
// crash left pending is simply still in the queue at the next start. A failure the dispatcher
// records (attempts) is retried with exponential backoff; after the last attempt the item moves to
// the dead-letter queue (`OUTBOX#dead-letter`), as the stream's on-failure destination would hold it.

export interface LocalOutboxOptions {
  dynamodbEndpoint: string;
  tableName: string;
  region: string;
  lambdas: LocalLambdas;
  log?: (line: string) => void;
  /** How often the queue is read when it was empty. */
  pollMs?: number;
  /** Delivery attempts before an item is dead-lettered (the mapping's retryAttempts + 1 in AWS). */
  maxAttempts?: number;
}

const batchSize = 10;
/** Wait after the nth failed attempt: 250 ms, 500 ms, 1 s, ... at most 30 s. */
export const retryDelayMs = (attempts: number): number =>
  Math.min(30_000, 250 * 2 ** Math.max(0, attempts - 1));

export class LocalOutboxFeeder {
  private readonly db: DynamoDBDocumentClient;
  private readonly store: DynamoOutboxStore;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private sequence = 0;

  constructor(private readonly options: LocalOutboxOptions) {
    this.db = DynamoDBDocumentClient.from(localClient(options.dynamodbEndpoint), {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.store = new DynamoOutboxStore(this.db, options.tableName);
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.db.destroy();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delivered = 0;
      try {
        delivered = await this.poll();
      } catch (error) {
        this.options.log?.(`outbox feeder: ${String(error)}`);
      }
      if (delivered === 0) await this.sleep(this.options.pollMs ?? 100);
    }
  }

  /** One pass over the pending queue; answers how many items it handed over. */
  private async poll(): Promise<number> {
    const now = Date.now();
    const maxAttempts = this.options.maxAttempts ?? 10;
    const due: OutboxItem[] = [];
    for (const item of await this.store.listPending(100)) {
      const attempts = item.attempts ?? 0;
      if (attempts >= maxAttempts) {
        await this.store.deadLetter(item, new Date(now).toISOString());
        this.options.log?.(
          `outbox: ${item.idempotencyKey} dead-lettered after ${attempts} attempts: ${item.lastError ?? ''}`,
        );
      } else if (attempts === 0 || Date.parse(item.lastAttemptAt ?? '') + retryDelayMs(attempts) <= now) {
        due.push(item);
      }
    }
    const batch = due.slice(0, batchSize);
    if (batch.length === 0) return 0;
    const event: DynamoDBStreamEvent = {
      Records: batch.map((item) =>
        insertRecordOf(item, String(++this.sequence).padStart(21, '0'), {
          region: this.options.region,
          tableArn: `arn:aws:dynamodb:${this.options.region}:000000000000:table/${this.options.tableName}`,
        }),
      ),
    };
    try {
      const response = (await this.options.lambdas.invoke(
        'outbox-dispatcher',
        event,
      )) as DynamoDBBatchResponse;
      // Failed items carry their attempt in the table; their backoff starts from it.
      if (response.batchItemFailures.length === batch.length) await this.sleep(this.options.pollMs ?? 100);
    } catch (error) {
      // The handler itself failed (as a crashed invocation would): the whole batch again, later.
      this.options.log?.(`outbox dispatcher failed: ${String(error)}`);
      await this.sleep(1000);
    }
    return batch.length;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
