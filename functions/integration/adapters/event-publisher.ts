import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { OutboxPayloads } from '../../outbox/entities/outbox-item.js';
import type { Deliverer } from '../../outbox/use-cases/dispatch.js';
import { integrationSource } from '../contracts.js';

/**
 * Delivers `event.publish` items to the integration bus. PutEvents answers per entry: a failed
 * entry fails the delivery, so the outbox retries it. EventBridge may deliver twice, as the outbox
 * may: consumers de-duplicate by `detail.eventId`.
 */
export class EventBridgePublisher implements Deliverer<'event.publish'> {
  constructor(
    private readonly events: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async deliver(event: OutboxPayloads['event.publish']): Promise<void> {
    const answer = await this.events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: integrationSource,
            DetailType: event.detailType,
            Detail: JSON.stringify(event.detail),
            Time: new Date(String(event.detail.occurredAt ?? Date.now())),
          },
        ],
      }),
    );
    const failed = answer.Entries?.find((e) => e.ErrorCode);
    if ((answer.FailedEntryCount ?? 0) > 0 || failed) {
      throw new Error(
        `Event ${event.detail.eventId} not published: ${failed?.ErrorCode ?? 'failed'} ${failed?.ErrorMessage ?? ''}`,
      );
    }
  }
}
