// The student's side of course mappings (guide §4.2-4.7).
//
// submitMappingRequest — Input: a study record of the student's, incoming course(s) with verified
//   PDFs, proposed HKUST equivalent(s), optional justification / remapOf. Output: a mapping in
//   Request Initiated under a D.B. Ref. No.: a new group when the incoming courses are new at the
//   institution, else the next suffix of the existing group; the review workflow started.
//   Refused: an identical pending request (offer Notify Me), an appeal mapping without justification.
// notifyMe — follow a pending mapping from My Course Mapping Requests; a second press changes nothing.
// provideInfo / extendMapping / appealMapping — resubmit a Need Further Info / Expired / Denied
//   mapping with new documents: back to Request Initiated, review started again.
import { ConflictError, NotFoundError, ValidationError } from '../../commons/errors.js';
import type { MyMappingRequest, StudyRecord } from '../../records/entities/student.js';
import type { HomeCourse } from '../../reference-data/entities/catalog.js';
import { assertTransition } from '../../reviews/domain/mapping-review.js';
import type { Submission } from '../../reviews/use-cases/mapping-review.js';
import type { Upload } from '../../uploads/entities/upload.js';
import type { DuplicateRequestConflict, SubmittedMappingRequest } from '../contracts.js';
import { indexWords } from '../domain/mapping-search.js';
import { isPendingMapping } from '../domain/mapping-status.js';
import { isExpiredFor, mappingAction } from '../domain/mapping-validity.js';
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
}

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
  createMapping(created: NewMapping): Promise<void>;
  /** The change with its audit event and search entry, plus the student's link, in one transaction. */
  resubmitMapping(previous: Mapping, next: Mapping, link: MyMappingRequest, action: string): Promise<void>;
  getLink(studentId: string, recordId: string, ref: string): Promise<MyMappingRequest | undefined>;
  /** Adds the link unless one exists; returns the link that is there afterwards. */
  addLink(link: MyMappingRequest): Promise<MyMappingRequest>;
}

export interface ReviewStarter {
  /** Starts the mapping-review workflow for this version of the mapping (idempotent per version). */
  startReview(mapping: Mapping, submission: Submission): Promise<void>;
}

export interface MappingRequestDeps {
  store: MappingRequestStore;
  reviews: ReviewStarter;
  now: () => Date;
}

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
  const mapping = await store.getMapping(ref);
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

const sameCodes = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('|') === [...b].sort().join('|');

export async function submitMappingRequest(
  deps: MappingRequestDeps,
  studentId: string,
  recordId: string,
  input: MappingRequestInput,
  draftId?: string,
): Promise<SubmittedMappingRequest> {
  const record = await mustGetRecord(deps.store, studentId, recordId);
  const at = deps.now().toISOString();
  const codes = input.homeCourseCodes.map((c) => c.toUpperCase());

  const courses = new Map((await deps.store.getHomeCourses(codes)).map((c) => [c.code, c]));
  const unknown = codes.flatMap((code, i) =>
    courses.has(code)
      ? []
      : [{ field: `body.homeCourseCodes.${i}`, reason: `${code} is not an HKUST course` }],
  );
  if (unknown.length > 0) throw new ValidationError(unknown);
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
  if (missingDocs.length > 0) throw new ValidationError(missingDocs);
  const documents = await attachDocuments(
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
  );
  if (input.remapOf) await mustGetMappingAt(deps.store, record, input.remapOf);

  const incomingCourses: IncomingCourse[] = input.incomingCourses.map(({ documentIds: _, ...c }) => ({
    ...c,
    code: c.code.trim(),
    title: c.title.trim(),
  }));
  const homeCourses = codes.map((code) => {
    const c = courses.get(code) as HomeCourse;
    return { code: c.code, title: c.title, credits: c.credits, subjectArea: c.subjectArea };
  });
  const existing = await deps.store.findGroup(record.institutionId, incomingSignature(incomingCourses));

  // The same incoming course(s) to the same HKUST course(s) already exists: follow it instead.
  const twin = existing?.mappings.find((m) =>
    sameCodes(
      m.homeCourses.map((h) => h.code),
      codes,
    ),
  );
  if (twin) {
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

  // §4.5: mapping an incoming course to another course of a subject area that already approved a
  // mapping for it is an appeal, and needs a justification.
  const areas = new Set(homeCourses.map((h) => h.subjectArea));
  const appeal = Boolean(
    existing?.mappings.some(
      (m) => m.status === 'Approved' && m.homeCourses.some((h) => areas.has(h.subjectArea)),
    ),
  );
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
    const groupRef = formatGroupRef(await deps.store.nextGroupNumber());
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
  const link: MyMappingRequest = {
    studentId,
    recordId,
    institutionId: record.institutionId,
    ref: mapping.ref,
    relation: 'requester',
    addedAt: at,
  };
  const words = indexWords(mapping).length;
  if (words > maxIndexedWords) {
    throw ValidationError.of(
      'body.incomingCourses',
      `the course codes and titles hold ${words} different words; at most ${maxIndexedWords} can be searched, so shorten the titles`,
    );
  }
  await deps.store.createMapping({ mapping, group, link, ...(draftId ? { draftId } : {}) });
  await deps.reviews.startReview(mapping, 'new');
  return { ref: mapping.ref, status: mapping.status, newGroup: 'created' in group, appeal };
}

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
  const mapping = await mustGetMappingAt(deps.store, record, ref);
  const rule = resubmissionRules[kind];
  if (!rule.allowed(mapping, record.transferTerm)) {
    throw new ConflictError(`Mapping ${ref} is ${mapping.status}; this action is for ${rule.needs} mappings`);
  }
  assertTransition(ref, mapping.status, 'Request Initiated');
  const at = deps.now().toISOString();
  const documents = await attachDocuments(
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
  };
  const note = input.note?.trim() || input.justification?.trim();
  await deps.store.resubmitMapping(mapping, next, link, note ? `${rule.action}: ${note}` : rule.action);
  await deps.reviews.startReview(next, kind);
  return { ref, status: next.status };
}
