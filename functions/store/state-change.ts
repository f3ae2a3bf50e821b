import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { OutboxEntity, type OutboxMessage } from '../outbox/entities/outbox-item.js';
import { type AuditEvent, AuditEventEntity } from './audit.js';
import { assertTransition, type TransitionTable } from './domain/transitions.js';
import type { TransactItem } from './dynamo.js';
import type { StoredItem } from './item.js';

// One commit per state change (DESIGN decisions 3 and 8), for any entity with a status: a single
// TransactWriteItems holding the new state with its version check, the transition checked against
// the entity's transition table before anything is written, the audit event, the outbox items for
// what must follow, and whatever else the change writes atomically (uniqueness claims, index entries,
// settled waits).

export {
  assertTransition,
  canTransition,
  IllegalTransitionError,
  type TransitionTable,
} from './domain/transitions.js';

export interface StateChange<S extends string> {
  table: TransitionTable<S>;
  /** The entity's id, for messages. */
  id: string;
  /** The entity's new item, as its entity module builds it. */
  item: StoredItem;
  /** Undefined: the entity is created (and must not exist); else the version it must still have. */
  expectedVersion?: number;
  from?: S;
  to: S;
  /** Who, when, what, why. Its id and time are filled in when missing. */
  audit: Omit<AuditEvent, 'eventId'> & { eventId?: string };
  /** What must follow the change, delivered by the outbox dispatcher. */
  outbox?: readonly OutboxMessage[];
  /** Anything else written in the same transaction. */
  with?: readonly TransactItem[];
}

/** The transaction items of a state change; refuses an illegal transition before anything is built. */
export function stateChangeItems<S extends string>(
  tableName: string,
  change: StateChange<S>,
): TransactItem[] {
  assertTransition(change.table, change.id, change.from, change.to);
  const state: TransactItem =
    change.expectedVersion === undefined
      ? { Put: { TableName: tableName, Item: change.item, ConditionExpression: 'attribute_not_exists(pk)' } }
      : {
          Put: {
            TableName: tableName,
            Item: change.item,
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': change.expectedVersion },
          },
        };
  const audit: AuditEvent = { ...change.audit, eventId: change.audit.eventId ?? randomUUID() };
  return [
    state,
    { Put: { TableName: tableName, Item: AuditEventEntity.toItem(audit) } },
    ...(change.outbox ?? []).map(
      (message): TransactItem => ({
        Put: {
          TableName: tableName,
          Item: OutboxEntity.toItem({ ...message, createdAt: audit.at }),
          // The same follow-up twice is a bug in the caller, not something to deliver twice.
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
    ),
    ...(change.with ?? []),
  ];
}

/** Why a transaction was refused, per item in the order written (DynamoDB's cancellation reasons). */
export type CancellationCode = 'None' | 'ConditionalCheckFailed' | 'TransactionConflict' | (string & {});

/** The cancellation reasons of a cancelled transaction, or undefined when `error` is something else. */
export function cancellationCodes(error: unknown): CancellationCode[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}
