import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import {
  awaitsStudent,
  isPendingMapping,
  mappingStatuses,
} from '../../functions/mappings/domain/mapping-status.js';
import {
  creditUnits,
  groupRefOf,
  type Mapping,
  MappingEntity,
  type MappingGroup,
  MappingGroupEntity,
  mappingGroupCounterKey,
  refPattern,
} from '../../functions/mappings/entities/mapping.js';
import { studyRecordCategoryIds } from '../../functions/records/domain/study-record.js';
import { compareTerms, isTerm } from '../../functions/records/domain/transfer-term.js';
import {
  type MyMappingRequest,
  MyMappingRequestEntity,
  type Student,
  StudentEntity,
  type StudyRecord,
  StudyRecordEntity,
} from '../../functions/records/entities/student.js';
import {
  type HomeCourse,
  HomeCourseEntity,
  type Institution,
  InstitutionEntity,
} from '../../functions/reference-data/entities/catalog.js';
import { AuditEventEntity } from '../../functions/store/audit.js';
import type { StoredItem } from '../../functions/store/item.js';
import { seedItems, seedMarkerKey, seedSummary, seedTable } from '../../local/seed/index.js';
import { demoAroStaff, demoStudents } from '../../local/seed/people.js';

// The seed is what every local run and demo starts from: it must be big, varied, consistent with the
// entities and the guide, and the same every time.

const items = seedItems();
const ofType = <T>(entity: { type: string; fromItem: (i: Record<string, unknown>) => T }): T[] =>
  items.filter((i) => i.type === entity.type).map(entity.fromItem);

const courses: HomeCourse[] = ofType(HomeCourseEntity);
const institutions: Institution[] = ofType(InstitutionEntity);
const students: Student[] = ofType(StudentEntity);
const records: StudyRecord[] = ofType(StudyRecordEntity);
const groups: MappingGroup[] = ofType(MappingGroupEntity);
const mappings: Mapping[] = ofType(MappingEntity);
const requests: MyMappingRequest[] = ofType(MyMappingRequestEntity);

const courseByCode = new Map(courses.map((c) => [c.code, c]));
const institutionById = new Map(institutions.map((i) => [i.institutionId, i]));
const mappingByRef = new Map(mappings.map((m) => [m.ref, m]));
const recordById = new Map(records.map((r) => [r.recordId, r]));
const studentIds = new Set(students.map((s) => s.studentId));
/** The seed's "now" is May 2026. */
const currentTerm = '2025-26 Spring';

describe('seed: home course catalog', () => {
  it('has at least 200 courses across at least 10 subject areas, in the guide style', () => {
    expect(courses.length).toBeGreaterThanOrEqual(200);
    expect(new Set(courses.map((c) => c.subjectArea)).size).toBeGreaterThanOrEqual(10);
    for (const c of courses) {
      expect(c.code).toMatch(/^[A-Z]{4}(\d{4}|\d000LEVEL)$/);
      expect(c.code.startsWith(c.subjectArea)).toBe(true);
      expect([1, 2, 3, 4]).toContain(c.credits);
    }
    expect(courses.filter((c) => c.credits !== 3).length).toBeGreaterThan(0);
  });

  it("carries the guide's courses as the guide writes them", () => {
    expect(courseByCode.get('HUMA1103')).toMatchObject({ title: 'Understanding Music', credits: 3 });
    expect(courseByCode.get('HUMA1000LEVEL')).toMatchObject({ title: '1000-level Course in Humanities' });
    expect(courseByCode.get('HUMA1101')?.exclusions).toContain('HUMA1102');
    expect(courseByCode.get('LIFS2210')?.title).toBe('Biochemistry I');
    expect(courseByCode.get('FINA2203')?.title).toBe('Fundamentals of Business Finance');
    expect(courseByCode.get('ENVR4330')?.title).toBe('Environmental Geographical Information System');
  });

  it('has symmetric exclusions between existing courses', () => {
    expect(courses.filter((c) => c.exclusions.length > 0).length).toBeGreaterThanOrEqual(20);
    for (const c of courses) {
      for (const other of c.exclusions) {
        expect(courseByCode.get(other)?.exclusions, `${other} excludes ${c.code}`).toContain(c.code);
      }
    }
  });
});

describe('seed: institutions', () => {
  it('has at least 30 institutions with stable slug ids and a country', () => {
    expect(institutions.length).toBeGreaterThanOrEqual(30);
    for (const i of institutions) {
      expect(i.institutionId).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(i.country).not.toBe('');
    }
    expect(institutionById.get('boston-university')?.name).toBe('Boston University');
    expect(institutionById.get('beijing-institute-of-technology')?.country).toBe('China');
  });
});

describe('seed: course mappings', () => {
  it('has at least 500 mappings in every status', () => {
    expect(mappings.length).toBeGreaterThanOrEqual(500);
    for (const status of mappingStatuses) {
      expect(mappings.filter((m) => m.status === status).length, status).toBeGreaterThan(0);
    }
  });

  it('numbers every mapping under an existing group, suffixes 01.. without gaps', () => {
    const groupByRef = new Map(groups.map((g) => [g.groupRef, g]));
    for (const m of mappings) {
      expect(m.ref).toMatch(refPattern);
      expect(m.groupRef).toBe(groupRefOf(m.ref));
      const group = groupByRef.get(m.groupRef);
      expect(group, m.ref).toBeDefined();
      expect(group?.institutionId).toBe(m.institutionId);
      expect(group?.incomingCourses).toEqual(m.incomingCourses);
    }
    for (const g of groups) {
      const suffixes = mappings.filter((m) => m.groupRef === g.groupRef).map((m) => Number(m.ref.slice(-2)));
      expect(suffixes.sort((a, b) => a - b)).toEqual(Array.from({ length: g.lastSuffix }, (_, i) => i + 1));
    }
    expect(groups.some((g) => g.lastSuffix >= 3)).toBe(true);
  });

  it('keeps the group counter at the highest group number', () => {
    const counter = items.find(
      (i) => i.pk === mappingGroupCounterKey.pk && i.sk === mappingGroupCounterKey.sk,
    );
    const highest = Math.max(...groups.map((g) => Number(g.groupRef.slice(1))));
    expect(counter?.lastValue).toBe(highest);
    expect(typeof counter?.lastValue).toBe('number');
  });

  it('maps to catalog courses with their title and credits, from real incoming courses', () => {
    for (const m of mappings) {
      expect(m.institutionName).toBe(institutionById.get(m.institutionId)?.name);
      for (const home of m.homeCourses) {
        const course = courseByCode.get(home.code);
        expect(course, `${m.ref} ${home.code}`).toBeDefined();
        expect(home).toEqual({
          code: course?.code,
          title: course?.title,
          credits: course?.credits,
          subjectArea: course?.subjectArea,
        });
      }
      for (const incoming of m.incomingCourses) {
        expect(incoming.code).not.toBe('');
        expect(incoming.title).not.toBe('');
        expect(creditUnits).toContain(incoming.creditUnit);
      }
    }
  });

  it('has 1-to-1, N-to-1, 1-to-N and N-to-N mappings', () => {
    const shape = (m: Mapping) =>
      `${m.incomingCourses.length > 1 ? 'N' : '1'}-to-${m.homeCourses.length > 1 ? 'N' : '1'}`;
    const shapes = new Set(mappings.map(shape));
    expect([...shapes].sort()).toEqual(['1-to-1', '1-to-N', 'N-to-1', 'N-to-N']);
  });

  it('carries what each status needs', () => {
    for (const m of mappings) {
      expect(m.version).toBe(1);
      expect(m.createdAt <= m.updatedAt, m.ref).toBe(true);
      expect(m.createdAt >= '2019-01-01' && m.updatedAt <= '2026-05-15', m.ref).toBe(true);
      expect(studentIds.has(m.requestedBy), m.ref).toBe(true);
      if (m.status === 'Approved' || m.status === 'Expired') {
        expect(isTerm(m.validFrom ?? '') && isTerm(m.validTo ?? ''), m.ref).toBe(true);
        expect(compareTerms(m.validFrom ?? '', m.validTo ?? ''), m.ref).toBeLessThan(0);
      } else {
        expect(m.validFrom, m.ref).toBeUndefined();
      }
      if (m.status === 'Expired') expect(compareTerms(m.validTo ?? '', currentTerm), m.ref).toBeLessThan(0);
      if (m.status === 'Denied') expect(m.denialReason, m.ref).toBeTruthy();
      if (m.status === 'Need Further Info') expect(m.reviewerNote, m.ref).toBeTruthy();
    }
    const approved = mappings.filter((m) => m.status === 'Approved');
    // Search tells valid from not: some approvals hold now, some only held in the past.
    expect(approved.some((m) => compareTerms(m.validTo ?? '', currentTerm) >= 0)).toBe(true);
    expect(approved.some((m) => compareTerms(m.validTo ?? '', currentTerm) < 0)).toBe(true);
  });

  it('approves for the transfer term the requester asked for', () => {
    const requesterRecord = new Map(
      requests.filter((r) => r.relation === 'requester').map((r) => [r.ref, recordById.get(r.recordId)]),
    );
    for (const m of mappings.filter((x) => x.status === 'Approved' || x.status === 'Expired')) {
      const term = requesterRecord.get(m.ref)?.transferTerm ?? '';
      expect(
        compareTerms(m.validFrom ?? '', term) <= 0 && compareTerms(term, m.validTo ?? '') <= 0,
        m.ref,
      ).toBe(true);
    }
  });

  it('audits the creation of every mapping', () => {
    const audited = new Set(
      ofType(AuditEventEntity)
        .filter((e) => e.action === 'Request submitted')
        .map((e) => e.subjectId),
    );
    for (const m of mappings) expect(audited.has(m.ref), m.ref).toBe(true);
    const audit = items.filter((i) => i.type === AuditEventEntity.type);
    for (const item of audit) expect(item.pk).toBe(MappingEntity.key(String(item.subjectId)).pk);
  });

  it("includes the guide's worked examples under the guide's D.B. Ref. Nos.", () => {
    expect(mappingByRef.get('B006711-01')).toMatchObject({
      status: 'Expired',
      homeCourses: [{ code: 'HUMA1103' }],
    });
    expect(mappingByRef.get('B006711-02')).toMatchObject({
      status: 'Approved',
      incomingCourses: [
        { code: 'CCN2046', title: 'Music, Mind and Human Behavior', credits: 3, creditUnit: 'CREDIT' },
      ],
      homeCourses: [{ code: 'HUMA1000LEVEL' }],
    });
    expect(mappingByRef.get('B003490-03')).toMatchObject({
      status: 'Under Review',
      homeCourses: [{ code: 'FINA2203' }],
    });
    expect(mappingByRef.get('B011240-02')?.reviewerNote).toMatch(
      /^Please provide a more updated course syllabus/,
    );
    expect(mappingByRef.get('B035205-01')).toMatchObject({
      status: 'Denied',
      denialReason: 'Course content is different.',
    });
    expect(mappingByRef.get('B033369-01')?.incomingCourses).toHaveLength(2);
  });
});

describe('seed: students, study records and My Course Mapping Requests', () => {
  it('has students with 8-digit ids and connect.ust.hk emails', () => {
    expect(new Set(students.map((s) => s.email)).size).toBe(students.length);
    for (const s of students) {
      expect(s.studentId).toMatch(/^\d{8}$/);
      expect(s.email).toMatch(/^[a-z0-9.]+@connect\.ust\.hk$/);
      expect(isTerm(s.cohortTerm)).toBe(true);
    }
  });

  it('has study records of every category, named after their institution', () => {
    for (const category of studyRecordCategoryIds)
      expect(
        records.some((r) => r.category === category),
        category,
      ).toBe(true);
    for (const r of records) {
      expect(r.recordId).toMatch(/^SR-/);
      expect(studentIds.has(r.studentId)).toBe(true);
      expect(r.institutionName).toBe(institutionById.get(r.institutionId)?.name);
      expect(isTerm(r.transferTerm), r.recordId).toBe(true);
    }
  });

  it('links every request to an existing mapping and a study record of the same student and institution', () => {
    for (const r of requests) {
      const mapping = mappingByRef.get(r.ref);
      const record = recordById.get(r.recordId);
      expect(mapping, r.ref).toBeDefined();
      expect(record, r.recordId).toBeDefined();
      expect(record?.studentId).toBe(r.studentId);
      expect(record?.institutionId).toBe(r.institutionId);
      expect(mapping?.institutionId).toBe(r.institutionId);
      if (r.relation === 'requester') expect(mapping?.requestedBy).toBe(r.studentId);
    }
    for (const m of mappings) {
      expect(
        requests.some((r) => r.ref === m.ref && r.relation === 'requester' && r.studentId === m.requestedBy),
      ).toBe(true);
    }
    expect(requests.some((r) => r.relation === 'notify-me')).toBe(true);
  });

  it('gives the first demo student a To Do item and pending requests at two institutions', () => {
    const first = demoStudents[0];
    if (!first) throw new Error('no demo student');
    const mine = records.filter((r) => r.studentId === first.studentId);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(new Set(mine.map((r) => r.category)).size).toBeGreaterThanOrEqual(3);
    const own = requests
      .filter((r) => r.studentId === first.studentId && r.relation === 'requester')
      .map((r) => ({ r, m: mappingByRef.get(r.ref) }));
    expect(own.some(({ m }) => m && awaitsStudent(m.status))).toBe(true);
    const pendingAt = new Set(
      own.filter(({ m }) => m && isPendingMapping(m.status)).map(({ r }) => r.institutionId),
    );
    expect(pendingAt.size).toBeGreaterThanOrEqual(2);
  });

  it('describes each demo user truthfully for the sign-in picker', () => {
    expect(demoStudents.length).toBeGreaterThanOrEqual(8);
    for (const s of demoStudents) {
      expect(students.find((x) => x.studentId === s.studentId)).toMatchObject({
        name: s.name,
        email: s.email,
      });
      const count = Number(/^(\d+) study records?/.exec(s.description)?.[1]);
      expect(records.filter((r) => r.studentId === s.studentId).length, s.name).toBe(count);
    }
    expect(demoAroStaff.length).toBeGreaterThanOrEqual(2);
    for (const a of demoAroStaff) {
      expect(a.staffId).toMatch(/^aro-\d{3}$/);
      expect(a.email).toMatch(/@ust\.hk$/);
    }
  });
});

describe('seed: items', () => {
  it('has no two items with the same key, and every item a type', () => {
    const keys = items.map((i) => `${i.pk}|${i.sk}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const i of items) expect(i.type).toBeTruthy();
  });

  it('is the same on every call', () => {
    expect(seedItems()).toEqual(items);
  });

  // Seeding writes every item at the first start; search entries made it about twice the mappings' size.
  it('stays small', () => {
    expect(JSON.stringify(items).length).toBeLessThan(8_000_000);
  });

  it('summarises what it holds for the start banner', () => {
    const summary = seedSummary();
    expect(summary).toMatchObject({
      courses: courses.length,
      institutions: institutions.length,
      mappings: mappings.length,
      students: students.length,
      studyRecords: records.length,
      items: items.length,
    });
    expect(Object.values(summary.mappingsByStatus).reduce((a, b) => a + b, 0)).toBe(mappings.length);
    expect(Object.values(summary.recordsByCategory).reduce((a, b) => a + b, 0)).toBe(records.length);
  });
});

describe('seedTable', () => {
  const client = () => DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));

  it('writes nothing when the table was seeded before', async () => {
    const db = client();
    const mock = mockClient(db);
    mock.on(GetCommand).resolves({ Item: { ...seedMarkerKey, type: 'SeedMarker' } });
    expect(await seedTable(db, 'table')).toEqual({ written: 0, skipped: true });
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(0);
    expect(mock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('writes every item in batches of 25, retries unprocessed ones, and writes the marker last', async () => {
    const db = client();
    const mock = mockClient(db);
    mock.on(GetCommand).resolves({});
    mock.on(PutCommand).resolves({});
    const written: StoredItem[] = [];
    let throttled = false;
    mock.on(BatchWriteCommand).callsFake((input: BatchWriteCommandInput) => {
      const requests = input.RequestItems?.table ?? [];
      expect(requests.length).toBeLessThanOrEqual(25);
      // DynamoDB sends back part of one batch unprocessed once; the seed must retry it.
      if (!throttled && requests.length > 1) {
        throttled = true;
        for (const r of requests.slice(1)) written.push(r.PutRequest?.Item as StoredItem);
        return { UnprocessedItems: { table: requests.slice(0, 1) } };
      }
      for (const r of requests) written.push(r.PutRequest?.Item as StoredItem);
      return {};
    });
    const progress: number[] = [];

    const result = await seedTable(db, 'table', (done, total) => {
      expect(total).toBe(items.length);
      progress.push(done);
    });

    expect(result).toEqual({ written: items.length, skipped: false });
    expect(written).toHaveLength(items.length);
    expect(new Set(written.map((i) => `${i.pk}|${i.sk}`)).size).toBe(items.length);
    expect(progress.at(-1)).toBe(items.length);
    const calls = mock.calls();
    const last = calls.at(-1)?.args[0];
    expect(last).toBeInstanceOf(PutCommand);
    expect((last as PutCommand).input.Item).toMatchObject(seedMarkerKey);
  });
});
