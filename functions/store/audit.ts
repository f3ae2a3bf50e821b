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
  toItem: (e: AuditEvent): StoredItem => ({ ...AuditEventEntity.key(e), type: AuditEventEntity.type, ...e }),
  fromItem: (item: Record<string, unknown>): AuditEvent => withoutKeys<AuditEvent>(item),
};
