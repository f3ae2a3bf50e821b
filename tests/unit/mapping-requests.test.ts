import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../functions/commons/errors.js';
import type { IncomingCourse, Mapping } from '../../functions/mappings/entities/mapping.js';
import { saveDraft } from '../../functions/mappings/use-cases/drafts.js';
import {
  DuplicateRequestError,
  type MappingRequestDeps,
  type MappingRequestInput,
  notifyMe,
  resubmitMapping,
  submitMappingRequest,
} from '../../functions/mappings/use-cases/mapping-requests.js';
import { mappingReviewStarts } from '../../functions/reviews/adapters/review-starter.js';
import { InMemoryMappingStore } from './support/in-memory-mapping-store.js';

// The student's mapping requests (guide §4.2-4.7) against an in-memory store with the DynamoDB
// store's conditions: numbering, duplicates, the §4.5 appeal rule, resubmissions, and what happens
// when requests race each other.

const institution = { institutionId: 'TUM', institutionName: 'Technische Universität München' };
const term = '2024-25 Fall';
const now = new Date('2025-01-10T10:00:00.000Z');

function given() {
  const store = new InMemoryMappingStore();
  for (const [studentId, recordId] of [
    ['s1', 'r1'],
    ['s2', 'r2'],
  ] as const) {
    store.records.set(recordId, {
      studentId,
      recordId,
      ...institution,
      category: 'Exchange',
      transferTerm: term,
      studyPeriod: '2024-25 Fall',
      createdBy: 'aro',
      createdAt: now.toISOString(),
    } as never);
    store.uploads.set(`pdf-${studentId}`, {
      studentId,
      uploadId: `pdf-${studentId}`,
      fileName: 'syllabus.pdf',
      objectKey: `uploads/${studentId}/pdf-${studentId}.pdf`,
      status: 'Verified',
      createdAt: now.toISOString(),
    });
  }
  for (const [code, subjectArea] of [
    ['MECH2310', 'MECH'],
    ['MECH3310', 'MECH'],
    ['PHYS1003', 'PHYS'],
  ] as const) {
    store.homeCourses.set(code, { code, subjectArea, title: `${code} title`, credits: 3, exclusions: [] });
  }
  const deps: MappingRequestDeps = {
    store,
    reviews: mappingReviewStarts,
    now: () => now,
    backoff: async () => {},
  };
  return { store, deps };
}

const thermo: IncomingCourse = {
  code: 'MW1234',
  title: 'Engineering Thermodynamics',
  credits: 5,
  creditUnit: 'ECTS',
};

const request = (
  studentId: 's1' | 's2',
  homeCourseCodes: string[],
  course: Partial<IncomingCourse> = {},
  extra: Partial<MappingRequestInput> = {},
): MappingRequestInput => ({
  incomingCourses: [{ ...thermo, ...course, documentIds: [`pdf-${studentId}`] }],
  homeCourseCodes,
  ...extra,
});

const recordOf = (studentId: 's1' | 's2') => (studentId === 's1' ? 'r1' : 'r2');
const submit = (
  deps: MappingRequestDeps,
  studentId: 's1' | 's2',
  input: MappingRequestInput,
  draftId?: string,
) => submitMappingRequest(deps, studentId, recordOf(studentId), input, draftId);

const mapping = (ref: string, status: Mapping['status'], patch: Partial<Mapping> = {}): Mapping => ({
  ref,
  groupRef: ref.slice(0, 7),
  ...institution,
  incomingCourses: [thermo],
  homeCourses: [{ code: 'MECH2310', title: 'MECH2310 title', credits: 3, subjectArea: 'MECH' }],
  status,
  requestedBy: 's2',
  kind: 'new',
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  version: 3,
  ...patch,
});

const refused = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to be refused');
};

describe('D.B. Ref. No. numbering (§4.2)', () => {
  it('gives new incoming courses a new group, and the same incoming courses the next suffix of theirs', async () => {
    const { deps } = given();

    const first = await submit(deps, 's1', request('s1', ['MECH2310']));
    // Case and spacing are no difference; the HKUST side is.
    const second = await submit(
      deps,
      's1',
      request('s1', ['PHYS1003'], { code: 'mw1234', title: ' engineering  thermodynamics ' }),
    );
    const otherUnit = await submit(deps, 's1', request('s1', ['PHYS1003'], { creditUnit: 'CREDIT' }));

    expect(first).toMatchObject({
      ref: 'B000001-01',
      status: 'Request Initiated',
      newGroup: true,
      appeal: false,
    });
    expect(second).toMatchObject({ ref: 'B000001-02', newGroup: false });
    expect(otherUnit).toMatchObject({ ref: 'B000002-01', newGroup: true });
  });

  it('starts the review of each request from the outbox of its own commit, named by the version', async () => {
    const { deps, store } = given();

    const { ref } = await submit(deps, 's1', request('s1', ['MECH2310']));

    expect([...store.outbox.values()]).toEqual([
      {
        kind: 'workflow.start',
        payload: {
          workflow: 'mapping-review',
          executionName: `${ref}-v1`,
          input: { ref, submission: 'new' },
        },
        idempotencyKey: `workflow.start:mapping-review:${ref}-v1`,
      },
    ]);
  });
});

describe('duplicate detection (§4.2, §4.3)', () => {
  it('tells a student who asks again that they already requested it, and writes nothing', async () => {
    const { deps, store } = given();
    const { ref } = await submit(deps, 's1', request('s1', ['MECH2310', 'PHYS1003']));

    // The HKUST courses are a set: another order is the same mapping.
    const error = await refused(submit(deps, 's1', request('s1', ['PHYS1003', 'MECH2310'])));

    expect(error).toBeInstanceOf(DuplicateRequestError);
    expect((error as DuplicateRequestError).conflict).toEqual({
      error: 'DuplicateRequest',
      message: `You already requested this mapping: ${ref} (Request Initiated), in My Course Mapping Requests.`,
      existingRef: ref,
    });
    expect(store.mappings.size).toBe(1);
    expect(store.outbox.size).toBe(1);
  });

  it('offers another student Notify Me on a pending twin, and the action the guide gives a decided one', async () => {
    const { deps, store } = given();
    const { ref } = await submit(deps, 's2', request('s2', ['MECH2310']));

    const pending = (await refused(submit(deps, 's1', request('s1', ['MECH2310'])))) as DuplicateRequestError;
    expect(pending.conflict).toMatchObject({ existingRef: ref, action: 'Notify Me' });
    expect(pending.conflict.message).toContain('Use Notify Me to follow it');

    store.mappings.set(ref, { ...(store.mappings.get(ref) as Mapping), status: 'Denied' });
    const denied = (await refused(submit(deps, 's1', request('s1', ['MECH2310'])))) as DuplicateRequestError;
    expect(denied.conflict).toMatchObject({ existingRef: ref, action: 'Appeal' });
  });
});

describe('appeal mappings (§4.5)', () => {
  it('needs a justification to map an incoming course to another course of a subject area that approved one', async () => {
    const { deps, store } = given();
    store.givenMapping(
      mapping('B000007-01', 'Approved', { validFrom: '2020-21 Fall', validTo: '2099-00 Summer' }),
    );

    const bare = await refused(submit(deps, 's1', request('s1', ['MECH3310'])));
    expect(bare).toBeInstanceOf(ValidationError);
    expect((bare as ValidationError).issues[0]?.field).toBe('body.justification');

    const appeal = await submit(
      deps,
      's1',
      request('s1', ['MECH3310'], {}, { justification: 'See the comparison' }),
    );
    expect(appeal).toMatchObject({ ref: 'B000007-02', appeal: true, newGroup: false });
    expect(store.mappings.get('B000007-02')).toMatchObject({
      kind: 'appeal',
      justification: 'See the comparison',
    });
  });

  it('is not an appeal for another subject area, nor after a denial', async () => {
    const { deps, store } = given();
    store.givenMapping(
      mapping('B000007-01', 'Approved', { validFrom: '2020-21 Fall', validTo: '2099-00 Summer' }),
    );
    store.givenMapping(
      mapping('B000007-02', 'Denied', {
        homeCourses: [{ code: 'MECH3310', title: 'MECH3310 title', credits: 3, subjectArea: 'MECH' }],
      }),
    );

    expect(await submit(deps, 's1', request('s1', ['PHYS1003']))).toMatchObject({ appeal: false });
  });
});

describe('resubmissions (§4.4, §4.6, §4.7)', () => {
  it('Provide Info sends a Need Further Info mapping back to Request Initiated and starts its next review', async () => {
    const { deps, store } = given();
    store.givenMapping(mapping('B000009-01', 'Need Further Info'), { studentId: 's1', recordId: 'r1' });

    const done = await resubmitMapping(deps, 's1', 'r1', 'B000009-01', 'provide-info', {
      documentIds: ['pdf-s1'],
      note: 'updated syllabus',
    });

    expect(done).toEqual({ ref: 'B000009-01', status: 'Request Initiated' });
    expect(store.mappings.get('B000009-01')).toMatchObject({ version: 4, submittedAt: now.toISOString() });
    expect(store.mappings.get('B000009-01')?.documents?.map((d) => d.purpose)).toEqual(['provide-info']);
    expect(store.audit.at(-1)).toMatchObject({ action: 'Provided further information: updated syllabus' });
    expect([...store.outbox.values()].map((m) => m.payload)).toEqual([
      {
        workflow: 'mapping-review',
        executionName: 'B000009-01-v4',
        input: { ref: 'B000009-01', submission: 'provide-info' },
      },
    ]);
  });

  it.each([
    ['provide-info', 'Under Review', 'Need Further Info'],
    ['appeal', 'Approved', 'Denied'],
    ['extend', 'Denied', 'Expired'],
  ] as const)('refuses %s on a %s mapping, naming what it is for', async (kind, status, needs) => {
    const { deps, store } = given();
    store.givenMapping(
      mapping('B000009-01', status, { validFrom: '2020-21 Fall', validTo: '2099-00 Summer' }),
    );

    const error = await refused(
      resubmitMapping(deps, 's1', 'r1', 'B000009-01', kind, { documentIds: ['pdf-s1'], justification: 'x' }),
    );

    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe(
      `Mapping B000009-01 is ${status}; this action is for ${needs} mappings`,
    );
    expect(store.outbox.size).toBe(0);
  });

  it("Extend is for a mapping whose approval ended before the record's transfer term", async () => {
    const { deps, store } = given();
    store.givenMapping(
      mapping('B000009-01', 'Approved', { validFrom: '2015-16 Fall', validTo: '2016-17 Summer' }),
    );

    const done = await resubmitMapping(deps, 's1', 'r1', 'B000009-01', 'extend', { documentIds: ['pdf-s1'] });

    expect(done.status).toBe('Request Initiated');
  });

  it('Appeal keeps the justification and marks the mapping an appeal', async () => {
    const { deps, store } = given();
    store.givenMapping(mapping('B000009-01', 'Denied', { denialReason: 'different content' }));

    await resubmitMapping(deps, 's1', 'r1', 'B000009-01', 'appeal', {
      documentIds: ['pdf-s1'],
      justification: ' 90% overlap ',
    });

    expect(store.mappings.get('B000009-01')).toMatchObject({ kind: 'appeal', justification: '90% overlap' });
  });

  it('gives the loser of two simultaneous Provide Info the answer a second Provide Info gets', async () => {
    const { deps, store } = given();
    store.givenMapping(mapping('B000009-01', 'Need Further Info'), { studentId: 's1', recordId: 'r1' });
    const provide = () =>
      resubmitMapping(deps, 's1', 'r1', 'B000009-01', 'provide-info', { documentIds: ['pdf-s1'] });

    const results = await Promise.allSettled([provide(), provide()]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason.message).toBe(
      'Mapping B000009-01 is Request Initiated; this action is for Need Further Info mappings',
    );
    expect(store.outbox.size).toBe(1);
  });
});

describe('at most one, under concurrency', () => {
  it('turns 50 identical submissions at once into one mapping; the other 49 hear they already requested it', async () => {
    const { deps, store } = given();

    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => submit(deps, 's1', request('s1', ['MECH2310']))),
    );

    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const { ref } = (won[0] as PromiseFulfilledResult<{ ref: string }>).value;
    const lost = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason);
    expect(lost).toHaveLength(49);
    for (const error of lost) {
      expect(error).toBeInstanceOf(DuplicateRequestError);
      expect((error as DuplicateRequestError).conflict.message).toBe(
        `You already requested this mapping: ${ref} (Request Initiated), in My Course Mapping Requests.`,
      );
    }
    expect(store.mappings.size).toBe(1);
    expect(store.groups.size).toBe(1);
    expect(store.outbox.size).toBe(1);
  });

  it('numbers simultaneous requests of one new incoming course to different HKUST courses in one group', async () => {
    const { deps } = given();
    const codes = ['MECH2310', 'MECH3310', 'PHYS1003'];

    const results = await Promise.all(codes.map((c) => submit(deps, 's1', request('s1', [c]))));

    expect(results.map((r) => r.ref.slice(-2)).sort()).toEqual(['01', '02', '03']);
    expect(new Set(results.map((r) => r.ref.slice(0, 7))).size).toBe(1);
  });

  it('submits a draft once, however often Submit is pressed at the same moment', async () => {
    const { deps, store } = given();
    const draft = await saveDraft({ drafts: store, now: () => now }, 's1', 'r1', {
      incomingCourses: [{ ...thermo, documentIds: ['pdf-s1'] }],
      homeCourseCodes: ['MECH2310'],
    });
    // Each press submits what is in the form, which may have changed since the save.
    const press = (code: string) => submit(deps, 's1', request('s1', [code]), draft.draftId);

    const results = await Promise.allSettled([press('MECH2310'), press('PHYS1003')]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(NotFoundError);
    expect(loser.reason.message).toContain(`No draft ${draft.draftId} of yours`);
    expect(store.mappings.size).toBe(1);
    expect(store.drafts.size).toBe(0);
  });

  it('keeps one Notify Me per student and mapping when it is pressed many times at once', async () => {
    const { deps, store } = given();
    const { ref } = await submit(deps, 's2', request('s2', ['MECH2310']));

    const answers = await Promise.all(Array.from({ length: 10 }, () => notifyMe(deps, 's1', 'r1', ref)));

    expect(new Set(answers.map((a) => a.action))).toEqual(new Set(['Will Notify You']));
    expect([...store.links.values()].filter((l) => l.studentId === 's1')).toEqual([
      expect.objectContaining({ ref, relation: 'notify-me' }),
    ]);
  });

  it('holds one mapping per incoming and HKUST course set, numbered without gaps in each group, whatever arrives at once', async () => {
    const submission = fc.record({
      student: fc.constantFrom('s1' as const, 's2' as const),
      // Two spellings of one incoming course, and another course.
      course: fc.constantFrom(
        {},
        { code: 'mw1234', title: 'ENGINEERING thermodynamics' },
        { code: 'XY9', title: 'Heat Transfer' },
      ),
      codes: fc.subarray(['MECH2310', 'MECH3310', 'PHYS1003'], { minLength: 1 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(submission, { minLength: 1, maxLength: 12 }), async (submissions) => {
        const { deps, store } = given();

        const results = await Promise.allSettled(
          submissions.map((s) => submit(deps, s.student, request(s.student, s.codes, s.course))),
        );

        for (const r of results) {
          if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DuplicateRequestError);
        }
        const identity = (s: (typeof submissions)[number]) =>
          `${s.course.code?.toUpperCase() ?? 'MW1234'}=>${[...s.codes].sort().join('|')}`;
        expect(store.mappings.size).toBe(new Set(submissions.map(identity)).size);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(store.mappings.size);
        for (const group of store.groups.values()) {
          const suffixes = [...store.mappings.values()]
            .filter((m) => m.groupRef === group.groupRef)
            .map((m) => Number(m.ref.slice(-2)))
            .sort((a, b) => a - b);
          expect(suffixes).toEqual(Array.from({ length: suffixes.length }, (_, i) => i + 1));
          expect(group.lastSuffix).toBe(suffixes.length);
        }
        const starts = [...store.outbox.values()].flatMap((m) =>
          m.kind === 'workflow.start' ? [m.payload.input.ref] : [],
        );
        expect(starts.sort()).toEqual([...store.mappings.keys()].sort());
      }),
      { numRuns: 60 },
    );
  });
});
