import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/commons/errors.js';
import { TextReply, toResult } from '../../functions/commons/http.js';
import { contracts } from '../../functions/contracts.js';
import { DynamoReportReader } from '../../functions/reports/adapters/report-reader.js';
import { auditOfActorReport } from '../../functions/reports/use-cases/reports.js';
import { AuditEventEntity } from '../../functions/store/audit.js';

// The reports' reads against a mocked DynamoDB: Queries only, page by page from ExclusiveStartKey,
// no read beyond a full page, a foreign position refused before DynamoDB sees it; and the HTTP edge
// sending a CSV body as it is.

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const mock = mockClient(db);
const reader = new DynamoReportReader(db, 'cts');
const now = () => new Date('2025-03-20T00:00:00Z');

const event = (i: number, actor = 'aro-001') =>
  AuditEventEntity.toItem({
    subjectPk: 'TERM#2030-31 Fall',
    subjectId: '2030-31 Fall',
    at: `2025-01-${String(i + 1).padStart(2, '0')}T00:00:00.000Z`,
    actor,
    action: `change ${i}`,
    eventId: `e${i}`,
  });

beforeEach(() => mock.reset());

describe('the report reader', () => {
  it("writes every audit event on its actor's index, and reads it back without the index keys", () => {
    const item = event(0);
    expect(item).toMatchObject({ gsi2pk: 'ACTOR#aro-001', gsi2sk: '2025-01-01T00:00:00.000Z#e0' });
    expect(AuditEventEntity.fromItem(item)).not.toHaveProperty('gsi2pk');
  });

  it("reads an actor's trail page by page, and stops when the report's page is full", async () => {
    // Given the index answers two items a page, with a next page each time
    const items = Array.from({ length: 6 }, (_, i) => event(i));
    mock.on(QueryCommand).callsFake((input: { ExclusiveStartKey?: { gsi2sk: string } }) => {
      const start = input.ExclusiveStartKey
        ? items.findIndex((e) => e.gsi2sk === input.ExclusiveStartKey?.gsi2sk) + 1
        : 0;
      const page = items.slice(start, start + 2);
      const last = page.at(-1);
      return {
        Items: page,
        ...(start + 2 < items.length && last
          ? { LastEvaluatedKey: { pk: last.pk, sk: last.sk, gsi2pk: last.gsi2pk, gsi2sk: last.gsi2sk } }
          : {}),
      };
    });

    // When a report of 3 rows is read, then the next
    const first = await auditOfActorReport({ reader, now }, { actor: 'aro-001', limit: 3 });
    const queriesForFirst = mock.commandCalls(QueryCommand).length;
    const second = await auditOfActorReport(
      { reader, now },
      { actor: 'aro-001', limit: 3, ...(first.cursor ? { cursor: first.cursor } : {}) },
    );

    // Then two Queries made the first page (not three), the second went on after row 3, no Scan ran
    expect(first.rows.map((r) => r.action)).toEqual(['change 0', 'change 1', 'change 2']);
    expect(queriesForFirst).toBe(2);
    expect(second.rows.map((r) => r.action)).toEqual(['change 3', 'change 4', 'change 5']);
    const resumed = mock.commandCalls(QueryCommand)[2]?.args[0].input;
    expect(resumed).toMatchObject({
      IndexName: 'byOwner',
      KeyConditionExpression: 'gsi2pk = :p AND gsi2sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':p': 'ACTOR#aro-001' },
      ExclusiveStartKey: { gsi2pk: 'ACTOR#aro-001', gsi2sk: '2025-01-03T00:00:00.000Z#e2' },
    });
    expect(mock.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it('refuses a position of another partition before any Query', async () => {
    const foreign = { pk: 'STUDENT#1', sk: 'PROFILE', gsi2pk: 'ACTOR#someone-else', gsi2sk: 'x' };
    const read = async () => {
      for await (const _ of reader.auditByActor('aro-001', {}, { after: foreign })) break;
    };
    await expect(read()).rejects.toBeInstanceOf(ValidationError);
    expect(mock.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it("reads an institution's listing with the status as a filter of the Query", async () => {
    mock.on(QueryCommand).resolves({ Items: [] });
    const rows = [];
    for await (const r of reader.mappingsAt('hkbu', 'Approved', { pageSize: 50 })) rows.push(r);
    expect(mock.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :list)',
      ExpressionAttributeValues: { ':pk': 'INSTITUTION#hkbu#SEARCH', ':list': 'LIST#', ':s': 'Approved' },
      FilterExpression: '#status = :s',
      Limit: 50,
    });
  });
});

describe('the HTTP edge', () => {
  it('sends a CSV answer as it is, with its own content type and headers', () => {
    const result = toResult(
      'reportMappings',
      contracts.reportMappings,
      new TextReply(200, 'a,b\r\n1,2\r\n', 'text/csv; charset=utf-8', { 'x-next-cursor': 'abc' }),
    );
    expect(result).toEqual({
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'x-content-type-options': 'nosniff',
        'x-next-cursor': 'abc',
      },
      body: 'a,b\r\n1,2\r\n',
    });
  });
});
