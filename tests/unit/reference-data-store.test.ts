import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoReReviewStore } from '../../functions/mappings/adapters/re-review-store.js';
import { searchWords } from '../../functions/mappings/domain/mapping-search.js';
import { mailSend } from '../../functions/outbox/entities/outbox-item.js';
import { DynamoReferenceDataStore } from '../../functions/reference-data/adapters/reference-data-store.js';
import type { HomeCourse } from '../../functions/reference-data/entities/catalog.js';
import { type CourseCommit, courseChanged } from '../../functions/reference-data/use-cases/catalog.js';

// The reference data's transactions as DynamoDB receives them, with faults injected: a seeded course
// (no version yet) is changed only while it still has none, its title words follow it, a material
// change carries its fan-out; a lost race is answered, not thrown; a mail already enqueued is not
// enqueued again, and any other failure is not swallowed.

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const mock = mockClient(db);
beforeEach(() => mock.reset());

const seeded: HomeCourse = {
  code: 'HUMA1103',
  title: 'Understanding Music',
  credits: 3,
  subjectArea: 'HUMA',
  exclusions: [],
};
const retired: HomeCourse = {
  ...seeded,
  status: 'Retired',
  version: 1,
  updatedBy: 'aro-001',
  updatedAt: '2026-05-20T02:00:00.000Z',
};
const audit = {
  at: '2026-05-20T02:00:00.000Z',
  actor: 'aro-001',
  action: 'retired',
  from: 'Offered',
  to: 'Retired',
};

describe('the catalog commit', () => {
  it('changes a seeded course only while it has no version, drops its title words and carries the fan-out', async () => {
    mock.on(TransactWriteCommand).resolves({});
    const store = new DynamoReferenceDataStore(db, 'cts', searchWords);
    const done = await store.commit({
      previous: seeded,
      next: retired,
      audit,
      outbox: [courseChanged(retired, ['retired'])],
    });
    expect(done).toBe(true);
    const items = mock.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Put).toMatchObject({
      Item: { pk: 'COURSE#HUMA1103', gsi1pk: 'COURSES#RETIRED', status: 'Retired', version: 1 },
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(version)',
    });
    expect(items[1]?.Put?.Item).toMatchObject({
      type: 'AuditEvent',
      actor: 'aro-001',
      subjectPk: 'COURSE#HUMA1103',
    });
    expect(items[2]?.Put).toMatchObject({
      Item: { pk: 'OUTBOX#catalog.course-changed:HUMA1103:v1', kind: 'catalog.course-changed' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    // Retired: off the title-word index, every word of it deleted, none put
    const deleted = items.flatMap((i) => (i.Delete ? [i.Delete.Key?.sk] : []));
    expect(deleted.sort()).toEqual(['music#HUMA1103', 'understanding#HUMA1103']);
    expect(items.filter((i) => i.Put?.Item?.type === 'HomeCourseTitleWord')).toEqual([]);
  });

  it('checks the version read of a changed course, and answers a lost race with false', async () => {
    mock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );
    const store = new DynamoReferenceDataStore(db, 'cts', searchWords);
    const next = { ...retired, status: 'Offered' as const, credits: 4, version: 2 };
    expect(await store.commit({ previous: { ...retired, status: 'Offered' }, next, audit, outbox: [] })).toBe(
      false,
    );
    const items = mock.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Put).toMatchObject({
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': 1 },
    });
    // Every title word is put again: each carries the course's credits
    expect(
      items.filter((i) => i.Put?.Item?.type === 'HomeCourseTitleWord').map((i) => i.Put?.Item?.credits),
    ).toEqual([4, 4]);
  });
});

describe("the catalog import's commits", () => {
  const newCourse = (i: number): CourseCommit => {
    const next: HomeCourse = { ...seeded, code: `BULK${1000 + i}`, version: 1, status: 'Offered' };
    return { previous: undefined, next, audit: { ...audit, action: 'added' }, outbox: [] };
  };

  it('packs many courses into few transactions of at most 100 items', async () => {
    mock.on(TransactWriteCommand).resolves({});
    const store = new DynamoReferenceDataStore(db, 'cts', searchWords);
    const done = await store.commitAll(Array.from({ length: 60 }, (_, i) => newCourse(i)));
    expect(done).toEqual(Array.from({ length: 60 }, () => true));
    const sizes = mock
      .commandCalls(TransactWriteCommand)
      .map((c) => c.args[0].input.TransactItems?.length ?? 0);
    // Each new course: itself, its audit event, its two title words
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(60 * 4);
    expect(sizes.every((n) => n <= 100)).toBe(true);
    expect(sizes.length).toBe(3);
  });

  it('tries a refused transaction change by change, so only the lost race is refused', async () => {
    const cancelled = new TransactionCanceledException({
      message: 'cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
    });
    mock
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled) // the pack
      .resolvesOnce({}) // the first course alone
      .rejectsOnce(cancelled) // the second alone: created meanwhile
      .resolves({});
    const store = new DynamoReferenceDataStore(db, 'cts', searchWords);
    expect(await store.commitAll([newCourse(0), newCourse(1), newCourse(2)])).toEqual([true, false, true]);
  });
});

describe("the re-review's mails", () => {
  const mail = mailSend('re-review:B000001-01:HUMA1103:v1:s1', {
    to: ['s1@x'],
    subject: 's',
    text: 't',
    html: 'h',
  });

  it('enqueues a mail only if it is not there, pending or sent', async () => {
    mock.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    const store = new DynamoReReviewStore(db, 'cts');
    await expect(store.enqueueOnce([mail], '2026-05-20T02:00:00.000Z')).resolves.toBeUndefined();
    expect(mock.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { pk: 'OUTBOX#mail.send:re-review:B000001-01:HUMA1103:v1:s1', gsi2pk: 'OUTBOX#pending' },
    });
  });

  it('lets any other failure through, so the fan-out is retried', async () => {
    mock
      .on(PutCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const store = new DynamoReReviewStore(db, 'cts');
    await expect(store.enqueueOnce([mail], '2026-05-20T02:00:00.000Z')).rejects.toThrow('slow down');
  });
});
