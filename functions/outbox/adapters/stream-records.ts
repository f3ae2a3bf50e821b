import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StoredItem } from '../../store/item.js';
import { OutboxEntity, type OutboxItem } from '../entities/outbox-item.js';
import type { Dispatched } from '../use-cases/dispatch.js';

// DynamoDB Streams records of outbox inserts, both ways: the dispatcher reads them, and the local
// feeder builds them from the table so the handler gets the very shape the stream would hand it.

/** The outbox items a stream batch inserted, by sequence number; any other record is not ours. */
export function outboxItemsOf(event: DynamoDBStreamEvent): Dispatched[] {
  return event.Records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    const id = record.dynamodb?.SequenceNumber;
    if (record.eventName !== 'INSERT' || !image || !id) return [];
    const item = unmarshall(image as Record<string, AttributeValue>);
    return OutboxEntity.isItem(item) ? [{ id, item: OutboxEntity.fromItem(item) }] : [];
  });
}

/** A stream record of the item's insert, as DynamoDB Streams (NEW_IMAGE) delivers it to Lambda. */
export function insertRecordOf(
  item: OutboxItem,
  sequenceNumber: string,
  source: { region: string; tableArn: string },
): DynamoDBRecord {
  const stored: StoredItem = OutboxEntity.toItem(item);
  const image = marshall(stored, { removeUndefinedValues: true });
  return {
    eventID: sequenceNumber,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: source.region,
    eventSourceARN: `${source.tableArn}/stream/local`,
    dynamodb: {
      ApproximateCreationDateTime: Date.parse(item.createdAt) / 1000,
      Keys: marshall({ pk: stored.pk, sk: stored.sk }) as never,
      NewImage: image as never,
      SequenceNumber: sequenceNumber,
      SizeBytes: JSON.stringify(image).length,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}
