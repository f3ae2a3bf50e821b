import { randomInt, randomUUID } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Application, ApplicationEntity } from '../../functions/applications/entities/application.js';
import { AwaitedStepEntity } from '../../functions/human-steps/entities/awaited-step.js';
import { TurnaroundEntity } from '../../functions/reviews/entities/review.js';
import { AuditEventEntity } from '../../functions/store/audit.js';
import type { Keys, StoredItem } from '../../functions/store/item.js';
import { buildSeed } from '../../local/seed/generate.js';
import { api, signIn } from '../support/api.js';
import { documentClient, runtimeEnv } from '../support/aws.js';

// ARO's queues and reports (issue 10 item 4) over HTTP, against the seeded data, and for what no
// seed holds (decided and waiting department reviews, approved applications) against items written
// through the entities, as the commits that make them would. Each report in JSON and in CSV (the
// same rows), the cursor round trip and a tampered cursor, bad filters, and who is refused.

type Row = Record<string, string | number | boolean | undefined>;
type Page = { rows: Row[]; cursor?: string };
type Refusal = { error: string; issues?: { field: string; reason: string }[] };

const seed = buildSeed();
let aro: string;
let student: string;
let office: string;
const written: Keys[] = [];

const table = () => runtimeEnv().TABLE_NAME as string;
async function put(items: StoredItem[]) {
  for (let i = 0; i < items.length; i += 25) {
    await documentClient().send(
      new BatchWriteCommand({
        RequestItems: { [table()]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
  written.push(...items.map(({ pk, sk }) => ({ pk, sk })));
}

const get = <T = Page>(path: string, token = aro) => api<T>('GET', path, { token });
const query = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
  ).toString();

/** RFC 4180 as a spreadsheet reads it (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted) {
      if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

/** The CSV of the same request agrees with its JSON: header = the fields, one line per row. */
async function expectCsvAgrees(path: string, json: Page) {
  const csv = await get<string>(`${path}${path.includes('?') ? '&' : '?'}format=csv`);
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
  const [header, ...lines] = parseCsv(String(csv.body));
  expect(lines).toHaveLength(json.rows.length);
  const cell = (v: Row[string]) =>
    v === undefined ? '' : /^[=+\-@\t\r]/.test(String(v)) && typeof v === 'string' ? `'${v}` : String(v);
  expect(lines).toEqual(json.rows.map((r) => (header ?? []).map((h) => cell(r[h]))));
  expect(csv.headers.get('x-next-cursor') ?? undefined).toBe(json.cursor);
  for (const key of json.rows.flatMap((r) => Object.keys(r))) expect(header).toContain(key);
  return header ?? [];
}

async function allPages(path: string, limit: number): Promise<{ rows: Row[]; pages: number }> {
  const rows: Row[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages < 200; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await get(`${path}${sep}${query({ limit, cursor })}`);
    expect(page.status).toBe(200);
    expect(page.body.rows.length).toBeLessThanOrEqual(limit);
    rows.push(...page.body.rows);
    if (!page.body.cursor) return { rows, pages };
    cursor = page.body.cursor;
  }
  throw new Error('the pages never ended');
}

beforeAll(async () => {
  [aro, student, office] = await Promise.all([signIn('aro-001'), signIn('20853127'), signIn('urao-001')]);
});

afterAll(async () => {
  // The fixtures of waiting steps would show in ARO's queues of other tests: take them away.
  for (let i = 0; i < written.length; i += 25) {
    await documentClient().send(
      new BatchWriteCommand({
        RequestItems: { [table()]: written.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })) },
      }),
    );
  }
});

describe('mappings by institution and status', () => {
  // The seeded institution with the most mappings, and its mappings as the seed wrote them.
  const byInstitution = Map.groupBy(seed.mappings, (m) => m.institutionId);
  const [institutionId, seeded] = [...byInstitution].sort((a, b) => b[1].length - a[1].length)[0] ?? [];

  it("lists one institution's mappings, of one status, in JSON and the same in CSV", async () => {
    const all = await get(`/admin/reports/mappings?${query({ institutionId, limit: 1000 })}`);
    expect(all.status).toBe(200);
    const refs = all.body.rows.map((r) => r.ref);
    for (const m of seeded ?? []) expect(refs).toContain(m.ref);
    expect(new Set(refs).size).toBe(refs.length);
    expect(all.body.rows.every((r) => r.institutionId === institutionId)).toBe(true);

    const approvedSeed = (seeded ?? []).filter((m) => m.status === 'Approved');
    expect(approvedSeed.length).toBeGreaterThan(0);
    const path = `/admin/reports/mappings?${query({ institutionId, status: 'Approved', limit: 1000 })}`;
    const approved = await get(path);
    expect(approved.body.rows.every((r) => r.status === 'Approved')).toBe(true);
    for (const m of approvedSeed) {
      expect(approved.body.rows).toContainEqual(
        expect.objectContaining({
          ref: m.ref,
          validFrom: m.validFrom,
          validTo: m.validTo,
          homeCourses: m.homeCourses.map((h) => `${h.code} ${h.title} (${h.credits})`).join('; '),
        }),
      );
    }
    const header = await expectCsvAgrees(path, approved.body);
    expect(header.slice(0, 4)).toEqual(['institutionId', 'institutionName', 'ref', 'status']);
  });

  it('pages through every institution with a cursor: each seeded mapping once, no page over the limit', async () => {
    const { rows, pages } = await allPages('/admin/reports/mappings', 150);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(seed.mappings.length / 150));
    const refs = rows.map((r) => r.ref);
    expect(new Set(refs).size).toBe(refs.length);
    const listed = new Set(refs);
    expect(seed.mappings.filter((m) => !listed.has(m.ref))).toEqual([]);
    // The CSV of a middle page carries the same cursor as its JSON, in a header.
    const first = await get('/admin/reports/mappings?limit=5');
    expect(first.body.cursor).toBeDefined();
    await expectCsvAgrees('/admin/reports/mappings?limit=5', first.body);
  });

  it('refuses a tampered cursor, or one of other filters, naming query.cursor', async () => {
    const first = await get('/admin/reports/mappings?limit=3');
    const cursor = first.body.cursor as string;
    const flip = (c: string, at: number) => c.slice(0, at) + (c[at] === 'A' ? 'B' : 'A') + c.slice(at + 1);
    for (const bad of [
      flip(cursor, 10),
      flip(cursor, cursor.length - 2),
      cursor.slice(0, -4),
      'not-a-cursor',
    ]) {
      const answer = await get<Refusal>(`/admin/reports/mappings?${query({ limit: 3, cursor: bad })}`);
      expect(answer.status).toBe(400);
      expect(answer.body.issues?.map((i) => i.field)).toEqual(['query.cursor']);
    }
    const otherFilters = await get<Refusal>(`/admin/reports/mappings?${query({ status: 'Denied', cursor })}`);
    expect(otherFilters.status).toBe(400);
    expect(otherFilters.body.issues?.[0]?.field).toBe('query.cursor');
    // The untouched cursor goes on where the first page ended.
    const second = await get(`/admin/reports/mappings?${query({ limit: 3, cursor })}`);
    expect(second.status).toBe(200);
    const both = await get('/admin/reports/mappings?limit=6');
    expect([...first.body.rows, ...second.body.rows]).toEqual(both.body.rows);
  });

  it('counts each institution by status, agreeing with its listing', async () => {
    const counts = await get('/admin/reports/mappings/by-institution?limit=1000');
    expect(counts.status).toBe(200);
    const row = counts.body.rows.find((r) => r.institutionId === institutionId);
    const listing = await get(`/admin/reports/mappings?${query({ institutionId, limit: 1000 })}`);
    const approved = listing.body.rows.filter((r) => r.status === 'Approved').length;
    expect(row).toMatchObject({ total: listing.body.rows.length, approved });
    expect(Number(row?.total)).toBeGreaterThanOrEqual(seeded?.length ?? 0);
    for (const r of counts.body.rows) {
      const sum = ['requestInitiated', 'underReview', 'needFurtherInfo', 'approved', 'denied', 'expired']
        .map((k) => Number(r[k]))
        .reduce((a, b) => a + b, 0);
      expect(r.total).toBe(sum);
    }
    const seededIds = new Set(seed.institutions.map((i) => i.institutionId));
    expect(counts.body.rows.filter((r) => seededIds.has(String(r.institutionId)))).toHaveLength(
      seededIds.size,
    );
    await expectCsvAgrees('/admin/reports/mappings/by-institution?limit=1000', counts.body);
    const paged = await allPages('/admin/reports/mappings/by-institution', 7);
    expect(paged.rows.map((r) => r.institutionId)).toEqual(counts.body.rows.map((r) => r.institutionId));
  });
});

describe('turnaround per subject area', () => {
  const area = `ZQ${String.fromCharCode(65 + randomInt(26))}${String.fromCharCode(65 + randomInt(26))}`;
  const day = 86_400_000;

  beforeAll(async () => {
    // Ten decided department reviews in the area (1-9 and 20 days), in January 2025 …
    const decided = [1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((days, i) =>
      TurnaroundEntity.toItem({
        subjectArea: area,
        ref: `B9${String(randomInt(10_000, 99_999))}-01`,
        decidedAt: new Date(Date.UTC(2025, 0, 1 + i * 3, 9)).toISOString(),
        days,
      }),
    );
    // … and three waiting now: 2 days (in time), 9 days (past the reminder), 20 days (escalated).
    const waiting = [2, 9, 20].map((ago) =>
      AwaitedStepEntity.toItem({
        subject: { kind: 'mapping', id: `B9${String(randomInt(10_000, 99_999))}-01` },
        stepId: `department-review:${area}`,
        taskToken: 'fixture-token',
        since: new Date(Date.now() - ago * day).toISOString(),
        phase: ago >= 14 ? 'escalation' : ago >= 7 ? 'reminder' : 'request',
      }),
    );
    await put([...decided, ...waiting]);
  });

  it('gives the median and 90th percentile days and the overdue waits of an area, in JSON and CSV', async () => {
    const path = `/admin/reports/turnaround?subjectArea=${area}`;
    const report = await get(path);
    expect(report.status).toBe(200);
    expect(report.body.rows).toEqual([
      {
        subjectArea: area,
        decided: 10,
        medianDays: 5.5,
        p90Days: 9,
        waiting: 3,
        overdue: 2,
        escalated: 1,
        longestWaitDays: 20,
      },
    ]);
    await expectCsvAgrees(path, report.body);
  });

  it('narrows the decisions to a window of days, and lists every catalog area without a filter', async () => {
    // Decided on 1, 4, 7 and 10 January: 1, 2, 3 and 4 days.
    const windowed = await get(`/admin/reports/turnaround?subjectArea=${area}&from=2025-01-01&to=2025-01-10`);
    expect(windowed.body.rows[0]).toMatchObject({ decided: 4, medianDays: 2.5, p90Days: 4, waiting: 3 });
    const all = await get('/admin/reports/turnaround');
    const areas = all.body.rows.map((r) => r.subjectArea);
    for (const a of new Set(seed.courses.map((c) => c.subjectArea))) expect(areas).toContain(a);
    expect(areas).toContain(area);
    expect(areas).toEqual([...areas].sort());
  });
});

describe('applications by status and term, and credits transferred per term and program', () => {
  // A term of the test's own, so the report's rows are exactly the fixtures.
  const year = 2040 + randomInt(50);
  const transferTerm = `${year}-${String((year + 1) % 100).padStart(2, '0')} Fall`;
  const [s1, s2] = seed.students.filter((s, i, all) => all.findIndex((o) => o.program === s.program) === i);
  const ids: string[] = [];

  const application = (studentId: string, status: Application['status'], credits: number[]): Application => {
    const applicationId = randomUUID();
    ids.push(applicationId);
    const at = new Date(Date.now() - (10 - ids.length) * 60_000).toISOString();
    return {
      studentId,
      applicationId,
      recordId: 'SR-FIXTURE',
      ref: 'B900001-01',
      institutionId: 'fx-reports',
      institutionName: '=Fixture "University", Reports',
      incomingCourses: [],
      homeCourses: credits.map((c, i) => ({
        code: `COMP10${i}1`,
        title: 'T',
        credits: c,
        subjectArea: 'COMP',
      })),
      transferTerm,
      status,
      createdAt: at,
      updatedAt: at,
      submittedAt: at,
      version: 1,
      ...(status === 'Approved'
        ? {
            decision: {
              outcome: 'Approved' as const,
              decidedBy: 'aro-001',
              at,
              transferred: credits.map((c, i) => ({ code: `COMP10${i}1`, credits: c, grade: 'T' as const })),
              credits: credits.reduce((a, b) => a + b, 0),
            },
          }
        : {}),
    };
  };

  const fixtures = () => [
    application(s1?.studentId ?? '', 'Approved', [3, 4]),
    application(s1?.studentId ?? '', 'Approved', [2.5]),
    application(s2?.studentId ?? '', 'Approved', [3]),
    application(s2?.studentId ?? '', 'Submitted', [3]),
  ];
  let apps: Application[] = [];

  beforeAll(async () => {
    expect(s1?.program).not.toBe(s2?.program);
    apps = fixtures();
    await put([
      ...apps.map(ApplicationEntity.toItem),
      AuditEventEntity.toItem({
        subjectPk: `STUDENT#${apps[0]?.studentId}`,
        subjectId: apps[0]?.applicationId ?? '',
        at: new Date().toISOString(),
        actor: 'aro-001',
        action: 'Approved: 7 credits transferred',
        from: 'Submitted',
        to: 'Approved',
        eventId: randomUUID(),
      }),
    ]);
  });

  it('lists the applications of a status and term, and of every status, in pages', async () => {
    const path = `/admin/reports/applications?${query({ status: 'Approved', term: transferTerm })}`;
    const approved = await get(path);
    expect(approved.status).toBe(200);
    expect(approved.body.rows.map((r) => r.applicationId)).toEqual(
      apps.slice(0, 3).map((a) => a.applicationId),
    );
    expect(approved.body.rows[0]).toMatchObject({ status: 'Approved', creditsTransferred: 7, late: false });
    // A name a spreadsheet would read as a formula is written behind an apostrophe, quoted.
    const csv = await get<string>(`${path}&format=csv`);
    expect(String(csv.body)).toContain(`"'=Fixture ""University"", Reports"`);
    await expectCsvAgrees(path, approved.body);

    const everyStatus = await allPages(`/admin/reports/applications?${query({ term: transferTerm })}`, 1);
    expect(everyStatus.rows.map((r) => r.applicationId).sort()).toEqual(
      apps.map((a) => a.applicationId).sort(),
    );
    // The guide's order of statuses: Submitted before Approved.
    expect(everyStatus.rows[0]?.status).toBe('Submitted');
  });

  it("sums the credits transferred by term and the student's program", async () => {
    const path = `/admin/reports/credits-transferred?${query({ term: transferTerm })}`;
    const report = await get(path);
    expect(report.status).toBe(200);
    expect(report.body.rows).toEqual(
      [
        { transferTerm, program: s1?.program, applications: 2, courses: 3, credits: 9.5 },
        { transferTerm, program: s2?.program, applications: 1, courses: 1, credits: 3 },
      ].sort((a, b) => String(a.program).localeCompare(String(b.program))),
    );
    await expectCsvAgrees(path, report.body);
    const one = await get(`${path}&${query({ program: s2?.program })}`);
    expect(one.body.rows).toEqual([
      { transferTerm, program: s2?.program, applications: 1, courses: 1, credits: 3 },
    ]);
  });

  it("reads an application's audit trail by its id alone", async () => {
    const trail = await get(
      `/admin/audit/object?${query({ kind: 'application', id: apps[0]?.applicationId })}`,
    );
    expect(trail.status).toBe(200);
    expect(trail.body.rows).toEqual([
      expect.objectContaining({
        actor: 'aro-001',
        action: 'Approved: 7 credits transferred',
        to: 'Approved',
      }),
    ]);
    const unknown = await get<Refusal>(
      `/admin/audit/object?${query({ kind: 'application', id: randomUUID() })}`,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues?.[0]?.field).toBe('query.id');
  });
});

describe('the audit trail of an object and of an actor', () => {
  it("reads a seeded mapping's timeline, in JSON and CSV", async () => {
    const m = seed.mappings[0];
    const path = `/admin/audit/object?${query({ kind: 'mapping', id: m?.ref })}`;
    const trail = await get(path);
    expect(trail.status).toBe(200);
    expect(trail.body.rows[0]).toMatchObject({
      action: 'Request submitted',
      actor: m?.requestedBy,
      subjectId: m?.ref,
    });
    await expectCsvAgrees(path, trail.body);
  });

  it('follows what an ARO officer did across objects, in time order and in pages', async () => {
    // Given aro-002 sets two terms' application deadlines (two audited changes through the API)
    const officer = await signIn('aro-002');
    const year = 2100 + randomInt(800);
    const terms = [
      `${year}-${String((year + 1) % 100).padStart(2, '0')} Fall`,
      `${year}-${String((year + 1) % 100).padStart(2, '0')} Spring`,
    ];
    const since = new Date().toISOString().slice(0, 10);
    for (const t of terms) {
      const set = await api('PUT', `/admin/terms/${encodeURIComponent(t)}/application-deadline`, {
        token: officer,
        body: { deadline: `${year + 1}-01-31` },
      });
      expect(set.status).toBe(200);
    }
    // Then the actor's trail holds both, oldest first, the same page by page
    const path = `/admin/audit/actor?${query({ actor: 'aro-002', from: since })}`;
    const trail = await get(`${path}&limit=1000`);
    expect(trail.status).toBe(200);
    const mine = trail.body.rows.filter((r) => terms.includes(String(r.subjectId)));
    expect(mine.map((r) => r.subjectId)).toEqual(terms);
    expect(mine.every((r) => r.actor === 'aro-002')).toBe(true);
    const ats = trail.body.rows.map((r) => String(r.at));
    expect(ats).toEqual([...ats].sort());
    expect((await allPages(path, 1)).rows).toEqual(trail.body.rows);
    await expectCsvAgrees(`${path}&limit=1000`, trail.body);
    // And each term's own trail names the officer
    const termTrail = await get(`/admin/audit/object?${query({ kind: 'term', id: terms[0] })}`);
    expect(termTrail.body.rows).toEqual([expect.objectContaining({ actor: 'aro-002', subjectId: terms[0] })]);
    // A window before the changes holds none of them
    const before = await get(`/admin/audit/actor?${query({ actor: 'aro-002', to: '2020-01-01' })}`);
    expect(before.body.rows.filter((r) => terms.includes(String(r.subjectId)))).toEqual([]);
  });
});

describe('who may read the reports, and bad filters', () => {
  const paths = [
    '/admin/reports/mappings',
    '/admin/reports/mappings/by-institution',
    '/admin/reports/turnaround',
    '/admin/reports/applications',
    '/admin/reports/credits-transferred',
    '/admin/audit/object?kind=endorsement-rules',
    '/admin/audit/actor?actor=aro-001',
  ];

  it('refuses a student and a records office (403), and no sign-in (401)', async () => {
    for (const path of paths) {
      expect((await get(path, student)).status, path).toBe(403);
      expect((await get(path, office)).status, path).toBe(403);
      expect((await api('GET', path)).status, path).toBe(401);
    }
  });

  it('answers a bad filter with a 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['/admin/reports/mappings?status=Pending', 'query.status'],
      ['/admin/reports/mappings?limit=0', 'query.limit'],
      ['/admin/reports/mappings?limit=abc', 'query.limit'],
      ['/admin/reports/mappings?format=xml', 'query.format'],
      ['/admin/reports/mappings?institutionId=no-such-institution', 'query.institutionId'],
      ['/admin/reports/turnaround?subjectArea=mech!', 'query.subjectArea'],
      ['/admin/reports/turnaround?from=2025-13-40', 'query.from'],
      ['/admin/reports/turnaround?from=2025-02-01&to=2025-01-01', 'query.from'],
      ['/admin/reports/applications?term=Fall%202024', 'query.term'],
      ['/admin/reports/applications?status=Done', 'query.status'],
      ['/admin/reports/credits-transferred?term=2024-26%20Fall', 'query.term'],
      ['/admin/audit/object?kind=planet&id=x', 'query.kind'],
      ['/admin/audit/object?kind=mapping&id=B12', 'query.id'],
      ['/admin/audit/object?kind=mapping', 'query.id'],
      ['/admin/audit/actor', 'query.actor'],
    ];
    for (const [path, field] of cases) {
      const answer = await get<Refusal>(path);
      expect(answer.status, path).toBe(400);
      expect(
        answer.body.issues?.map((i) => i.field),
        path,
      ).toContain(field);
    }
  });
});
