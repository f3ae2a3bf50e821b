import type { OutboxMessageOf } from '../../outbox/entities/outbox-item.js';
import type { IntegrationEventDetail, IntegrationEventType } from '../contracts.js';

/**
 * An integration event as a state change declares it: an outbox item of its commit, delivered to
 * the bus at least once. `fact` names the change (an entity, its id and version), so one change
 * publishes once and its id is the same on every delivery.
 */
export function integrationEvent<T extends IntegrationEventType>(
  detailType: T,
  fact: string,
  occurredAt: string,
  detail: Omit<IntegrationEventDetail<T>, 'eventId' | 'schemaVersion' | 'occurredAt'>,
): OutboxMessageOf<'event.publish'> {
  const eventId = `${detailType.toLowerCase().replaceAll(' ', '-')}:${fact}`;
  return {
    kind: 'event.publish',
    payload: { detailType, detail: { eventId, schemaVersion: 1, occurredAt, ...detail } },
    idempotencyKey: `event.publish:${eventId}`,
  };
}
