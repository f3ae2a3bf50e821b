import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Mail } from '../../functions/commons/mail.js';
import { insertRecordOf, outboxItemsOf } from '../../functions/outbox/adapters/stream-records.js';
import { StepFunctionsWorkflowStarter } from '../../functions/outbox/adapters/workflow-starter.js';
import { mailSend, type OutboxItem, workflowStart } from '../../functions/outbox/entities/outbox-item.js';
import { type DispatchDeps, dispatch, type OutboxStore } from '../../functions/outbox/use-cases/dispatch.js';

// The outbox dispatcher: what DynamoDB Streams (or the local feeder) hands it, delivered at least
// once, idempotently, with failures answered so that only they are retried.

class InMemoryOutbox implements OutboxStore {
  readonly items = new Map<string, OutboxItem>();
  async get(key: string) {
    const item = this.items.get(key);
    return item && { ...item };
  }
  async markDelivered(key: string, at: string) {
    const item = this.items.get(key);
    if (item) this.items.set(key, { ...item, deliveredAt: at });
  }
  async recordFailure(key: string, at: string, error: string) {
    const item = this.items.get(key);
    if (item && !item.deliveredAt) {
      this.items.set(key, {
        ...item,
        attempts: (item.attempts ?? 0) + 1,
        lastAttemptAt: at,
        lastError: error,
      });
    }
  }
}

const arn = 'arn:aws:states:us-east-1:000000000000:stateMachine:cts-test-mapping-review';
const sfn = mockClient(SFNClient);
let outbox: InMemoryOutbox;
let deps: DispatchDeps;
let sequence = 0;

/** Given committed outbox items, the stream batch of their inserts. */
function streamed(...refs: string[]): DynamoDBStreamEvent {
  return {
    Records: refs.map((ref) => {
      const item: OutboxItem = {
        ...workflowStart('mapping-review', `${ref}-v1`, { ref, submission: 'new' }),
        createdAt: '2025-01-10T10:00:00.000Z',
      };
      if (!outbox.items.has(item.idempotencyKey)) outbox.items.set(item.idempotencyKey, item);
      return insertRecordOf(item, String(++sequence), { region: 'us-east-1', tableArn: 'arn:table/t' });
    }),
  };
}

const dispatchEvent = (event: DynamoDBStreamEvent) => dispatch(deps, outboxItemsOf(event));
const startedNames = () => sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input.name);
const itemOf = (ref: string) => outbox.items.get(`workflow.start:mapping-review:${ref}-v1`);

let mailed: Mail[] = [];

beforeEach(() => {
  mailed = [];
  sfn.reset();
  outbox = new InMemoryOutbox();
  deps = {
    store: outbox,
    deliverers: {
      'workflow.start': new StepFunctionsWorkflowStarter(new SFNClient({}), {
        'mapping-review': arn,
        'ct-application': `${arn}-ct`,
      }),
      'workflow.stop': { deliver: async () => {} },
      'transcript.verified': { deliver: async () => {} },
      'event.publish': { deliver: async () => {} },
      'catalog.course-changed': { deliver: async () => {} },
      'mail.send': { deliver: async (mail) => void mailed.push(mail) },
    },
    now: () => new Date('2025-01-10T10:00:05.000Z'),
  };
});

describe('outbox dispatcher', () => {
  it('starts the workflow under the execution name the item carries, and marks the item delivered', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${arn}:B000123-01-v1` });

    const failed = await dispatchEvent(streamed('B000123-01'));

    expect(failed).toEqual([]);
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: arn,
      name: 'B000123-01-v1',
      input: JSON.stringify({ ref: 'B000123-01', submission: 'new' }),
    });
    expect(itemOf('B000123-01')?.deliveredAt).toBe('2025-01-10T10:00:05.000Z');
  });

  it('answers a failed StartExecution as a batch item failure, records it, and delivers on the retry', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejectsOnce(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' }))
      .resolves({ executionArn: `${arn}:B000123-01-v1` });
    const event = streamed('B000123-01');

    const first = await dispatchEvent(event);
    expect(first).toEqual([event.Records[0]?.dynamodb?.SequenceNumber]);
    expect(itemOf('B000123-01')).toMatchObject({
      attempts: 1,
      lastError: 'ServiceUnavailable: Service unavailable',
    });
    expect(itemOf('B000123-01')?.deliveredAt).toBeUndefined();

    // The stream (or the local feeder) hands the same record again.
    const retry = await dispatchEvent(event);
    expect(retry).toEqual([]);
    expect(startedNames()).toEqual(['B000123-01-v1', 'B000123-01-v1']);
    expect(itemOf('B000123-01')?.deliveredAt).toBeDefined();
  });

  it('counts ExecutionAlreadyExists as delivered: an earlier delivery started it', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'Execution already exists', $metadata: {} }));

    const failed = await dispatchEvent(streamed('B000123-01'));

    expect(failed).toEqual([]);
    expect(itemOf('B000123-01')?.deliveredAt).toBeDefined();
  });

  it('does nothing for a replayed record of an item already delivered', async () => {
    sfn.on(StartExecutionCommand).resolves({});
    const event = streamed('B000123-01');
    await dispatchEvent(event);

    expect(await dispatchEvent(event)).toEqual([]);
    expect(startedNames()).toEqual(['B000123-01-v1']);
  });

  it('sends a mail item once, however often its insert is replayed', async () => {
    const mail: Mail = {
      to: ['tmchan@connect.ust.hk'],
      subject: 'Verified',
      text: 'Verified',
      html: '<p>Verified</p>',
    };
    const item: OutboxItem = {
      ...mailSend('transcript:t-1:v3', mail),
      createdAt: '2025-01-10T10:00:00.000Z',
    };
    outbox.items.set(item.idempotencyKey, item);
    const event = { Records: [insertRecordOf(item, '1', { region: 'us-east-1', tableArn: 'arn:table/t' })] };

    expect(await dispatchEvent(event)).toEqual([]);
    expect(await dispatchEvent(event)).toEqual([]);

    expect(mailed).toEqual([mail]);
    expect(outbox.items.get('mail.send:transcript:t-1:v3')?.deliveredAt).toBeDefined();
  });

  it('reports only the items that failed, so the others are not held back', async () => {
    sfn
      .on(StartExecutionCommand)
      .resolves({})
      .on(StartExecutionCommand, { name: 'B000002-01-v1' })
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const event = streamed('B000001-01', 'B000002-01', 'B000003-01');

    const failed = await dispatchEvent(event);

    expect(failed).toEqual([event.Records[1]?.dynamodb?.SequenceNumber]);
    expect(itemOf('B000001-01')?.deliveredAt).toBeDefined();
    expect(itemOf('B000003-01')?.deliveredAt).toBeDefined();
    expect(itemOf('B000002-01')?.attempts).toBe(1);
  });

  it('ignores stream records that are not outbox inserts', async () => {
    const event = streamed('B000123-01');
    const record = event.Records[0];
    if (!record) throw new Error('no record');
    const modify = { ...record, eventName: 'MODIFY' as const };
    const other = {
      ...record,
      dynamodb: {
        ...record.dynamodb,
        NewImage: { pk: { S: 'MAPGROUP#B1' }, sk: { S: 'GROUP' }, type: { S: 'MappingGroup' } },
      },
    };

    expect(outboxItemsOf({ Records: [modify, other] })).toEqual([]);
  });
});
