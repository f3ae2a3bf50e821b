// The Study Record page and the mapping detail page (guide §4.2-4.7).
//
// getStudyRecord — Input: a record of the signed-in student. Output: the record, its My Course
//   Mapping Requests (requested and Notify Me entries, as seen for its transfer term) and drafts.
// getMappingDetail — Input: record and D.B. Ref. No. Output: the mapping as the record sees it, with
//   Information Required, Reason for Denial, documents, and the student's relation to it.

import { NotFoundError } from '../../commons/errors.js';
import { compareIds } from '../../commons/ordering.js';
import type {
  MappingDetailResponse,
  MappingRow,
  MyMappingRequestRow,
  StudyRecordResponse,
  TimelineEvent,
} from '../../mappings/contracts.js';
import {
  actionSeenBy,
  type MappingViewer,
  maySeeFiling,
  viewerFrom,
} from '../../mappings/domain/mapping-access.js';
import {
  type MappingRelation,
  mappingAction,
  statusForTerm,
} from '../../mappings/domain/mapping-validity.js';
import type { MappingRequestDraftItem } from '../../mappings/entities/draft.js';
import type { Mapping } from '../../mappings/entities/mapping.js';
import type { MappingSearchEntry } from '../../mappings/entities/mapping-search.js';
import { estimateDecisionDate, median } from '../../reviews/domain/mapping-review.js';
import type { AuditEvent } from '../../store/audit.js';
import { attachedStatuses } from '../../transcripts/domain/transcript-status.js';
import type { Transcript } from '../../transcripts/entities/transcript.js';
import { toStudentTranscript } from '../../transcripts/use-cases/transcripts.js';
import { studyRecordCategories } from '../domain/study-record.js';
import type { MyMappingRequest, StudyRecord } from '../entities/student.js';

/** A Study Record with what its page lists, read together. */
export interface StudyRecordPage {
  record: StudyRecord | undefined;
  /** Its My Course Mapping Requests entries with their mappings. */
  entries: { link: MyMappingRequest; mapping: Mapping }[];
  drafts: MappingRequestDraftItem[];
  /** The student's transcripts of this record (the Official Transcript panel). */
  transcripts: Transcript[];
  /**
   * Recent turnarounds of the subject areas its entries name (an entry names its mapping's areas, so
   * they are read beside the mappings, not after them).
   */
  turnarounds: Map<string, number[]>;
}

/** A mapping as one of the student's records sees it, read together. */
export interface MappingView {
  record: StudyRecord | undefined;
  mapping: Mapping | undefined;
  link: MyMappingRequest | undefined;
  timeline: AuditEvent[];
}

/**
 * The reads of these pages, in at most two sequential round trips each: first what the path names,
 * then what that names (docs/data-model.md).
 */
export interface StudyRecordReader {
  /** `wholePage`: with the drafts and transcripts the Study Record page shows besides the requests. */
  readStudyRecord(studentId: string, recordId: string, wholePage: boolean): Promise<StudyRecordPage>;
  readMapping(studentId: string, recordId: string, ref: string): Promise<MappingView>;
  /** Days from routing to decision of a subject area's recent decisions. */
  recentTurnarounds(subjectArea: string): Promise<number[]>;
}

const recordOrNotFound = (record: StudyRecord | undefined, recordId: string): StudyRecord => {
  if (!record) throw new NotFoundError(`No study record ${recordId} of yours`);
  return record;
};

const isStudentId = (actor: string) => /^\d{8}$/.test(actor);

/**
 * Who did it, as a student may know: a role, or "You". Internal notes never leave ARO, and another
 * student's own words stay theirs (domain/mapping-access.ts).
 */
function studentTimeline(events: AuditEvent[], studentId: string, viewer: MappingViewer): TimelineEvent[] {
  const by = (actor: string) =>
    actor === studentId
      ? 'You'
      : isStudentId(actor)
        ? 'Another student'
        : actor.startsWith('ARO')
          ? 'Academic Registry'
          : actor.includes('@')
            ? 'Subject department'
            : 'Credit Transfer System';
  return events.map((e) => ({
    at: e.at,
    by: by(e.actor),
    action: actionSeenBy(viewer, e.action, isStudentId(e.actor) && e.actor !== studentId),
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.from ? { from: e.from } : {}),
    ...(e.to ? { to: e.to } : {}),
  }));
}

export function mappingRow(m: MappingSearchEntry, term: string, relation: MappingRelation): MappingRow {
  const action = mappingAction(m, term, relation);
  return {
    ref: m.ref,
    incomingCourses: m.incomingCourses,
    homeCourses: m.homeCourses,
    status: statusForTerm(m, term),
    ...(m.validFrom ? { validFrom: m.validFrom } : {}),
    ...(m.validTo ? { validTo: m.validTo } : {}),
    ...(action ? { action } : {}),
    ...(m.reReview ? { underReReview: true } : {}),
  };
}

function requestRow(record: StudyRecord, link: MyMappingRequest, m: Mapping): MyMappingRequestRow {
  const row = mappingRow(m, record.transferTerm, link.relation);
  return {
    ...row,
    lastModified: (m.updatedAt > link.addedAt ? m.updatedAt : link.addedAt).slice(0, 10),
    relation: link.relation,
    ...(m.status === 'Need Further Info' && m.reviewerNote ? { reviewerNote: m.reviewerNote } : {}),
    ...(m.status === 'Denied' && m.denialReason ? { denialReason: m.denialReason } : {}),
  };
}

/** "Filter by course ref no or mapping info": every word must appear somewhere in the row. */
export function matchesRequestFilter(row: MyMappingRequestRow, filter: string): boolean {
  const text = [
    row.ref,
    row.status,
    ...row.incomingCourses.flatMap((c) => [c.code, c.title]),
    ...row.homeCourses.flatMap((c) => [c.code, c.title]),
  ]
    .join(' ')
    .toLowerCase();
  return filter
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}

const isAwaitingReview = (m: Pick<Mapping, 'status'>) =>
  m.status === 'Request Initiated' || m.status === 'Under Review';

/** Each subject area's recent turnarounds, one Query per area, all at once. */
async function turnarounds(
  reader: StudyRecordReader,
  areas: Iterable<string>,
): Promise<Map<string, number[]>> {
  const unique = [...new Set(areas)];
  return new Map(await Promise.all(unique.map(async (a) => [a, await reader.recentTurnarounds(a)] as const)));
}

/** Estimated decision dates of the pending mappings among these, by ref. */
async function estimates(
  reader: StudyRecordReader,
  mappings: Mapping[],
  known: Map<string, number[]>,
): Promise<Map<string, string>> {
  // Need Further Info waits on the student, not a department: no date to promise there.
  const pending = mappings.filter(isAwaitingReview);
  const missing = pending
    .flatMap((m) => m.homeCourses.map((h) => h.subjectArea))
    .filter((a) => !known.has(a));
  // Entries written before they named their subject areas cost one more round trip.
  const samples = missing.length > 0 ? new Map([...known, ...(await turnarounds(reader, missing))]) : known;
  const found = new Map<string, string>();
  for (const m of pending) {
    const involved = new Map(
      m.homeCourses.map((h) => [h.subjectArea, median(samples.get(h.subjectArea) ?? [])]),
    );
    const date = estimateDecisionDate(m.submittedAt ?? m.createdAt, involved);
    if (date) found.set(m.ref, date);
  }
  return found;
}

async function requestRows(
  reader: StudyRecordReader,
  record: StudyRecord,
  entries: StudyRecordPage['entries'],
  known: Map<string, number[]>,
): Promise<MyMappingRequestRow[]> {
  const estimated = await estimates(
    reader,
    entries.map((e) => e.mapping),
    known,
  );
  return entries
    .map(({ link, mapping }) => {
      const row = requestRow(record, link, mapping);
      const date = estimated.get(mapping.ref);
      return date ? { ...row, estimatedDecisionDate: date } : row;
    })
    .sort((a, b) => compareIds(b.lastModified, a.lastModified) || compareIds(b.ref, a.ref));
}

/** The record, its entries and their mappings, and the turnarounds of the pending ones. */
async function readPage(reader: StudyRecordReader, studentId: string, recordId: string, wholePage: boolean) {
  const page = await reader.readStudyRecord(studentId, recordId, wholePage);
  const record = recordOrNotFound(page.record, recordId);
  return { ...page, record };
}

export async function listMyMappingRequests(
  reader: StudyRecordReader,
  studentId: string,
  recordId: string,
  filter = '',
): Promise<MyMappingRequestRow[]> {
  const page = await readPage(reader, studentId, recordId, false);
  const rows = await requestRows(reader, page.record, page.entries, page.turnarounds);
  return rows.filter((row) => matchesRequestFilter(row, filter));
}

export async function getStudyRecord(
  reader: StudyRecordReader,
  studentId: string,
  recordId: string,
): Promise<StudyRecordResponse> {
  const {
    record,
    entries,
    drafts,
    transcripts,
    turnarounds: known,
  } = await readPage(reader, studentId, recordId, true);
  return {
    record: {
      recordId: record.recordId,
      institutionId: record.institutionId,
      institutionName: record.institutionName,
      category: studyRecordCategories[record.category].label,
      transferTerm: record.transferTerm,
      studyPeriod: record.studyPeriod,
      ...(record.qualification ? { qualification: record.qualification } : {}),
    },
    myMappingRequests: await requestRows(reader, record, entries, known),
    drafts: drafts
      .sort((a, b) => compareIds(b.lastModified, a.lastModified))
      .map((d) => ({
        draftId: d.draftId,
        lastModified: d.lastModified.slice(0, 10),
        incomingCourses: d.incomingCourses.map((c) => ({ code: c.code, title: c.title })),
        homeCourseCodes: d.homeCourseCodes,
      })),
    // Files attached to the record, newest first; an upload still being checked or not accepted
    // is the upload widget's to show, not the list's.
    transcripts: transcripts
      .filter((t) => attachedStatuses.includes(t.status))
      .sort((a, b) => compareIds(b.addedAt, a.addedAt))
      .map(toStudentTranscript),
  };
}

export async function getMappingDetail(
  reader: StudyRecordReader,
  studentId: string,
  recordId: string,
  ref: string,
): Promise<MappingDetailResponse> {
  const view = await reader.readMapping(studentId, recordId, ref);
  const record = recordOrNotFound(view.record, recordId);
  // A record sees only its institution's mappings.
  const mapping = view.mapping?.institutionId === record.institutionId ? view.mapping : undefined;
  if (!mapping) throw new NotFoundError(`No mapping ${ref} at ${record.institutionName}`);
  const { link } = view;
  const viewer = viewerFrom(link?.relation);
  const estimated = await estimates(reader, [mapping], new Map());
  const estimatedDecisionDate = estimated.get(ref);
  return {
    mapping: {
      ...mappingRow(mapping, record.transferTerm, link?.relation),
      kind: mapping.kind ?? 'new',
      ...(maySeeFiling(viewer)
        ? {
            documents: (mapping.documents ?? []).map((d) => ({
              uploadId: d.uploadId,
              fileName: d.fileName,
              ...(d.sizeBytes !== undefined ? { sizeBytes: d.sizeBytes } : {}),
            })),
            requestedBy: mapping.requestedBy === studentId ? 'You' : 'Another student',
          }
        : {}),
      ...(mapping.status === 'Need Further Info' && mapping.reviewerNote
        ? { reviewerNote: mapping.reviewerNote }
        : {}),
      ...(mapping.status === 'Denied' && mapping.denialReason ? { denialReason: mapping.denialReason } : {}),
      createdAt: mapping.createdAt,
      updatedAt: mapping.updatedAt,
      ...(estimatedDecisionDate ? { estimatedDecisionDate } : {}),
    },
    ...(link ? { relation: link.relation } : {}),
    timeline: studentTimeline(view.timeline, studentId, viewer),
  };
}
