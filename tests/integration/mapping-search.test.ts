import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  ApprovedMappingsResponse,
  HomeCourseSearchResponse,
  SearchExistingMappingsResponse,
  SubmittedMappingRequest,
} from '../../functions/mappings/contracts.js';
import type { Mapping } from '../../functions/mappings/entities/mapping.js';
import type { StudyRecord } from '../../functions/records/entities/student.js';
import { demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { givenMapping, givenStudyRecord } from '../support/fixtures.js';
import { verifiedPdf } from '../support/uploads.js';

// Guide §4.1 Search Existing Mappings, the HKUST course picker (§4.2 tab 2), reverse lookup and
// precedents, over HTTP against the local runtime. The record is at an institution of the test's own,
// holding exactly the mappings below, so every count is known.

const student = demoStudents[4];
const requester = demoStudents[5];
type Issues = { issues: { field: string; reason: string }[] };

let token: string;
let record: StudyRecord;
const m: Record<string, Mapping> = {};
const fillers: Mapping[] = [];

const course = (code: string, title: string, credits = 3) => ({
  code,
  title,
  credits,
  creditUnit: 'CREDIT' as const,
});
const home = (code: string, title: string, subjectArea: string) => ({ code, title, credits: 3, subjectArea });

async function search(query: string, as = token) {
  return api<SearchExistingMappingsResponse & Issues>(
    'GET',
    `/students/me/records/${record.recordId}/mappings${query ? `?${query}` : ''}`,
    { token: as },
  );
}
const refsOf = (r: { body: SearchExistingMappingsResponse }) => r.body.rows.map((row) => row.ref).sort();

beforeAll(async () => {
  if (!student || !requester) throw new Error('the seed needs demo students');
  token = await signIn(student.studentId);
  // Transfer term 2024-25 Fall decides Valid / Expired / Ready for Credit Transfer.
  record = await givenStudyRecord(student.studentId, '2024-25 Fall');
  const at = (status: Mapping['status'], patch: Partial<Mapping>) =>
    givenMapping({
      studentId: requester.studentId,
      recordId: 'requester-record',
      institutionId: record.institutionId,
      institutionName: record.institutionName,
      status,
      patch,
    });
  const music = course('CCN2046', 'Music, Mind and Human Behavior');
  m.ready = await at('Approved', {
    incomingCourses: [music],
    homeCourses: [home('HUMA1103', 'Understanding Music', 'HUMA')],
    validFrom: '2023-24 Fall',
    validTo: '2026-27 Summer',
  });
  m.endedApproval = await at('Approved', {
    incomingCourses: [music],
    homeCourses: [home('HUMA1100', 'Music of the World', 'HUMA')],
    validFrom: '2018-19 Fall',
    validTo: '2022-23 Summer',
  });
  m.underReview = await at('Under Review', {
    incomingCourses: [course('CCN2113', 'Financial Management')],
    homeCourses: [home('FINA2203', 'Fundamentals of Business Finance', 'FINA')],
  });
  m.needInfo = await at('Need Further Info', {
    incomingCourses: [course('BPHM1116', 'Basic Biochemistry for Pharmacy Students', 0)],
    homeCourses: [home('LIFS2210', 'Biochemistry I', 'LIFS')],
    reviewerNote: 'Further Information Needed: Please provide a more updated course syllabus.',
  });
  m.denied = await at('Denied', {
    incomingCourses: [course('BUIL3005', 'Advanced Geographical Information System')],
    homeCourses: [home('ENVR4330', 'Environmental Geographical Information System', 'ENVR')],
    denialReason: 'Notes to Student: Course content is different.',
  });
  m.expired = await at('Expired', {
    incomingCourses: [course('CC3487', 'Introduction to Pathophysiology and Pharmacology', 0)],
    homeCourses: [home('LIFS1080', 'Disease, Culture and Technology', 'LIFS')],
    validFrom: '2015-16 Fall',
    validTo: '2017-18 Summer',
  });
  m.notYetValid = await at('Approved', {
    incomingCourses: [course('GE2306', 'Energy and Technology')],
    homeCourses: [home('PHYS1003', 'Energy and Related Environmental Issues', 'PHYS')],
    validFrom: '2025-26 Fall',
    validTo: '2027-28 Summer',
  });
  for (let i = 0; i < 11; i++) {
    fillers.push(
      await at('Under Review', {
        incomingCourses: [course(`FIL${100 + i}`, `Filler Studies ${i}`)],
        homeCourses: [home('HUMA1000', 'Filler', 'HUMA')],
      }),
    );
  }
}, 60_000);

describe('Search Existing Mappings (§4.1)', () => {
  it('shows Valid and Expired mappings by default, 10 a page, with the transfer term', async () => {
    const first = await search('');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 18, page: 1, pageSize: 10 });
    expect(first.body.record.transferTerm).toBe('2024-25 Fall');
    expect(first.body.rows).toHaveLength(10);
    const second = await search('page=2');
    expect(second.body.rows).toHaveLength(8);
    const all = [...refsOf(first), ...refsOf(second)];
    expect(new Set(all).size).toBe(18);
    expect((await search('page=3')).body.rows).toEqual([]);
  });

  it("judges each mapping against the record's transfer term and offers the guide's action", async () => {
    const rows = new Map(
      [...(await search('')).body.rows, ...(await search('page=2')).body.rows].map((r) => [r.ref, r]),
    );
    const seen = (key: string) => rows.get(m[key]?.ref ?? '');
    expect(seen('ready')).toMatchObject({ status: 'Approved', action: 'Apply for CT' });
    // Approved once, but its validity ended before 2024-25 Fall: Expired for this record, so Extend.
    expect(seen('endedApproval')).toMatchObject({ status: 'Expired', action: 'Extend' });
    expect(seen('expired')).toMatchObject({ status: 'Expired', action: 'Extend' });
    expect(seen('underReview')).toMatchObject({ status: 'Under Review', action: 'Notify Me' });
    // Another student's request that waits for its requester's answer: this student may follow it
    expect(seen('needInfo')).toMatchObject({ status: 'Need Further Info', action: 'Notify Me' });
    expect(seen('denied')).toMatchObject({ status: 'Denied', action: 'Appeal' });
    // Approved from a later term: valid, not yet ready for credit transfer.
    expect(seen('notYetValid')).toMatchObject({ status: 'Approved' });
    expect(seen('notYetValid')?.action).toBeUndefined();
  });

  it('filters to Valid, Expired or Ready for Credit Transfer', async () => {
    expect(refsOf(await search('filters=ready'))).toEqual([m.ready?.ref]);
    expect(refsOf(await search('filters=expired'))).toEqual([m.endedApproval?.ref, m.expired?.ref].sort());
    const valid = await search('filters=valid');
    expect(valid.body.total).toBe(16);
    expect((await search('filters=valid,expired')).body.total).toBe(18);
    expect((await search('filters=expired,ready')).body.total).toBe(3);
  });

  it('finds by incoming code and title, HKUST code and title, ref no and status', async () => {
    const both = [m.ready?.ref, m.endedApproval?.ref].sort();
    expect(refsOf(await search('q=music'))).toEqual(both);
    expect(refsOf(await search('q=ccn%202046'))).toEqual(both);
    expect(refsOf(await search('q=CCN2046'))).toEqual(both);
    expect(refsOf(await search('q=huma1103'))).toEqual([m.ready?.ref]);
    expect(refsOf(await search('q=biochem'))).toEqual([m.needInfo?.ref]);
    expect(refsOf(await search(`q=${m.denied?.ref}`))).toEqual([m.denied?.ref]);
    // Status as shown for the term: the ended approval reads Expired, not Approved.
    expect(refsOf(await search('q=approved'))).toEqual([m.ready?.ref, m.notYetValid?.ref].sort());
    expect(refsOf(await search('q=expired'))).toEqual([m.endedApproval?.ref, m.expired?.ref].sort());
    expect((await search('q=under%20review')).body.total).toBe(12);
    expect(refsOf(await search('q=music%20approved'))).toEqual([m.ready?.ref]);
    expect(refsOf(await search('q=music&filters=ready'))).toEqual([m.ready?.ref]);
    expect((await search('q=nothing-like-this')).body).toMatchObject({ total: 0, rows: [] });
  });

  it('turns Notify Me into Will Notify You for this student only', async () => {
    const ref = m.underReview?.ref ?? '';
    const url = `/students/me/records/${record.recordId}/mappings/${ref}/notify-me`;
    expect((await api('POST', url, { token })).status).toBe(200);
    expect((await search('q=financial')).body.rows[0]).toMatchObject({ ref, action: 'Will Notify You' });
  });

  it('finds a request the moment it is submitted', async () => {
    const code = `QZ${randomInt(10_000, 99_999)}`;
    const submitted = await api<SubmittedMappingRequest>(
      'POST',
      `/students/me/records/${record.recordId}/mapping-requests`,
      {
        token,
        body: {
          submit: true,
          incomingCourses: [{ ...course(code, 'Quantum Zoology'), documentIds: [await verifiedPdf(token)] }],
          homeCourseCodes: ['LIFS2210'],
        },
      },
    );
    expect(submitted.status).toBe(201);
    const found = await search(`q=${code}`);
    expect(found.body.rows).toEqual([
      expect.objectContaining({ ref: submitted.body.ref, status: 'Request Initiated' }),
    ]);
    // Their own request: nothing to press while it is in review.
    expect(found.body.rows[0]?.action).toBeUndefined();
    expect(refsOf(await search('q=zoology'))).toEqual([submitted.body.ref]);
  });

  it('names the field of a bad query, and refuses another student the record', async () => {
    const bad: [string, string][] = [
      ['filters=bogus', 'query.filters'],
      ['page=0', 'query.page'],
      ['page=two', 'query.page'],
      [`q=${'x'.repeat(101)}`, 'query.q'],
    ];
    for (const [query, field] of bad) {
      const response = await search(query);
      expect(response.status, query).toBe(400);
      expect(
        response.body.issues.map((i) => i.field).some((f) => f.startsWith(field)),
        query,
      ).toBe(true);
    }
    const other = await search('', await signIn(requester?.studentId ?? ''));
    expect(other.status).toBe(404);
  });
});

describe('HKUST course search (§4.2 tab 2)', () => {
  it('finds courses by code prefix and title words, with credits and exclusions', async () => {
    const { status, body } = await api<HomeCourseSearchResponse>('GET', '/courses?code=huma11&title=music', {
      token,
    });
    expect(status).toBe(200);
    expect(body.courses.map((c) => c.code)).toContain('HUMA1103');
    for (const c of body.courses) {
      expect(c.code.startsWith('HUMA11')).toBe(true);
      expect(c.title.toLowerCase()).toContain('music');
      expect(c.credits).toBeGreaterThan(0);
      expect(Array.isArray(c.exclusions)).toBe(true);
    }
    const byTitle = await api<HomeCourseSearchResponse>('GET', '/courses?title=understanding%20mus', {
      token,
    });
    expect(byTitle.body.courses.map((c) => c.code)).toContain('HUMA1103');
    const byCode = await api<HomeCourseSearchResponse>('GET', '/courses?code=LIFS%202210', { token });
    expect(byCode.body.courses.map((c) => c.code)).toEqual(['LIFS2210']);
  });

  it('asks for something to search for', async () => {
    const { status, body } = await api<Issues>('GET', '/courses', { token });
    expect(status).toBe(400);
    expect(body.issues[0]?.field).toBe('query.code');
  });
});

describe('Reverse lookup and precedents (§4.5, §4.7)', () => {
  it('lists the approved incoming courses across institutions for an HKUST course', async () => {
    const elsewhere = await givenMapping({
      studentId: requester?.studentId ?? '',
      recordId: 'requester-record',
      institutionId: `fx-other-${randomInt(1_000_000)}`,
      institutionName: 'Another Fixture University',
      status: 'Approved',
      homeCourse: home('ENVR4330', 'Environmental Geographical Information System', 'ENVR'),
      patch: { validFrom: '2022-23 Fall', validTo: '2027-28 Summer' },
    });
    const { status, body } = await api<ApprovedMappingsResponse>(
      'GET',
      '/courses/ENVR4330/approved-mappings',
      { token },
    );
    expect(status).toBe(200);
    const refs = body.mappings.map((x) => x.ref);
    expect(refs).toContain(elsewhere.ref);
    // The denied mapping to the same course is not an approval.
    expect(refs).not.toContain(m.denied?.ref);

    // Precedents of the denied mapping: approved elsewhere, never at its own institution.
    const sameInstitution = await givenMapping({
      studentId: requester?.studentId ?? '',
      recordId: 'requester-record',
      institutionId: record.institutionId,
      institutionName: record.institutionName,
      status: 'Approved',
      homeCourse: home('ENVR4330', 'Environmental Geographical Information System', 'ENVR'),
      patch: { validFrom: '2022-23 Fall', validTo: '2027-28 Summer' },
    });
    const precedents = await api<ApprovedMappingsResponse>('GET', `/mappings/${m.denied?.ref}/precedents`, {
      token,
    });
    expect(precedents.status).toBe(200);
    const precedentRefs = precedents.body.mappings.map((x) => x.ref);
    expect(precedentRefs).toContain(elsewhere.ref);
    expect(precedentRefs).not.toContain(sameInstitution.ref);
    expect(precedents.body.mappings.every((x) => x.institutionId !== record.institutionId)).toBe(true);
  });

  it('answers 404 for an unknown course or mapping and 400 for a malformed one', async () => {
    expect((await api('GET', '/courses/ZZZZ9999/approved-mappings', { token })).status).toBe(404);
    expect((await api('GET', '/mappings/B000000-99/precedents', { token })).status).toBe(404);
    const bad = await api<Issues>('GET', '/courses/music/approved-mappings', { token });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0]?.field).toBe('path.code');
  });
});
