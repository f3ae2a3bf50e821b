// The student's side of course mappings (guide §4.2-4.7).
//
// submitMappingRequest — Input: a study record of the student's, incoming course(s) with verified
//   PDFs, proposed HKUST equivalent(s), optional justification / remapOf. Output: a mapping in
//   Request Initiated under a D.B. Ref. No.: a new group when the incoming courses are new at the
//   institution, else the next suffix of the existing group; the review workflow's start in the same
//   commit (outbox), so the answer comes right after the commit and the workflow starts from the
//   outbox. Refused: an identical request (offer Notify Me / the action it has), an appeal mapping
//   without justification. Uniqueness is a conditional write in that commit, not the prior read: a
//   submission that loses a race re-reads and gets exactly the answer a sequential duplicate gets.
// notifyMe — follow a pending mapping from My Course Mapping Requests; a second press changes nothing.
// provideInfo / extendMapping / appealMapping — resubmit a Need Further Info / Expired / Denied
//   mapping with new documents: back to Request Initiated, the review's new start in the same commit.
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../commons/errors.js';
import type { OutboxMessage } from '../../outbox/entities/outbox-item.js';
import type { MyMappingRequest, StudyRecord } from '../../records/entities/student.js';
import type { HomeCourse } from '../../reference-data/entities/catalog.js';
import type { Submission } from '../../reviews/use-cases/mapping-review.js';
import { assertTransition } from '../../store/domain/transitions.js';
import type { Upload } from '../../uploads/entities/upload.js';
import type { DuplicateRequestConflict, SubmittedMappingRequest } from '../contracts.js';
import { mayResubmit, viewerFrom } from '../domain/mapping-access.js';
import { indexWords } from '../domain/mapping-search.js';
import { isPendingMapping, mappingTransitions } from '../domain/mapping-status.js';
import { isExpiredFor, mappingAction } from '../domain/mapping-validity.js';
import type { MappingRequestDraftItem } from '../entities/draft.js';
import {
  formatGroupRef,
  formatMappingRef,
  type IncomingCourse,
  incomingSignature,
  type Mapping,
  type MappingDocument,
  type MappingGroup,
} from '../entities/mapping.js';
import { maxIndexedWords } from '../entities/mapping-search.js';

export interface IncomingCourseInput extends IncomingCourse {
  documentIds: string[];
}

export interface MappingRequestInput {
  incomingCourses: IncomingCourseInput[];
  homeCourseCodes: string[];
  justification?: string;
  remapOf?: string;
}

/** The new mapping and everything written with it, in one transaction. */
export interface NewMapping {
  mapping: Mapping;
  /** A group created with it, or the existing group whose suffix it takes. */
  group: { created: MappingGroup } | { extended: MappingGroup };
  link: MyMappingRequest;
  /** The draft this submission came from, deleted with it. */
  draftId?: string;
  /** What must follow: the review workflow's start. */
  outbox: OutboxMessage[];
}

/**
 * Why a commit was refused, by what it found: `duplicate` (the identity of the mapping is taken),
 * `group-taken` (another submission created the D.B. Ref. No. group of these incoming courses),
 * `suffix-taken` (another took the group's next suffix), `draft-gone` (the draft was submitted or
 * cancelled meanwhile), `changed` (the mapping's version moved on), `contended` (DynamoDB refused a
 * transaction that overlapped another one; nothing was decided).
 */
export type CommitConflict =
  | 'duplicate'
  | 'group-taken'
  | 'suffix-taken'
  | 'draft-gone'
  | 'changed'
  | 'contended';
export type Commit = { committed: true } | { committed: false; conflicts: CommitConflict[] };

export interface MappingRequestStore {
  getRecord(studentId: string, recordId: string): Promise<StudyRecord | undefined>;
  getMapping(ref: string): Promise<Mapping | undefined>;
  getHomeCourses(codes: string[]): Promise<HomeCourse[]>;
  getUploads(studentId: string, uploadIds: string[]): Promise<Upload[]>;
  /** The group of this exact incoming-course set at the institution, with its mappings. */
  findGroup(
    institutionId: string,
    signature: string,
  ): Promise<{ group: MappingGroup; mappings: Mapping[] } | undefined>;
  nextGroupNumber(): Promise<number>;
  /**
   * One transaction: the mapping with its uniqueness claims, the group (created, or its suffix
   * taken), the audit event, search entries, the student's link, the draft deleted, the outbox.
   * Nothing is written when a condition fails; the answer says which.
   */
  createMapping(created: NewMapping): Promise<Commit>;
  /** The change with its version check, audit event, search entries, the student's link and the outbox, in one transaction. */
  resubmitMapping(
    previous: Mapping,
    next: Mapping,
    link: MyMappingRequest,
    action: string,
    outbox: OutboxMessage[],
  ): Promise<Commit>;
  getLink(studentId: string, recordId: string, ref: string): Promise<MyMappingRequest | undefined>;
  getDraft(
    studentId: string,
    recordId: string,
    draftId: string,
  ): Promise<MappingRequestDraftItem | undefined>;
  /** Adds the link unless one exists; returns the link that is there afterwards. */
  addLink(link: MyMappingRequest): Promise<MyMappingRequest>;
}

export interface ReviewStarter {
  /** The outbox message that starts the mapping-review workflow for this version of the mapping. */
  reviewStart(mapping: Mapping, submission: Submission): OutboxMessage;
}

export interface MappingRequestDeps {
  store: MappingRequestStore;
  reviews: ReviewStarter;
  now: () => Date;
  /** Pause before trying a commit again after a lost race (jittered); tests pass none. */
  backoff?: (attempt: number) => Promise<void>;
}

/** Lost races are retried this often before the student is asked to submit again. */
const maxCommitAttempts = 8;

const jitteredBackoff = (attempt: number) =>
  new Promise<void>((r) => setTimeout(r, Math.random() * 20 * 2 ** Math.min(attempt, 5)));

export class DuplicateRequestError extends ConflictError {
  constructor(readonly conflict: DuplicateRequestConflict) {
    super(conflict.message);
  }
}

export async function mustGetRecord(
  store: Pick<MappingRequestStore, 'getRecord'>,
  studentId: string,
  recordId: string,
) {
  const record = await store.getRecord(studentId, recordId);
  if (!record) throw new NotFoundError(`No study record ${recordId} of yours`);
  return record;
}

/** The mapping, if it belongs to the record's institution (a record sees only its institution's mappings). */
export async function mustGetMappingAt(
  store: Pick<MappingRequestStore, 'getMapping'>,
  record: StudyRecord,
  ref: string,
) {
  return mappingAt(record, ref, await store.getMapping(ref));
}

function mappingAt(record: StudyRecord, ref: string, mapping: Mapping | undefined): Mapping {
  if (!mapping || mapping.institutionId !== record.institutionId) {
    throw new NotFoundError(`No mapping ${ref} at ${record.institutionName}`);
  }
  return mapping;
}

/** Documents must be the student's own uploads, checked by the upload hook (guide: PDF, at most 10 MB). */
async function attachDocuments(
  deps: MappingRequestDeps,
  studentId: string,
  ids: { field: string; uploadId: string; incomingCode?: string }[],
  purpose: MappingDocument['purpose'],
  at: string,
): Promise<MappingDocument[]> {
  const uploads = new Map(
    (await deps.store.getUploads(studentId, [...new Set(ids.map((i) => i.uploadId))])).map((u) => [
      u.uploadId,
      u,
    ]),
  );
  const issues = ids.flatMap(({ field, uploadId }) => {
    const upload = uploads.get(uploadId);
    if (!upload) return [{ field, reason: `upload ${uploadId} is not one of yours` }];
    if (upload.status !== 'Verified') {
      return [{ field, reason: `${upload.fileName} is not a verified PDF (${upload.status})` }];
    }
    return [];
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return ids.map(({ uploadId, incomingCode }) => {
    const upload = uploads.get(uploadId) as Upload;
    return {
      uploadId,
      fileName: upload.fileName,
      ...(upload.sizeBytes !== undefined ? { sizeBytes: upload.sizeBytes } : {}),
      ...(incomingCode ? { incomingCode } : {}),
      addedBy: studentId,
      addedAt: at,
      purpose,
    };
  });
}

/** The value of a read made alongside others, or its error. */
function settled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

const sameCodes = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('|') === [...b].sort().join('|');

export async function submitMappingRequest(
  deps: MappingRequestDeps,
  studentId: string,
  recordId: string,
  input: MappingRequestInput,
  draftId?: string,
): Promise<SubmittedMappingRequest> {
  const at = deps.now().toISOString();
  const codes = input.homeCourseCodes.map((c) => c.toUpperCase());
  const missingDocs = input.incomingCourses.flatMap((c, i) =>
    c.documentIds.length === 0
      ? [
          {
            field: `body.incomingCourses.${i}.documentIds`,
            reason: 'attach at least one supporting document (PDF)',
          },
        ]
      : [],
  );
  // Everything the request names is read at once; the answers are then judged in a fixed order, so
  // the error a student sees does not depend on which read came back first.
  const [recordRead, coursesRead, documentsRead, remapRead] = await Promise.allSettled([
    mustGetRecord(deps.store, studentId, recordId),
    deps.store.getHomeCourses(codes),
    attachDocuments(
      deps,
      studentId,
      input.incomingCourses.flatMap((c, i) =>
        c.documentIds.map((uploadId, j) => ({
          field: `body.incomingCourses.${i}.documentIds.${j}`,
          uploadId,
          incomingCode: c.code,
        })),
      ),
      'request',
      at,
    ),
    input.remapOf ? deps.store.getMapping(input.remapOf) : Promise.resolve(undefined),
  ]);
  const record = settled(recordRead);
  const courses = new Map(settled(coursesRead).map((c) => [c.code, c]));
  // A retired course stays readable (its approved mappings point at it) but takes no new request.
  const unknown = codes.flatMap((code, i) =>
    !courses.has(code)
      ? [{ field: `body.homeCourseCodes.${i}`, reason: `${code} is not an HKUST course` }]
      : courses.get(code)?.status === 'Retired'
        ? [{ field: `body.homeCourseCodes.${i}`, reason: `${code} is retired from the HKUST catalog` }]
        : [],
  );
  if (unknown.length > 0) throw new ValidationError(unknown);
  if (missingDocs.length > 0) throw new ValidationError(missingDocs);
  const documents = settled(documentsRead);
  if (input.remapOf) mappingAt(record, input.remapOf, settled(remapRead));

  const incomingCourses: IncomingCourse[] = input.incomingCourses.map(({ documentIds: _, ...c }) => ({
    ...c,
    code: c.code.trim(),
    title: c.title.trim(),
  }));
  const homeCourses = codes.map((code) => {
    const c = courses.get(code) as HomeCourse;
    return { code: c.code, title: c.title, credits: c.credits, subjectArea: c.subjectArea };
  });
  // Read, decide, commit; the commit's conditions, not the read, make the mapping and its group
  // unique. A lost race reads again, so its answer is the one a sequential duplicate gets.
  let groupNumber: number | undefined;
  for (let attempt = 1; ; attempt++) {
    const existing = await deps.store.findGroup(record.institutionId, incomingSignature(incomingCourses));
    await refuseDuplicate(deps, studentId, recordId, record, existing?.mappings ?? [], codes, draftId);

    // §4.5: mapping an incoming course to another course of a subject area that already approved a
    // mapping for it is an appeal, and needs a justification.
    const appeal = isAppealMapping(existing?.mappings ?? [], homeCourses);
    if (appeal && !input.justification?.trim()) {
      throw ValidationError.of(
        'body.justification',
        'this is an appeal mapping: the same subject area already approved a mapping for this incoming course; give a justification, such as a comparison table',
      );
    }

    let group: NewMapping['group'];
    let suffix: number;
    if (existing) {
      suffix = existing.group.lastSuffix + 1;
      group = { extended: existing.group };
    } else {
      // Taken once per submission: a retry after a lost race does not burn another group number.
      groupNumber ??= await deps.store.nextGroupNumber();
      const groupRef = formatGroupRef(groupNumber);
      suffix = 1;
      group = { created: { groupRef, institutionId: record.institutionId, incomingCourses, lastSuffix: 1 } };
    }
    const groupRef = 'created' in group ? group.created.groupRef : group.extended.groupRef;
    const mapping: Mapping = {
      ref: formatMappingRef(groupRef, suffix),
      groupRef,
      institutionId: record.institutionId,
      institutionName: record.institutionName,
      incomingCourses,
      homeCourses,
      status: 'Request Initiated',
      requestedBy: studentId,
      kind: appeal ? 'appeal' : 'new',
      ...(input.justification?.trim() ? { justification: input.justification.trim() } : {}),
      ...(input.remapOf ? { remapOf: input.remapOf } : {}),
      documents,
      createdAt: at,
      submittedAt: at,
      updatedAt: at,
      version: 1,
    };
    assertTransition(mappingTransitions, mapping.ref, undefined, mapping.status);
    const words = indexWords(mapping).length;
    if (words > maxIndexedWords) {
      throw ValidationError.of(
        'body.incomingCourses',
        `the course codes and titles hold ${words} different words; at most ${maxIndexedWords} can be searched, so shorten the titles`,
      );
    }
    const link: MyMappingRequest = {
      studentId,
      recordId,
      institutionId: record.institutionId,
      ref: mapping.ref,
      relation: 'requester',
      addedAt: at,
      subjectAreas: subjectAreasOf(mapping),
    };
    const result = await deps.store.createMapping({
      mapping,
      group,
      link,
      ...(draftId ? { draftId } : {}),
      outbox: [deps.reviews.reviewStart(mapping, 'new')],
    });
    if (result.committed) {
      return { ref: mapping.ref, status: mapping.status, newGroup: 'created' in group, appeal };
    }
    // The draft was submitted (or cancelled) by a request that won: this one is a second submit.
    if (result.conflicts.includes('draft-gone') && draftId) throw draftNotFound(draftId);
    if (attempt >= maxCommitAttempts) {
      throw new ConflictError('Many requests for this course arrived at the same moment; submit again');
    }
    await (deps.backoff ?? jitteredBackoff)(attempt);
  }
}

/** What a submit of a draft that no longer exists gets, whether it came second or lost a race. */
export const draftNotFound = (draftId: string): NotFoundError =>
  new NotFoundError(`No draft ${draftId} of yours: it was submitted or cancelled`);

/** §4.5: another HKUST course of a subject area that already approved a mapping of these incoming courses. */
export function isAppealMapping(
  groupMappings: readonly Mapping[],
  homeCourses: readonly { subjectArea: string }[],
): boolean {
  const areas = new Set(homeCourses.map((h) => h.subjectArea));
  return groupMappings.some(
    (m) => m.status === 'Approved' && m.homeCourses.some((h) => areas.has(h.subjectArea)),
  );
}

/** The same incoming course(s) to the same HKUST course(s) already exists: follow it instead (§4.3). */
async function refuseDuplicate(
  deps: MappingRequestDeps,
  studentId: string,
  recordId: string,
  record: StudyRecord,
  groupMappings: readonly Mapping[],
  codes: readonly string[],
  draftId: string | undefined,
): Promise<void> {
  const twin = groupMappings.find((m) =>
    sameCodes(
      m.homeCourses.map((h) => h.code),
      codes,
    ),
  );
  if (!twin) return;
  // A draft submitted meanwhile (a second press of Submit): the answer a later press gets.
  if (draftId && !(await deps.store.getDraft(studentId, recordId, draftId))) throw draftNotFound(draftId);
  const link = await deps.store.getLink(studentId, recordId, twin.ref);
  const action = mappingAction(twin, record.transferTerm, link?.relation);
  const pending = isPendingMapping(twin.status) && !isExpiredFor(twin, record.transferTerm);
  const message =
    link?.relation === 'requester'
      ? `You already requested this mapping: ${twin.ref} (${twin.status}), in My Course Mapping Requests.`
      : pending
        ? `The same mapping ${twin.ref} is already pending (${twin.status}). Use Notify Me to follow it.`
        : `The same mapping ${twin.ref} already exists (${twin.status}).${action ? ` Use ${action} on it.` : ''}`;
  throw new DuplicateRequestError({
    error: 'DuplicateRequest',
    message,
    existingRef: twin.ref,
    ...(action ? { action } : {}),
  });
}

/** What an entry of My Course Mapping Requests notes of its mapping (see MyMappingRequest). */
const subjectAreasOf = (m: Pick<Mapping, 'homeCourses'>) => [
  ...new Set(m.homeCourses.map((h) => h.subjectArea)),
];

export async function notifyMe(deps: MappingRequestDeps, studentId: string, recordId: string, ref: string) {
  const record = await mustGetRecord(deps.store, studentId, recordId);
  const mapping = await mustGetMappingAt(deps.store, record, ref);
  if (!isPendingMapping(mapping.status)) {
    throw new ConflictError(`Mapping ${ref} is ${mapping.status}: Notify Me is for mappings still in review`);
  }
  const link = await deps.store.addLink({
    studentId,
    recordId,
    institutionId: record.institutionId,
    ref,
    relation: 'notify-me',
    addedAt: deps.now().toISOString(),
    subjectAreas: subjectAreasOf(mapping),
  });
  return { ref, relation: link.relation, action: 'Will Notify You' as const };
}

export type Resubmission = 'provide-info' | 'extend' | 'appeal';

const resubmissionRules: Record<
  Resubmission,
  { action: string; allowed: (m: Mapping, term: string) => boolean; needs: string }
> = {
  'provide-info': {
    action: 'Provided further information',
    allowed: (m) => m.status === 'Need Further Info',
    needs: 'Need Further Info',
  },
  extend: {
    action: 'Extension requested',
    allowed: (m, term) => isExpiredFor(m, term),
    needs: 'Expired',
  },
  appeal: { action: 'Appealed the denial', allowed: (m) => m.status === 'Denied', needs: 'Denied' },
};

/** Provide Info (§4.4), Extend (§4.6) or Appeal (§4.7): new documents, back to Request Initiated. */
export async function resubmitMapping(
  deps: MappingRequestDeps,
  studentId: string,
  recordId: string,
  ref: string,
  kind: Resubmission,
  input: { documentIds: string[]; note?: string; justification?: string },
): Promise<{ ref: string; status: Mapping['status'] }> {
  const record = await mustGetRecord(deps.store, studentId, recordId);
  const rule = resubmissionRules[kind];
  let documents: MappingDocument[] | undefined;
  // A resubmission that loses a race to another change reads the mapping again: the rules then give
  // it the answer it would have had second (for a second Provide Info, "this action is for ...").
  for (let attempt = 1; ; attempt++) {
    const [mapping, entry] = await Promise.all([
      mustGetMappingAt(deps.store, record, ref),
      deps.store.getLink(studentId, recordId, ref),
    ]);
    if (!rule.allowed(mapping, record.transferTerm)) {
      throw new ConflictError(
        `Mapping ${ref} is ${mapping.status}; this action is for ${rule.needs} mappings`,
      );
    }
    if (!mayResubmit(kind, viewerFrom(entry?.relation))) {
      throw new ForbiddenError(
        `Provide Info on ${ref} is for the students who filed it; use Notify Me to follow the mapping`,
      );
    }
    assertTransition(mappingTransitions, ref, mapping.status, 'Request Initiated');
    const at = deps.now().toISOString();
    documents ??= await attachDocuments(
      deps,
      studentId,
      input.documentIds.map((uploadId, i) => ({ field: `body.documentIds.${i}`, uploadId })),
      kind,
      at,
    );
    const next: Mapping = {
      ...mapping,
      status: 'Request Initiated',
      documents: [...(mapping.documents ?? []), ...documents],
      ...(kind === 'appeal' ? { kind: 'appeal' as const, justification: input.justification?.trim() } : {}),
      submittedAt: at,
      updatedAt: at,
      version: mapping.version + 1,
    };
    const link: MyMappingRequest = {
      studentId,
      recordId,
      institutionId: record.institutionId,
      ref,
      relation: 'requester',
      addedAt: at,
      subjectAreas: subjectAreasOf(mapping),
    };
    const note = input.note?.trim() || input.justification?.trim();
    const result = await deps.store.resubmitMapping(
      mapping,
      next,
      link,
      note ? `${rule.action}: ${note}` : rule.action,
      [deps.reviews.reviewStart(next, kind)],
    );
    if (result.committed) return { ref, status: next.status };
    if (attempt >= maxCommitAttempts) {
      throw new ConflictError(`Mapping ${ref} was changed by someone else; reload and try again`);
    }
    await (deps.backoff ?? jitteredBackoff)(attempt);
  }
}
