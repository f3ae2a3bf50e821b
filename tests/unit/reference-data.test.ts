import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchWords } from '../../functions/mappings/domain/mapping-search.js';
import {
  type CourseState,
  courseProblems,
  csvRecords,
  materialChanges,
  maxCatalogCsvRows,
  parseCatalogCsv,
  sameCourse,
} from '../../functions/reference-data/domain/catalog-rules.js';
import {
  institutionSearchWords,
  matchesInstitutionQuery,
  queryWords,
} from '../../functions/reference-data/domain/institution-search.js';
import {
  isTermName,
  termDatesProblems,
  termSortKey,
} from '../../functions/reference-data/domain/term-calendar.js';
import type { HomeCourse } from '../../functions/reference-data/entities/catalog.js';
import {
  type CatalogStore,
  type CourseCommit,
  importCatalogCsv,
} from '../../functions/reference-data/use-cases/catalog.js';

// The reference data's pure rules: the catalog CSV (header, rows, each problem naming its row and
// column), which course changes are material to the mappings approved against it, the term
// calendar's dates, the institution search by alias; and the import's idempotency over a store in memory.

const header = 'code,title,credits,subjectArea,exclusions';
const course = (over: Partial<CourseState> = {}): CourseState => ({
  title: 'Understanding Music',
  credits: 3,
  subjectArea: 'HUMA',
  exclusions: ['HUMA1100'],
  status: 'Offered',
  ...over,
});

describe('the catalog CSV', () => {
  it('refuses a wrong header, or a file that is not UTF-8, whole and with the reason', () => {
    expect(parseCatalogCsv('code,title,credits\nHUMA1103,Music,3\n')).toEqual({
      ok: false,
      reason: `the header must be exactly ${header} (found code,title,credits)`,
    });
    expect(parseCatalogCsv('')).toMatchObject({ ok: false });
    expect(parseCatalogCsv(`${header}\nHUMA1103,M\uFFFDsic,3,HUMA,\n`)).toEqual({
      ok: false,
      reason: 'the file is not UTF-8 text',
    });
    const tooMany = [header, ...Array.from({ length: maxCatalogCsvRows + 1 }, () => 'HUMA1103,M,3,HUMA,')];
    expect(parseCatalogCsv(tooMany.join('\n'))).toMatchObject({ ok: false });
  });

  it('reads quoted fields, CRLF, a byte-order mark and a header in any case; skips blank lines', () => {
    const parsed = parseCatalogCsv(
      `\uFEFFCode,Title,Credits,SubjectArea,Exclusions\r\nhuma 1103,"Music, ""Mind"" and Behaviour",1.5,huma,HUMA1100;huma1101\r\n\r\n`,
    );
    expect(parsed).toEqual({
      ok: true,
      problems: [],
      rows: [
        {
          row: 2,
          code: 'HUMA1103',
          title: 'Music, "Mind" and Behaviour',
          credits: 1.5,
          subjectArea: 'HUMA',
          exclusions: ['HUMA1100', 'HUMA1101'],
        },
      ],
    });
  });

  it('names the row and the column of every problem, and keeps the good rows', () => {
    const parsed = parseCatalogCsv(
      [
        header,
        'HUMA1103,Understanding Music,3,HUMA,',
        'HUMA103,Bad code,3,HUMA,',
        'HUMA1104,,3,HUMA,',
        'HUMA1105,Credits,2.25,HUMA,',
        'HUMA1106,Credits,13,HUMA,',
        'HUMA1107,Area,3,HU,',
        'HUMA1108,Self,3,HUMA,HUMA1108',
        'HUMA1103,Twice,3,HUMA,',
        'HUMA1109,Columns',
        'HUMA1110,Bad exclusion,3,HUMA,NOPE',
      ].join('\n'),
    );
    expect(parsed.ok && parsed.rows.map((r) => r.code)).toEqual(['HUMA1103']);
    expect(parsed.ok && parsed.problems).toEqual([
      { row: 3, column: 'code', reason: 'must be an HKUST course code like HUMA1103' },
      { row: 4, column: 'title', reason: 'is required' },
      { row: 5, column: 'credits', reason: 'must be a whole or half credit, such as 3 or 1.5' },
      { row: 6, column: 'credits', reason: 'must be a number from 0 to 12' },
      { row: 7, column: 'subjectArea', reason: 'must be four capital letters, such as HUMA' },
      { row: 8, column: 'exclusions', reason: 'a course cannot exclude itself' },
      { row: 9, column: 'code', reason: 'HUMA1103 is on row 2 already' },
      { row: 10, column: 'row', reason: 'has 2 columns; 5 expected' },
      { row: 11, column: 'exclusions', reason: 'NOPE is not an HKUST course code' },
    ]);
  });

  it('reads back any fields written with RFC 4180 quoting (property)', () => {
    const quote = (f: string) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replaceAll('"', '""')}"` : f);
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'grapheme-ascii' }), { minLength: 1, maxLength: 6 }), {
          minLength: 1,
          maxLength: 8,
        }),
        (records) => {
          const text = `${records.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
          expect(csvRecords(text)).toEqual(records);
        },
      ),
    );
  });
});

describe('which course changes are material to the mappings approved against it', () => {
  it('credits, exclusions and retirement are; a title or a subject area is not', () => {
    expect(materialChanges(course(), course({ credits: 4 }))).toEqual(['credits 3 → 4']);
    expect(materialChanges(course(), course({ status: 'Retired' }))).toEqual(['retired']);
    expect(materialChanges(course(), course({ exclusions: [] }))).toEqual(['exclusions HUMA1100 → (none)']);
    expect(materialChanges(course(), course({ title: 'Music', subjectArea: 'MUSI' }))).toEqual([]);
    // A new course has no mappings yet
    expect(materialChanges(undefined, course())).toEqual([]);
  });

  it('exclusions are a set: order, case and repeats do not change them (property)', () => {
    const code = fc.stringMatching(/^[A-Z]{4}\d{4}$/);
    fc.assert(
      fc.property(fc.array(code, { maxLength: 6 }), (codes) => {
        const shuffled = [...codes].reverse().map((c) => c.toLowerCase());
        const a = course({ exclusions: codes });
        const b = course({ exclusions: [...shuffled, ...shuffled] });
        expect(materialChanges(a, b)).toEqual([]);
        expect(sameCourse(a, b)).toBe(true);
      }),
    );
  });

  it('an unchanged course is the same and has no material change; any field change is not the same (property)', () => {
    const state = fc.record({
      title: fc.constantFrom('Music', 'Art'),
      credits: fc.constantFrom(0, 1.5, 3, 4),
      subjectArea: fc.constantFrom('HUMA', 'MUSI'),
      exclusions: fc.subarray(['HUMA1100', 'HUMA1101']),
      status: fc.constantFrom('Offered' as const, 'Retired' as const),
    });
    fc.assert(
      fc.property(state, state, (a, b) => {
        expect(materialChanges(a, a)).toEqual([]);
        expect(sameCourse(a, { ...a })).toBe(true);
        // A material change is always a change
        if (materialChanges(a, b).length > 0) expect(sameCourse(a, b)).toBe(false);
      }),
    );
  });

  it("a course's fields are checked as the import checks a row", () => {
    expect(courseProblems('HUMA1103', { ...course(), credits: -1 })).toEqual([
      { field: 'credits', reason: 'must be a number from 0 to 12' },
    ]);
    expect(courseProblems('HUMA1000LEVEL', course())).toEqual([]);
  });
});

describe('the term calendar', () => {
  it('takes terms as the guide writes them and orders them in time', () => {
    expect(isTermName('2024-25 Fall')).toBe(true);
    expect(isTermName('2024-26 Fall')).toBe(false);
    expect(isTermName('2024 Autumn')).toBe(false);
    const terms = ['2025-26 Fall', '2024-25 Summer', '2024-25 Winter', '2024-25 Spring', '2024-25 Fall'];
    expect([...terms].sort((a, b) => termSortKey(a).localeCompare(termSortKey(b)))).toEqual([
      '2024-25 Fall',
      '2024-25 Winter',
      '2024-25 Spring',
      '2024-25 Summer',
      '2025-26 Fall',
    ]);
  });

  it("checks a term's dates", () => {
    expect(termDatesProblems('2024-09-01', '2024-12-20')).toEqual([]);
    expect(termDatesProblems('2024-09-31', '2024-12-20')).toEqual([
      { field: 'startDate', reason: 'must be a date like 2024-09-01' },
    ]);
    expect(termDatesProblems('2024-12-20', '2024-09-01')).toEqual([
      { field: 'endDate', reason: 'must not be before startDate' },
    ]);
    expect(termDatesProblems('2024-09-01', '2025-08-31')).toEqual([
      { field: 'endDate', reason: 'a term lasts at most 200 days' },
    ]);
  });
});

describe('the institution search by alias', () => {
  const polyu = {
    name: 'The Hong Kong Polytechnic University',
    country: 'Hong Kong',
    aliases: ['PolyU', 'HK Poly'],
  };

  it('indexes the words of the name and of every alias, and matches a query against either', () => {
    expect(institutionSearchWords(polyu)).toEqual(
      expect.arrayContaining(['hong', 'polytechnic', 'polyu', 'hk', 'poly']),
    );
    expect(matchesInstitutionQuery(polyu, queryWords('polyu'), 'hong')).toBe(true);
    expect(matchesInstitutionQuery(polyu, queryWords('hk poly'))).toBe(true);
    // Every query word in one name: a word of the name and one of an alias do not mix
    expect(matchesInstitutionQuery(polyu, queryWords('polyu university'))).toBe(false);
    expect(matchesInstitutionQuery(polyu, queryWords('polyu'), 'japan')).toBe(false);
    // Without aliases, as before
    expect(matchesInstitutionQuery({ name: polyu.name, country: polyu.country }, queryWords('polyu'))).toBe(
      false,
    );
  });
});

// ---- the import over a store in memory ----

class InMemoryCatalog implements CatalogStore {
  readonly courses = new Map<string, HomeCourse>();
  readonly commits: CourseCommit[] = [];

  async getCourse(code: string) {
    return this.courses.get(code);
  }
  async getCourses(codes: readonly string[]) {
    return codes.flatMap((c) => this.courses.get(c) ?? []);
  }
  async listByCode() {
    return { courses: [...this.courses.values()] };
  }
  async listByTitleWord() {
    return [];
  }
  async history() {
    return [];
  }
  async commitAll(changes: readonly CourseCommit[]) {
    const done: boolean[] = [];
    for (const change of changes) done.push(await this.commit(change));
    return done;
  }
  async commit(change: CourseCommit) {
    const current = this.courses.get(change.next.code);
    const expected = change.previous ? (change.previous.version ?? 0) : undefined;
    if ((current ? (current.version ?? 0) : undefined) !== expected) return false;
    this.courses.set(change.next.code, change.next);
    this.commits.push(change);
    return true;
  }
}

describe('the catalog import', () => {
  const deps = (store: InMemoryCatalog) => ({
    store,
    now: () => new Date('2026-05-20T02:00:00.000Z'),
    titleWords: searchWords,
  });

  it('applies the good rows, reports the bad, and changes nothing the second time', async () => {
    const store = new InMemoryCatalog();
    store.courses.set('HUMA1100', {
      code: 'HUMA1100',
      title: 'Music',
      credits: 3,
      subjectArea: 'HUMA',
      exclusions: [],
    });
    const file = [
      header,
      'HUMA1103,Understanding Music,3,HUMA,HUMA1100',
      'HUMA1104,Art,3,HUMA,HUMA9999',
      'HUMA1100,Music,4,HUMA,',
    ].join('\n');
    const first = await importCatalogCsv(deps(store), 'aro-001', file);
    expect(first).toMatchObject({
      created: ['HUMA1103'],
      changed: ['HUMA1100'],
      unchanged: 0,
      flaggedForReReview: ['HUMA1100'],
      rejected: [{ row: 3, column: 'exclusions', reason: 'HUMA9999 is not an HKUST course' }],
    });
    // The material change carries its fan-out, keyed by course and catalog version
    const changed = store.commits.find((c) => c.next.code === 'HUMA1100');
    expect(changed?.outbox).toEqual([
      expect.objectContaining({
        kind: 'catalog.course-changed',
        idempotencyKey: 'catalog.course-changed:HUMA1100:v1',
        payload: expect.objectContaining({
          changes: ['credits 3 → 4'],
          changedBy: 'aro-001',
          catalogVersion: 1,
        }),
      }),
    ]);
    expect(changed?.audit).toMatchObject({
      actor: 'aro-001',
      action: 'HKUST course HUMA1100 changed: credits 3 → 4',
    });
    expect(store.commits.find((c) => c.next.code === 'HUMA1103')?.outbox).toEqual([]);

    const commits = store.commits.length;
    const second = await importCatalogCsv(deps(store), 'aro-001', file);
    expect(second).toMatchObject({ created: [], changed: [], unchanged: 2, flaggedForReReview: [] });
    expect(store.commits.length).toBe(commits);
  });

  it('refuses a file over the size bound before reading it', async () => {
    await expect(
      importCatalogCsv(deps(new InMemoryCatalog()), 'aro-001', `${header}\n${'x'.repeat(3 * 1024 * 1024)}`),
    ).rejects.toMatchObject({ status: 413 });
  });
});
