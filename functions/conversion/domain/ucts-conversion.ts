import { ValidationError } from '../../commons/errors.js';
import type { CreditUnit } from '../../mappings/contracts.js';
import { uctsGrades } from '../contracts.js';

// The UMAP Credit Transfer Scheme (UCTS) conversion of credits and grades for credit transfer
// applications (seed `umap-credit-transfer-scheme.txt`, guide §5; published as docs/ucts-conversion.md).
// Institutions' credit systems and grade scales are ARO's (entities/institution-grading.ts).
//
// - Credits measure workload. The host's credits go to UCTS points, where a full-time semester is 30
//   (60 a year): `credits × 30 / host semester load`. UCTS points go to HKUST credits:
//   `UCTS × home semester load / 30`.
// - Grades go from the host's scale to the UCTS grade (A–E pass, FX and F fail). The host grade is
//   kept as written, with the scale's id and version: a grade means nothing without its scale.
// - Credit only for a pass ("Credit Points should only be awarded to those who successfully completed
//   the requirements"), and "in terms of minimum and not average": an application is as good as its
//   lowest grade, and transfers at most what was earned and at most what the HKUST courses carry.
//
// Pure: no I/O, no clock. The arithmetic is exact (fractions of big integers), so the seed's figures
// come out as 7.5 and 2.25, never 2.2499999; a figure is rounded only when it is shown or transferred.

/** The version of the rule below: stored with every conversion, so a later change is traceable. */
export const conversionRuleVersion = 'CTS-UCTS-1';

/** UCTS points for a full-time semester (60 a year, seed "UCTS Credit Points"). */
export const uctsSemesterLoad = 30;

/**
 * HKUST credits for a full-time semester, the home side of the conversion. The seed's example says
 * "Home University = 6 credit points per term", but its table (7.5 → 2.25, 30.0 → 9.0) and its
 * formula (`7.5*9/30`) use 9. Two figures and a formula agree against one phrase, so 9 stands; the
 * discrepancy is recorded in docs/ucts-conversion.md. ARO may set another load through the policy.
 */
export const hkustSemesterLoad = 9;

/** The grade HKUST records for transferred credit: "T", outside every grade average. */
export const transferGrade = 'T';

/** The UCTS grades, best first (seed "UCTS Grading Scale"); the list is the contract's. */
export { uctsGrades };
export type UctsGrade = (typeof uctsGrades)[number];

/** A to E pass; FX ("some more work required") and F fail. */
export const isPassingUctsGrade = (grade: UctsGrade): boolean => grade !== 'FX' && grade !== 'F';

/** Negative when `a` is the better grade, positive when it is the worse, 0 when they are the same. */
export const compareUctsGrades = (a: UctsGrade, b: UctsGrade): number =>
  uctsGrades.indexOf(a) - uctsGrades.indexOf(b);

export type { CreditUnit };

/** How an institution counts credits: its unit and how many make a full-time semester. */
export interface CreditSystem {
  name: string;
  /** The unit as mappings name it (CREDIT, UNIT, ECTS, UCTS, CREDIT POINT, SEMESTER HOUR). */
  unit: CreditUnit;
  /** Credits of a full-time semester's workload, e.g. 16. */
  creditsPerSemester: number;
  /**
   * Other units its courses are recorded in for the very same credit: HKCC's courses appear both as
   * "3 credit" and "3 unit" (guide §5.3, CCN3129 Thermofluids (3 unit)).
   */
  alsoWrittenAs?: readonly CreditUnit[];
}

/** One grade of a host scale and its UCTS equivalent; pass or fail follows from the UCTS grade. */
export interface ScaleGrade {
  /** As the host's transcript writes it: "A-", "1.3", "HD". */
  grade: string;
  ucts: UctsGrade;
}

/** An institution's grade scale, versioned: a revised table is a new version, old conversions keep theirs. */
export interface GradeScale {
  id: string;
  version: string;
  /** Best first; the UCTS equivalents never get better further down. */
  grades: readonly ScaleGrade[];
}

/** What may be set per study record or programme; the defaults are the undergraduate rule. */
export interface ConversionPolicy {
  /** HKUST credits of a full-time semester. */
  homeSemesterLoad: number;
  /** The lowest UCTS grade that earns credit: E (any pass) for undergraduates. */
  minimumGrade: Exclude<UctsGrade, 'FX' | 'F'>;
}

export const defaultPolicy: ConversionPolicy = { homeSemesterLoad: hkustSemesterLoad, minimumGrade: 'E' };

/** The rule as students and ARO read it, shown beside every preview (docs/ucts-conversion.md). */
export const publishedRule: { version: string; statements: readonly string[] } = {
  version: conversionRuleVersion,
  statements: [
    'Credits measure workload: host credits × 30 / the host semester load = UCTS points; UCTS points × 9 / 30 = HKUST credits.',
    'Credit is given only for a pass: UCTS A to E. A fail (FX or F) on any course of an application gives no credit for that application.',
    'Minimum, not average: an application is graded by the lowest of its converted grades, never their average.',
    'An application never transfers more HKUST credits than its courses earned once converted, nor more than its HKUST courses carry.',
    'The arithmetic is exact; the credits transferred are rounded down to 2 decimal places, once, at the end.',
    'Transferred credit is recorded with the grade "T" and has no effect on grade averages.',
  ],
};

// ---------------------------------------------------------------------------------------------------
// Exact arithmetic: non-negative fractions of big integers, always reduced.

/** An exact non-negative quantity. */
export interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [a < 0n ? -a : a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

function fraction(numerator: bigint, denominator: bigint): Fraction {
  const g = gcd(numerator, denominator) || 1n;
  return { numerator: numerator / g, denominator: denominator / g };
}

const zero = fraction(0n, 1n);
const times = (a: Fraction, b: Fraction) =>
  fraction(a.numerator * b.numerator, a.denominator * b.denominator);
const over = (a: Fraction, b: Fraction) => fraction(a.numerator * b.denominator, a.denominator * b.numerator);
const plus = (a: Fraction, b: Fraction) =>
  fraction(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator);
const minus = (a: Fraction, b: Fraction) =>
  fraction(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator);
const compare = (a: Fraction, b: Fraction) => {
  const d = a.numerator * b.denominator - b.numerator * a.denominator;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};
const smaller = (a: Fraction, b: Fraction) => (compare(a, b) <= 0 ? a : b);
const sum = (values: readonly Fraction[]) => values.reduce(plus, zero);

/**
 * The exact value of a decimal figure as people write it: 3.5 is 7/2, 0.1 is 1/10 (not the binary
 * double nearest to it). Undefined for a negative, infinite or NaN number.
 */
export function exact(value: number): Fraction | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) return undefined;
  const [, whole = '0', decimals = '', exponent = '0'] = match;
  const shift = Number(exponent) - decimals.length;
  const digits = BigInt(whole + decimals);
  return shift >= 0 ? fraction(digits * 10n ** BigInt(shift), 1n) : fraction(digits, 10n ** BigInt(-shift));
}

function exactOrThrow(value: number, what: string): Fraction {
  const f = exact(value);
  if (f === undefined) throw new RangeError(`${what} must be a finite number of at least 0, not ${value}`);
  return f;
}

/** The value rounded down (towards zero) to `places` decimals, as a decimal string: "2.25", "1.68", "9". */
function decimalText(f: Fraction, places: number): string {
  const scale = 10n ** BigInt(places);
  const scaled = (f.numerator * scale) / f.denominator;
  const whole = scaled / scale;
  const decimals = (scaled % scale).toString().padStart(places, '0').replace(/0+$/, '');
  return decimals ? `${whole}.${decimals}` : `${whole}`;
}

/** Whether the value has no more than `places` decimals, so that showing it hides nothing. */
const terminatesWithin = (f: Fraction, places: number) =>
  (f.numerator * 10n ** BigInt(places)) % f.denominator === 0n;

/** Decimals kept when a figure is shown in a step (e.g. 5.625 UCTS, 1.6875 HKUST credits). */
export const shownDecimals = 4;
/** Decimals of the credits transferred (the rounding rule: down, once, at the end). */
export const transferredDecimals = 2;

/** The value as a number rounded down to `places` decimals: the number closest to the decimal shown. */
export const roundDown = (f: Fraction, places: number = transferredDecimals): number =>
  Number(decimalText(f, places));

/** A figure as shown: exact when it has at most 4 decimals, else rounded down and marked "≈". */
export interface Figure {
  value: number;
  approximate: boolean;
}

export const figure = (f: Fraction): Figure => ({
  value: roundDown(f, shownDecimals),
  approximate: !terminatesWithin(f, shownDecimals),
});

const show = (f: Fraction) =>
  `${terminatesWithin(f, shownDecimals) ? '' : '≈'}${decimalText(f, shownDecimals)}`;
const equals = (f: Fraction) =>
  `${terminatesWithin(f, shownDecimals) ? '=' : '≈'} ${decimalText(f, shownDecimals)}`;

/** Host credits to UCTS points: `credits × 30 / host semester load`, exact. */
export function toUcts(credits: number | Fraction, system: CreditSystem): Fraction {
  const c = typeof credits === 'number' ? exactOrThrow(credits, 'credits') : credits;
  const load = exactOrThrow(system.creditsPerSemester, 'credits per semester');
  if (load.numerator === 0n) throw new RangeError('credits per semester must be more than 0');
  return over(times(c, exact(uctsSemesterLoad) ?? zero), load);
}

/** UCTS points to HKUST credits: `UCTS × home semester load / 30`, exact. */
export function toHome(ucts: number | Fraction, homeSemesterLoad: number = hkustSemesterLoad): Fraction {
  const u = typeof ucts === 'number' ? exactOrThrow(ucts, 'UCTS points') : ucts;
  const load = exactOrThrow(homeSemesterLoad, 'home semester load');
  return over(times(u, load), exact(uctsSemesterLoad) ?? zero);
}

// ---------------------------------------------------------------------------------------------------
// Failures: input the conversion cannot take. The API answers them with a 400 (see asValidationError).

export type ConversionFailure =
  | {
      kind: 'UnknownGrade';
      field: string;
      grade: string;
      scaleId: string;
      scaleVersion: string;
      /** The grades the scale has, to show the student what they may enter. */
      known: readonly string[];
      message: string;
    }
  | { kind: 'UnitMismatch'; field: string; unit: CreditUnit; expected: CreditUnit; message: string }
  | { kind: 'InvalidCredits'; field: string; credits: number; message: string }
  | { kind: 'NoCourses'; field: string; message: string }
  | { kind: 'InvalidCreditSystem' | 'InvalidGradeScale' | 'InvalidPolicy'; field: string; message: string };

/** The failure as the error the HTTP edge answers with a 400, naming the field. */
export const asValidationError = (failure: ConversionFailure): ValidationError =>
  ValidationError.of(failure.field, failure.message);

const normalGrade = (grade: string) => grade.trim().toUpperCase();

/** What is wrong with a scale, if anything: a scale must be usable before any grade is read off it. */
export function gradeScaleIssues(scale: GradeScale): string[] {
  const issues: string[] = [];
  if (scale.grades.length === 0) issues.push('has no grades');
  const seen = new Set<string>();
  scale.grades.forEach((g, i) => {
    const name = normalGrade(g.grade);
    if (!name) issues.push(`grade ${i + 1} is blank`);
    else if (seen.has(name)) issues.push(`lists ${g.grade} twice`);
    seen.add(name);
    if (!uctsGrades.includes(g.ucts)) issues.push(`${g.grade} has no UCTS grade (A, B, C, D, E, FX or F)`);
    const above = scale.grades[i - 1];
    // Best first: a grade further down never converts to a better UCTS grade than one above it.
    if (above && compareUctsGrades(g.ucts, above.ucts) < 0) {
      issues.push(`${g.grade} (UCTS ${g.ucts}) is listed below ${above.grade} (UCTS ${above.ucts})`);
    }
  });
  return issues;
}

/** What is wrong with a credit system, if anything. */
export function creditSystemIssues(system: CreditSystem): string[] {
  const issues: string[] = [];
  const load = exact(system.creditsPerSemester);
  if (load === undefined || load.numerator === 0n) {
    issues.push('credits per full-time semester must be a number above 0');
  } else if ((system.unit === 'ECTS' || system.unit === 'UCTS') && compare(load, exact(30) ?? zero) !== 0) {
    // Both count 60 a year; the seed's UCTS "adopted" ECTS. Another figure is a data-entry slip.
    issues.push(`${system.unit} counts 30 to a full-time semester, not ${system.creditsPerSemester}`);
  }
  return issues;
}

/** A host grade read off its scale: kept verbatim, with the scale it was read on. */
export interface ConvertedGrade {
  /** As entered. */
  hostGrade: string;
  /** As the scale spells it (the match ignores case and surrounding spaces). */
  scaleGrade: string;
  scaleId: string;
  scaleVersion: string;
  ucts: UctsGrade;
  pass: boolean;
}

export type GradeConversion = { ok: true; grade: ConvertedGrade } | { ok: false; failure: ConversionFailure };

/** The UCTS grade of a host grade, or a failure naming the grade and the scale when it is not on it. */
export function convertGrade(hostGrade: string, scale: GradeScale, field = 'hostGrade'): GradeConversion {
  const wanted = normalGrade(hostGrade);
  const entry = wanted ? scale.grades.find((g) => normalGrade(g.grade) === wanted) : undefined;
  if (!entry) {
    const known = scale.grades.map((g) => g.grade);
    return {
      ok: false,
      failure: {
        kind: 'UnknownGrade',
        field,
        grade: hostGrade,
        scaleId: scale.id,
        scaleVersion: scale.version,
        known,
        message: `${hostGrade.trim() ? `"${hostGrade}" is not a grade` : 'enter a grade'} on scale ${scale.id} (version ${scale.version}): use one of ${known.join(', ')}`,
      },
    };
  }
  return {
    ok: true,
    grade: {
      hostGrade,
      scaleGrade: entry.grade,
      scaleId: scale.id,
      scaleVersion: scale.version,
      ucts: entry.ucts,
      pass: isPassingUctsGrade(entry.ucts),
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// One application: one approved mapping, N incoming courses to M HKUST courses.

export interface IncomingCourseInput {
  code: string;
  credits: number;
  creditUnit: CreditUnit;
  /** The final grade as the host wrote it; absent while it is not yet available (a Draft, guide §5.1). */
  hostGrade?: string;
}

export interface HomeCourseInput {
  code: string;
  credits: number;
}

export interface ApplicationInput {
  /** The mapping's D.B. Ref. No., to tell the applications of a record apart. */
  ref: string;
  creditSystem: CreditSystem;
  gradeScale: GradeScale;
  incoming: readonly IncomingCourseInput[];
  home: readonly HomeCourseInput[];
}

/** One step of the working, as the page shows it: "4 CREDIT (16 a semester) → 7.5 UCTS". */
export interface ConversionStep {
  kind:
    | 'grade'
    | 'lowest-grade'
    | 'pass'
    | 'to-ucts'
    | 'to-home'
    | 'earned'
    | 'carried'
    | 'cap'
    | 'allocate'
    | 'round'
    | 'result';
  label: string;
  from: string;
  to: string;
  formula: string;
}

export interface IncomingConversion {
  code: string;
  credits: number;
  creditUnit: CreditUnit;
  /** Absent while the grade is awaited. */
  grade?: ConvertedGrade;
  ucts: Figure;
  homeCredits: Figure;
}

export interface HomeAllocation {
  code: string;
  /** What the HKUST course carries. */
  carries: number;
  /** Its share of the application's credits once the grades pass, rounded down to 2 decimals. */
  ifPassed: number;
  /** What it receives with the grades given: its share when the outcome is transfer, else 0. */
  transferred: number;
}

export type NoCreditReason = 'failing-grade' | 'below-minimum-grade' | 'no-credits-earned';

export type ApplicationOutcome =
  | { outcome: 'transfer'; homeGrade: typeof transferGrade; lowestGrade: UctsGrade }
  | { outcome: 'no-credit'; reason: NoCreditReason; explanation: string; lowestGrade?: UctsGrade }
  | { outcome: 'awaiting-grade'; explanation: string };

export type ApplicationConversion = ApplicationOutcome & {
  ok: true;
  ref: string;
  ruleVersion: string;
  /** Transferred by this application: 0 unless the outcome is transfer. */
  credits: number;
  /** What the application transfers once its grades pass (its worth in a preview before the grades). */
  creditsIfPassed: number;
  /** Whether the converted earned credits cover every HKUST course in full. */
  fullyCovered: boolean;
  incoming: IncomingConversion[];
  home: HomeAllocation[];
  steps: ConversionStep[];
};

export type ApplicationResult =
  | ApplicationConversion
  | { ok: false; ref: string; failure: ConversionFailure };

const home = 'HKUST credits';

function inputFailure(
  application: ApplicationInput,
  policy: ConversionPolicy,
): ConversionFailure | undefined {
  const systemIssues = creditSystemIssues(application.creditSystem);
  if (systemIssues.length > 0) {
    return {
      kind: 'InvalidCreditSystem',
      field: 'creditSystem',
      message: `credit system ${application.creditSystem.name}: ${systemIssues.join('; ')}`,
    };
  }
  const scaleIssues = gradeScaleIssues(application.gradeScale);
  if (scaleIssues.length > 0) {
    const { id, version } = application.gradeScale;
    return {
      kind: 'InvalidGradeScale',
      field: 'gradeScale',
      message: `grade scale ${id} (version ${version}): ${scaleIssues.join('; ')}`,
    };
  }
  const load = exact(policy.homeSemesterLoad);
  if (load === undefined || load.numerator === 0n || !isPassingUctsGrade(policy.minimumGrade)) {
    return {
      kind: 'InvalidPolicy',
      field: 'policy',
      message: 'the home semester load must be above 0 and the minimum grade a pass (A to E)',
    };
  }
  if (application.incoming.length === 0) {
    return {
      kind: 'NoCourses',
      field: 'incoming',
      message: 'an application needs at least one incoming course',
    };
  }
  if (application.home.length === 0) {
    return { kind: 'NoCourses', field: 'home', message: 'an application needs at least one HKUST course' };
  }
  for (const [i, course] of application.incoming.entries()) {
    if (exact(course.credits) === undefined) {
      return {
        kind: 'InvalidCredits',
        field: `incoming.${i}.credits`,
        credits: course.credits,
        message: `${course.code}: credits must be a number of at least 0`,
      };
    }
    const { unit, alsoWrittenAs = [] } = application.creditSystem;
    if (course.creditUnit !== unit && !alsoWrittenAs.includes(course.creditUnit)) {
      // A course counted in another unit than its institution's cannot be put on its semester load.
      return {
        kind: 'UnitMismatch',
        field: `incoming.${i}.creditUnit`,
        unit: course.creditUnit,
        expected: application.creditSystem.unit,
        message: `${course.code} is counted in ${course.creditUnit}, but ${application.creditSystem.name} counts in ${application.creditSystem.unit}`,
      };
    }
  }
  for (const [i, course] of application.home.entries()) {
    if (exact(course.credits) === undefined) {
      return {
        kind: 'InvalidCredits',
        field: `home.${i}.credits`,
        credits: course.credits,
        message: `${course.code}: credits must be a number of at least 0`,
      };
    }
  }
  return undefined;
}

const exactOf = (value: number) => exact(value) ?? zero; // validated before use

/**
 * One application, converted by the published rule, with every step of the working.
 *
 * - Grades: each host grade to its UCTS grade; the application takes the lowest (minimum, not
 *   average). Any fail (FX, F), or a lowest grade under the policy's minimum, gives 0 credits.
 * - Credits: each course's host credits to UCTS to HKUST credits, exact; their sum is what was
 *   earned. The application transfers the smaller of that and what its HKUST courses carry, filling
 *   the HKUST courses in the mapping's order; each course's share is rounded down to 2 decimals.
 */
export function convertApplication(
  application: ApplicationInput,
  policy: ConversionPolicy = defaultPolicy,
): ApplicationResult {
  const { ref, creditSystem, gradeScale } = application;
  const failure = inputFailure(application, policy);
  if (failure) return { ok: false, ref, failure };

  const steps: ConversionStep[] = [];

  // Grades.
  const grades: (ConvertedGrade | undefined)[] = [];
  for (const [i, course] of application.incoming.entries()) {
    if (course.hostGrade === undefined) {
      grades.push(undefined);
      continue;
    }
    const converted = convertGrade(course.hostGrade, gradeScale, `incoming.${i}.hostGrade`);
    if (!converted.ok) return { ok: false, ref, failure: converted.failure };
    const g = converted.grade;
    grades.push(g);
    steps.push({
      kind: 'grade',
      label: `${course.code}: host grade to UCTS grade`,
      from: `${g.hostGrade} (scale ${g.scaleId}, version ${g.scaleVersion})`,
      to: `UCTS ${g.ucts} (${g.pass ? 'pass' : 'fail'})`,
      formula: `grade table of ${g.scaleId} version ${g.scaleVersion}: ${g.scaleGrade} = ${g.ucts}`,
    });
  }
  const known = grades.filter((g): g is ConvertedGrade => g !== undefined);
  const awaited = application.incoming.filter((_, i) => grades[i] === undefined).map((c) => c.code);
  const lowest = known.reduce<UctsGrade | undefined>(
    (low, g) => (low === undefined || compareUctsGrades(g.ucts, low) > 0 ? g.ucts : low),
    undefined,
  );
  if (known.length > 1 && lowest) {
    steps.push({
      kind: 'lowest-grade',
      label: 'The lowest grade counts (minimum, not average)',
      from: known.map((g) => g.ucts).join(', '),
      to: `UCTS ${lowest}`,
      formula: `lowest of ${known.map((g) => g.ucts).join(', ')} = ${lowest}`,
    });
  }

  // Credits.
  const incoming: IncomingConversion[] = [];
  const earnedParts: Fraction[] = [];
  for (const [i, course] of application.incoming.entries()) {
    const credits = exactOf(course.credits);
    const ucts = toUcts(credits, creditSystem);
    const homeCredits = toHome(ucts, policy.homeSemesterLoad);
    earnedParts.push(homeCredits);
    const g = grades[i];
    incoming.push({
      code: course.code,
      credits: course.credits,
      creditUnit: course.creditUnit,
      ...(g ? { grade: g } : {}),
      ucts: figure(ucts),
      homeCredits: figure(homeCredits),
    });
    steps.push(
      {
        kind: 'to-ucts',
        label: `${course.code}: host credits to UCTS points`,
        from: `${show(credits)} ${course.creditUnit} (${creditSystem.creditsPerSemester} a full-time semester at ${creditSystem.name})`,
        to: `${show(ucts)} UCTS`,
        formula: `${show(credits)} × ${uctsSemesterLoad} / ${creditSystem.creditsPerSemester} ${equals(ucts)}`,
      },
      {
        kind: 'to-home',
        label: `${course.code}: UCTS points to HKUST credits`,
        from: `${show(ucts)} UCTS`,
        to: `${show(homeCredits)} ${home}`,
        formula: `${show(ucts)} × ${policy.homeSemesterLoad} / ${uctsSemesterLoad} ${equals(homeCredits)}`,
      },
    );
  }
  const earned = sum(earnedParts);
  if (earnedParts.length > 1) {
    steps.push({
      kind: 'earned',
      label: 'Earned, in HKUST credits',
      from: earnedParts.map(show).join(' + '),
      to: `${show(earned)} ${home}`,
      formula: `${earnedParts.map(show).join(' + ')} ${equals(earned)}`,
    });
  }
  const carriedParts = application.home.map((c) => exactOf(c.credits));
  const carried = sum(carriedParts);
  if (carriedParts.length > 1) {
    steps.push({
      kind: 'carried',
      label: 'Carried by the HKUST courses',
      from: application.home.map((c) => `${c.code} ${show(exactOf(c.credits))}`).join(' + '),
      to: `${show(carried)} ${home}`,
      formula: `${carriedParts.map(show).join(' + ')} = ${show(carried)}`,
    });
  }
  const capped = smaller(earned, carried);
  const homeCodes = application.home.map((c) => c.code).join(', ');
  steps.push({
    kind: 'cap',
    label: 'Never more than earned, never more than the HKUST courses carry',
    from: `${show(earned)} earned, ${show(carried)} carried by ${homeCodes}`,
    to: `${show(capped)} ${home}`,
    formula: `minimum of ${show(earned)} and ${show(carried)} = ${show(capped)}`,
  });

  // The HKUST courses are filled in the mapping's order; only the last one reached can be partial.
  let left = capped;
  const homeShares = application.home.map((c, i) => {
    const share = smaller(left, carriedParts[i] ?? zero);
    left = minus(left, share);
    return { code: c.code, carries: c.credits, share, ifPassed: roundDown(share) };
  });
  if (homeShares.length > 1) {
    for (const s of homeShares) {
      steps.push({
        kind: 'allocate',
        label: `${s.code}: its share, in the mapping's order`,
        from: `${show(exactOf(s.carries))} carried`,
        to: `${show(s.share)} ${home}`,
        formula: `minimum of what is left and ${show(exactOf(s.carries))} = ${show(s.share)}`,
      });
    }
  }
  const ifPassed = sum(homeShares.map((s) => exactOf(s.ifPassed)));
  if (compare(ifPassed, capped) !== 0) {
    steps.push({
      kind: 'round',
      label: 'Rounded down to 2 decimal places',
      from: `${show(capped)} ${home}`,
      to: `${decimalText(ifPassed, transferredDecimals)} ${home}`,
      formula: `${show(capped)} rounded down = ${decimalText(ifPassed, transferredDecimals)}`,
    });
  }
  const creditsIfPassed = roundDown(ifPassed);
  const fullyCovered = compare(earned, carried) >= 0;

  // The outcome: a fail decides at once; otherwise every grade must be in.
  const failed = known.filter((g) => !g.pass);
  const courseOf = (g: ConvertedGrade) => application.incoming[grades.indexOf(g)]?.code ?? g.hostGrade;
  let outcome: ApplicationOutcome;
  if (failed.length > 0) {
    outcome = {
      outcome: 'no-credit',
      reason: 'failing-grade',
      explanation: `${failed.map((g) => `${courseOf(g)} has ${g.hostGrade} (UCTS ${g.ucts}), a fail`).join('; ')}: credit is given only for a pass`,
      ...(lowest ? { lowestGrade: lowest } : {}),
    };
  } else if (awaited.length > 0) {
    outcome = {
      outcome: 'awaiting-grade',
      explanation: `awaiting the final grade of ${awaited.join(', ')}: ${decimalText(ifPassed, transferredDecimals)} ${home} if passed`,
    };
  } else if (lowest && compareUctsGrades(lowest, policy.minimumGrade) > 0) {
    outcome = {
      outcome: 'no-credit',
      reason: 'below-minimum-grade',
      explanation: `the lowest grade, UCTS ${lowest}, is below the UCTS ${policy.minimumGrade} this study record needs`,
      lowestGrade: lowest,
    };
  } else if (ifPassed.numerator === 0n) {
    outcome = {
      outcome: 'no-credit',
      reason: 'no-credits-earned',
      explanation: 'the incoming courses earned no credits to transfer',
      ...(lowest ? { lowestGrade: lowest } : {}),
    };
  } else {
    outcome = { outcome: 'transfer', homeGrade: transferGrade, lowestGrade: lowest ?? 'E' };
  }
  if (known.length > 0 && lowest) {
    steps.splice(
      steps.findIndex((s) => s.kind === 'to-ucts'),
      0,
      {
        kind: 'pass',
        label: 'Credit only for a pass (UCTS A to E)',
        from: `UCTS ${lowest}`,
        to:
          failed.length > 0
            ? 'fail: no credit'
            : awaited.length > 0
              ? 'pass so far'
              : outcome.outcome === 'no-credit' && outcome.reason === 'below-minimum-grade'
                ? 'below the minimum: no credit'
                : 'pass',
        formula:
          policy.minimumGrade === 'E'
            ? `${lowest} ${isPassingUctsGrade(lowest) ? 'is' : 'is not'} one of A, B, C, D, E`
            : `${lowest} ${compareUctsGrades(lowest, policy.minimumGrade) <= 0 ? 'is' : 'is not'} UCTS ${policy.minimumGrade} or better`,
      },
    );
  }
  const transfers = outcome.outcome === 'transfer';
  const credits = transfers ? creditsIfPassed : 0;
  const homeAllocations: HomeAllocation[] = homeShares.map(({ code, carries, ifPassed: share }) => ({
    code,
    carries,
    ifPassed: share,
    transferred: transfers ? share : 0,
  }));
  steps.push({
    kind: 'result',
    label:
      outcome.outcome === 'transfer'
        ? `Transferred, recorded as grade "${transferGrade}"`
        : outcome.outcome === 'awaiting-grade'
          ? 'Nothing transferred until the grades are in'
          : 'No credit',
    from: homeCodes,
    to: `${credits} ${home}`,
    formula:
      outcome.outcome === 'transfer' ? `${credits} ${home}, grade ${transferGrade}` : outcome.explanation,
  });

  return {
    ok: true,
    ref,
    ruleVersion: conversionRuleVersion,
    ...outcome,
    credits,
    creditsIfPassed,
    fullyCovered,
    incoming,
    home: homeAllocations,
    steps,
  };
}

// ---------------------------------------------------------------------------------------------------
// A study record: its applications side by side, and what they transfer together.

export interface StudyRecordPreview {
  ruleVersion: string;
  applications: ApplicationResult[];
  /** HKUST credits the applications transfer with the grades given. */
  totalCredits: number;
  /** HKUST credits of the applications still awaiting a grade, if those grades pass. */
  awaitingGradeCredits: number;
  /** The total's working: the applications' credits added up. */
  steps: ConversionStep[];
}

/**
 * Each application converted on its own (each is decided, and recorded as "T", on its own), and the
 * record's total: the sum of what each transfers. An application that cannot be converted (an
 * unknown grade, say) is listed with its failure and adds nothing.
 */
export function previewStudyRecord(
  applications: readonly ApplicationInput[],
  policy: ConversionPolicy = defaultPolicy,
): StudyRecordPreview {
  const results = applications.map((a) => convertApplication(a, policy));
  const converted = results.filter((r): r is ApplicationConversion => r.ok);
  const transferred = converted.map((r) => exactOf(r.credits));
  const total = sum(transferred);
  const awaiting = sum(
    converted.filter((r) => r.outcome === 'awaiting-grade').map((r) => exactOf(r.creditsIfPassed)),
  );
  return {
    ruleVersion: conversionRuleVersion,
    applications: results,
    totalCredits: roundDown(total),
    awaitingGradeCredits: roundDown(awaiting),
    steps: [
      {
        kind: 'result',
        label: 'Transferred for the study record',
        from: converted.map((r) => `${r.ref} ${r.credits}`).join(' + ') || 'no application',
        to: `${decimalText(total, transferredDecimals)} ${home}`,
        formula: `${transferred.map(show).join(' + ') || '0'} = ${decimalText(total, transferredDecimals)}`,
      },
    ],
  };
}
