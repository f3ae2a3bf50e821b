import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SendTaskSuccessCommand, SFNClient, TaskDoesNotExist } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { ConflictError, ServiceUnavailableError } from '../../functions/commons/errors.js';
import { DynamoHumanStepStore } from '../../functions/human-steps/adapters/human-step-store.js';
import { StepFunctionsTaskResponder } from '../../functions/human-steps/adapters/task-responder.js';
import { hashLinkId, newActionLink } from '../../functions/human-steps/domain/action-link.js';
import { decisionOfFailure, taskCallOf } from '../../functions/human-steps/edge/task-answer.js';
import { StepAlreadyDecidedError } from '../../functions/human-steps/use-cases/decide.js';
import {
  decideByLink,
  type LinkDeps,
  type LinkSteps,
  renewLink,
  viewLink,
} from '../../functions/human-steps/use-cases/links.js';
import { StepClosedError } from '../../functions/human-steps/use-cases/ports.js';
import type { Mapping } from '../../functions/mappings/entities/mapping.js';
import { reviewErrors } from '../../functions/reviews/domain/mapping-review.js';
import { endOfReviewSchema } from '../../functions/reviews/human-steps/decisions.js';
import { reviewSite } from '../../functions/reviews/human-steps/pages.js';
import {
  aroTriageStep,
  departmentStep,
  mappingReviewSteps,
  mappingSubject,
} from '../../functions/reviews/human-steps/steps.js';
import { triageMapping } from '../../functions/reviews/use-cases/review-actions.js';
import { MemoryHumanStepStore } from '../support/human-steps.js';

// The people's side of the review against in-memory state: what a scanner's GET changes (nothing),
// what a POST records, that a decision the workflow never heard of is taken back with its audit
// event, and that one step takes one decision however many arrive at once.

const mapping: Mapping = {
  ref: 'B006711-01',
  groupRef: 'B006711',
  institutionId: 'hku-space',
  institutionName: 'HKU SPACE Community College',
  incomingCourses: [
    { code: 'CCN2046', title: 'Music, Mind and Human Behavior', credits: 3, creditUnit: 'CREDIT' },
  ],
  homeCourses: [{ code: 'HUMA1103', title: 'Understanding Music', credits: 3, subjectArea: 'HUMA' }],
  status: 'Under Review',
  requestedBy: '20190001',
  documents: [
    {
      uploadId: 'u1',
      fileName: 'syllabus.pdf',
      addedBy: '20190001',
      addedAt: '2026-05-07T00:00:00.000Z',
      purpose: 'request',
    },
  ],
  createdAt: '2026-05-07T00:00:00.000Z',
  updatedAt: '2026-05-07T00:00:00.000Z',
  version: 2,
};
const subject = mappingSubject(mapping.ref);
const step = departmentStep('HUMA');
const declared = mappingReviewSteps({
  mappings: { getMapping: async (ref) => (ref === mapping.ref ? mapping : undefined) },
  documents: { presignedGet: async (key) => `https://s3.example/${key}?X-Amz-Expires=900` },
});
const links: LinkSteps = { site: reviewSite, steps: [declared.departmentReview] };

function setup(succeed: () => Promise<void> = async () => {}) {
  const store = new MemoryHumanStepStore();
  const now = new Date('2026-05-10T00:00:00.000Z');
  const issue = (email: string) => {
    const { id, link } = newActionLink({ subject, stepId: step, recipient: { email } }, now, 30);
    store.links.set(link.linkHash, link);
    return id;
  };
  const id = issue('huma@ust.hk');
  store.awaited.set(`${mapping.ref}#${step}`, {
    subject,
    stepId: step,
    taskToken: 't',
    since: '2026-05-08T00:00:00.000Z',
    phase: 'request',
  });
  store.awaited.set(`${mapping.ref}#${aroTriageStep}`, {
    subject,
    stepId: aroTriageStep,
    taskToken: 'triage-token',
    since: '2026-05-07T00:00:00.000Z',
    phase: 'request',
  });
  const sent: { token: string; output?: string; error?: string; cause?: string }[] = [];
  const deps: LinkDeps = {
    store,
    tasks: {
      succeed: async (token, output) => {
        await succeed();
        sent.push({ token, output });
      },
      fail: async (token, error, cause) => {
        await succeed();
        sent.push({ token, error, cause });
      },
    },
    mailer: { send: async () => {} },
    linkValidDays: 30,
    now: () => now,
  };
  return { store, deps, id, sent, issue };
}

const approval = { decision: 'approve', validFrom: '2025-26 Fall', validTo: '2027-28 Summer' };

describe('reviewer action links', () => {
  it('shows the confirmation page on GET and changes nothing', async () => {
    const { deps, id, store, sent } = setup();
    const page = await viewLink(deps, links, id);
    expect(page.statusCode).toBe(200);
    expect(page.html).toContain('https://s3.example/uploads/20190001/u1.pdf');
    expect(store.records).toEqual([]);
    expect(sent).toEqual([]);
    expect(store.links.get(hashLinkId(id))?.usedAt).toBeUndefined();
  });

  it('records one decision with its turnaround, and answers a second with "already decided"', async () => {
    const { deps, id, store, sent } = setup();
    expect((await decideByLink(deps, links, id, approval)).statusCode).toBe(200);
    expect(store.records).toHaveLength(1);
    expect(store.records[0]).toMatchObject({
      audit: {
        subjectPk: 'MAPGROUP#B006711',
        subjectId: mapping.ref,
        actor: 'huma@ust.hk',
        action: 'HUMA department: Approved, valid 2025-26 Fall to 2027-28 Summer',
      },
      extras: [{ type: 'Turnaround', subjectArea: 'HUMA', ref: mapping.ref, days: 2 }],
    });
    expect(sent.map((s) => s.token)).toEqual(['t']);
    // The workflow gets the approval as the department's output
    expect(JSON.parse(sent[0]?.output ?? '')).toMatchObject({ outcome: 'Approved', subjectArea: 'HUMA' });
    const again = await decideByLink(deps, links, id, approval);
    expect(again.statusCode).toBe(409);
    expect(again.html).toContain('Already decided');
    expect(sent).toHaveLength(1);
  });

  it('ends the review with a denial whose cause the next task reads back as the same decision', async () => {
    const { deps, id, sent } = setup();
    const deny = { decision: 'deny', reason: 'Course content is different.' };
    expect((await decideByLink(deps, links, id, deny)).statusCode).toBe(200);
    const [failure] = sent;
    expect(failure?.error).toBe(reviewErrors.Denied);
    const back = decisionOfFailure(
      { Error: failure?.error ?? '', Cause: failure?.cause ?? '' },
      { errors: Object.values(reviewErrors), decision: endOfReviewSchema },
    );
    expect(back).toEqual({
      outcome: 'Denied',
      reason: 'Course content is different.',
      decidedBy: 'huma@ust.hk',
      subjectArea: 'HUMA',
    });
  });

  it('takes one decision when two reviewers of the department decide at once', async () => {
    const { deps, id, issue, store, sent } = setup();
    const other = issue('huma-deputy@ust.hk');
    const pages = await Promise.all([
      decideByLink(deps, links, id, approval),
      decideByLink(deps, links, other, { decision: 'deny', reason: 'Different content.' }),
    ]);
    expect(pages.map((p) => p.statusCode).sort()).toEqual([200, 409]);
    expect(store.records).toHaveLength(1);
    expect(sent).toHaveLength(1);
    // The loser's link stays unused: it was never the decision
    const loser = pages[0]?.statusCode === 409 ? id : other;
    expect(store.links.get(hashLinkId(loser))?.usedAt).toBeUndefined();
  });

  it('sends a bad form back with the field named and records nothing', async () => {
    const { deps, id, store } = setup();
    const page = await decideByLink(deps, links, id, {
      decision: 'approve',
      validFrom: '2027-28 Summer',
      validTo: '2025-26 Fall',
    });
    expect(page.statusCode).toBe(400);
    expect(page.html).toContain('The last term must not come before the first');
    expect((await decideByLink(deps, links, id, { decision: 'maybe' })).statusCode).toBe(400);
    expect(store.records).toEqual([]);
  });

  it('takes the decision back when the workflow cannot be told, so the reviewer can try again', async () => {
    let down = true;
    const { deps, id, store } = setup(async () => {
      if (down) throw new Error('Step Functions unavailable');
    });
    await expect(decideByLink(deps, links, id, approval)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(store.records).toEqual([]);
    expect(store.links.get(hashLinkId(id))?.usedAt).toBeUndefined();
    down = false;
    expect((await decideByLink(deps, links, id, approval)).statusCode).toBe(200);
  });

  it('leaves no record when Step Functions no longer knows the step, and says already decided', async () => {
    const { deps, id, store } = setup(async () => {
      throw new StepClosedError('Task does not exist');
    });
    const page = await decideByLink(deps, links, id, approval);
    expect(page.statusCode).toBe(409);
    expect(page.html).toContain('Already decided');
    expect(store.records).toEqual([]);
    expect(store.links.get(hashLinkId(id))?.usedAt).toBeUndefined();
  });

  it('says "expired" after the link lifetime, and "not recognised" for an unknown id', async () => {
    const { deps, id } = setup();
    deps.now = () => new Date('2026-07-01T00:00:00.000Z');
    const expired = await viewLink(deps, links, id);
    expect(expired.statusCode).toBe(410);
    expect(expired.html).toContain(`${id}/renew`);
    expect((await viewLink(deps, links, 'A'.repeat(43))).statusCode).toBe(404);
  });

  it('says "already decided" once the workflow has settled the step', async () => {
    const { deps, id, store } = setup();
    store.settle(subject, step);
    const page = await viewLink(deps, links, id);
    expect(page.statusCode).toBe(409);
    expect(page.html).toContain('(HUMA department review) has already been used');
  });
});

describe('renewing an expired link', () => {
  it('mails a fresh link to the reviewer on file, which then decides', async () => {
    const { deps, id, store } = setup();
    const mails: { to: string[]; text: string }[] = [];
    deps.mailer = { send: async (m) => void mails.push(m) };
    deps.now = () => new Date('2026-07-01T00:00:00.000Z');
    const renewed = await renewLink(deps, links, id, 'https://api.example.edu');
    expect(renewed.statusCode).toBe(200);
    expect(mails.map((m) => m.to)).toEqual([['huma@ust.hk']]);
    const fresh = /review\/([A-Za-z0-9_-]{43})/.exec(mails[0]?.text ?? '')?.[1] ?? '';
    expect(fresh).not.toBe(id);
    expect(store.links.has(hashLinkId(fresh))).toBe(true);
    expect((await decideByLink(deps, links, fresh, approval)).statusCode).toBe(200);
    // The old link stays expired
    expect((await viewLink(deps, links, id)).statusCode).toBe(410);
  });
});

describe('ARO triage', () => {
  const staff = { staffId: 'aro-001', name: 'Ada' };
  const triageDeps = (deps: LinkDeps) => ({
    ...deps,
    mappings: { getMapping: async (ref: string) => (ref === mapping.ref ? mapping : undefined) },
    declared,
  });

  it('routes the request on with one audit event, sending the workflow what it expects', async () => {
    const { deps, store, sent } = setup();
    await triageMapping(triageDeps(deps), mapping.ref, staff, { action: 'route', internalNote: ' checked ' });
    expect(store.records.map((r) => r.audit)).toMatchObject([
      { actor: 'ARO (Ada)', action: 'Triage: routed to the subject departments', internalNote: 'checked' },
    ]);
    expect(sent).toEqual([{ token: 'triage-token', output: JSON.stringify({ route: 'departments' }) }]);
  });

  it('writes no "Triage: routed" audit event when the workflow no longer waits for it (e.g. after a restart)', async () => {
    const { deps, store } = setup(async () => {
      throw new StepClosedError('Task does not exist');
    });
    await expect(
      triageMapping(triageDeps(deps), mapping.ref, staff, { action: 'route' }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(store.records).toEqual([]);
    // And the request is still waiting to be triaged, not claimed by the failed attempt
    expect(store.awaited.get(`${mapping.ref}#${aroTriageStep}`)?.decisionId).toBeUndefined();
  });

  it('takes one triage when two staff triage at once; the other gets a 409 and leaves nothing', async () => {
    const { deps, store, sent } = setup();
    const results = await Promise.allSettled([
      triageMapping(triageDeps(deps), mapping.ref, staff, { action: 'route' }),
      triageMapping(
        triageDeps(deps),
        mapping.ref,
        { staffId: 'aro-002', name: 'Bo' },
        {
          action: 'need-info',
          note: 'Please attach the syllabus.',
        },
      ),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(ConflictError);
    expect(store.records).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });
});

describe('decisions validated at both ends', () => {
  it('refuses to send a decision its step would not accept, before anything is recorded', () => {
    expect(() =>
      taskCallOf(declared.departmentReview, {
        outcome: 'Approved',
        validFrom: 'someday',
        validTo: '2027-28 Summer',
        decidedBy: 'x',
      }),
    ).toThrow();
  });

  it('refuses a failure cause that is not a decision, or an error the review does not know', () => {
    const expected = { errors: Object.values(reviewErrors), decision: endOfReviewSchema };
    expect(() =>
      decisionOfFailure({ Error: 'Review.Denied', Cause: '{"outcome":"Denied"}' }, expected),
    ).toThrow(/no decision/);
    expect(() => decisionOfFailure({ Error: 'Review.Denied', Cause: 'not json' }, expected)).toThrow(/JSON/);
    expect(() => decisionOfFailure({ Error: 'States.Timeout', Cause: '{}' }, expected)).toThrow(
      /unexpected error/,
    );
  });
});

describe('Step Functions task responder', () => {
  it('turns a token Step Functions no longer knows into a closed step', async () => {
    const sfn = new SFNClient({ region: 'us-east-1' });
    mockClient(sfn)
      .on(SendTaskSuccessCommand)
      .rejects(new TaskDoesNotExist({ message: 'gone', $metadata: {} }));
    await expect(new StepFunctionsTaskResponder(sfn).succeed('t', '{}')).rejects.toBeInstanceOf(
      StepClosedError,
    );
  });
});

describe('DynamoDB human-step store', () => {
  const record = () => {
    const { link } = newActionLink(
      { subject, stepId: step, recipient: { email: 'huma@ust.hk' } },
      new Date(),
      30,
    );
    return {
      subject,
      stepId: step,
      decisionId: 'd1',
      at: '2026-05-10T00:00:00.000Z',
      audit: {
        subjectPk: 'MAPGROUP#B006711',
        subjectId: mapping.ref,
        at: '2026-05-10T00:00:00.000Z',
        eventId: 'e1',
        actor: 'huma@ust.hk',
        action: 'HUMA department: Denied',
      },
      link: { ...link, usedAt: '2026-05-10T00:00:00.000Z', outcome: 'Denied' },
      extras: [{ pk: 'SUBJECTAREA#HUMA', sk: 'TURNAROUND#x', type: 'Turnaround' }],
    };
  };

  it('claims the step, uses the link, audits and writes the extras in one transaction, or answers already decided', async () => {
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
    const mock = mockClient(db);
    mock
      .on(TransactWriteCommand)
      .rejectsOnce(new TransactionCanceledException({ message: 'x', $metadata: {} }));
    const store = new DynamoHumanStepStore(db, 'table');
    await expect(store.recordDecision(record())).rejects.toBeInstanceOf(StepAlreadyDecidedError);
    const items = mock.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Update).toMatchObject({
      Key: { pk: 'AWAIT#mapping#B006711-01', sk: 'STEP#department-review:HUMA' },
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(decisionId)',
    });
    expect(items.some((i) => i.Put?.Item?.type === 'AuditEvent')).toBe(true);
    expect(items.some((i) => i.Put?.Item?.type === 'Turnaround')).toBe(true);
    expect(
      items.find((i) => i.Update?.Key?.pk?.toString().startsWith('ACTIONLINK#'))?.Update?.ConditionExpression,
    ).toBe('attribute_exists(pk) AND attribute_not_exists(usedAt)');
  });

  it('undoes the audit event with the rest, even when the workflow has settled the step meanwhile', async () => {
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
    const mock = mockClient(db);
    mock
      .on(TransactWriteCommand)
      .rejectsOnce(new TransactionCanceledException({ message: 'x', $metadata: {} }))
      .resolves({});
    await new DynamoHumanStepStore(db, 'table').undoDecision(record());
    const [first, second] = mock
      .commandCalls(TransactWriteCommand)
      .map((c) => c.args[0].input.TransactItems ?? []);
    expect(first?.[0]?.Update?.ConditionExpression).toBe('decisionId = :decision');
    // The retry without the released claim still deletes the audit event and the extras
    expect(second?.map((i) => i.Delete?.Key?.sk ?? i.Update?.Key?.pk)).toEqual([
      'AUDIT#B006711-01#2026-05-10T00:00:00.000Z#e1',
      'TURNAROUND#x',
      expect.stringMatching(/^ACTIONLINK#/),
    ]);
  });
});
