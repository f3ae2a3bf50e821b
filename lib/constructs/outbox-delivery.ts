import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { OutboxEntity } from '../../functions/outbox/entities/outbox-item.js';
import { acknowledge } from '../nag.js';
import type { CtsFunction } from './cts-function.js';

export interface OutboxDeliveryProps {
  table: dynamodb.ITable;
  dispatcher: CtsFunction;
}

// The outbox's delivery in AWS (DESIGN decisions 7 and 8): the table's stream, filtered to inserts of
// outbox items, feeds the dispatcher. A failed item is answered as a partial batch failure and
// retried (bisecting the batch to isolate it); after the last attempt the batch's description goes
// to the on-failure queue, while the item itself stays pending in the table (OUTBOX#pending) for a
// redrive. Ops watch the queue's depth and the stream's iterator age (constructs/alarms.ts).
export class OutboxDelivery extends Construct {
  readonly deadLetterQueue: sqs.Queue;
  readonly dispatcher: lambda.IFunction;

  constructor(scope: Construct, id: string, props: OutboxDeliveryProps) {
    super(scope, id);
    this.dispatcher = props.dispatcher;
    this.deadLetterQueue = new sqs.Queue(this, 'Failures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetterQueue, {
      'AwsSolutions-SQS3': 'This queue is itself the on-failure destination of the outbox stream.',
      'Serverless-SQSRedrivePolicy': 'This queue is itself the on-failure destination; nothing consumes it.',
    });

    props.dispatcher.addEventSource(
      new DynamoEventSource(props.table, {
        // From the oldest record kept: a dispatcher deployed late still delivers what is pending.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(0),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        // With the SDK's own retries inside each attempt, about ten minutes of outage are ridden out.
        retryAttempts: 10,
        maxRecordAge: Duration.hours(6),
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.deadLetterQueue),
        // Only outbox items' inserts wake the dispatcher: every other write of the table is not its business.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { type: { S: lambda.FilterRule.isEqual(OutboxEntity.type) } } },
          }),
        ],
      }),
    );
  }
}
