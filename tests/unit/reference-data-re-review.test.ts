import { describe, expect, it } from 'vitest';
import { mappingStateChange } from '../../functions/mappings/adapters/mapping-transactions.js';
import type { Mapping } from '../../functions/mappings/entities/mapping.js';
import type { MappingSearchEntry } from '../../functions/mappings/entities/mapping-search.js';
import {
  type CourseChanged,
  flagForReReview,
  listReReviews,
  type ReReviewNote,
  type ReReviewStore,
  resolveReReview,
} from '../../functions/mappings/use-cases/re-review.js';
import type { OutboxMessage } from '../../functions/outbox/entities/outbox-item.js';
import { stateChangeItems } from '../../functions/store/state-change.js';

// The re-review fan-out of a material HKUST catalog change, over a store in memory: each Approved
// mapping to the course flagged once per catalog version, each follower mailed once, whatever
// crashes or redeliveries happen; ARO keeps or ends a flagged mapping by the transition table.

const mapping = (ref: string, status: Mapping['status'] = 'Approved'): Mapping => ({
  ref,
  groupRef: ref.slice(0, 7),
  institutionId: 'hku',
  institutionName: 'The University of Hong Kong',
  incomingCourses: [{ code: 'MUSI1001', title: 'Music', credits: 6, creditUnit: 'CREDIT' }],
  homeCourses: [{ code: 'HUMA1103', title: 'Understanding Music', credits: 3, subjectArea: 'HUMA' }],
  status,
  requestedBy: `student-${ref}`,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  version: 3,
});

class InMemoryReReviews implements ReReviewStore {
  readonly mappings = new Map<string, Mapping>();
  readonly outbox = new Map<string, OutboxMessage>();
  readonly notes: ReReviewNote[] = [];
  readonly followers = new Map<string, string[]>();
  /** Refs whose next change fails as a crash would (thrown, nothing written). */
  readonly crashOn = new Set<string>();

  async mappingsToCourse(code: string): Promise<MappingSearchEntry[]> {
    return [...this.mappings.values()].filter((m) => m.homeCourses.some((h) => h.code === code));
  }
  async getMapping(ref: string) {
    return this.mappings.get(ref);
  }
  async changeMapping(previous: Mapping, next: Mapping, note: ReReviewNote) {
    // The commit's own checks: the transition table and the version.
    stateChangeItems('table', mappingStateChange('table', previous, next, note));
    if (this.crashOn.delete(next.ref)) throw new Error('the function died');
    if (this.mappings.get(next.ref)?.version !== previous.version) return false;
    this.mappings.set(next.ref, next);
    this.notes.push(note);
    return true;
  }
  async followersOf(ref: string) {
    return this.followers.get(ref) ?? [];
  }
  async getStudents(ids: string[]) {
    return ids.map((studentId) => ({ studentId, name: studentId, email: `${studentId}@connect.ust.hk` }));
  }
  async enqueueOnce(messages: OutboxMessage[]) {
    for (const m of messages) if (!this.outbox.has(m.idempotencyKey)) this.outbox.set(m.idempotencyKey, m);
  }
  async listFlagged() {
    return [...this.mappings.values()].filter((m) => m.reReview);
  }
}

const retired: CourseChanged = {
  code: 'HUMA1103',
  catalogVersion: 2,
  changes: ['retired'],
  changedBy: 'aro-001',
  changedAt: '2026-05-20T02:00:00.000Z',
};

function given() {
  const store = new InMemoryReReviews();
  for (const m of [mapping('B000001-01'), mapping('B000002-01'), mapping('B000003-01', 'Denied')])
    store.mappings.set(m.ref, m);
  store.followers.set('B000001-01', ['student-B000001-01', 'follower-1']);
  return { store, deps: { store, now: () => new Date('2026-05-20T02:00:01.000Z') } };
}

const mailsTo = (store: InMemoryReReviews) =>
  [...store.outbox.values()].flatMap((m) => (m.kind === 'mail.send' ? m.payload.to : [])).sort();

describe('the re-review fan-out of a catalog change', () => {
  it('flags every Approved mapping to the course and mails its requester and followers, once each', async () => {
    const { store, deps } = given();
    expect(await flagForReReview(deps, retired)).toBe(2);
    expect(store.mappings.get('B000001-01')?.reReview).toEqual({
      since: '2026-05-20T02:00:01.000Z',
      changes: [{ code: 'HUMA1103', catalogVersion: 2, change: 'retired', at: '2026-05-20T02:00:01.000Z' }],
    });
    expect(store.mappings.get('B000001-01')).toMatchObject({ status: 'Approved', version: 4 });
    expect(store.mappings.get('B000003-01')?.reReview).toBeUndefined();
    expect(store.notes.map((n) => n.actor)).toEqual(['aro-001', 'aro-001']);
    expect(mailsTo(store)).toEqual([
      'follower-1@connect.ust.hk',
      'student-B000001-01@connect.ust.hk',
      'student-B000002-01@connect.ust.hk',
    ]);
    const mail = [...store.outbox.values()].find((m) => m.kind === 'mail.send');
    expect(mail?.kind === 'mail.send' && mail.payload.subject).toBe(
      'CTS: course mapping B000001-01 is under re-review',
    );

    // Delivered again: nothing flagged, nothing mailed twice
    await flagForReReview(deps, retired);
    expect(store.notes).toHaveLength(2);
    expect(store.outbox.size).toBe(3);
    expect(store.mappings.get('B000001-01')?.version).toBe(4);
  });

  it('a crash midway loses nothing: the redelivery finishes the rest, repeating nothing', async () => {
    const { store, deps } = given();
    store.crashOn.add('B000002-01');
    await expect(flagForReReview(deps, retired)).rejects.toThrow('the function died');
    expect(store.mappings.get('B000001-01')?.reReview).toBeDefined();
    expect(store.mappings.get('B000002-01')?.reReview).toBeUndefined();

    await flagForReReview(deps, retired);
    expect([...store.mappings.values()].filter((m) => m.reReview).map((m) => m.ref)).toEqual([
      'B000001-01',
      'B000002-01',
    ]);
    expect(store.notes).toHaveLength(2);
    expect(mailsTo(store)).toHaveLength(3);
  });

  it('a later catalog version flags again, one entry per version; an earlier one arriving late does not', async () => {
    const { store, deps } = given();
    await flagForReReview(deps, retired);
    await flagForReReview(deps, { ...retired, catalogVersion: 3, changes: ['credits 3 → 4'] });
    await flagForReReview(deps, { ...retired, catalogVersion: 1, changes: ['credits 2 → 3'] });
    expect(store.mappings.get('B000002-01')?.reReview?.changes.map((c) => c.catalogVersion)).toEqual([2, 3]);
    expect(store.outbox.size).toBe(6);
  });
});

describe("ARO's re-review", () => {
  it('Keep leaves it Approved and unflagged; a redelivery of the same change flags it no more', async () => {
    const { store, deps } = given();
    await flagForReReview(deps, retired);
    expect((await listReReviews(store)).mappings.map((m) => m.ref)).toEqual(['B000001-01', 'B000002-01']);
    const kept = await resolveReReview(deps, 'aro-002', 'B000001-01', {
      outcome: 'Keep',
      note: 'Still equivalent',
      version: 4,
    });
    expect(kept).toMatchObject({ status: 'Approved', version: 5 });
    expect(store.mappings.get('B000001-01')?.reReview).toBeUndefined();
    expect(store.notes.at(-1)).toMatchObject({ actor: 'aro-002', reason: 'Still equivalent' });
    expect((await listReReviews(store)).mappings.map((m) => m.ref)).toEqual(['B000002-01']);
    await flagForReReview(deps, retired);
    expect(store.mappings.get('B000001-01')?.reReview).toBeUndefined();
  });

  it('Expire ends it by the transition table; a stale version, an unflagged mapping or an illegal change is refused', async () => {
    const { store, deps } = given();
    await flagForReReview(deps, retired);
    await expect(
      resolveReReview(deps, 'aro-001', 'B000002-01', { outcome: 'Expire', note: 'Retired', version: 3 }),
    ).rejects.toMatchObject({ status: 409 });
    const ended = await resolveReReview(deps, 'aro-001', 'B000002-01', {
      outcome: 'Expire',
      note: 'Retired',
      version: 4,
    });
    expect(ended.status).toBe('Expired');
    await expect(
      resolveReReview(deps, 'aro-001', 'B000002-01', { outcome: 'Keep', note: 'again', version: 5 }),
    ).rejects.toThrow('not awaiting re-review');
    // A flagged mapping that became Denied meanwhile cannot be Expired: Denied → Expired is not allowed
    const flagged = store.mappings.get('B000001-01') as Mapping;
    store.mappings.set(flagged.ref, { ...flagged, status: 'Denied' });
    await expect(
      resolveReReview(deps, 'aro-001', flagged.ref, {
        outcome: 'Expire',
        note: 'x',
        version: flagged.version,
      }),
    ).rejects.toThrow('is Denied; it cannot become Expired');
    await expect(
      resolveReReview(deps, 'aro-001', 'B999999-01', { outcome: 'Keep', note: 'x', version: 1 }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
