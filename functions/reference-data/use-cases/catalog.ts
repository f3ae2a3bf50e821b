// ARO's HKUST catalog (issue 10 item 3).
//
// listCatalogCourses — Input: a code prefix or title words, Offered or Retired, a page size and cursor.
//   Output: one page of courses in code order: one bounded Query (the catalog's collection by code
//   prefix, or the title-word index on the longest word), never a read of the whole catalog.
// putCatalogCourse — Input: ARO, a code, title, credits, subject area, exclusions, the version read.
//   Output: the course and its material changes. Primary course: the course (created, or changed if
//   still at the version read), its title words, its audit event and, when the change is material
//   (credits, exclusions), the re-review fan-out as an outbox item, in one commit.
// retireCatalogCourse — the same, Offered → Retired by the course's transition table.
// importCatalogCsv — Input: ARO and a CSV file. Output: what was created, changed, left as it was and
//   rejected (row and column). Each good row is one course commit as above; a row equal to the course
//   writes nothing, so the same file twice changes nothing; a wrong header refuses the whole file.
import { ConflictError, NotFoundError, PayloadTooLargeError, ValidationError } from '../../commons/errors.js';
import type { OutboxMessageOf } from '../../outbox/entities/outbox-item.js';
import type { AuditEvent } from '../../store/audit.js';
import type { CatalogCourse, CatalogImportResponse, CourseBody, CourseChangeResponse } from '../contracts.js';
import {
  type CatalogRow,
  type CourseFields,
  type CourseState,
  type CourseStatus,
  type CsvRowProblem,
  courseProblems,
  materialChanges,
  maxCatalogCsvBytes,
  normalizeExclusions,
  parseCatalogCsv,
  sameCourse,
} from '../domain/catalog-rules.js';
import type { HomeCourse } from '../entities/catalog.js';

export interface CoursePage {
  courses: HomeCourse[];
  nextCursor?: string;
}

export interface CourseCommit {
  /** Undefined: the course is created (and must not exist). */
  previous: HomeCourse | undefined;
  next: HomeCourse;
  audit: Omit<AuditEvent, 'subjectPk' | 'subjectId' | 'eventId'>;
  outbox: OutboxMessageOf<'catalog.course-changed'>[];
}

export interface CatalogStore {
  /** Strongly consistent: a change is judged against it. */
  getCourse(code: string): Promise<HomeCourse | undefined>;
  /** The courses of these codes that exist (any status). */
  getCourses(codes: readonly string[]): Promise<HomeCourse[]>;
  /** Courses of a status by code prefix, in code order, at most `limit`, from `cursor` on. */
  listByCode(status: CourseStatus, prefix: string, limit: number, cursor?: string): Promise<CoursePage>;
  /** Offered courses with a title word starting with `word`, each once, at most `limit` read. */
  listByTitleWord(word: string, limit: number): Promise<HomeCourse[]>;
  history(code: string): Promise<AuditEvent[]>;
  /** One transaction; false when the course changed since it was read (or was created meanwhile). */
  commit(change: CourseCommit): Promise<boolean>;
  /**
   * Each change as `commit` would write it, several in one transaction where they fit: whether each
   * landed (a transaction refused is tried change by change, so one lost race costs only its own).
   */
  commitAll(changes: readonly CourseCommit[]): Promise<boolean[]>;
}

export interface CatalogDeps {
  store: CatalogStore;
  now: () => Date;
  /** The words a course title is searched by (the mapping search's tokenizer, so both agree). */
  titleWords: (title: string) => string[];
}

export const statusOf = (c: HomeCourse): CourseStatus => c.status ?? 'Offered';
const versionOf = (c: HomeCourse | undefined): number => c?.version ?? 0;
const stateOf = (c: HomeCourse): CourseState => ({ ...c, status: statusOf(c) });

export const catalogCourseView = (c: HomeCourse): CatalogCourse => ({
  code: c.code,
  subjectArea: c.subjectArea,
  title: c.title,
  credits: c.credits,
  exclusions: c.exclusions,
  status: statusOf(c),
  version: versionOf(c),
  ...(c.updatedAt ? { updatedAt: c.updatedAt } : {}),
  ...(c.updatedBy ? { updatedBy: c.updatedBy } : {}),
});

export async function listCatalogCourses(
  deps: Pick<CatalogDeps, 'store' | 'titleWords'>,
  query: { code: string; q: string; status: CourseStatus; limit: number; cursor?: string },
) {
  const prefix = query.code.replace(/\s+/g, '').toUpperCase();
  const words = deps.titleWords(query.q);
  const longest = [...words].sort((a, b) => b.length - a.length)[0];
  const matches = (c: HomeCourse) => {
    const titleWords = deps.titleWords(c.title);
    return c.code.startsWith(prefix) && words.every((w) => titleWords.some((t) => t.startsWith(w)));
  };
  if (prefix || longest === undefined || query.status === 'Retired') {
    const page = await deps.store.listByCode(query.status, prefix, query.limit, query.cursor);
    return {
      courses: page.courses.filter(matches).map(catalogCourseView),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }
  // Title words alone: the index on the longest word, a few pages' worth filtered by the others.
  const found = await deps.store.listByTitleWord(longest, query.limit * 5);
  return { courses: found.filter(matches).slice(0, query.limit).map(catalogCourseView) };
}

export async function getCatalogCourse(deps: Pick<CatalogDeps, 'store'>, code: string) {
  const [course, history] = await Promise.all([deps.store.getCourse(code), deps.store.history(code)]);
  if (!course) throw new NotFoundError(`${code} is not an HKUST course`);
  return { course: catalogCourseView(course), history };
}

/** The re-review fan-out of a material change: one per course and catalog version. */
export function courseChanged(
  next: HomeCourse,
  changes: string[],
): OutboxMessageOf<'catalog.course-changed'> {
  const catalogVersion = versionOf(next);
  return {
    kind: 'catalog.course-changed',
    payload: {
      code: next.code,
      catalogVersion,
      changes,
      changedBy: next.updatedBy ?? '',
      changedAt: next.updatedAt ?? '',
    },
    idempotencyKey: `catalog.course-changed:${next.code}:v${catalogVersion}`,
  };
}

type Prepared =
  | { kind: 'unchanged'; course: HomeCourse }
  | { kind: 'created' | 'changed'; course: HomeCourse; changes: string[]; commit: CourseCommit };

type Outcome =
  | { kind: 'unchanged'; course: HomeCourse }
  | { kind: 'created' | 'changed'; course: HomeCourse; changes: string[] }
  | { kind: 'conflict' };

/** A course's change, judged against the course as read (`previous`): what its one commit holds. */
function prepareChange(
  deps: CatalogDeps,
  staffId: string,
  previous: HomeCourse | undefined,
  code: string,
  state: CourseState,
  why: string,
): Prepared {
  if (previous && sameCourse(stateOf(previous), state)) return { kind: 'unchanged', course: previous };
  const at = deps.now().toISOString();
  const next: HomeCourse = {
    code,
    title: state.title,
    credits: state.credits,
    subjectArea: state.subjectArea,
    exclusions: normalizeExclusions(state.exclusions),
    status: state.status,
    version: versionOf(previous) + 1,
    updatedAt: at,
    updatedBy: staffId,
  };
  const changes = materialChanges(previous && stateOf(previous), state);
  const commit: CourseCommit = {
    previous,
    next,
    audit: {
      at,
      actor: staffId,
      action: previous
        ? `HKUST course ${code} changed: ${describeChange(previous, next)}${why ? ` (${why})` : ''}`
        : `HKUST course ${code} added: ${next.title}, ${next.credits} credits`,
      ...(previous ? { from: statusOf(previous) } : {}),
      to: state.status,
      ...(why ? { reason: why } : {}),
    },
    outbox: changes.length > 0 ? [courseChanged(next, changes)] : [],
  };
  return { kind: previous ? 'changed' : 'created', course: next, changes, commit };
}

/** One course's change as one commit. */
async function changeCourse(
  deps: CatalogDeps,
  staffId: string,
  previous: HomeCourse | undefined,
  code: string,
  state: CourseState,
  why: string,
): Promise<Outcome> {
  const prepared = prepareChange(deps, staffId, previous, code, state, why);
  if (prepared.kind === 'unchanged') return prepared;
  if (!(await deps.store.commit(prepared.commit))) return { kind: 'conflict' };
  const { commit: _, ...outcome } = prepared;
  return outcome;
}

function describeChange(before: HomeCourse, after: HomeCourse): string {
  const parts: string[] = [];
  if (before.title !== after.title) parts.push(`title "${before.title}" → "${after.title}"`);
  if (before.subjectArea !== after.subjectArea)
    parts.push(`subject area ${before.subjectArea} → ${after.subjectArea}`);
  parts.push(...materialChanges(stateOf(before), stateOf(after)));
  return parts.join('; ') || 'no field';
}

/** Exclusions must name courses of the catalog (or of the same file). */
async function unknownExclusions(
  store: CatalogStore,
  codes: readonly string[],
  alsoKnown: ReadonlySet<string> = new Set(),
): Promise<Set<string>> {
  const wanted = [...new Set(codes)].filter((c) => !alsoKnown.has(c));
  if (wanted.length === 0) return new Set();
  const found = new Set((await store.getCourses(wanted)).map((c) => c.code));
  return new Set(wanted.filter((c) => !found.has(c)));
}

export async function putCatalogCourse(
  deps: CatalogDeps,
  staffId: string,
  code: string,
  body: CourseBody,
): Promise<{ created: boolean; response: CourseChangeResponse }> {
  const fields: CourseFields = { ...body, exclusions: normalizeExclusions(body.exclusions) };
  const problems = courseProblems(code, fields).map((p) => ({
    field: p.field === 'code' ? 'path.code' : `body.${p.field}`,
    reason: p.reason,
  }));
  const unknown = await unknownExclusions(deps.store, fields.exclusions);
  for (const x of unknown) problems.push({ field: 'body.exclusions', reason: `${x} is not an HKUST course` });
  if (problems.length > 0) throw new ValidationError(problems);
  const previous = await deps.store.getCourse(code);
  if (versionOf(previous) !== body.version)
    throw new ConflictError(
      previous
        ? `${code} is at version ${versionOf(previous)}, not ${body.version}: reload it and try again`
        : `${code} is not in the catalog yet: send version 0 to add it`,
    );
  if (previous && statusOf(previous) === 'Retired')
    throw new ConflictError(`${code} is retired; a retired course is not changed`);
  const outcome = await changeCourse(deps, staffId, previous, code, { ...fields, status: 'Offered' }, '');
  if (outcome.kind === 'conflict')
    throw new ConflictError(`${code} was changed by someone else meanwhile; reload it and try again`);
  return {
    created: outcome.kind === 'created',
    response: {
      course: catalogCourseView(outcome.course),
      materialChanges: outcome.kind === 'unchanged' ? [] : outcome.changes,
    },
  };
}

export async function retireCatalogCourse(
  deps: CatalogDeps,
  staffId: string,
  code: string,
  body: { version: number; reason: string },
): Promise<CourseChangeResponse> {
  const previous = await deps.store.getCourse(code);
  if (!previous) throw new NotFoundError(`${code} is not an HKUST course`);
  if (versionOf(previous) !== body.version)
    throw new ConflictError(`${code} is at version ${versionOf(previous)}, not ${body.version}: reload it`);
  if (statusOf(previous) === 'Retired') throw new ConflictError(`${code} is retired already`);
  const outcome = await changeCourse(
    deps,
    staffId,
    previous,
    code,
    { ...stateOf(previous), status: 'Retired' },
    body.reason,
  );
  if (outcome.kind !== 'changed')
    throw new ConflictError(`${code} was changed by someone else meanwhile; reload it and try again`);
  return { course: catalogCourseView(outcome.course), materialChanges: outcome.changes };
}

export async function importCatalogCsv(
  deps: CatalogDeps,
  staffId: string,
  text: string,
): Promise<CatalogImportResponse> {
  if (Buffer.byteLength(text, 'utf8') > maxCatalogCsvBytes)
    throw new PayloadTooLargeError(
      `A catalog file is at most ${maxCatalogCsvBytes / 1024 / 1024} MB; split it into several`,
    );
  const parsed = parseCatalogCsv(text);
  if (!parsed.ok) throw ValidationError.of('body', `the file is refused whole: ${parsed.reason}`);
  const rejected: CsvRowProblem[] = [...parsed.problems];
  const inFile = new Set(parsed.rows.map((r) => r.code));
  const unknown = await unknownExclusions(
    deps.store,
    parsed.rows.flatMap((r) => r.exclusions),
    inFile,
  );
  const good = parsed.rows.filter((r) => {
    const bad = r.exclusions.filter((x) => unknown.has(x));
    for (const x of bad)
      rejected.push({ row: r.row, column: 'exclusions', reason: `${x} is not an HKUST course` });
    return bad.length === 0;
  });
  const current = new Map((await deps.store.getCourses(good.map((r) => r.code))).map((c) => [c.code, c]));
  const created: string[] = [];
  const changed: string[] = [];
  const flagged: string[] = [];
  let unchanged = 0;
  const record = (outcome: Outcome, row: CatalogRow) => {
    if (outcome.kind === 'conflict')
      rejected.push({
        row: row.row,
        column: 'code',
        reason: `${row.code} changed meanwhile; import it again`,
      });
    else if (outcome.kind === 'unchanged') unchanged++;
    else {
      (outcome.kind === 'created' ? created : changed).push(row.code);
      if (outcome.changes.length > 0) flagged.push(row.code);
    }
  };
  const pending: { row: CatalogRow; prepared: Extract<Prepared, { commit: CourseCommit }> }[] = [];
  for (const row of good) {
    const previous = current.get(row.code);
    if (previous && statusOf(previous) === 'Retired') {
      rejected.push({ row: row.row, column: 'code', reason: `${row.code} is retired; it is not changed` });
      continue;
    }
    const prepared = prepareChange(deps, staffId, previous, row.code, { ...row, status: 'Offered' }, '');
    if (prepared.kind === 'unchanged') unchanged++;
    else pending.push({ row, prepared });
  }
  // Each row's change is its own commit's worth of items; the store may write several in one
  // transaction, all or none, and answers each.
  const done = await deps.store.commitAll(pending.map((p) => p.prepared.commit));
  for (const [i, { row, prepared }] of pending.entries()) {
    if (done[i]) {
      const { commit: _, ...outcome } = prepared;
      record(outcome, row);
      continue;
    }
    // Changed by someone else since the file was read: judged once more against the course now.
    const now = await deps.store.getCourse(row.code);
    record(await changeCourse(deps, staffId, now, row.code, { ...row, status: 'Offered' }, ''), row);
  }
  const byCode = (a: string, b: string) => a.localeCompare(b);
  return {
    rows: parsed.rows.length + new Set(parsed.problems.map((p) => p.row)).size,
    created: created.sort(byCode),
    changed: changed.sort(byCode),
    unchanged,
    rejected: rejected.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column)),
    flaggedForReReview: flagged.sort(byCode),
  };
}
