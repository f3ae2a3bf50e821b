// Re-review of Approved mappings whose HKUST course changed (issue 10 item 3): a catalog change that
// silently leaves stale approvals is the failure to avoid.
//
// flagForReReview — Input: a material change of an HKUST course (the outbox item of the catalog's
//   commit: code, catalog version, what changed, who). Output: none. Primary course: every Approved
//   mapping to the course (the reverse lookup) is flagged, each in one commit of its own (the mapping
//   with its version check, its search entries, the audit event naming ARO's actor), then its
//   requester and Notify Me followers are mailed through the outbox, each mail keyed by mapping,
//   course, catalog version and student. At least once and idempotent: a mapping flagged for this
//   version is not flagged again, and a mail enqueued once is not enqueued again, so a redelivery
//   after a crash midway finishes the work without repeating any of it.
// listReReviews — ARO's queue of flagged mappings, oldest flag first (one Query of a sparse index).
// resolveReReview — Input: ARO, a flagged mapping, Keep or Expire, a note, the version read. Output:
//   the mapping. Keep: it stays Approved, unflagged. Expire: Approved → Expired by the mapping's
//   transition table (an illegal change is a 409). One commit with the audit event.
import { ConflictError, NotFoundError } from '../../commons/errors.js';
import type { Person } from '../../human-steps/domain/steps.js';
import { p } from '../../human-steps/edge/blocks.js';
import { defang, renderMail } from '../../human-steps/edge/mail.js';
import { mailSend, type OutboxMessage, type OutboxPayloads } from '../../outbox/entities/outbox-item.js';
import type { ReReviewOutcome, ReReviewQueueEntry } from '../contracts.js';
import type { Mapping, ReReview } from '../entities/mapping.js';
import type { MappingSearchEntry } from '../entities/mapping-search.js';

export type CourseChanged = OutboxPayloads['catalog.course-changed'];

/** Who, what and why, as the mapping's audit event records them. */
export interface ReReviewNote {
  actor: string;
  action: string;
  reason?: string;
}

export interface ReReviewStore {
  /** The mappings to an HKUST course (the reverse lookup), any status. */
  mappingsToCourse(code: string): Promise<MappingSearchEntry[]>;
  /** Strongly consistent: a flag is judged against it. */
  getMapping(ref: string): Promise<Mapping | undefined>;
  /** One commit (store/state-change.ts); false when the mapping changed since it was read. */
  changeMapping(previous: Mapping, next: Mapping, note: ReReviewNote): Promise<boolean>;
  /** Who has the mapping in My Course Mapping Requests (requesters and Notify Me followers). */
  followersOf(ref: string): Promise<string[]>;
  getStudents(studentIds: string[]): Promise<(Person & { studentId: string })[]>;
  /** Puts each outbox item unless one of its key exists already (pending or delivered). */
  enqueueOnce(messages: OutboxMessage[], at: string): Promise<void>;
  /** Flagged mappings, oldest flag first. */
  listFlagged(): Promise<Mapping[]>;
}

export interface ReReviewDeps {
  store: ReReviewStore;
  now: () => Date;
}

/** Of a mapping flagged many times, the latest changes are kept (its audit trail keeps all). */
const keptChanges = 5;
const maxAttempts = 8;

/** This change is flagged on the mapping: delivered before (perhaps cut short before its mails). */
const flaggedFor = (m: Mapping, code: string, catalogVersion: number): boolean =>
  (m.reReview?.changes ?? []).some((c) => c.code === code && c.catalogVersion === catalogVersion);

/** A later version of the course flagged it, or ARO re-reviewed it since: this change is moot. */
const supersededFor = (m: Mapping, code: string, catalogVersion: number): boolean =>
  [...(m.reReview?.changes ?? []), ...(m.reReviewed ?? [])].some(
    (c) => c.code === code && c.catalogVersion >= catalogVersion,
  );

/** The mapping flagged (or found flagged) for the change; undefined when there is nothing to tell. */
async function flagOne(deps: ReReviewDeps, ref: string, change: CourseChanged): Promise<Mapping | undefined> {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const mapping = await deps.store.getMapping(ref);
    if (mapping?.status !== 'Approved') return undefined;
    if (flaggedFor(mapping, change.code, change.catalogVersion)) return mapping;
    if (supersededFor(mapping, change.code, change.catalogVersion)) return undefined;
    const at = deps.now().toISOString();
    const what = change.changes.join('; ');
    const reReview: ReReview = {
      since: mapping.reReview?.since ?? at,
      changes: [
        ...(mapping.reReview?.changes ?? []),
        { code: change.code, catalogVersion: change.catalogVersion, change: what, at },
      ].slice(-keptChanges),
    };
    const next: Mapping = { ...mapping, reReview, updatedAt: at, version: mapping.version + 1 };
    const done = await deps.store.changeMapping(mapping, next, {
      actor: change.changedBy,
      action: `Flagged for re-review: HKUST course ${change.code} ${what} (catalog version ${change.catalogVersion})`,
    });
    if (done) return next;
  }
  throw new Error(`Mapping ${ref} kept changing; its re-review flag is retried`);
}

function reReviewMail(student: Person, mapping: Mapping, change: CourseChanged) {
  const course = mapping.homeCourses.find((h) => h.code === change.code);
  return renderMail(student, `CTS: course mapping ${mapping.ref} is under re-review`, [
    p(`Dear ${student.name?.trim() || 'student'},`),
    p(
      `The HKUST course ${change.code}${course ? ` ${defang(course.title)}` : ''} of the approved course mapping ${mapping.ref} (${defang(mapping.institutionName)}) has changed in the HKUST catalog: ${change.changes.join('; ')}.`,
    ),
    p(
      'ARO is re-reviewing the mapping. It stays Approved until ARO decides; Search Existing Mappings shows it as under re-review meanwhile.',
    ),
    p('Best regards,\nAcademic Registry, HKUST'),
  ]);
}

/** The requester and the Notify Me followers, each mailed once for this mapping and course version. */
async function mailFollowers(deps: ReReviewDeps, mapping: Mapping, change: CourseChanged): Promise<void> {
  const ids = [...new Set([mapping.requestedBy, ...(await deps.store.followersOf(mapping.ref))])];
  const students = await deps.store.getStudents(ids);
  const mails = students.map((s) =>
    mailSend(
      `re-review:${mapping.ref}:${change.code}:v${change.catalogVersion}:${s.studentId}`,
      reReviewMail(s, mapping, change),
    ),
  );
  if (mails.length > 0) await deps.store.enqueueOnce(mails, deps.now().toISOString());
}

export async function flagForReReview(deps: ReReviewDeps, change: CourseChanged): Promise<number> {
  const approved = (await deps.store.mappingsToCourse(change.code)).filter((m) => m.status === 'Approved');
  let flagged = 0;
  for (const entry of approved) {
    const mapping = await flagOne(deps, entry.ref, change);
    if (!mapping) continue;
    await mailFollowers(deps, mapping, change);
    flagged++;
  }
  return flagged;
}

const queueEntry = (m: Mapping): ReReviewQueueEntry => ({
  ref: m.ref,
  institutionId: m.institutionId,
  institutionName: m.institutionName,
  incomingCourses: m.incomingCourses,
  homeCourses: m.homeCourses,
  status: m.status,
  ...(m.validFrom ? { validFrom: m.validFrom } : {}),
  ...(m.validTo ? { validTo: m.validTo } : {}),
  version: m.version,
  since: m.reReview?.since ?? m.updatedAt,
  changes: m.reReview?.changes ?? [],
});

export async function listReReviews(store: ReReviewStore) {
  return { mappings: (await store.listFlagged()).filter((m) => m.reReview).map(queueEntry) };
}

export async function resolveReReview(
  deps: ReReviewDeps,
  staffId: string,
  ref: string,
  body: { outcome: ReReviewOutcome; note: string; version: number },
) {
  const mapping = await deps.store.getMapping(ref);
  if (!mapping) throw new NotFoundError(`No mapping ${ref}`);
  if (!mapping.reReview) throw new ConflictError(`Mapping ${ref} is not awaiting re-review`);
  if (mapping.version !== body.version)
    throw new ConflictError(
      `Mapping ${ref} is at version ${mapping.version}, not ${body.version}: reload it`,
    );
  if (body.outcome === 'Keep' && mapping.status !== 'Approved')
    throw new ConflictError(`Mapping ${ref} is ${mapping.status}; only an Approved mapping is kept`);
  const at = deps.now().toISOString();
  const { reReview, ...rest } = mapping;
  const next: Mapping = {
    ...rest,
    status: body.outcome === 'Keep' ? mapping.status : 'Expired',
    reReviewed: [
      ...(mapping.reReviewed ?? []),
      ...reReview.changes.map((c) => ({ code: c.code, catalogVersion: c.catalogVersion })),
    ].slice(-keptChanges * 2),
    updatedAt: at,
    version: mapping.version + 1,
  };
  // The transition (Approved → Expired) is checked against the mapping's table by the commit.
  const done = await deps.store.changeMapping(mapping, next, {
    actor: staffId,
    action:
      body.outcome === 'Keep'
        ? 'Re-review: kept Approved after the HKUST catalog change'
        : 'Re-review: Expired after the HKUST catalog change',
    reason: body.note,
  });
  if (!done) throw new ConflictError(`Mapping ${ref} was changed by someone else meanwhile; reload it`);
  const { since: _since, changes: _changes, ...view } = queueEntry(next);
  return view;
}
