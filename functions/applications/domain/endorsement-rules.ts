// Program-office endorsement routing (guide §5.3): "required for designated groups of students,
// categories of study records, HKUST courses approved, etc." ARO keeps a versioned decision table;
// evaluating it against what an application shows is this pure module (docs/endorsement-rules.md).
//
// Hit policy: COLLECT. Every row whose conditions all hold applies, and every program office of
// every matching row must endorse, in parallel. Row order never decides who endorses; it only orders
// the rows and offices as ARO reads them.
//
// - A condition left out matches any application; a condition lists values, any of which matches
//   (a term condition may instead be a range, both ends included, in transfer-term order).
// - The course conditions of a row (HKUST course codes, subject areas, levels) must hold for one and
//   the same HKUST course of the application: "MECH at level 3000" is not met by MECH1020 + COMP3111.
// - Fail closed: a matching row that names no program office, or an office with no email to reach,
//   sends the application to ARO flagged, never straight through. So does a row that cannot be
//   decided because the application lacks a fact the row conditions on (a blank program, a term that
//   does not parse, a course code without a level): three-valued logic, where a row that surely does
//   not match (some condition fails) is skipped, and one that might match fails closed.
// - No row matches: no endorsement, straight to ARO (Submitted).

import type { FieldIssue } from '../../commons/errors.js';
import { type StudyRecordCategory, studyRecordCategoryIds } from '../../records/domain/study-record.js';
import { parseTerm, termOrdinal } from '../../records/domain/transfer-term.js';

// ---------------------------------------------------------------------------------------------------
// The table

/** A program office that endorses: reached by email with action links (no account). */
export interface ProgramOffice {
  officeId: string;
  name: string;
  emails: readonly string[];
}

/** Terms written as the guide writes them ("2023-24 Fall"): a list, or a range with both ends included. */
export type TermCondition = readonly string[] | TermRange;

/** An open end (no `from`, or no `to`) reaches back to the first term or on to every later one. */
export interface TermRange {
  from?: string;
  to?: string;
}

/** What a row asks of an application. Each condition is optional: left out, it matches any application. */
export interface EndorsementConditions<Category extends string = StudyRecordCategory> {
  /** Student's program, as on the dashboard: "BBA4", "BEng MECH". */
  programs?: readonly string[];
  /** Student's cohort term. */
  cohortTerms?: TermCondition;
  /** Student's academic year: "Year 3". */
  academicYears?: readonly string[];
  /** The study record's category (guide §3). */
  studyRecordCategories?: readonly Category[];
  /** HKUST courses the application transfers into: "MECH2310". */
  courseCodes?: readonly string[];
  /** Subject areas of those courses: "MECH". */
  subjectAreas?: readonly string[];
  /** Levels of those courses, from the code's first digit: 1000 for MECH1020, 4000 for COMP4211. */
  courseLevels?: readonly number[];
  /** The study record's transfer term. */
  transferTerms?: TermCondition;
}

export const conditionNames = [
  'programs',
  'cohortTerms',
  'academicYears',
  'studyRecordCategories',
  'courseCodes',
  'subjectAreas',
  'courseLevels',
  'transferTerms',
] as const satisfies readonly (keyof EndorsementConditions)[];

export type ConditionName = (typeof conditionNames)[number];

/** One row of the decision table. */
export interface EndorsementRule<Category extends string = StudyRecordCategory> {
  ruleId: string;
  conditions: EndorsementConditions<Category>;
  /** Every one of them must endorse. Empty: the row refers its applications to ARO (fail closed). */
  endorsers: readonly ProgramOffice[];
  /** Shown to ARO beside the applications the row matched. */
  note?: string;
}

/** A row as the admin API receives it, before validation: any string may stand for a category. */
export type EndorsementRuleDraft = EndorsementRule<string>;

/** One published version of the table. Published versions are never edited; a change publishes the next. */
export interface EndorsementRuleTable {
  version: number;
  rows: readonly EndorsementRule[];
  publishedBy: string;
  /** ISO 8601 instant. Applies to submissions at or after it, until the next version. */
  publishedAt: string;
}

// ---------------------------------------------------------------------------------------------------
// What a rule sees of an application

export interface HomeCourseFacts {
  code: string;
  subjectArea: string;
  /** 1000, 2000, ...; undefined when the code does not tell (see `courseLevelOf`). */
  level?: number;
}

export interface ApplicationFacts {
  program: string;
  cohortTerm: string;
  academicYear: string;
  category: StudyRecordCategory;
  transferTerm: string;
  /** The HKUST courses of the application's mapping. */
  courses: readonly HomeCourseFacts[];
}

const levelPattern = /^[A-Z]{2,6}(\d)\d{3}/;

/** A course's level from its code's first digit: HUMA1103 → 1000, "PHYS 0031" → 0, HUMA1000LEVEL → 1000. */
export function courseLevelOf(code: string): number | undefined {
  const match = levelPattern.exec(normalizeCode(code));
  return match ? Number(match[1]) * 1000 : undefined;
}

/** The facts of one HKUST course, its level read off the code. */
export const homeCourseFacts = (code: string, subjectArea: string): HomeCourseFacts => {
  const level = courseLevelOf(code);
  return level === undefined ? { code, subjectArea } : { code, subjectArea, level };
};

// ---------------------------------------------------------------------------------------------------
// Evaluation

/** Three-valued: a row surely matches, surely does not, or cannot be decided from the facts. */
export type RowMatch = { kind: 'match' } | { kind: 'no-match' } | { kind: 'undecidable'; why: string };

export type EndorsementOutcome = 'no-endorsement' | 'endorsement' | 'fail-closed-to-aro';

/** Why a row sends the application to ARO instead of to endorsement. */
export interface FailClosedRow {
  ruleId: string;
  problem: 'no-endorser' | 'office-without-email' | 'undecidable';
  detail: string;
}

export interface EndorsementRouting {
  ruleVersion: number;
  /** The rows that matched, in table order (undecidable rows are in `failClosed`, not here). */
  matchedRows: string[];
  /**
   * Every office of every matching row, once each (by office id, emails merged), in the order they
   * first appear in the table. When the outcome is fail-closed they are listed for ARO; none is asked.
   */
  endorsers: ProgramOffice[];
  outcome: EndorsementOutcome;
  /** One sentence for ARO and the audit trail. */
  reason: string;
  /** The rows that made the outcome fail-closed, in table order; empty otherwise. */
  failClosed: FailClosedRow[];
  /** The notes of the matching rows, in table order. */
  notes: { ruleId: string; note: string }[];
}

const match: RowMatch = { kind: 'match' };
const noMatch: RowMatch = { kind: 'no-match' };
const undecidable = (why: string): RowMatch => ({ kind: 'undecidable', why });

/** Kleene AND: any surely-false condition settles it; otherwise any undecidable one does. */
function all(results: readonly RowMatch[]): RowMatch {
  if (results.some((r) => r.kind === 'no-match')) return noMatch;
  return results.find((r) => r.kind === 'undecidable') ?? match;
}

/** Kleene OR: any surely-true alternative settles it; otherwise any undecidable one does. */
function any(results: readonly RowMatch[]): RowMatch {
  if (results.some((r) => r.kind === 'match')) return match;
  return results.find((r) => r.kind === 'undecidable') ?? noMatch;
}

/** Programs and years as people type them: case and spacing aside ("BEng  mech" is "BEng MECH"). */
const normalizeText = (s: string): string => s.trim().replace(/\s+/g, ' ').toUpperCase();
/** Course codes and subject areas: no spaces at all ("PHYS 0031" is "PHYS0031"). */
const normalizeCode = (s: string): string => s.replace(/\s+/g, '').toUpperCase();

const isBlank = (s: string | undefined): boolean => s === undefined || s.trim() === '';

function textIn(values: readonly string[] | undefined, fact: string, what: string, norm = normalizeText) {
  if (values === undefined) return match;
  if (isBlank(fact)) return undecidable(`the application has no ${what}`);
  const wanted = norm(fact);
  return values.some((v) => norm(v) === wanted) ? match : noMatch;
}

const isRange = (c: TermCondition): c is TermRange => !Array.isArray(c);

function termIn(condition: TermCondition | undefined, fact: string, what: string): RowMatch {
  if (condition === undefined) return match;
  const term = parseTerm(fact.trim());
  if (!term) return undecidable(`the ${what} "${fact}" is not a term such as "2023-24 Fall"`);
  const at = termOrdinal(term);
  const ordinal = (text: string | undefined): number | undefined => {
    const parsed = text === undefined ? undefined : parseTerm(text.trim());
    return parsed ? termOrdinal(parsed) : undefined;
  };
  if (!isRange(condition)) {
    const terms = condition as readonly string[];
    return terms.some((t) => ordinal(t) === at) ? match : noMatch;
  }
  const from = ordinal(condition.from);
  const to = ordinal(condition.to);
  // A published range always has an end that parses (validateRuleTable); one that does not is no bound.
  return (from === undefined || from <= at) && (to === undefined || at <= to) ? match : noMatch;
}

function courseMatches(c: EndorsementConditions, course: HomeCourseFacts): RowMatch {
  const results = [
    textIn(c.courseCodes, course.code, 'HKUST course code', normalizeCode),
    textIn(c.subjectAreas, course.subjectArea, `subject area for ${course.code}`, normalizeCode),
  ];
  if (c.courseLevels !== undefined) {
    const level = course.level ?? courseLevelOf(course.code);
    results.push(
      level === undefined
        ? undecidable(`the level of ${course.code} cannot be read from its code`)
        : c.courseLevels.includes(level)
          ? match
          : noMatch,
    );
  }
  return all(results);
}

const hasCourseCondition = (c: EndorsementConditions): boolean =>
  c.courseCodes !== undefined || c.subjectAreas !== undefined || c.courseLevels !== undefined;

/** Whether one row's conditions hold for the application. */
export function rowMatches(row: EndorsementRule, facts: ApplicationFacts): RowMatch {
  const c = row.conditions;
  const results: RowMatch[] = [
    textIn(c.programs, facts.program, 'program'),
    termIn(c.cohortTerms, facts.cohortTerm, 'cohort term'),
    textIn(c.academicYears, facts.academicYear, 'academic year'),
    c.studyRecordCategories === undefined || c.studyRecordCategories.includes(facts.category)
      ? match
      : noMatch,
    termIn(c.transferTerms, facts.transferTerm, 'transfer term'),
  ];
  if (hasCourseCondition(c)) results.push(any(facts.courses.map((course) => courseMatches(c, course))));
  return all(results);
}

const hasEmail = (o: ProgramOffice): boolean => o.emails.some((e) => !isBlank(e));

/** Offices of the given rows, once each by office id, in order of first appearance; emails merged. */
function collectOffices(rows: readonly EndorsementRule[]): ProgramOffice[] {
  const byId = new Map<string, { officeId: string; name: string; emails: string[] }>();
  for (const row of rows) {
    for (const office of row.endorsers) {
      const seen = byId.get(office.officeId);
      if (!seen) {
        byId.set(office.officeId, {
          officeId: office.officeId,
          name: office.name,
          emails: [...office.emails],
        });
        continue;
      }
      for (const email of office.emails) if (!seen.emails.includes(email)) seen.emails.push(email);
    }
  }
  return [...byId.values()];
}

const quoteList = (items: readonly string[]): string => items.map((i) => `"${i}"`).join(', ');

/**
 * Route an application by a table (hit policy Collect): who must endorse it, or why it goes to ARO.
 * The application stores `ruleVersion` and `matchedRows` with the routing, for ARO and the audit.
 */
export function evaluateEndorsement(
  table: EndorsementRuleTable,
  facts: ApplicationFacts,
): EndorsementRouting {
  const matched: EndorsementRule[] = [];
  const failClosed: FailClosedRow[] = [];
  for (const row of table.rows) {
    const result = rowMatches(row, facts);
    if (result.kind === 'no-match') continue;
    if (result.kind === 'undecidable') {
      failClosed.push({ ruleId: row.ruleId, problem: 'undecidable', detail: result.why });
      continue;
    }
    matched.push(row);
    if (row.endorsers.length === 0) {
      failClosed.push({ ruleId: row.ruleId, problem: 'no-endorser', detail: 'names no program office' });
      continue;
    }
    const unreachable = row.endorsers.filter((o) => !hasEmail(o));
    if (unreachable.length > 0) {
      failClosed.push({
        ruleId: row.ruleId,
        problem: 'office-without-email',
        detail: `names ${quoteList(unreachable.map((o) => o.officeId))} with no email to reach`,
      });
    }
  }

  const version = table.version;
  const matchedRows = matched.map((r) => r.ruleId);
  const endorsers = collectOffices(matched);
  const notes = matched.flatMap((r) =>
    r.note && !isBlank(r.note) ? [{ ruleId: r.ruleId, note: r.note }] : [],
  );
  const base = { ruleVersion: version, matchedRows, endorsers, failClosed, notes };

  if (failClosed.length > 0) {
    const why = failClosed
      .map((f) =>
        f.problem === 'undecidable'
          ? `row "${f.ruleId}" cannot be decided: ${f.detail}`
          : `row "${f.ruleId}" matches but ${f.detail}`,
      )
      .join('; ');
    return {
      ...base,
      outcome: 'fail-closed-to-aro',
      reason: `Rule table v${version}: ${why}. Fail closed to ARO.`,
    };
  }
  if (matched.length === 0) {
    return {
      ...base,
      outcome: 'no-endorsement',
      reason: `No row of rule table v${version} matches: straight to ARO.`,
    };
  }
  return {
    ...base,
    outcome: 'endorsement',
    reason:
      `Rule table v${version}, ${matched.length === 1 ? 'row' : 'rows'} ${quoteList(matchedRows)}: ` +
      `endorsement by ${endorsers.map((o) => o.name).join(', ')}.`,
  };
}

// ---------------------------------------------------------------------------------------------------
// Versions

/**
 * The table an application submitted at `submittedAt` is routed by: the latest version published at
 * or before it. A new version applies to submissions after it; routed applications keep theirs.
 */
export function tableInForce(
  tables: readonly EndorsementRuleTable[],
  submittedAt: string,
): EndorsementRuleTable | undefined {
  const at = Date.parse(submittedAt);
  let best: EndorsementRuleTable | undefined;
  for (const table of tables) {
    if (!(Date.parse(table.publishedAt) <= at)) continue;
    if (!best || table.version > best.version) best = table;
  }
  return best;
}

const isoInstantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export type PublishResult = { ok: true; table: EndorsementRuleTable } | { ok: false; problems: FieldIssue[] };

/** The next version of the table, from validated rows; or the problems, for a 400 that names them. */
export function publishRuleTable(
  current: Pick<EndorsementRuleTable, 'version'> | undefined,
  rows: readonly EndorsementRuleDraft[],
  publishedBy: string,
  publishedAt: string,
): PublishResult {
  const problems = validateRuleTable(rows);
  if (isBlank(publishedBy))
    problems.push({ field: 'publishedBy', reason: 'who publishes the table is required' });
  if (!isoInstantPattern.test(publishedAt) || Number.isNaN(Date.parse(publishedAt))) {
    problems.push({ field: 'publishedAt', reason: `"${publishedAt}" is not an ISO 8601 instant` });
  }
  if (problems.length > 0 || !isValidRuleTable(rows)) return { ok: false, problems };
  return { ok: true, table: { version: (current?.version ?? 0) + 1, rows, publishedBy, publishedAt } };
}

// ---------------------------------------------------------------------------------------------------
// Validation

const ruleIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const courseCodePattern = /^[A-Z]{2,6}\d{4}[A-Z]*$/;
const subjectAreaPattern = /^[A-Z]{2,6}$/;
const academicYearPattern = /^YEAR \d{1,2}$/;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const noteLimit = 2000;

/**
 * Everything wrong with a table's rows, each naming the row and the field (`rows[2].conditions.programs`)
 * and, in the reason, the row's ruleId. Empty: the rows may be published.
 */
export function validateRuleTable(rows: readonly EndorsementRuleDraft[]): FieldIssue[] {
  const problems: FieldIssue[] = [];
  if (!Array.isArray(rows)) return [{ field: 'rows', reason: 'the rows must be a list' }];
  const ruleIds = new Map<string, number>();
  const offices = new Map<string, { at: number; ruleId: string; office: ProgramOffice }>();

  rows.forEach((row, i) => {
    const at = `rows[${i}]`;
    if (typeof row !== 'object' || row === null) {
      problems.push({ field: at, reason: 'a row must be an object' });
      return;
    }
    const id = typeof row.ruleId === 'string' ? row.ruleId : '';
    const label = id ? `rule "${id}"` : `row ${i + 1}`;
    const problem = (field: string, reason: string) =>
      problems.push({ field: `${at}.${field}`, reason: `${label}: ${reason}` });

    if (!ruleIdPattern.test(id)) {
      problem('ruleId', 'a rule id of letters, digits, ".", "_" or "-" (at most 64) is required');
    } else {
      const first = ruleIds.get(id.toUpperCase());
      if (first === undefined) ruleIds.set(id.toUpperCase(), i);
      else problem('ruleId', `duplicate rule id, already used by rows[${first}]`);
    }

    validateConditions(row.conditions, problem);
    validateEndorsers(row.endorsers, i, id, offices, problem);

    if (row.note !== undefined && (typeof row.note !== 'string' || row.note.length > noteLimit)) {
      problem('note', `the note must be text of at most ${noteLimit} characters`);
    }
  });
  return problems;
}

/** The rows pass validation: they may be published as they are. */
export const isValidRuleTable = (rows: readonly EndorsementRuleDraft[]): rows is readonly EndorsementRule[] =>
  validateRuleTable(rows).length === 0;

type Report = (field: string, reason: string) => void;

function validateConditions(conditions: EndorsementConditions<string> | undefined, problem: Report): void {
  if (typeof conditions !== 'object' || conditions === null || Array.isArray(conditions)) {
    problem('conditions', 'conditions must be an object (an empty one matches every application)');
    return;
  }
  for (const key of Object.keys(conditions)) {
    if (!(conditionNames as readonly string[]).includes(key)) {
      problem(`conditions.${key}`, `not a condition; the conditions are ${conditionNames.join(', ')}`);
    }
  }
  const c = conditions;
  textList(c.programs, 'programs', 'a program', problem, (v) => !isBlank(v));
  textList(c.academicYears, 'academicYears', 'an academic year such as "Year 3"', problem, (v) =>
    academicYearPattern.test(normalizeText(v)),
  );
  textList(c.studyRecordCategories, 'studyRecordCategories', 'a study-record category', problem, (v) =>
    (studyRecordCategoryIds as readonly string[]).includes(v),
  );
  textList(c.courseCodes, 'courseCodes', 'an HKUST course code such as "MECH2310"', problem, (v) =>
    courseCodePattern.test(normalizeCode(v)),
  );
  textList(c.subjectAreas, 'subjectAreas', 'a subject area such as "MECH"', problem, (v) =>
    subjectAreaPattern.test(normalizeCode(v)),
  );
  termCondition(c.cohortTerms, 'cohortTerms', problem);
  termCondition(c.transferTerms, 'transferTerms', problem);

  if (c.courseLevels !== undefined) {
    const field = 'conditions.courseLevels';
    if (!Array.isArray(c.courseLevels) || c.courseLevels.length === 0) {
      problem(field, emptyList('course level'));
    } else {
      c.courseLevels.forEach((level, j) => {
        if (!Number.isInteger(level) || level < 0 || level > 9000 || level % 1000 !== 0) {
          problem(
            `${field}[${j}]`,
            `${JSON.stringify(level)} is not a course level (0, 1000, 2000 ... 9000)`,
          );
        }
      });
      duplicates(c.courseLevels.map(String), field, problem);
    }
  }
}

const emptyList = (what: string) =>
  `an empty list matches nothing; leave the condition out to match any ${what}`;

function textList(
  values: readonly string[] | undefined,
  name: string,
  what: string,
  problem: Report,
  valid: (v: string) => boolean,
): void {
  if (values === undefined) return;
  const field = `conditions.${name}`;
  if (!Array.isArray(values) || values.length === 0) {
    problem(field, emptyList(what.replace(/^an? /, '').replace(/ such as .*$/, '')));
    return;
  }
  values.forEach((v, j) => {
    if (typeof v !== 'string' || !valid(v)) problem(`${field}[${j}]`, `${JSON.stringify(v)} is not ${what}`);
  });
  duplicates(
    values.map((v) => (typeof v === 'string' ? normalizeText(v) : String(v))),
    field,
    problem,
  );
}

function duplicates(values: readonly string[], field: string, problem: Report): void {
  values.forEach((v, j) => {
    const first = values.indexOf(v);
    if (first !== j) problem(`${field}[${j}]`, `"${v}" is listed twice (also at [${first}])`);
  });
}

function termCondition(condition: TermCondition | undefined, name: string, problem: Report): void {
  if (condition === undefined) return;
  const field = `conditions.${name}`;
  const what = 'a term such as "2023-24 Fall"';
  if (Array.isArray(condition)) {
    textList(condition, name, what, problem, (v) => parseTerm(v.trim()) !== undefined);
    return;
  }
  if (typeof condition !== 'object' || condition === null) {
    problem(field, 'a list of terms or a range { from, to } is required');
    return;
  }
  const range = condition as TermRange;
  for (const key of Object.keys(range)) {
    if (key !== 'from' && key !== 'to') problem(`${field}.${key}`, 'a term range has only "from" and "to"');
  }
  if (range.from === undefined && range.to === undefined) {
    problem(field, 'a range needs "from", "to" or both; leave the condition out to match any term');
    return;
  }
  const bound = (end: 'from' | 'to') => {
    const text = range[end];
    if (text === undefined) return undefined;
    const term = typeof text === 'string' ? parseTerm(text.trim()) : undefined;
    if (!term) problem(`${field}.${end}`, `${JSON.stringify(text)} is not ${what}`);
    return term && termOrdinal(term);
  };
  const from = bound('from');
  const to = bound('to');
  if (from !== undefined && to !== undefined && from > to) {
    problem(
      field,
      `the range ends ("${range.to}") before it starts ("${range.from}"), so it matches nothing`,
    );
  }
}

function validateEndorsers(
  endorsers: readonly ProgramOffice[] | undefined,
  rowIndex: number,
  ruleId: string,
  seen: Map<string, { at: number; ruleId: string; office: ProgramOffice }>,
  problem: Report,
): void {
  // An empty list is allowed on purpose: the row refers what it matches to ARO (fail closed).
  if (!Array.isArray(endorsers)) {
    problem('endorsers', 'a list of program offices is required (an empty list refers the row to ARO)');
    return;
  }
  const inRow = new Set<string>();
  endorsers.forEach((office, k) => {
    const at = `endorsers[${k}]`;
    if (typeof office !== 'object' || office === null) {
      problem(at, 'a program office must be an object { officeId, name, emails }');
      return;
    }
    const officeId = typeof office.officeId === 'string' ? office.officeId.trim() : '';
    if (!officeId) problem(`${at}.officeId`, 'an office id is required');
    if (typeof office.name !== 'string' || isBlank(office.name))
      problem(`${at}.name`, 'the office needs a name');
    const emails: readonly unknown[] = Array.isArray(office.emails) ? office.emails : [];
    if (emails.length === 0) {
      problem(`${at}.emails`, `office "${officeId}" has no email: nobody could be asked to endorse`);
    } else {
      emails.forEach((email, e) => {
        if (typeof email !== 'string' || !emailPattern.test(email)) {
          problem(`${at}.emails[${e}]`, `${JSON.stringify(email)} is not an email address`);
        }
      });
      duplicates(
        emails.map((e) => String(e).toLowerCase()),
        `endorsers[${k}].emails`,
        problem,
      );
    }
    if (!officeId) return;
    if (inRow.has(officeId)) problem(`${at}.officeId`, `office "${officeId}" is listed twice in the row`);
    inRow.add(officeId);

    // One office is one office everywhere: the same name and emails in every row that names it.
    const first = seen.get(officeId);
    if (!first) {
      seen.set(officeId, { at: rowIndex, ruleId, office });
    } else if (first.at !== rowIndex && !sameOffice(first.office, office)) {
      problem(
        at,
        `office "${officeId}" differs from its entry in rows[${first.at}] ("${first.ruleId}"): ` +
          'give it the same name and emails everywhere',
      );
    }
  });
}

function sameOffice(a: ProgramOffice, b: ProgramOffice): boolean {
  if (!Array.isArray(a.emails) || !Array.isArray(b.emails)) return false;
  const emails = (o: ProgramOffice) => [...new Set(o.emails.map((e) => String(e).toLowerCase()))].sort();
  return a.name === b.name && JSON.stringify(emails(a)) === JSON.stringify(emails(b));
}

// ---------------------------------------------------------------------------------------------------
// Re-endorsement

const courseKey = (c: HomeCourseFacts): string => normalizeCode(c.code);

/**
 * What changed since the application was last routed that a rule can see: the student's group, the
 * record's category or term, the HKUST courses (or their subject areas or levels). Empty: nothing.
 */
export function changedFacts(previous: ApplicationFacts, next: ApplicationFacts): string[] {
  const changed: string[] = [];
  if (normalizeText(previous.program) !== normalizeText(next.program)) changed.push('program');
  if (normalizeText(previous.cohortTerm) !== normalizeText(next.cohortTerm)) changed.push('cohort term');
  if (normalizeText(previous.academicYear) !== normalizeText(next.academicYear))
    changed.push('academic year');
  if (previous.category !== next.category) changed.push('study-record category');
  if (normalizeText(previous.transferTerm) !== normalizeText(next.transferTerm))
    changed.push('transfer term');
  const describe = (courses: readonly HomeCourseFacts[]) =>
    JSON.stringify(
      courses
        .map((c) => [courseKey(c), normalizeCode(c.subjectArea), c.level ?? courseLevelOf(c.code) ?? null])
        .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0)),
    );
  if (describe(previous.courses) !== describe(next.courses)) changed.push('HKUST courses');
  return changed;
}

/**
 * Why an application returning to ARO (Provide Info) must go back through endorsement routing, or
 * undefined when it goes straight back to ARO. A changed grade after endorsement goes back through
 * endorsement (guide §5.3, the issue); so does any change to the facts the rules read, since the
 * routing could differ. Routing again may still find no row (then straight to ARO).
 */
export function reendorsementReason(
  previous: ApplicationFacts,
  next: ApplicationFacts,
  gradeChanged: boolean,
): string | undefined {
  const changed = changedFacts(previous, next);
  if (gradeChanged) changed.unshift('incoming course grade');
  if (changed.length === 0) return undefined;
  return `Changed since endorsement routing: ${changed.join(', ')}.`;
}

export const needsEndorsementAgain = (
  previous: ApplicationFacts,
  next: ApplicationFacts,
  gradeChanged: boolean,
): boolean => reendorsementReason(previous, next, gradeChanged) !== undefined;
