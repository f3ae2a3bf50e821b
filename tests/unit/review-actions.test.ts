import { SendTaskSuccessCommand, SFNClient, TaskDoesNotExist } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { ConflictError, ServiceUnavailableError } from '../../functions/commons/errors.js';
import { StepFunctionsTaskResponder } from '../../functions/human-steps/adapters/task-responder.js';
import { hashLinkId, newActionLink } from '../../functions/human-steps/domain/action-link.js';
import {
  type AwaitedDecision,
  departmentStep,
} from '../../functions/human-steps/entities/awaited-decision.js';
import type { Mapping } from '../../functions/mappings/entities/mapping.js';
import type { ActionLink } from '../../functions/reviews/entities/review.js';
import {
  decideByReviewLink,
  type ReviewActionDeps,
  type ReviewActionStore,
  renewReviewLink,
  StepClosedError,
  type StepDecisionRecord,
  viewReviewLink,
} from '../../functions/reviews/use-cases/review-actions.js';

// A reviewer's link against in-memory state: what a scanner's GET changes (nothing), what a POST
// records, and that a decision the workflow never heard of is taken back.

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
const step = departmentStep('HUMA');

class MemoryStore implements ReviewActionStore {
  links = new Map<string, ActionLink>();
  awaited = new Map<string, AwaitedDecision>();
  records: StepDecisionRecord[] = [];
  async getActionLink(hash: string) {
    return this.links.get(hash);
  }
  async putActionLink(link: ActionLink) {
    this.links.set(link.linkHash, link);
  }
  async getAwaitedDecision(ref: string, s: string) {
    return this.awaited.get(`${ref}#${s}`);
  }
  async getMapping(ref: string) {
    return ref === mapping.ref ? mapping : undefined;
  }
  async recordStepDecision(r: StepDecisionRecord) {
    if (!this.awaited.has(`${r.ref}#${r.step}`)) throw new ConflictError('not awaited');
    if (r.link && this.links.get(r.link.linkHash)?.usedAt) throw new ConflictError('used');
    if (r.link) this.links.set(r.link.linkHash, r.link);
    this.records.push(r);
  }
  async undoStepDecision(r: StepDecisionRecord) {
    this.records = this.records.filter((x) => x.eventId !== r.eventId);
    if (r.link) {
      const { usedAt: _u, outcome: _o, ...unused } = r.link;
      this.links.set(r.link.linkHash, unused);
    }
  }
}

function setup(succeed: () => Promise<void> = async () => {}) {
  const store = new MemoryStore();
  const now = new Date('2026-05-10T00:00:00.000Z');
  const { id, link } = newActionLink(
    { ref: mapping.ref, step, subjectArea: 'HUMA', reviewer: { email: 'huma@ust.hk' } },
    now,
    30,
  );
  store.links.set(link.linkHash, link);
  store.awaited.set(`${mapping.ref}#${step}`, {
    ref: mapping.ref,
    step,
    taskToken: 't',
    since: '2026-05-08T00:00:00.000Z',
    phase: 'request',
    subjectArea: 'HUMA',
  });
  const sent: string[] = [];
  const deps: ReviewActionDeps = {
    store,
    tasks: {
      succeed: async (token) => {
        await succeed();
        sent.push(token);
      },
      fail: async (token) => {
        sent.push(token);
      },
    },
    documents: { presignedGet: async (key) => `https://s3.example/${key}?X-Amz-Expires=900` },
    mailer: { send: async () => {} },
    linkValidDays: 30,
    now: () => now,
  };
  return { store, deps, id, sent };
}

const approval = { decision: 'approve', validFrom: '2025-26 Fall', validTo: '2027-28 Summer' };

describe('reviewer action links', () => {
  it('shows the confirmation page on GET and changes nothing', async () => {
    const { deps, id, store, sent } = setup();
    const page = await viewReviewLink(deps, id);
    expect(page.statusCode).toBe(200);
    expect(page.html).toContain('https://s3.example/uploads/20190001/u1.pdf');
    expect(store.records).toEqual([]);
    expect(sent).toEqual([]);
    expect(store.links.get(hashLinkId(id))?.usedAt).toBeUndefined();
  });

  it('records one decision with its turnaround, and answers a second with "already decided"', async () => {
    const { deps, id, store, sent } = setup();
    expect((await decideByReviewLink(deps, id, approval)).statusCode).toBe(200);
    expect(store.records).toHaveLength(1);
    expect(store.records[0]).toMatchObject({
      action: 'HUMA department: Approved, valid 2025-26 Fall to 2027-28 Summer',
      turnaround: { subjectArea: 'HUMA', days: 2 },
    });
    expect(sent).toEqual(['t']);
    const again = await decideByReviewLink(deps, id, approval);
    expect(again.statusCode).toBe(409);
    expect(sent).toEqual(['t']);
  });

  it('sends a bad form back with the field named and records nothing', async () => {
    const { deps, id, store } = setup();
    const page = await decideByReviewLink(deps, id, {
      decision: 'approve',
      validFrom: '2027-28 Summer',
      validTo: '2025-26 Fall',
    });
    expect(page.statusCode).toBe(400);
    expect(page.html).toContain('The last term must not come before the first');
    expect((await decideByReviewLink(deps, id, { decision: 'maybe' })).statusCode).toBe(400);
    expect(store.records).toEqual([]);
  });

  it('takes the decision back when the workflow cannot be told, so the reviewer can try again', async () => {
    let down = true;
    const { deps, id, store } = setup(async () => {
      if (down) throw new Error('Step Functions unavailable');
    });
    await expect(decideByReviewLink(deps, id, approval)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(store.records).toEqual([]);
    expect(store.links.get(hashLinkId(id))?.usedAt).toBeUndefined();
    down = false;
    expect((await decideByReviewLink(deps, id, approval)).statusCode).toBe(200);
  });

  it('says "expired" after the link lifetime, and "not recognised" for an unknown id', async () => {
    const { deps, id } = setup();
    deps.now = () => new Date('2026-07-01T00:00:00.000Z');
    const expired = await viewReviewLink(deps, id);
    expect(expired.statusCode).toBe(410);
    expect(expired.html).toContain(`${id}/renew`);
    expect((await viewReviewLink(deps, 'A'.repeat(43))).statusCode).toBe(404);
  });
});

describe('renewing an expired link', () => {
  it('mails a fresh link to the reviewer on file, which then decides', async () => {
    const { deps, id, store } = setup();
    const mails: { to: string[]; text: string }[] = [];
    deps.mailer = { send: async (m) => void mails.push(m) };
    deps.now = () => new Date('2026-07-01T00:00:00.000Z');
    const renewed = await renewReviewLink(deps, id, 'https://api.example.edu');
    expect(renewed.statusCode).toBe(200);
    expect(mails.map((m) => m.to)).toEqual([['huma@ust.hk']]);
    const fresh = /review\/([A-Za-z0-9_-]{43})/.exec(mails[0]?.text ?? '')?.[1] ?? '';
    expect(fresh).not.toBe(id);
    expect(store.links.has(hashLinkId(fresh))).toBe(true);
    expect((await decideByReviewLink(deps, fresh, approval)).statusCode).toBe(200);
    // The old link stays expired
    expect((await viewReviewLink(deps, id)).statusCode).toBe(410);
  });
});

describe('Step Functions task responder', () => {
  it('turns a token Step Functions no longer knows into a closed step', async () => {
    const sfn = new SFNClient({ region: 'us-east-1' });
    mockClient(sfn)
      .on(SendTaskSuccessCommand)
      .rejects(new TaskDoesNotExist({ message: 'gone', $metadata: {} }));
    await expect(new StepFunctionsTaskResponder(sfn).succeed('t', {})).rejects.toBeInstanceOf(
      StepClosedError,
    );
  });
});
