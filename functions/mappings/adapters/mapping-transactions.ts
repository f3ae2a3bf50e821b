import type { OutboxMessage } from '../../outbox/entities/outbox-item.js';
import type { AuditEvent } from '../../store/audit.js';
import type { Keys } from '../../store/item.js';
import { type StateChange, stateChangeItems } from '../../store/state-change.js';
import { type MappingStatus, mappingTransitions } from '../domain/mapping-status.js';
import { type Mapping, MappingEntity, mappingGroupPk } from '../entities/mapping.js';
import { mappingSearchItems } from '../entities/mapping-search.js';

// The items of a mapping state change, shared by every writer (student actions and the review
// workflow), so each change carries the same guarantees (store/state-change.ts): the transition
// checked against the mapping's table before anything is written, the version check, the audit
// event, the outbox, and the search entries rewritten in the same transaction.

export type { TransactItem } from '../../store/dynamo.js';

export interface AuditNote {
  actor: string;
  action: string;
  /** Shown to students. */
  reason?: string;
  /** ARO only. */
  internalNote?: string;
}

function auditEvent(mapping: Mapping, from: MappingStatus | undefined, note: AuditNote, at: string) {
  return {
    subjectPk: mappingGroupPk(mapping.groupRef),
    subjectId: mapping.ref,
    at,
    actor: note.actor,
    action: note.action,
    ...(from ? { from } : {}),
    to: mapping.status,
    ...(note.reason ? { reason: note.reason } : {}),
    ...(note.internalNote ? { internalNote: note.internalNote } : {}),
  } satisfies Omit<AuditEvent, 'eventId'>;
}

/**
 * A mapping's state change: `next` replaces `previous` only if nobody changed it since it was read
 * (optimistic locking) and its status may follow the previous one; `previous` undefined creates it.
 */
export function mappingStateChange(
  tableName: string,
  previous: Mapping | undefined,
  next: Mapping,
  note: AuditNote,
  extra: { outbox?: readonly OutboxMessage[]; with?: StateChange<MappingStatus>['with'] } = {},
): StateChange<MappingStatus> {
  return {
    table: mappingTransitions,
    id: next.ref,
    item: MappingEntity.toItem(next),
    ...(previous ? { expectedVersion: previous.version, from: previous.status } : {}),
    to: next.status,
    audit: auditEvent(next, previous?.status, note, next.updatedAt),
    ...(extra.outbox ? { outbox: extra.outbox } : {}),
    with: [
      ...mappingSearchItems(next).map((Item) => ({ Put: { TableName: tableName, Item } })),
      ...(extra.with ?? []),
    ],
  };
}

/**
 * The transaction items of a change from `previous` to `next`, the waits it settles removed with
 * it (the keys of the awaited steps it answers), and what must follow in the outbox. Throws an IllegalTransitionError (409) before building
 * anything when the mapping's transition table does not allow the change.
 */
export function mappingChangeItems(
  tableName: string,
  previous: Mapping,
  next: Mapping,
  note: AuditNote,
  settles: readonly Keys[] = [],
  outbox: readonly OutboxMessage[] = [],
) {
  return stateChangeItems(
    tableName,
    mappingStateChange(tableName, previous, next, note, {
      outbox,
      with: settles.map((Key) => ({ Delete: { TableName: tableName, Key } })),
    }),
  );
}
