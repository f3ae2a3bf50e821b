import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Application } from '../../functions/applications/entities/application.js';
import { ValidationError } from '../../functions/commons/errors.js';
import type { MappingSearchEntry } from '../../functions/mappings/entities/mapping-search.js';
import {
  CreditsByTermAndProgram,
  compareTerms,
  countMapping,
  noMappings,
  turnaroundRow,
} from '../../functions/reports/domain/aggregations.js';
import { csvCell, toCsv } from '../../functions/reports/domain/csv.js';
import type { PageKey } from '../../functions/reports/domain/cursor.js';
import { decodeCursor, encodeCursor, filtersKey } from '../../functions/reports/domain/cursor.js';
import { waitStanding } from '../../functions/reports/domain/overdue.js';
import { median, percentile } from '../../functions/reports/domain/quantiles.js';
import type { Positioned, ReadOptions, ReportReader } from '../../functions/reports/use-cases/ports.js';
import {
  applicationsReport,
  auditOfActorReport,
  mappingsByInstitutionReport,
  mappingsReport,
  turnaroundReport,
} from '../../functions/reports/use-cases/reports.js';
import type { AuditEvent } from '../../functions/store/audit.js';

// The reports' pure parts: the quantiles, the CSV writer (RFC 4180 and formula injection), the
// cursor, the aggregations, and the paging over in-memory reads (any page size, the same rows).

const samples = fc.array(fc.double({ min: 0, max: 365, noNaN: true }), { minLength: 1, maxLength: 200 });

describe('median and 90th percentile (nearest rank)', () => {
  it('lie within the samples, the 90th never below the median, whatever their order', () => {
    fc.assert(
      fc.property(samples, (xs) => {
        const m = median(xs) as number;
        const p = percentile(xs, 90) as number;
        expect(m).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(m).toBeLessThanOrEqual(Math.max(...xs));
        expect(p).toBeGreaterThanOrEqual(m);
        expect(median([...xs].reverse())).toBe(m);
        expect(percentile([...xs].reverse(), 90)).toBe(p);
      }),
    );
  });

  it('the 90th percentile is a sample at least 90% do not exceed, and fewer than 90% are below', () => {
    fc.assert(
      fc.property(samples, (xs) => {
        const p = percentile(xs, 90) as number;
        expect(xs).toContain(p);
        expect(xs.filter((x) => x <= p).length).toBeGreaterThanOrEqual(0.9 * xs.length);
        expect(xs.filter((x) => x < p).length).toBeLessThan(0.9 * xs.length);
      }),
    );
  });

  it('half the samples are at most the median and half at least', () => {
    fc.assert(
      fc.property(samples, (xs) => {
        const m = median(xs) as number;
        expect(xs.filter((x) => x <= m).length).toBeGreaterThanOrEqual(xs.length / 2);
        expect(xs.filter((x) => x >= m).length).toBeGreaterThanOrEqual(xs.length / 2);
      }),
    );
  });

  it('known values; nothing for no samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([5], 90)).toBe(5);
    expect(median([])).toBeUndefined();
    expect(percentile([], 90)).toBeUndefined();
  });
});

/** RFC 4180, read strictly: the test's own reader, to check what the writer wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        cell += c;
        i++;
      }
    } else if (c === '"' && cell === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 2;
    } else {
      if (c === '"' || c === '\r' || c === '\n') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
      cell += c;
      i++;
    }
  }
  if (cell !== '' || row.length > 0) throw new Error('the last line has no CRLF');
  return rows;
}

describe('CSV (RFC 4180, safe to open in a spreadsheet)', () => {
  const text = fc.string({
    unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\r', '\n', '=', '+', '-', '@', '\t', 'é', '1'),
  });

  it('reads back as written, every row with every column, a formula start behind an apostrophe', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text, fc.integer()), { maxLength: 20 }), (cells) => {
        const rows = cells.map(([a, b, n]) => ({ a, b, n }));
        const parsed = parseCsv(toCsv(['a', 'b', 'n'], rows));
        expect(parsed[0]).toEqual(['a', 'b', 'n']);
        expect(parsed.slice(1)).toEqual(
          rows.map((r) => [
            /^[=+\-@\t\r]/.test(r.a) ? `'${r.a}` : r.a,
            /^[=+\-@\t\r]/.test(r.b) ? `'${r.b}` : r.b,
            String(r.n),
          ]),
        );
      }),
    );
  });

  it('never lets a text cell start like a formula', () => {
    fc.assert(
      fc.property(text, (t) => {
        const [[cell]] = parseCsv(`${csvCell(t)}\r\n`) as [[string]];
        expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });

  it('writes the classic injections harmless, and numbers as numbers', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell(-2.5)).toBe('-2.5');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('true');
  });
});

describe('the cursor', () => {
  const filters = filtersKey({ status: 'Approved', term: undefined });
  const check = (p: unknown) => (typeof p === 'object' && p !== null ? (p as { n: number }) : undefined);

  it('gives back the position it was made from', () => {
    fc.assert(
      fc.property(fc.integer(), fc.string(), (n, s) => {
        const cursor = encodeCursor('applications', filters, { n, s });
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeCursor(cursor, 'applications', filters, check)).toEqual({ n, s });
      }),
    );
  });

  it('refuses one changed, cut short, of another report or of other filters, naming query.cursor', () => {
    const cursor = encodeCursor('applications', filters, { n: 1 });
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { p: string; d: string };
    const forged = Buffer.from(JSON.stringify({ ...decoded, p: '{"n":2}' })).toString('base64url');
    for (const [bad, report, f] of [
      [forged, 'applications', filters],
      [cursor.slice(0, -3), 'applications', filters],
      [`${cursor}!`, 'applications', filters],
      [cursor, 'mappings', filters],
      [cursor, 'applications', filtersKey({ status: 'Submitted' })],
      ['x'.repeat(5000), 'applications', filters],
    ] as const) {
      const attempt = () => decodeCursor(bad, report, f, check);
      expect(attempt).toThrow(ValidationError);
      try {
        attempt();
      } catch (e) {
        expect((e as ValidationError).issues[0]?.field).toBe('query.cursor');
      }
    }
  });
});

describe('aggregations', () => {
  it('sums credits by term and program, terms in calendar order', () => {
    const totals = new CreditsByTermAndProgram();
    totals.add({ transferTerm: '2024-25 Spring', program: 'BEng', transferred: [{ code: 'A', credits: 3 }] });
    totals.add({ transferTerm: '2024-25 Fall', program: 'BSc', transferred: [{ code: 'B', credits: 0.1 }] });
    totals.add({ transferTerm: '2024-25 Fall', program: 'BSc', transferred: [{ code: 'C', credits: 0.2 }] });
    totals.add({ transferTerm: '2024-25 Fall', program: 'BEng', transferred: [] });
    expect(totals.rows()).toEqual([
      { transferTerm: '2024-25 Fall', program: 'BEng', applications: 1, courses: 0, credits: 0 },
      { transferTerm: '2024-25 Fall', program: 'BSc', applications: 2, courses: 2, credits: 0.3 },
      { transferTerm: '2024-25 Spring', program: 'BEng', applications: 1, courses: 1, credits: 3 },
    ]);
  });

  it('the credit totals are the sum of what was added, in any order', () => {
    const transfer = fc.record({
      transferTerm: fc.constantFrom('2023-24 Fall', '2023-24 Spring', '2024-25 Fall'),
      program: fc.constantFrom('BEng', 'BSc', 'BBA'),
      transferred: fc.array(
        fc.record({ code: fc.constant('X'), credits: fc.integer({ min: 0, max: 80 }).map((n) => n / 2) }),
        { maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(fc.array(transfer, { maxLength: 40 }), (ts) => {
        const a = new CreditsByTermAndProgram();
        const b = new CreditsByTermAndProgram();
        for (const t of ts) a.add(t);
        for (const t of [...ts].reverse()) b.add(t);
        expect(a.rows()).toEqual(b.rows());
        const total = ts.flatMap((t) => t.transferred).reduce((s, c) => s + c.credits, 0);
        expect(a.rows().reduce((s, r) => s + r.credits, 0)).toBeCloseTo(total, 6);
        expect(a.rows().reduce((s, r) => s + r.applications, 0)).toBe(ts.length);
      }),
    );
  });

  it('orders terms by year, then Fall, Winter, Spring, Summer', () => {
    const terms = ['2024-25 Summer', '2023-24 Spring', '2024-25 Fall', '2024-25 Winter', '2023-24 Fall'];
    expect([...terms].sort(compareTerms)).toEqual([
      '2023-24 Fall',
      '2023-24 Spring',
      '2024-25 Fall',
      '2024-25 Winter',
      '2024-25 Summer',
    ]);
  });

  it('counts an institution by status, every mapping in the total once', () => {
    const row = noMappings({ institutionId: 'i', institutionName: 'I' });
    for (const s of ['Approved', 'Approved', 'Denied', 'Under Review', 'Expired']) countMapping(row, s);
    expect(row).toMatchObject({
      approved: 2,
      denied: 1,
      underReview: 1,
      expired: 1,
      requestInitiated: 0,
      total: 5,
    });
  });

  it('a turnaround row without decisions has no median, and a wait is overdue after the reminder', () => {
    expect(turnaroundRow('MECH', [])).toEqual({
      subjectArea: 'MECH',
      decided: 0,
      waiting: 0,
      overdue: 0,
      escalated: 0,
    });
    const now = new Date('2025-03-20T00:00:00Z');
    const ladder = { reminderAfterDays: 7, escalateAfterDays: 14 };
    expect(waitStanding('2025-03-14T00:00:00Z', now, ladder)).toBe('waiting');
    expect(waitStanding('2025-03-13T00:00:00Z', now, ladder)).toBe('overdue');
    expect(waitStanding('2025-03-06T00:00:00Z', now, ladder)).toBe('escalated');
  });
});

// ---------- paging over in-memory reads ----------

/** Items of one partition in order, positioned by their index, as DynamoDB pages them. */
async function* fromList<T>(partition: string, items: readonly T[], options: ReadOptions = {}) {
  const start = options.after ? Number(options.after.sk) + 1 : 0;
  if (options.after && options.after.pk !== partition) throw ValidationError.of('query.cursor', 'elsewhere');
  for (let i = start; i < items.length; i++) {
    yield { value: items[i] as T, at: { pk: partition, sk: String(i) } satisfies PageKey } as Positioned<T>;
  }
}

function memoryReader(data: {
  institutions: { listed: string[]; proposed: string[] };
  mappings: Record<string, { ref: string; status: string }[]>;
  applications?: Record<string, { applicationId: string; transferTerm: string }[]>;
  waiting?: { stepId: string; since: string }[];
  turnarounds?: Record<string, number[]>;
  areas?: string[];
  audit?: AuditEvent[];
}): ReportReader & { reads: number } {
  const entry = (institutionId: string, m: { ref: string; status: string }) =>
    ({
      ref: m.ref,
      institutionId,
      institutionName: institutionId.toUpperCase(),
      incomingCourses: [{ code: 'X1', title: 'T', credits: 3, creditUnit: 'CREDIT' }],
      homeCourses: [{ code: 'MECH1', title: 'M', credits: 3, subjectArea: 'MECH' }],
      status: m.status,
    }) as MappingSearchEntry;
  const reader = {
    reads: 0,
    institutions: (c: 'listed' | 'proposed', o?: ReadOptions) =>
      fromList(
        c,
        data.institutions[c].map((id) => ({ institutionId: id, institutionName: id.toUpperCase() })),
        o,
      ),
    institution: async (id: string) =>
      [...data.institutions.listed, ...data.institutions.proposed].includes(id)
        ? { institutionId: id, institutionName: id.toUpperCase() }
        : undefined,
    async *mappingsAt(id: string, status: string | undefined, o?: ReadOptions) {
      reader.reads++;
      for await (const row of fromList(
        id,
        (data.mappings[id] ?? []).map((m) => entry(id, m)),
        o,
      )) {
        if (!status || row.value.status === status) yield row;
      }
    },
    async *mappingStatusesAt(id: string) {
      for (const m of data.mappings[id] ?? []) yield m.status;
    },
    async *catalogSubjectAreas() {
      for (const a of data.areas ?? []) yield a;
    },
    async *turnaroundDays(area: string) {
      for (const d of data.turnarounds?.[area] ?? []) yield d;
    },
    async *waitingSteps() {
      for (const w of data.waiting ?? []) yield w;
    },
    async *applications(status: string, term: string | undefined, o?: ReadOptions) {
      const list = (data.applications?.[status] ?? []).map(
        (a) =>
          ({
            ...a,
            studentId: '20001234',
            status,
            recordId: 'r',
            ref: 'B000001-01',
            institutionId: 'i',
            institutionName: 'I',
            incomingCourses: [],
            homeCourses: [],
            createdAt: '2025-01-01T00:00:00Z',
            updatedAt: '2025-01-01T00:00:00Z',
            version: 1,
          }) as unknown as Application,
      );
      for await (const row of fromList(status, list, o))
        if (!term || row.value.transferTerm === term) yield row;
    },
    programsOf: async () => new Map<string, string>(),
    applicationOwner: async () => undefined,
    auditOf: (pk: string, _prefix: string, o?: ReadOptions) => fromList(pk, data.audit ?? [], o),
    auditByActor: (actor: string, _w: unknown, o?: ReadOptions) =>
      fromList(
        `ACTOR#${actor}`,
        (data.audit ?? []).filter((e) => e.actor === actor),
        o,
      ),
  };
  return reader;
}

const statuses = ['Request Initiated', 'Under Review', 'Approved', 'Denied'] as const;
const world = fc.record({
  listed: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 5 }),
  proposed: fc.uniqueArray(fc.constantFrom('p', 'q'), { maxLength: 2 }),
  counts: fc.array(fc.array(fc.constantFrom(...statuses), { maxLength: 6 }), { minLength: 7, maxLength: 7 }),
});

async function allPages<R>(
  page: (cursor: string | undefined) => Promise<{ rows: R[]; cursor?: string }>,
): Promise<R[]> {
  const rows: R[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 1000; n++) {
    const p = await page(cursor);
    rows.push(...p.rows);
    if (!p.cursor) return rows;
    cursor = p.cursor;
  }
  throw new Error('the pages never ended');
}

describe('paging (any page size gives the same rows, in the same order)', () => {
  const build = (w: { listed: string[]; proposed: string[]; counts: string[][] }) => {
    const ids = [...w.listed, ...w.proposed];
    const mappings = Object.fromEntries(
      ids.map((id, i) => [id, (w.counts[i] ?? []).map((status, j) => ({ ref: `B00000${i}-0${j}`, status }))]),
    );
    return memoryReader({ institutions: { listed: w.listed, proposed: w.proposed }, mappings });
  };
  const now = () => new Date('2025-03-20T00:00:00Z');

  it('mappings of every institution, and of one status', async () => {
    await fc.assert(
      fc.asyncProperty(
        world,
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(undefined, 'Approved'),
        async (w, limit, status) => {
          const reader = build(w);
          const deps = { reader, now };
          const everything = (await mappingsReport(deps, { limit: 1000, ...(status ? { status } : {}) }))
            .rows;
          const paged = await allPages((cursor) =>
            mappingsReport(deps, { limit, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }),
          );
          expect(paged).toEqual(everything);
          expect(everything.length).toBe(
            w.counts
              .slice(0, w.listed.length + w.proposed.length)
              .flat()
              .filter((s) => !status || s === status).length,
          );
        },
      ),
    );
  });

  it('institutions counted by status', async () => {
    await fc.assert(
      fc.asyncProperty(world, fc.integer({ min: 1, max: 4 }), async (w, limit) => {
        const deps = { reader: build(w), now };
        const everything = (await mappingsByInstitutionReport(deps, { limit: 1000 })).rows;
        expect(everything.map((r) => r.institutionId)).toEqual([...w.listed, ...w.proposed]);
        expect(
          await allPages((cursor) =>
            mappingsByInstitutionReport(deps, { limit, ...(cursor ? { cursor } : {}) }),
          ),
        ).toEqual(everything);
      }),
    );
  });

  it('stops reading when the page is full', async () => {
    const reader = build({
      listed: ['a', 'b', 'c'],
      proposed: [],
      counts: [['Approved', 'Approved'], ['Denied'], ['Denied']],
    });
    const page = await mappingsReport({ reader, now }, { limit: 2 });
    expect(page.rows.map((r) => r.ref)).toEqual(['B000000-00', 'B000000-01']);
    expect(reader.reads).toBe(1);
    expect(page.cursor).toBeDefined();
  });

  it('applications of every status, one term', async () => {
    const applications = {
      Submitted: [
        { applicationId: 's1', transferTerm: '2024-25 Fall' },
        { applicationId: 's2', transferTerm: '2024-25 Spring' },
      ],
      Approved: [
        { applicationId: 'a1', transferTerm: '2024-25 Fall' },
        { applicationId: 'a2', transferTerm: '2024-25 Fall' },
      ],
    };
    const deps = {
      reader: memoryReader({ institutions: { listed: [], proposed: [] }, mappings: {}, applications }),
      now,
    };
    for (const limit of [1, 2, 3, 10]) {
      const rows = await allPages((cursor) =>
        applicationsReport(deps, { term: '2024-25 Fall', limit, ...(cursor ? { cursor } : {}) }),
      );
      expect(rows.map((r) => r.applicationId)).toEqual(['s1', 'a1', 'a2']);
    }
    // A cursor of another status filter is refused, naming it.
    const first = await applicationsReport(deps, { limit: 1 });
    await expect(
      applicationsReport(deps, {
        status: 'Approved',
        limit: 1,
        ...(first.cursor ? { cursor: first.cursor } : {}),
      }),
    ).rejects.toMatchObject({ issues: [{ field: 'query.cursor' }] });
  });

  it('an actor trail in pages, and a reversed window is refused', async () => {
    const audit = Array.from({ length: 5 }, (_, i) => ({
      subjectPk: 'MAPGROUP#B000001',
      subjectId: 'B000001-01',
      at: `2025-01-0${i + 1}T00:00:00.000Z`,
      actor: i % 2 ? 'aro-001' : 'aro-002',
      action: `step ${i}`,
      eventId: `e${i}`,
    }));
    const deps = {
      reader: memoryReader({ institutions: { listed: [], proposed: [] }, mappings: {}, audit }),
      now,
    };
    const rows = await allPages((cursor) =>
      auditOfActorReport(deps, { actor: 'aro-002', limit: 2, ...(cursor ? { cursor } : {}) }),
    );
    expect(rows.map((r) => r.action)).toEqual(['step 0', 'step 2', 'step 4']);
    await expect(
      auditOfActorReport(deps, { actor: 'aro-002', from: '2025-02-01', to: '2025-01-01', limit: 2 }),
    ).rejects.toMatchObject({ issues: [{ field: 'query.from' }] });
  });

  it('turnaround: the areas of the catalog and of the waits, each with its figures and overdue waits', async () => {
    const deps = {
      reader: memoryReader({
        institutions: { listed: [], proposed: [] },
        mappings: {},
        areas: ['MECH', 'MATH', 'MECH'],
        turnarounds: { MECH: [1, 2, 3, 4, 10] },
        waiting: [
          { stepId: 'department-review:MECH', since: '2025-03-18T00:00:00Z' },
          { stepId: 'department-review:MECH', since: '2025-03-10T00:00:00Z' },
          { stepId: 'department-review:PHYS', since: '2025-02-01T00:00:00Z' },
        ],
      }),
      now,
    };
    const { rows } = await turnaroundReport(deps, {});
    expect(rows).toEqual([
      { subjectArea: 'MATH', decided: 0, waiting: 0, overdue: 0, escalated: 0 },
      {
        subjectArea: 'MECH',
        decided: 5,
        medianDays: 3,
        p90Days: 10,
        waiting: 2,
        overdue: 1,
        escalated: 0,
        longestWaitDays: 10,
      },
      { subjectArea: 'PHYS', decided: 0, waiting: 1, overdue: 1, escalated: 1, longestWaitDays: 47 },
    ]);
  });
});
