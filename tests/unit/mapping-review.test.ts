import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../functions/commons/errors.js';
import type { Mail } from '../../functions/commons/mail.js';
import { hashLinkId } from '../../functions/human-steps/domain/action-link.js';
import type { Mapping } from '../../functions/mappings/entities/mapping.js';
import { mappingSearchItems } from '../../functions/mappings/entities/mapping-search.js';
import type { MyMappingRequest, Student } from '../../functions/records/entities/student.js';
import { DynamoMappingReviewStore } from '../../functions/reviews/adapters/mapping-review-store.js';
import type { DepartmentReviewers } from '../../functions/reviews/entities/review.js';
import { mappingReviewSteps } from '../../functions/reviews/human-steps/steps.js';
import {
  awaitDepartmentReview,
  departmentsToReview,
  type MappingChange,
  type MappingReviewDeps,
  type MappingReviewStore,
  markUnderReview,
  recordDecision,
} from '../../functions/reviews/use-cases/mapping-review.js';
import { MemoryHumanStepStore } from '../support/human-steps.js';

// The review use cases against in-memory stores (the review's, and the human-step module's for its
// waits and links): no AWS, no mocks.
class MemoryStore implements MappingReviewStore {
  constructor(private readonly steps: MemoryHumanStepStore) {}
  mappings = new Map<string, Mapping>();
  audit: { action: string; from: string; to: string }[] = [];
  students = new Map<string, Student>();
  followers: MyMappingRequest[] = [];
  reviewers = new Map<string, DepartmentReviewers>();
  async getMapping(ref: string) {
    return this.mappings.get(ref);
  }
  async changeMapping(change: MappingChange, at: string) {
    const current = this.mappings.get(change.mapping.ref);
    if (current?.version !== change.mapping.version) throw new ConflictError('changed');
    const next = { ...current, ...change.patch, updatedAt: at, version: current.version + 1 };
    this.mappings.set(next.ref, next);
    this.audit.push({ action: change.action, from: current.status, to: next.status });
    for (const step of change.settles ?? []) this.steps.settle({ kind: 'mapping', id: next.ref }, step);
    return next;
  }
  async getStudent(id: string) {
    return this.students.get(id);
  }
  async getStudents(ids: string[]) {
    return ids.flatMap((id) => this.students.get(id) ?? []);
  }
  async followersOf(ref: string) {
    return this.followers.filter((f) => f.ref === ref);
  }
  async getReviewers(area: string) {
    return this.reviewers.get(area);
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
  homeCourses: [
    { code: 'HUMA1103', title: 'Understanding Music', credits: 3, subjectArea: 'HUMA' },
    { code: 'LIFS1080', title: 'Disease, Culture and Technology', credits: 3, subjectArea: 'LIFS' },
  ],
  status: 'Request Initiated',
  requestedBy: '20190001',
  createdAt: '2026-05-07T00:00:00.000Z',
  updatedAt: '2026-05-07T00:00:00.000Z',
  version: 1,
};

const student = (studentId: string, name: string, email: string): Student => ({
  studentId,
  name,
  email,
  program: 'BBA4',
  cohortTerm: '2019-20 Fall',
  academicYear: 'Year 3',
  programStatus: 'Active in Program',
  degreeCheckout: 'Not Started',
});

function setup(mailer: (mail: Mail) => Promise<void> = async () => {}) {
  const steps = new MemoryHumanStepStore();
  const store = new MemoryStore(steps);
  store.mappings.set(mapping.ref, mapping);
  store.students.set('20190001', student('20190001', 'Chan Tai Man', 'tmchan@connect.ust.hk'));
  store.students.set('20190002', student('20190002', 'Wong Siu Ming', 'smwong@connect.ust.hk'));
  store.followers.push({
    studentId: '20190002',
    recordId: 'R1',
    institutionId: 'hku-space',
    ref: mapping.ref,
    relation: 'notify-me',
    addedAt: '2026-05-07T00:00:00.000Z',
  });
  store.reviewers.set('HUMA', {
    subjectArea: 'HUMA',
    reviewers: [{ name: 'Prof. Ho', email: 'huma-review@ust.hk' }],
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'aro-001',
  });
  const sent: Mail[] = [];
  const aro = { email: 'aro@ust.hk' };
  const deps: MappingReviewDeps = {
    store,
    steps,
    declared: mappingReviewSteps({ mappings: store, reviewers: store, aro }),
    mailer: {
      send: async (m) => {
        await mailer(m);
        sent.push(m);
      },
    },
    settings: { linkBaseUrl: 'https://api.example.edu', linkValidDays: 30, aro },
    now: () => new Date('2026-05-08T00:00:00.000Z'),
  };
  return { store, steps, deps, sent };
}

const denial = {
  failure: {
    Error: 'Review.Denied',
    Cause: JSON.stringify({ outcome: 'Denied', reason: 'Course content is different.', decidedBy: 'huma' }),
  },
};

describe('mapping review tasks', () => {
  it('asks each department through its own reviewers, never showing the task token, and ARO where none is set', async () => {
    const { steps, deps, sent } = setup();
    await markUnderReview(deps, mapping.ref);
    expect(await departmentsToReview(deps, mapping.ref)).toEqual(['HUMA', 'LIFS']);
    await awaitDepartmentReview(deps, mapping.ref, 'HUMA', 'secret-token-1', 'request');
    await awaitDepartmentReview(deps, mapping.ref, 'LIFS', 'secret-token-2', 'request');
    expect(sent.map((m) => m.to)).toEqual([['huma-review@ust.hk'], ['aro@ust.hk']]);
    for (const mail of sent) {
      expect(mail.text + mail.html).not.toContain('secret-token');
      expect(mail.text).toMatch(/https:\/\/api\.example\.edu\/review\/[A-Za-z0-9_-]{43}/);
    }
    // The link ids are not stored, only their hashes.
    const ids = sent.map((m) => /review\/([A-Za-z0-9_-]{43})/.exec(m.text)?.[1]);
    expect([...steps.links.keys()]).toEqual(ids.map((id) => hashLinkId(id ?? '')));
    expect(steps.awaited.get(`${mapping.ref}#department-review:HUMA`)?.taskToken).toBe('secret-token-1');
  });

  it('keeps when the wait began through a reminder and an escalation, and escalates to ARO', async () => {
    const { steps, deps, sent } = setup();
    await awaitDepartmentReview(deps, mapping.ref, 'HUMA', 't1', 'request');
    deps.now = () => new Date('2026-05-16T00:00:00.000Z');
    await awaitDepartmentReview(deps, mapping.ref, 'HUMA', 't2', 'reminder');
    deps.now = () => new Date('2026-05-23T00:00:00.000Z');
    await awaitDepartmentReview(deps, mapping.ref, 'HUMA', 't3', 'escalation');
    const awaited = steps.awaited.get(`${mapping.ref}#department-review:HUMA`);
    expect(awaited).toMatchObject({
      taskToken: 't3',
      since: '2026-05-08T00:00:00.000Z',
      phase: 'escalation',
    });
    expect(sent.map((m) => m.to[0])).toEqual([
      'huma-review@ust.hk',
      'huma-review@ust.hk',
      'huma-review@ust.hk',
      'aro@ust.hk',
    ]);
    expect(sent[3]?.text).toContain('15');
  });

  it('keeps waiting when a review request cannot be mailed: the reminder mails again', async () => {
    const { steps, deps } = setup(async () => {
      throw new Error('SES unavailable');
    });
    await awaitDepartmentReview(deps, mapping.ref, 'HUMA', 'token-1', 'request');
    expect(steps.awaited.get(`${mapping.ref}#department-review:HUMA`)?.taskToken).toBe('token-1');
    expect(steps.links.size).toBe(1);
  });

  it('records a denial with its reason, settles every wait and mails the requester and the Notify Me follower', async () => {
    const { store, steps, deps, sent } = setup();
    await markUnderReview(deps, mapping.ref);
    await awaitDepartmentReview(deps, mapping.ref, 'HUMA', 'token-1', 'request');
    await awaitDepartmentReview(deps, mapping.ref, 'LIFS', 'token-2', 'request');
    sent.length = 0;
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
    expect(steps.awaited.size).toBe(0);
    expect(sent.map((m) => m.to[0]).sort()).toEqual(['smwong@connect.ust.hk', 'tmchan@connect.ust.hk']);
    for (const mail of sent) expect(mail.text).toContain('Course content is different.');
  });

  it('approves for the terms every department accepted', async () => {
    const { deps } = setup();
    await markUnderReview(deps, mapping.ref);
    const decided = await recordDecision(deps, mapping.ref, {
      approvals: [
        { outcome: 'Approved', validFrom: '2023-24 Fall', validTo: '2027-28 Summer', decidedBy: 'huma' },
        { outcome: 'Approved', validFrom: '2024-25 Fall', validTo: '2026-27 Spring', decidedBy: 'lifs' },
      ],
    });
    expect(decided).toMatchObject({
      status: 'Approved',
      validFrom: '2024-25 Fall',
      validTo: '2026-27 Spring',
    });
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
    expect(sent).toHaveLength(2);
    expect(store.audit).toHaveLength(2);
  });

  it('refuses an approval of a mapping that is not under review, and an unknown end of review', async () => {
    const { deps } = setup();
    await expect(
      recordDecision(deps, mapping.ref, {
        approvals: [
          { outcome: 'Approved', validFrom: '2024-25 Fall', validTo: '2026-27 Fall', decidedBy: 'x' },
        ],
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      recordDecision(deps, mapping.ref, { failure: { Error: 'States.Timeout', Cause: '' } }),
    ).rejects.toThrow('unexpected error');
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
