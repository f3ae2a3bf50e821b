import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { DynamoMappingReviewStore } from '../../functions/adapters/mapping-review-store.js';
import { ConflictError } from '../../functions/commons/errors.js';
import type { AwaitedDecision } from '../../functions/entities/awaited-decision.js';
import type { Mapping } from '../../functions/entities/mapping.js';
import { mappingSearchItems } from '../../functions/entities/mapping-search.js';
import type { Student } from '../../functions/entities/student.js';
import type { Mail } from '../../functions/use-cases/mail.js';
import {
  awaitStep,
  departmentReviewStep,
  type MappingChange,
  type MappingReviewDeps,
  type MappingReviewStore,
  markUnderReview,
  recordDecision,
} from '../../functions/use-cases/mapping-review.js';

// The review use cases against an in-memory store: no AWS, no mocks.
class MemoryStore implements MappingReviewStore {
  mappings = new Map<string, Mapping>();
  awaited = new Map<string, AwaitedDecision>();
  audit: { action: string; from: string; to: string }[] = [];
  students = new Map<string, Student>();
  async getMapping(ref: string) {
    return this.mappings.get(ref);
  }
  async changeMapping(change: MappingChange, at: string) {
    const current = this.mappings.get(change.mapping.ref);
    if (current?.version !== change.mapping.version) throw new ConflictError('changed');
    const next = { ...current, ...change.patch, updatedAt: at, version: current.version + 1 };
    this.mappings.set(next.ref, next);
    this.audit.push({ action: change.action, from: current.status, to: next.status });
    if (change.settles) this.awaited.delete(`${change.settles.ref}#${change.settles.step}`);
    return next;
  }
  async awaitDecision(a: AwaitedDecision) {
    this.awaited.set(`${a.ref}#${a.step}`, a);
  }
  async getAwaitedDecision(ref: string, step: string) {
    return this.awaited.get(`${ref}#${step}`);
  }
  async getStudent(id: string) {
    return this.students.get(id);
  }
}

const mapping: Mapping = {
  ref: 'B006711-01',
  groupRef: 'B006711',
  institutionId: 'hku-space',
  institutionName: 'HKU SPACE Community College',
  incomingCourses: [
    { code: 'CCN2046', title: 'Music, Mind and Human Behavior', credits: 3, creditUnit: 'CREDIT' },
  ],
  homeCourses: [{ code: 'HUMA1103', title: 'Understanding Music', credits: 3, subjectArea: 'HUMA' }],
  status: 'Request Initiated',
  requestedBy: '20190001',
  createdAt: '2026-05-07T00:00:00.000Z',
  updatedAt: '2026-05-07T00:00:00.000Z',
  version: 1,
};

function setup(mailer: (mail: Mail) => Promise<void> = async () => {}) {
  const store = new MemoryStore();
  store.mappings.set(mapping.ref, mapping);
  store.students.set('20190001', {
    studentId: '20190001',
    name: 'Chan Tai Man',
    email: 'tmchan@connect.ust.hk',
    program: 'BBA4',
    cohortTerm: '2019-20 Fall',
    academicYear: 'Year 3',
    programStatus: 'Active in Program',
    degreeCheckout: 'Not Started',
  });
  const sent: Mail[] = [];
  const deps: MappingReviewDeps = {
    store,
    mailer: {
      send: async (m) => {
        await mailer(m);
        sent.push(m);
      },
    },
    now: () => new Date('2026-05-08T00:00:00.000Z'),
  };
  return { store, deps, sent };
}

const denial = { outcome: 'Denied', reason: 'Course content is different.', decidedBy: 'huma' } as const;

describe('mapping review tasks', () => {
  it('records a denial with its reason, audits it, settles the wait and mails the requester', async () => {
    const { store, deps, sent } = setup();
    await markUnderReview(deps, mapping.ref);
    await awaitStep(deps, mapping.ref, departmentReviewStep, 'token-1');
    const decided = await recordDecision(deps, mapping.ref, denial);
    expect(decided).toMatchObject({
      status: 'Denied',
      denialReason: 'Course content is different.',
      version: 3,
    });
    expect(store.audit.map((a) => `${a.from} -> ${a.to}`)).toEqual([
      'Request Initiated -> Under Review',
      'Under Review -> Denied',
    ]);
    expect(store.awaited.size).toBe(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toEqual(['tmchan@connect.ust.hk']);
    expect(sent[0]?.text).toContain('Reason for Denial: Course content is different.');
  });

  it('is idempotent under Step Functions retries', async () => {
    const { store, deps } = setup();
    await markUnderReview(deps, mapping.ref);
    await markUnderReview(deps, mapping.ref);
    await recordDecision(deps, mapping.ref, denial);
    await recordDecision(deps, mapping.ref, denial);
    expect(store.audit).toHaveLength(2);
  });

  it('keeps the decision when the mail fails, so the retry only mails', async () => {
    let failures = 1;
    const { store, deps, sent } = setup(async () => {
      if (failures-- > 0) throw new Error('SES throttled');
    });
    await markUnderReview(deps, mapping.ref);
    await expect(recordDecision(deps, mapping.ref, denial)).rejects.toThrow('SES throttled');
    expect(store.mappings.get(mapping.ref)?.status).toBe('Denied');
    await recordDecision(deps, mapping.ref, denial);
    expect(sent).toHaveLength(1);
    expect(store.audit).toHaveLength(2);
  });

  it('refuses a decision on a mapping that is not under review', async () => {
    const { deps } = setup();
    await expect(
      recordDecision(deps, mapping.ref, {
        outcome: 'Approved',
        validFrom: '2024-25 Fall',
        validTo: '2026-27 Fall',
        decidedBy: 'x',
      }),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('DynamoDB mapping review store', () => {
  it('turns a lost optimistic-lock race into a 409 Conflict', async () => {
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
    const mock = mockClient(db);
    mock
      .on(TransactWriteCommand)
      .rejects(new TransactionCanceledException({ message: 'cancelled', $metadata: {} }));
    const store = new DynamoMappingReviewStore(db, 'table');
    await expect(
      store.changeMapping(
        { mapping, patch: { status: 'Under Review' }, actor: 'system', action: 'Review started' },
        'now',
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    const sent = mock.commandCalls(TransactWriteCommand)[0]?.args[0].input;
    // the mapping, its audit event and its search entries, all or nothing
    const searchKeys = mappingSearchItems(mapping).map((i) => `${i.pk}|${i.sk}`);
    expect(sent?.TransactItems).toHaveLength(2 + searchKeys.length);
    expect(sent?.TransactItems?.[0]?.Put?.ConditionExpression).toBe('version = :expected');
    const written = sent?.TransactItems?.map((t) => `${t.Put?.Item?.pk}|${t.Put?.Item?.sk}`);
    expect(written).toEqual(expect.arrayContaining(searchKeys));
    const entries = sent?.TransactItems?.filter((t) => t.Put?.Item?.type === 'MappingSearchEntry');
    for (const entry of entries ?? []) expect(entry.Put?.Item?.status).toBe('Under Review');
  });
});
