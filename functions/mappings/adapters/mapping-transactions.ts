import { randomUUID } from 'node:crypto';
import { AwaitedDecisionEntity, type ReviewStep } from '../../human-steps/entities/awaited-decision.js';
import { AuditEventEntity } from '../../store/audit.js';
import type { TransactItem } from '../../store/dynamo.js';
import { type Mapping, MappingEntity, mappingGroupPk } from '../entities/mapping.js';
import { mappingSearchItems } from '../entities/mapping-search.js';

// The items of a mapping state change, shared by every writer (student actions and the review
// workflow), so each change carries the same guarantees: the version check, the audit event, and the
// search entries rewritten in the same transaction.

export type { TransactItem } from '../../store/dynamo.js';

export interface AuditNote {
  actor: string;
  action: string;
  /** Shown to students. */
  reason?: string;
  /** ARO only. */
  internalNote?: string;
}

export function auditItem(
  tableName: string,
  mapping: Mapping,
  from: string | undefined,
  note: AuditNote,
  at: string,
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: AuditEventEntity.toItem({
        subjectPk: mappingGroupPk(mapping.groupRef),
        subjectId: mapping.ref,
        at,
        eventId: randomUUID(),
        actor: note.actor,
        action: note.action,
        ...(from ? { from } : {}),
        to: mapping.status,
        ...(note.reason ? { reason: note.reason } : {}),
        ...(note.internalNote ? { internalNote: note.internalNote } : {}),
      }),
    },
  };
}

/** `next` replaces `previous` only if nobody changed it since it was read (optimistic locking). */
export function mappingChangeItems(
  tableName: string,
  previous: Mapping,
  next: Mapping,
  note: AuditNote,
  settles: readonly ReviewStep[] = [],
): TransactItem[] {
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName,
        Item: MappingEntity.toItem(next),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': previous.version },
      },
    },
    auditItem(tableName, next, previous.status, note, next.updatedAt),
    ...mappingSearchItems(next).map((Item) => ({ Put: { TableName: tableName, Item } })),
  ];
  for (const step of settles) {
    items.push({ Delete: { TableName: tableName, Key: AwaitedDecisionEntity.key(next.ref, step) } });
  }
  return items;
}
