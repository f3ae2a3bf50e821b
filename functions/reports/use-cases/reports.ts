// ARO's queues and reports (issue 10 item 4). Each reads bounded Queries page by page (ports.ts):
//   mappings               — an institution's listing, or every institution's A-Z (listed, then
//                            proposed), of one status when given; pages of `limit` rows + cursor.
//   mappingsByInstitution  — each institution's mappings counted by status; pages of institutions.
//   turnaround             — per subject area: decided department reviews' median and 90th
//                            percentile days (the Turnaround samples), and the reviews waiting now,
//                            overdue and escalated by the review ladder's days. One row per area.
//   applications           — ARO's status queues (`APPLICATIONS#<status>`), one status or all in
//                            the guide's order, of one transfer term when given; pages + cursor.
//   creditsTransferred     — Approved applications' HKUST courses and credits (grade T), by
//                            transfer term and the student's program. One row per term and program.
//   auditOfObject / auditOfActor — the audit trail of one object, or of one actor; pages + cursor.
// A page holds at most `limit` rows; an aggregated report keeps only its totals while it reads.

import { applicationStatuses } from '../../applications/contracts.js';
import { EndorsementRuleTableEntity } from '../../applications/entities/endorsement-rule-table.js';
import { ValidationError } from '../../commons/errors.js';
import { qualifierOf } from '../../human-steps/domain/steps.js';
import { refPattern } from '../../mappings/contracts.js';
import { groupRefOf, mappingGroupPk } from '../../mappings/entities/mapping.js';
import type { MappingSearchEntry } from '../../mappings/entities/mapping-search.js';
import { importJobPk } from '../../provisioning/entities/import-job.js';
import { studentPk } from '../../records/entities/student.js';
import { homeCoursePk, institutionPk } from '../../reference-data/entities/catalog.js';
import { termPk } from '../../reference-data/entities/term-calendar.js';
import { mappingReviewLadder } from '../../reviews/human-steps/ladder.js';
import { type AuditEvent, AuditEventEntity } from '../../store/audit.js';
import type { AuditObjectKind } from '../contracts.js';
import {
  CreditsByTermAndProgram,
  type CreditsRow,
  countMapping,
  type InstitutionMappingsRow,
  noMappings,
  noWaits,
  type TurnaroundRow,
  turnaroundRow,
  type WaitCounts,
} from '../domain/aggregations.js';
import { asPageKey, decodeCursor, encodeCursor, filtersKey, type PageKey } from '../domain/cursor.js';
import { waitingDays, waitStanding } from '../domain/overdue.js';
import type { InstitutionCollection, InstitutionRef, Positioned, ReportReader, TimeWindow } from './ports.js';

export interface ReportDeps {
  reader: ReportReader;
  now: () => Date;
}

export interface Page<R> {
  rows: R[];
  cursor?: string;
}

// ---------- the paging engine ----------

/** One bounded read a page's rows come from, and how to start the walk again at it. */
interface Source<T> {
  resume: unknown;
  rows: (after: PageKey | undefined) => AsyncIterable<Positioned<T>>;
}

/**
 * Up to `limit` rows across the sources in order, the first source from `after`. Stops reading the
 * moment the page is full (the streams are pulled, so no Query runs beyond it); the cursor then
 * names the source and the last row, and the next page may turn out empty.
 */
async function takeRows<T>(
  sources: AsyncIterable<Source<T>>,
  after: PageKey | undefined,
  limit: number,
): Promise<{ rows: T[]; next?: { source: unknown; after: PageKey } }> {
  const rows: T[] = [];
  let from = after;
  for await (const source of sources) {
    for await (const row of source.rows(from)) {
      rows.push(row.value);
      if (rows.length >= limit) return { rows, next: { source: source.resume, after: row.at } };
    }
    from = undefined;
  }
  return { rows };
}

interface Resumable {
  source: unknown;
  after: PageKey;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function readResumable<S>(
  value: unknown,
  source: (s: unknown) => S | undefined,
): { source: S; after: PageKey } | undefined {
  if (!isObject(value)) return undefined;
  const after = asPageKey(value.after);
  const s = source(value.source);
  return after && s !== undefined ? { source: s, after } : undefined;
}

const pageSizeFor = (limit: number) => Math.min(Math.max(limit + 1, 25), 500);

// ---------- institutions, A-Z (listed, then proposed) ----------

const collections = ['listed', 'proposed'] as const satisfies readonly InstitutionCollection[];

interface InstitutionAt {
  collection: InstitutionCollection;
  key: PageKey;
}

function readInstitutionAt(value: unknown): InstitutionAt | undefined {
  if (!isObject(value)) return undefined;
  const key = asPageKey(value.key);
  const collection = collections.find((c) => c === value.collection);
  return key && collection ? { collection, key } : undefined;
}

async function* institutionsAfter(
  reader: ReportReader,
  at: InstitutionAt | undefined,
  pageSize: number,
): AsyncIterable<{ institution: InstitutionRef; at: InstitutionAt }> {
  const start = at ? collections.indexOf(at.collection) : 0;
  for (let i = start; i < collections.length; i++) {
    const collection = collections[i] as InstitutionCollection;
    const after = i === start ? at?.key : undefined;
    for await (const row of reader.institutions(collection, { ...(after ? { after } : {}), pageSize })) {
      yield { institution: row.value, at: { collection, key: row.at } };
    }
  }
}

// ---------- mappings by institution and status ----------

const joined = (parts: readonly string[]) => parts.join('; ');

export function mappingRow(entry: MappingSearchEntry) {
  return {
    institutionId: entry.institutionId,
    institutionName: entry.institutionName,
    ref: entry.ref,
    status: entry.status,
    incomingCourses: joined(
      entry.incomingCourses.map((c) => `${c.code} ${c.title} (${c.credits} ${c.creditUnit})`),
    ),
    homeCourses: joined(entry.homeCourses.map((h) => `${h.code} ${h.title} (${h.credits})`)),
    subjectAreas: joined([...new Set(entry.homeCourses.map((h) => h.subjectArea))]),
    ...(entry.validFrom ? { validFrom: entry.validFrom } : {}),
    ...(entry.validTo ? { validTo: entry.validTo } : {}),
  };
}
export type MappingRow = ReturnType<typeof mappingRow>;

interface InstitutionSource extends InstitutionRef {
  at?: InstitutionAt;
}

function readInstitutionSource(value: unknown): InstitutionSource | undefined {
  if (!isObject(value)) return undefined;
  const { institutionId, institutionName } = value;
  if (typeof institutionId !== 'string' || typeof institutionName !== 'string') return undefined;
  if (value.at === undefined) return { institutionId, institutionName };
  const at = readInstitutionAt(value.at);
  return at ? { institutionId, institutionName, at } : undefined;
}

export async function mappingsReport(
  deps: ReportDeps,
  q: { institutionId?: string; status?: string; limit: number; cursor?: string },
): Promise<Page<MappingRow>> {
  const report = 'mappings';
  const filters = filtersKey({ institutionId: q.institutionId, status: q.status });
  const start = q.cursor
    ? decodeCursor(q.cursor, report, filters, (p) => readResumable(p, readInstitutionSource))
    : undefined;
  const pageSize = pageSizeFor(q.limit);
  const sourceOf = (i: InstitutionSource): Source<MappingSearchEntry> => ({
    resume: i,
    rows: (after) =>
      deps.reader.mappingsAt(i.institutionId, q.status, { ...(after ? { after } : {}), pageSize }),
  });

  async function* sources(): AsyncIterable<Source<MappingSearchEntry>> {
    if (q.institutionId) {
      const one = await deps.reader.institution(q.institutionId);
      if (!one) throw ValidationError.of('query.institutionId', `is not an institution: ${q.institutionId}`);
      yield sourceOf(one);
      return;
    }
    if (start) yield sourceOf(start.source);
    // A page that ends inside an institution resumes there, then goes on after it.
    const after = start ? start.source.at : undefined;
    if (start && !after) return;
    for await (const { institution, at } of institutionsAfter(deps.reader, after, 100)) {
      yield sourceOf({ ...institution, at });
    }
  }

  const { rows, next } = await takeRows(sources(), start?.after, q.limit);
  return {
    rows: rows.map(mappingRow),
    ...(next ? { cursor: encodeCursor(report, filters, next satisfies Resumable) } : {}),
  };
}

export async function mappingsByInstitutionReport(
  deps: ReportDeps,
  q: { limit: number; cursor?: string },
): Promise<Page<InstitutionMappingsRow>> {
  const report = 'mappings-by-institution';
  const filters = filtersKey({});
  const after = q.cursor ? decodeCursor(q.cursor, report, filters, readInstitutionAt) : undefined;
  const rows: InstitutionMappingsRow[] = [];
  for await (const { institution, at } of institutionsAfter(deps.reader, after, pageSizeFor(q.limit))) {
    const row = noMappings(institution);
    for await (const status of deps.reader.mappingStatusesAt(institution.institutionId))
      countMapping(row, status);
    rows.push(row);
    if (rows.length >= q.limit) return { rows, cursor: encodeCursor(report, filters, at) };
  }
  return { rows };
}

// ---------- turnaround per subject area ----------

const departmentReview = 'department-review';
const dayStart = (date: string) => `${date}T00:00:00.000Z`;
/** The end of the day, as high as any ISO instant of that day sorts. */
const dayEnd = (date: string) => `${date}T23:59:59.999Z\uffff`;

function windowOf(q: { from?: string; to?: string }, fromField: string): TimeWindow {
  if (q.from && q.to && q.from > q.to) throw ValidationError.of(fromField, 'must not be after to');
  return { ...(q.from ? { from: dayStart(q.from) } : {}), ...(q.to ? { to: dayEnd(q.to) } : {}) };
}

export async function turnaroundReport(
  deps: ReportDeps,
  q: { subjectArea?: string; from?: string; to?: string },
): Promise<{ rows: TurnaroundRow[] }> {
  const window = windowOf(q, 'query.from');
  const now = deps.now();
  const ladder = mappingReviewLadder[departmentReview];
  // The waiting reviews: one Query of ARO's department-review queue, counted per area as read.
  const waits = new Map<string, WaitCounts>();
  for await (const step of deps.reader.waitingSteps(departmentReview)) {
    const area = qualifierOf(step.stepId);
    if (!area || (q.subjectArea && area !== q.subjectArea)) continue;
    const counts = waits.get(area) ?? noWaits();
    const standing = waitStanding(step.since, now, ladder);
    counts.waiting += 1;
    if (standing !== 'waiting') counts.overdue += 1;
    if (standing === 'escalated') counts.escalated += 1;
    counts.longestWaitDays = Math.max(counts.longestWaitDays, waitingDays(step.since, now));
    waits.set(area, counts);
  }
  const areas = new Set<string>();
  if (q.subjectArea) areas.add(q.subjectArea);
  else for await (const area of deps.reader.catalogSubjectAreas()) areas.add(area);
  for (const area of waits.keys()) areas.add(area);

  const rows: TurnaroundRow[] = [];
  // One area's samples at a time: its row is computed and the samples let go before the next.
  for (const area of [...areas].sort()) {
    const days: number[] = [];
    for await (const d of deps.reader.turnaroundDays(area, window)) days.push(d);
    rows.push(turnaroundRow(area, days, waits.get(area)));
  }
  return { rows };
}

// ---------- applications by status and term ----------

type ApplicationStatus = (typeof applicationStatuses)[number];

export async function applicationsReport(
  deps: ReportDeps,
  q: { status?: ApplicationStatus; term?: string; limit: number; cursor?: string },
) {
  const report = 'applications';
  const filters = filtersKey({ status: q.status, term: q.term });
  const readStatus = (s: unknown) => applicationStatuses.find((x) => x === s);
  const start = q.cursor
    ? decodeCursor(q.cursor, report, filters, (p) => readResumable(p, readStatus))
    : undefined;
  const statuses: readonly ApplicationStatus[] = q.status ? [q.status] : applicationStatuses;
  if (start && !statuses.includes(start.source))
    throw ValidationError.of('query.cursor', 'is not a cursor of this report');
  const pageSize = pageSizeFor(q.limit);

  async function* sources() {
    const first = start ? statuses.indexOf(start.source) : 0;
    for (const status of statuses.slice(first)) {
      yield {
        resume: status,
        rows: (after: PageKey | undefined) =>
          deps.reader.applications(status, q.term, { ...(after ? { after } : {}), pageSize }),
      };
    }
  }

  const { rows, next } = await takeRows(sources(), start?.after, q.limit);
  return {
    rows: rows.map((a) => ({
      applicationId: a.applicationId,
      studentId: a.studentId,
      status: a.status,
      transferTerm: a.transferTerm,
      institutionId: a.institutionId,
      institutionName: a.institutionName,
      ref: a.ref,
      homeCourses: joined(a.homeCourses.map((h) => `${h.code} (${h.credits})`)),
      ...(a.submittedAt ? { submittedAt: a.submittedAt } : {}),
      updatedAt: a.updatedAt,
      late: a.late !== undefined,
      ...(a.status === 'Approved' && a.decision ? { creditsTransferred: creditsOf(a.decision) } : {}),
    })),
    ...(next ? { cursor: encodeCursor(report, filters, next satisfies Resumable) } : {}),
  };
}

const creditsOf = (d: { transferred?: { credits: number }[]; credits?: number }): number =>
  d.transferred ? Math.round(d.transferred.reduce((s, t) => s + t.credits, 0) * 10) / 10 : (d.credits ?? 0);

// ---------- credits transferred per term and program ----------

/** Student profiles are read a batch at a time (BatchGetItem's 100), as the applications stream by. */
const programBatch = 100;
const noProgram = '(no Student Information)';

export async function creditsTransferredReport(
  deps: ReportDeps,
  q: { term?: string; program?: string },
): Promise<{ rows: CreditsRow[] }> {
  const totals = new CreditsByTermAndProgram();
  let batch: { studentId: string; transferTerm: string; transferred: { code: string; credits: number }[] }[] =
    [];
  const flush = async () => {
    const programs = await deps.reader.programsOf([...new Set(batch.map((b) => b.studentId))]);
    for (const b of batch) {
      const program = programs.get(b.studentId) ?? noProgram;
      if (q.program && program !== q.program) continue;
      totals.add({ transferTerm: b.transferTerm, program, transferred: b.transferred });
    }
    batch = [];
  };
  for await (const { value: a } of deps.reader.applications('Approved', q.term, { pageSize: 500 })) {
    const transferred = a.decision?.transferred ?? [];
    batch.push({ studentId: a.studentId, transferTerm: a.transferTerm, transferred });
    if (batch.length >= programBatch) await flush();
  }
  if (batch.length > 0) await flush();
  return { rows: totals.rows() };
}

// ---------- the audit trail ----------

function objectPartition(kind: AuditObjectKind, id: string): { pk: string; prefix: string } | undefined {
  // Every event audited in the partition: the object and whatever else lives in it.
  const all = 'AUDIT#';
  switch (kind) {
    case 'mapping':
      return refPattern.test(id)
        ? { pk: mappingGroupPk(groupRefOf(id)), prefix: AuditEventEntity.prefix(id) }
        : undefined;
    case 'student':
      return { pk: studentPk(id), prefix: all };
    case 'institution':
      return { pk: institutionPk(id), prefix: all };
    case 'term':
      return { pk: termPk(id), prefix: all };
    case 'course':
      return { pk: homeCoursePk(id), prefix: all };
    case 'import-job':
      return { pk: importJobPk(id), prefix: all };
    case 'endorsement-rules':
      return { pk: EndorsementRuleTableEntity.pk, prefix: all };
    case 'application':
      return undefined;
  }
}

const auditRow = (e: AuditEvent): AuditEvent => e;

export async function auditOfObjectReport(
  deps: ReportDeps,
  q: { kind: AuditObjectKind; id?: string; limit: number; cursor?: string },
): Promise<Page<AuditEvent>> {
  const id = q.id ?? '';
  if (q.kind !== 'endorsement-rules' && id === '') throw ValidationError.of('query.id', `name the ${q.kind}`);
  let partition: { pk: string; prefix: string } | undefined;
  if (q.kind === 'application') {
    const studentId = await deps.reader.applicationOwner(id);
    if (!studentId) throw ValidationError.of('query.id', `is not an application: ${id}`);
    partition = { pk: studentPk(studentId), prefix: AuditEventEntity.prefix(id) };
  } else {
    partition = objectPartition(q.kind, id);
    if (!partition) throw ValidationError.of('query.id', `is not a ${q.kind} id: ${id}`);
  }
  const report = 'audit-object';
  const filters = filtersKey({ kind: q.kind, id });
  const after = q.cursor ? decodeCursor(q.cursor, report, filters, asPageKey) : undefined;
  const { pk, prefix } = partition;
  const rows: AuditEvent[] = [];
  for await (const row of deps.reader.auditOf(pk, prefix, {
    ...(after ? { after } : {}),
    pageSize: pageSizeFor(q.limit),
  })) {
    rows.push(auditRow(row.value));
    if (rows.length >= q.limit) return { rows, cursor: encodeCursor(report, filters, row.at) };
  }
  return { rows };
}

export async function auditOfActorReport(
  deps: ReportDeps,
  q: { actor: string; from?: string; to?: string; limit: number; cursor?: string },
): Promise<Page<AuditEvent>> {
  const window = windowOf(q, 'query.from');
  const report = 'audit-actor';
  const filters = filtersKey({ actor: q.actor, from: q.from, to: q.to });
  const after = q.cursor ? decodeCursor(q.cursor, report, filters, asPageKey) : undefined;
  const rows: AuditEvent[] = [];
  for await (const row of deps.reader.auditByActor(q.actor, window, {
    ...(after ? { after } : {}),
    pageSize: pageSizeFor(q.limit),
  })) {
    rows.push(auditRow(row.value));
    if (rows.length >= q.limit) return { rows, cursor: encodeCursor(report, filters, row.at) };
  }
  return { rows };
}
