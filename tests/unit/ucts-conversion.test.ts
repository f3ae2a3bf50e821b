import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/commons/errors.js';
import {
  type ApplicationConversion,
  type ApplicationInput,
  type ApplicationResult,
  asValidationError,
  type CreditSystem,
  compareUctsGrades,
  convertApplication,
  convertGrade,
  creditSystemIssues,
  exact,
  type GradeScale,
  gradeScaleIssues,
  hkustSemesterLoad,
  previewStudyRecord,
  publishedRule,
  roundDown,
  toHome,
  toUcts,
  transferGrade,
  type UctsGrade,
  uctsGrades,
} from '../../functions/conversion/domain/ucts-conversion.js';

// The seed's example (umap-credit-transfer-scheme.txt): a host university of 16 credit points a
// semester, four courses of 4, converted to UCTS and on to the home university.
const seedHost: CreditSystem = { name: 'Host University', unit: 'CREDIT POINT', creditsPerSemester: 16 };

// A letter scale with pluses and minuses, as many Hong Kong and US institutions write them.
const letterScale: GradeScale = {
  id: 'HOST-LETTER',
  version: '2024-1',
  grades: [
    { grade: 'A+', ucts: 'A' },
    { grade: 'A', ucts: 'A' },
    { grade: 'A-', ucts: 'B' },
    { grade: 'B+', ucts: 'B' },
    { grade: 'B', ucts: 'C' },
    { grade: 'B-', ucts: 'C' },
    { grade: 'C+', ucts: 'D' },
    { grade: 'C', ucts: 'D' },
    { grade: 'D', ucts: 'E' },
    { grade: 'E', ucts: 'FX' },
    { grade: 'F', ucts: 'F' },
  ],
};

const course = (code: string, credits: number, hostGrade?: string) => ({
  code,
  credits,
  creditUnit: 'CREDIT POINT' as const,
  ...(hostGrade === undefined ? {} : { hostGrade }),
});

const application = (overrides: Partial<ApplicationInput> = {}): ApplicationInput => ({
  ref: 'B006711-02',
  creditSystem: seedHost,
  gradeScale: letterScale,
  incoming: [course('CCN2046', 4, 'A')],
  home: [{ code: 'HUMA1103', credits: 3 }],
  ...overrides,
});

function converted(result: ApplicationResult): ApplicationConversion {
  if (!result.ok) throw new Error(`expected a conversion, got ${result.failure.message}`);
  return result;
}

describe("the seed's table, row by row", () => {
  const rows = [
    { unit: 'A', host: 4, ucts: 7.5, home: 2.25 },
    { unit: 'B', host: 4, ucts: 7.5, home: 2.25 },
    { unit: 'C', host: 4, ucts: 7.5, home: 2.25 },
    { unit: 'D', host: 4, ucts: 7.5, home: 2.25 },
    { unit: 'Total', host: 16, ucts: 30, home: 9 },
  ];

  it.each(rows)('course unit $unit: $host → $ucts UCTS → $home', ({ host, ucts, home }) => {
    // Act
    const inUcts = toUcts(host, seedHost);
    const atHome = toHome(inUcts);
    // Assess: exact fractions, and numbers that print as the seed prints them
    expect(inUcts).toEqual(exact(ucts));
    expect(atHome).toEqual(exact(home));
    expect(roundDown(inUcts)).toBe(ucts);
    expect(roundDown(atHome)).toBe(home);
    expect(String(roundDown(atHome))).toBe(String(home));
    // The seed's second formula, taken from its printed UCTS figure: 7.5*9/30
    expect(toHome(ucts)).toEqual(exact(home));
  });

  it("uses the home load of 9 that the table and the formula use (not the prose's 6)", () => {
    expect(hkustSemesterLoad).toBe(9);
    expect(toHome(30)).toEqual(exact(9));
  });

  it('shows each step of a 1-to-1 application: 4 of 16 → 7.5 UCTS → 2.25 HKUST credits', () => {
    const result = converted(convertApplication(application()));
    expect(result.outcome).toBe('transfer');
    expect(result.credits).toBe(2.25);
    expect(result.fullyCovered).toBe(false);
    expect(result.home).toEqual([{ code: 'HUMA1103', carries: 3, ifPassed: 2.25, transferred: 2.25 }]);
    expect(result.incoming[0]?.ucts).toEqual({ value: 7.5, approximate: false });
    expect(result.incoming[0]?.homeCredits).toEqual({ value: 2.25, approximate: false });
    const byKind = Object.fromEntries(result.steps.map((s) => [s.kind, s]));
    expect(byKind['to-ucts']).toMatchObject({
      from: '4 CREDIT POINT (16 a full-time semester at Host University)',
      to: '7.5 UCTS',
      formula: '4 × 30 / 16 = 7.5',
    });
    expect(byKind['to-home']).toMatchObject({
      from: '7.5 UCTS',
      to: '2.25 HKUST credits',
      formula: '7.5 × 9 / 30 = 2.25',
    });
    expect(byKind.cap?.formula).toBe('minimum of 2.25 and 3 = 2.25');
    expect(byKind.round).toBeUndefined();
    expect(result.steps.at(-1)).toMatchObject({ kind: 'result', to: '2.25 HKUST credits' });
  });

  it('converts the whole semester, four courses to three HKUST courses of 3, to 9.0', () => {
    const result = converted(
      convertApplication(
        application({
          incoming: ['A', 'B', 'C', 'D'].map((unit) => course(`UNIT-${unit}`, 4, 'A')),
          home: [
            { code: 'HUMA1001', credits: 3 },
            { code: 'HUMA1002', credits: 3 },
            { code: 'HUMA1003', credits: 3 },
          ],
        }),
      ),
    );
    expect(result.credits).toBe(9);
    expect(result.fullyCovered).toBe(true);
    expect(result.home.map((h) => h.transferred)).toEqual([3, 3, 3]);
    expect(result.steps.find((s) => s.kind === 'earned')?.formula).toBe('2.25 + 2.25 + 2.25 + 2.25 = 9');
  });
});

describe('exact arithmetic', () => {
  it('reads decimals as written, not as the nearest binary double', () => {
    expect(exact(0.1)).toEqual({ numerator: 1n, denominator: 10n });
    expect(exact(3.5)).toEqual({ numerator: 7n, denominator: 2n });
    expect(exact(1e-7)).toEqual({ numerator: 1n, denominator: 10_000_000n });
    expect(exact(-1)).toBeUndefined();
    expect(exact(Number.NaN)).toBeUndefined();
  });

  it('adds 0.1 three times to exactly 0.3 of a semester', () => {
    const tenths = converted(
      convertApplication(
        application({
          creditSystem: { name: 'Ten', unit: 'CREDIT POINT', creditsPerSemester: 0.9 },
          incoming: [course('X1', 0.1, 'A'), course('X2', 0.1, 'A'), course('X3', 0.1, 'A')],
        }),
      ),
    );
    // 0.3 of a 0.9 semester is a third of 9 = 3 HKUST credits, exactly (floats give 2.9999999999999996)
    expect(tenths.credits).toBe(3);
  });

  it('rounds down to 2 decimals once, at the end, and says so', () => {
    const result = converted(convertApplication(application({ incoming: [course('CCN2046', 3, 'B')] })));
    // 3 × 30 / 16 = 5.625 UCTS; 5.625 × 9 / 30 = 1.6875 HKUST credits → 1.68
    expect(result.incoming[0]?.ucts).toEqual({ value: 5.625, approximate: false });
    expect(result.incoming[0]?.homeCredits).toEqual({ value: 1.6875, approximate: false });
    expect(result.credits).toBe(1.68);
    expect(result.steps.find((s) => s.kind === 'round')).toMatchObject({
      from: '1.6875 HKUST credits',
      to: '1.68 HKUST credits',
    });
  });

  it('marks a figure that does not end within 4 decimals as approximate', () => {
    const result = converted(
      convertApplication(
        application({ creditSystem: { name: 'Sevens', unit: 'CREDIT POINT', creditsPerSemester: 7 } }),
      ),
    );
    // 4 × 30 / 7 = 17.142857… UCTS; × 9 / 30 = 5.142857… HKUST credits, capped at 3
    expect(result.incoming[0]?.ucts).toEqual({ value: 17.1428, approximate: true });
    expect(result.steps.find((s) => s.kind === 'to-ucts')?.formula).toBe('4 × 30 / 7 ≈ 17.1428');
    expect(result.credits).toBe(3);
  });

  it('refuses a negative figure or an empty semester outright', () => {
    expect(() => toUcts(-1, seedHost)).toThrow(RangeError);
    expect(() => toUcts(1, { ...seedHost, creditsPerSemester: 0 })).toThrow(RangeError);
    expect(() => toHome(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('grade conversion', () => {
  it.each(letterScale.grades.map((g) => [g.grade, g.ucts] as const))(
    '%s converts to UCTS %s',
    (grade, ucts) => {
      const result = convertGrade(grade, letterScale);
      expect(result).toEqual({
        ok: true,
        grade: {
          hostGrade: grade,
          scaleGrade: grade,
          scaleId: 'HOST-LETTER',
          scaleVersion: '2024-1',
          ucts,
          pass: ucts !== 'FX' && ucts !== 'F',
        },
      });
    },
  );

  it.each(uctsGrades)('UCTS %s on the UCTS scale itself is itself', (grade) => {
    const ucts: GradeScale = {
      id: 'UCTS',
      version: 'seed',
      grades: uctsGrades.map((g) => ({ grade: g, ucts: g })),
    };
    const result = convertGrade(grade, ucts);
    expect(result.ok && result.grade.ucts).toBe(grade);
  });

  it('keeps the grade as entered, matching it regardless of case and spaces', () => {
    const result = convertGrade(' b+ ', letterScale);
    expect(result).toMatchObject({ ok: true, grade: { hostGrade: ' b+ ', scaleGrade: 'B+', ucts: 'B' } });
  });

  it('names the grade and the scale when the grade is not on it', () => {
    const result = convertGrade('A*', letterScale);
    expect(result).toEqual({
      ok: false,
      failure: {
        kind: 'UnknownGrade',
        field: 'hostGrade',
        grade: 'A*',
        scaleId: 'HOST-LETTER',
        scaleVersion: '2024-1',
        known: letterScale.grades.map((g) => g.grade),
        message:
          '"A*" is not a grade on scale HOST-LETTER (version 2024-1): use one of A+, A, A-, B+, B, B-, C+, C, D, E, F',
      },
    });
    expect(convertGrade('  ', letterScale)).toMatchObject({ ok: false, failure: { kind: 'UnknownGrade' } });
  });

  it('turns an unknown grade in an application into a 400 on its field', () => {
    const result = convertApplication(
      application({ incoming: [course('CCN2046', 4, 'A'), course('CCN2047', 4, 'Z')] }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure).toMatchObject({ kind: 'UnknownGrade', field: 'incoming.1.hostGrade', grade: 'Z' });
    const error = asValidationError(result.failure);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect(error.issues[0]?.field).toBe('incoming.1.hostGrade');
  });
});

describe('scales, credit systems and inputs that cannot be converted', () => {
  it('finds what is wrong with a scale', () => {
    expect(gradeScaleIssues(letterScale)).toEqual([]);
    expect(
      gradeScaleIssues({
        id: 'BAD',
        version: '1',
        grades: [
          { grade: 'P', ucts: 'E' },
          { grade: 'H', ucts: 'A' },
          { grade: 'p', ucts: 'E' },
          { grade: ' ', ucts: 'F' },
        ],
      }),
    ).toEqual(['H (UCTS A) is listed below P (UCTS E)', 'lists p twice', 'grade 4 is blank']);
    expect(gradeScaleIssues({ id: 'EMPTY', version: '1', grades: [] })).toEqual(['has no grades']);
  });

  it('finds what is wrong with a credit system', () => {
    expect(creditSystemIssues(seedHost)).toEqual([]);
    expect(creditSystemIssues({ ...seedHost, creditsPerSemester: 0 })).toHaveLength(1);
    expect(creditSystemIssues({ name: 'EU', unit: 'ECTS', creditsPerSemester: 60 })).toEqual([
      'ECTS counts 30 to a full-time semester, not 60',
    ]);
    expect(creditSystemIssues({ name: 'EU', unit: 'ECTS', creditsPerSemester: 30 })).toEqual([]);
  });

  it('refuses a course counted in another unit than its institution', () => {
    const result = convertApplication(
      application({ incoming: [{ ...course('X', 4, 'A'), creditUnit: 'UNIT' }] }),
    );
    expect(result).toMatchObject({
      ok: false,
      failure: {
        kind: 'UnitMismatch',
        field: 'incoming.0.creditUnit',
        unit: 'UNIT',
        expected: 'CREDIT POINT',
      },
    });
  });

  it('refuses negative credits, no courses, a bad scale and a bad policy', () => {
    const kindOf = (r: ApplicationResult) => (r.ok ? 'ok' : r.failure.kind);
    expect(kindOf(convertApplication(application({ incoming: [course('X', -1, 'A')] })))).toBe(
      'InvalidCredits',
    );
    expect(kindOf(convertApplication(application({ home: [{ code: 'H', credits: Number.NaN }] })))).toBe(
      'InvalidCredits',
    );
    expect(kindOf(convertApplication(application({ incoming: [] })))).toBe('NoCourses');
    expect(kindOf(convertApplication(application({ home: [] })))).toBe('NoCourses');
    expect(
      kindOf(convertApplication(application({ gradeScale: { id: 'E', version: '1', grades: [] } }))),
    ).toBe('InvalidGradeScale');
    expect(
      kindOf(convertApplication(application({ creditSystem: { ...seedHost, creditsPerSemester: -3 } }))),
    ).toBe('InvalidCreditSystem');
    expect(kindOf(convertApplication(application(), { homeSemesterLoad: 0, minimumGrade: 'E' }))).toBe(
      'InvalidPolicy',
    );
  });
});

describe('the published rule', () => {
  it('gives no credit for a fail on any course, and says which', () => {
    const result = converted(
      convertApplication(application({ incoming: [course('CCN2046', 4, 'A'), course('CCN2047', 4, 'E')] })),
    );
    expect(result).toMatchObject({
      outcome: 'no-credit',
      reason: 'failing-grade',
      credits: 0,
      lowestGrade: 'FX',
    });
    expect(result.outcome === 'no-credit' && result.explanation).toBe(
      'CCN2047 has E (UCTS FX), a fail: credit is given only for a pass',
    );
    expect(result.creditsIfPassed).toBe(3);
    expect(result.home).toEqual([{ code: 'HUMA1103', carries: 3, ifPassed: 3, transferred: 0 }]);
    expect(result.steps.find((s) => s.kind === 'pass')?.to).toBe('fail: no credit');
  });

  it('grades an N-to-1 application by its lowest grade, never the average', () => {
    const result = converted(
      convertApplication(
        application({
          incoming: [course('X1', 4, 'A+'), course('X2', 4, 'A+'), course('X3', 4, 'D')],
          home: [{ code: 'HUMA1103', credits: 3 }],
        }),
      ),
    );
    // The average of A, A, E would be about B; the rule takes E.
    expect(result).toMatchObject({ outcome: 'transfer', lowestGrade: 'E', homeGrade: 'T', credits: 3 });
    expect(result.steps.find((s) => s.kind === 'lowest-grade')?.formula).toBe('lowest of A, A, E = E');
  });

  it('never transfers more than the HKUST courses carry, filling them in order', () => {
    const result = converted(
      convertApplication(
        application({
          incoming: [course('X1', 8, 'A'), course('X2', 4, 'A')],
          home: [
            { code: 'H1', credits: 3 },
            { code: 'H2', credits: 3 },
            { code: 'H3', credits: 3 },
          ],
        }),
      ),
    );
    // 12 of 16 → 22.5 UCTS → 6.75 HKUST credits
    expect(result.credits).toBe(6.75);
    expect(result.home.map((h) => h.transferred)).toEqual([3, 3, 0.75]);
    const capped = converted(convertApplication(application({ incoming: [course('X', 16, 'A')] })));
    expect(capped.credits).toBe(3);
    expect(capped.fullyCovered).toBe(true);
  });

  it('records transferred credit as "T"', () => {
    expect(transferGrade).toBe('T');
    expect(converted(convertApplication(application()))).toMatchObject({ homeGrade: 'T' });
    expect(publishedRule.statements.join(' ')).toContain('Minimum, not average');
  });

  it('can ask for a higher minimum grade (e.g. B for postgraduates)', () => {
    const policy = { homeSemesterLoad: 9, minimumGrade: 'B' as const };
    const below = converted(convertApplication(application({ incoming: [course('X', 4, 'B')] }), policy));
    expect(below).toMatchObject({ outcome: 'no-credit', reason: 'below-minimum-grade', credits: 0 });
    const enough = converted(convertApplication(application({ incoming: [course('X', 4, 'A-')] }), policy));
    expect(enough).toMatchObject({ outcome: 'transfer', credits: 2.25 });
  });

  it('gives nothing for courses that earned no credits', () => {
    const result = converted(convertApplication(application({ incoming: [course('CC2205', 0, 'A')] })));
    expect(result).toMatchObject({ outcome: 'no-credit', reason: 'no-credits-earned', credits: 0 });
  });

  it('projects an application still awaiting a grade without counting it', () => {
    const result = converted(
      convertApplication(application({ incoming: [course('X1', 4, 'A'), course('X2', 4)] })),
    );
    expect(result).toMatchObject({ outcome: 'awaiting-grade', credits: 0, creditsIfPassed: 3 });
  });
});

describe('the study record preview', () => {
  it('adds up what each application transfers, listing failures and awaited grades apart', () => {
    const preview = previewStudyRecord([
      application({ ref: 'B000001-01' }),
      application({ ref: 'B000002-01', incoming: [course('X', 3, 'B')] }),
      application({ ref: 'B000003-01', incoming: [course('Y', 4, 'F')] }),
      application({ ref: 'B000004-01', incoming: [course('Z', 4, '??')] }),
      application({ ref: 'B000005-01', incoming: [course('W', 4)] }),
    ]);
    expect(preview.applications.map((a) => (a.ok ? a.credits : a.failure.kind))).toEqual([
      2.25,
      1.68,
      0,
      'UnknownGrade',
      0,
    ]);
    expect(preview.totalCredits).toBe(3.93);
    expect(preview.awaitingGradeCredits).toBe(2.25);
    expect(preview.steps[0]?.formula).toBe('2.25 + 1.68 + 0 + 0 = 3.93');
  });

  it('is empty for a record with no applications', () => {
    expect(previewStudyRecord([])).toMatchObject({
      totalCredits: 0,
      awaitingGradeCredits: 0,
      applications: [],
    });
  });
});

describe('properties', () => {
  const decimal = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((n) => n / 100);
  const system = fc.record({
    name: fc.constant('Host'),
    unit: fc.constant('CREDIT POINT' as const),
    creditsPerSemester: fc.integer({ min: 1, max: 4000 }).map((n) => n / 100),
  });
  const gradeIndex = fc.integer({ min: 0, max: letterScale.grades.length - 1 });
  const input = fc.record({
    system,
    incoming: fc.array(fc.record({ credits: decimal(20), grade: gradeIndex }), {
      minLength: 1,
      maxLength: 5,
    }),
    home: fc.array(
      fc.integer({ min: 0, max: 12 }).map((n) => n / 2),
      { minLength: 1, maxLength: 4 },
    ),
  });
  type Input = typeof input extends fc.Arbitrary<infer T> ? T : never;

  const build = (i: Input): ApplicationInput =>
    application({
      creditSystem: i.system,
      incoming: i.incoming.map((c, k) => course(`IN${k}`, c.credits, letterScale.grades[c.grade]?.grade)),
      home: i.home.map((credits, k) => ({ code: `HK${k}`, credits })),
    });
  const uctsOf = (index: number) => letterScale.grades[index]?.ucts as UctsGrade;

  it('never transfers more than was earned, nor more than the HKUST courses carry', () => {
    fc.assert(
      fc.property(input, (i) => {
        const result = converted(convertApplication(build(i)));
        const earned = (i.incoming.reduce((s, c) => s + c.credits, 0) * 9) / i.system.creditsPerSemester;
        const carried = i.home.reduce((s, c) => s + c, 0);
        expect(result.credits).toBeLessThanOrEqual(earned + 1e-9);
        expect(result.credits).toBeLessThanOrEqual(carried + 1e-9);
        expect(result.creditsIfPassed).toBeLessThanOrEqual(Math.min(earned, carried) + 1e-9);
        for (const [k, h] of result.home.entries()) expect(h.ifPassed).toBeLessThanOrEqual(i.home[k] ?? 0);
        // Rounded down, never up, and to at most 2 decimals
        expect(Math.min(earned, carried) - result.creditsIfPassed).toBeLessThan(0.01 + 1e-9);
        expect(Math.round(result.credits * 100) / 100).toBe(result.credits);
      }),
    );
  });

  it('never gives fewer credits for a better grade', () => {
    fc.assert(
      fc.property(input, fc.nat(), fc.nat(), (i, which, by) => {
        const k = which % i.incoming.length;
        const original = i.incoming[k]?.grade ?? 0;
        const better = original - (by % (original + 1));
        const improved = {
          ...i,
          incoming: i.incoming.map((c, j) => (j === k ? { ...c, grade: better } : c)),
        };
        const before = converted(convertApplication(build(i)));
        const after = converted(convertApplication(build(improved)));
        expect(after.credits).toBeGreaterThanOrEqual(before.credits);
      }),
    );
  });

  it('gives 0 credits whenever any course fails', () => {
    fc.assert(
      fc.property(input, (i) => {
        const result = converted(convertApplication(build(i)));
        const fails = i.incoming.some((c) => ['FX', 'F'].includes(uctsOf(c.grade)));
        if (fails)
          expect(result).toMatchObject({ outcome: 'no-credit', reason: 'failing-grade', credits: 0 });
        else expect(result.outcome).not.toBe('awaiting-grade');
      }),
    );
  });

  it('takes the lowest converted grade of the incoming courses', () => {
    fc.assert(
      fc.property(input, (i) => {
        const result = converted(convertApplication(build(i)));
        const lowest = i.incoming
          .map((c) => uctsOf(c.grade))
          .reduce((a, b) => (compareUctsGrades(a, b) >= 0 ? a : b));
        expect('lowestGrade' in result && result.lowestGrade).toBe(lowest);
        if (result.outcome === 'transfer') expect(result.homeGrade).toBe('T');
      }),
    );
  });

  it('is deterministic and never negative', () => {
    fc.assert(
      fc.property(input, (i) => {
        const once = convertApplication(build(i));
        const again = convertApplication(structuredClone(build(i)));
        expect(again).toEqual(once);
        const result = converted(once);
        expect(result.credits).toBeGreaterThanOrEqual(0);
        expect(result.creditsIfPassed).toBeGreaterThanOrEqual(result.credits);
        for (const c of result.incoming) {
          expect(c.ucts.value).toBeGreaterThanOrEqual(0);
          expect(c.homeCredits.value).toBeGreaterThanOrEqual(0);
        }
        for (const h of result.home) {
          expect(h.transferred).toBeGreaterThanOrEqual(0);
          expect(h.ifPassed).toBeGreaterThanOrEqual(h.transferred);
        }
        expect(result.home.reduce((s, h) => s + Math.round(h.transferred * 100), 0)).toBe(
          Math.round(result.credits * 100),
        );
      }),
    );
  });

  it('converts host credits to HKUST credits as credits × 9 / load, exactly', () => {
    fc.assert(
      fc.property(system, decimal(40), (s, credits) => {
        const home = toHome(toUcts(credits, s));
        const c = exact(credits);
        const load = exact(s.creditsPerSemester);
        if (!c || !load) throw new Error('inputs are decimals');
        // home = c × 9 / load  ⇔  home.n × load.n × c.d = 9 × c.n × load.d × home.d
        expect(home.numerator * load.numerator * c.denominator).toBe(
          9n * c.numerator * load.denominator * home.denominator,
        );
      }),
    );
  });

  it('totals a record as the exact sum of its applications', () => {
    fc.assert(
      fc.property(fc.array(input, { maxLength: 5 }), (inputs) => {
        const preview = previewStudyRecord(inputs.map(build));
        const cents = preview.applications.reduce((s, a) => s + (a.ok ? Math.round(a.credits * 100) : 0), 0);
        expect(Math.round(preview.totalCredits * 100)).toBe(cents);
      }),
    );
  });
});
