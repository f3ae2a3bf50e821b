import { type Keys, type StoredItem, withoutKeys } from './item.js';

/** Who did what, when and why, to one object. Written in the same transaction as the change. */
export interface AuditEvent {
  /** The object's partition (e.g. a mapping group) and its own id within it. */
  subjectPk: string;
  subjectId: string;
  at: string;
  actor: string;
  action: string;
  /** Shown to students. */
  reason?: string;
  /** ARO only. */
  internalNote?: string;
  from?: string;
  to?: string;
  eventId: string;
}

export const AuditEventEntity = {
  type: 'AuditEvent',
  /** One subject's events in time order. */
  prefix: (subjectId: string) => `AUDIT#${subjectId}#`,
  key: (e: Pick<AuditEvent, 'subjectPk' | 'subjectId' | 'at' | 'eventId'>): Keys => ({
    pk: e.subjectPk,
    sk: `AUDIT#${e.subjectId}#${e.at}#${e.eventId}`,
  }),
  /**
   * Everything one actor did, across every object, in time order (ARO's audit trail of an actor): the
   * byOwner index, written with every event. Events written before the index existed lack it.
   */
  actorIndex: (actor: string) => `ACTOR#${actor}`,
  actorIndexSk: (e: Pick<AuditEvent, 'at' | 'eventId'>) => `${e.at}#${e.eventId}`,
  toItem: (e: AuditEvent): StoredItem => ({
    ...AuditEventEntity.key(e),
    type: AuditEventEntity.type,
    gsi2pk: AuditEventEntity.actorIndex(e.actor),
    gsi2sk: AuditEventEntity.actorIndexSk(e),
    ...e,
  }),
  fromItem: (item: Record<string, unknown>): AuditEvent => withoutKeys<AuditEvent>(item),
};
