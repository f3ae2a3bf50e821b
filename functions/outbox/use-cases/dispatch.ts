// The outbox dispatcher (DESIGN decision 8): delivers the follow-ups that state changes wrote, at
// least once, idempotently.
//
// dispatch — Input: outbox items as their inserts were streamed (or fed locally), each with the id
//   its source retries it by. Output: the ids whose delivery failed, to be retried by the source
//   (DynamoDB Streams' partial batch response; the local feeder), and dead-lettered after the last.
//   An item already delivered is skipped, so a replayed record does nothing; a delivered item is
//   marked (and leaves the pending queue); a failed one records the attempt and its error.
import { logger } from '../../commons/logger.js';
import type { OutboxItem, OutboxKind, OutboxPayloads } from '../entities/outbox-item.js';

export interface Deliverer<K extends OutboxKind> {
  /** Must be idempotent for the same item: delivery is at least once. */
  deliver(payload: OutboxPayloads[K], item: OutboxItem): Promise<void>;
}

/** One deliverer per kind, by construction: a kind without one does not compile. */
export type Deliverers = { [K in OutboxKind]: Deliverer<K> };

export interface OutboxStore {
  /** The item as it is now (strongly consistent), or undefined once it is gone. */
  get(idempotencyKey: string): Promise<OutboxItem | undefined>;
  markDelivered(idempotencyKey: string, at: string): Promise<void>;
  recordFailure(idempotencyKey: string, at: string, error: string): Promise<void>;
}

export interface DispatchDeps {
  store: OutboxStore;
  deliverers: Deliverers;
  now: () => Date;
}

export interface Dispatched {
  /** What the source retries the item by (a stream record's sequence number). */
  id: string;
  item: OutboxItem;
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 1000) : String(error).slice(0, 1000);

async function deliverOne(deps: DispatchDeps, { item }: Dispatched): Promise<void> {
  // The streamed image is the insert; the table says whether a delivery already went through.
  const current = await deps.store.get(item.idempotencyKey);
  if (!current || current.deliveredAt) return;
  try {
    const deliverer = deps.deliverers[current.kind] as Deliverer<OutboxKind>;
    if (!deliverer) throw new Error(`No deliverer for outbox kind ${current.kind}`);
    await deliverer.deliver(current.payload, current);
  } catch (error) {
    const at = deps.now().toISOString();
    await deps.store
      .recordFailure(current.idempotencyKey, at, describe(error))
      .catch((e: unknown) =>
        logger.error('Outbox failure not recorded', { key: current.idempotencyKey, error: e }),
      );
    throw error;
  }
  await deps.store.markDelivered(current.idempotencyKey, deps.now().toISOString());
}

/** Delivers each item; answers the ids of those that failed (to be retried), never throws for one. */
export async function dispatch(deps: DispatchDeps, batch: readonly Dispatched[]): Promise<string[]> {
  const results = await Promise.allSettled(batch.map((d) => deliverOne(deps, d)));
  const failed: string[] = [];
  results.forEach((result, i) => {
    const dispatched = batch[i] as Dispatched;
    if (result.status === 'rejected') {
      logger.warn('Outbox delivery failed; it will be retried', {
        key: dispatched.item.idempotencyKey,
        kind: dispatched.item.kind,
        error: result.reason,
      });
      failed.push(dispatched.id);
    }
  });
  return failed;
}
