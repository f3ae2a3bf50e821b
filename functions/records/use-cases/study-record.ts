// The Study Record page and the mapping detail page (guide §4.2-4.7).
//
// getStudyRecord — Input: a record of the signed-in student. Output: the record, its My Course
//   Mapping Requests (requested and Notify Me entries, as seen for its transfer term) and drafts.
// getMappingDetail — Input: record and D.B. Ref. No. Output: the mapping as the record sees it, with
//   Information Required, Reason for Denial, documents, and the student's relation to it.

import { compareIds } from '../../commons/ordering.js';
import type {
  MappingDetailResponse,
  MappingRow,
  MyMappingRequestRow,
  StudyRecordResponse,
  TimelineEvent,
} from '../../mappings/contracts.js';
import {
  type MappingRelation,
  mappingAction,
  statusForTerm,
} from '../../mappings/domain/mapping-validity.js';
import type { MappingRequestDraftItem } from '../../mappings/entities/draft.js';
import type { Mapping } from '../../mappings/entities/mapping.js';
import type { MappingSearchEntry } from '../../mappings/entities/mapping-search.js';
import {
  type MappingRequestStore,
  mustGetMappingAt,
  mustGetRecord,
} from '../../mappings/use-cases/mapping-requests.js';
import { estimateDecisionDate, median } from '../../reviews/domain/mapping-review.js';
import type { AuditEvent } from '../../store/audit.js';
import { studyRecordCategories } from '../domain/study-record.js';
import type { MyMappingRequest, StudyRecord } from '../entities/student.js';

export interface StudyRecordReader extends Pick<MappingRequestStore, 'getRecord' | 'getMapping' | 'getLink'> {
  /** The record's My Course Mapping Requests entries with their mappings. */
  listRequests(studentId: string, recordId: string): Promise<{ link: MyMappingRequest; mapping: Mapping }[]>;
  listDrafts(studentId: string, recordId: string): Promise<MappingRequestDraftItem[]>;
  timeline(ref: string): Promise<AuditEvent[]>;
  /** Days from routing to decision of a subject area's recent decisions. */
  recentTurnarounds(subjectArea: string): Promise<number[]>;
}

/** Estimated decision dates of the pending mappings among these, by ref. */
async function estimates(reader: StudyRecordReader, mappings: Mapping[]): Promise<Map<string, string>> {
  // Need Further Info waits on the student, not a department: no date to promise there.
  const pending = mappings.filter((m) => m.status === 'Request Initiated' || m.status === 'Under Review');
  const areas = [...new Set(pending.flatMap((m) => m.homeCourses.map((h) => h.subjectArea)))];
  const medians = new Map(
    await Promise.all(areas.map(async (a) => [a, median(await reader.recentTurnarounds(a))] as const)),
  );
  const found = new Map<string, string>();
  for (const m of pending) {
    const involved = new Map(m.homeCourses.map((h) => [h.subjectArea, medians.get(h.subjectArea)]));
    const date = estimateDecisionDate(m.submittedAt ?? m.createdAt, involved);
    if (date) found.set(m.ref, date);
  }
  return found;
}

/** Who did it, as a student may know: a role, or "You". Internal notes never leave ARO. */
function studentTimeline(events: AuditEvent[], studentId: string): TimelineEvent[] {
  const by = (actor: string) =>
    actor === studentId
      ? 'You'
      : /^\d{8}$/.test(actor)
        ? 'Another student'
        : actor.startsWith('ARO')
          ? 'Academic Registry'
          : actor.includes('@')
            ? 'Subject department'
            : 'Credit Transfer System';
  return events.map((e) => ({
    at: e.at,
    by: by(e.actor),
    action: e.action,
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

export async function listMyMappingRequests(
  reader: StudyRecordReader,
  studentId: string,
  recordId: string,
  filter = '',
): Promise<MyMappingRequestRow[]> {
  const record = await mustGetRecord(reader, studentId, recordId);
  const entries = await reader.listRequests(studentId, recordId);
  const estimated = await estimates(
    reader,
    entries.map((e) => e.mapping),
  );
  return entries
    .map(({ link, mapping }) => {
      const row = requestRow(record, link, mapping);
      const date = estimated.get(mapping.ref);
      return date ? { ...row, estimatedDecisionDate: date } : row;
    })
    .filter((row) => matchesRequestFilter(row, filter))
    .sort((a, b) => compareIds(b.lastModified, a.lastModified) || compareIds(b.ref, a.ref));
}

export async function getStudyRecord(
  reader: StudyRecordReader,
  studentId: string,
  recordId: string,
): Promise<StudyRecordResponse> {
  const record = await mustGetRecord(reader, studentId, recordId);
  const [myMappingRequests, drafts] = await Promise.all([
    listMyMappingRequests(reader, studentId, recordId),
    reader.listDrafts(studentId, recordId),
  ]);
  return {
    record: {
      recordId: record.recordId,
      institutionId: record.institutionId,
      institutionName: record.institutionName,
      category: studyRecordCategories[record.category].label,
      transferTerm: record.transferTerm,
      studyPeriod: record.studyPeriod,
    },
    myMappingRequests,
    drafts: drafts
      .sort((a, b) => compareIds(b.lastModified, a.lastModified))
      .map((d) => ({
        draftId: d.draftId,
        lastModified: d.lastModified.slice(0, 10),
        incomingCourses: d.incomingCourses.map((c) => ({ code: c.code, title: c.title })),
        homeCourseCodes: d.homeCourseCodes,
      })),
  };
}

export async function getMappingDetail(
  reader: StudyRecordReader,
  studentId: string,
  recordId: string,
  ref: string,
): Promise<MappingDetailResponse> {
  const record = await mustGetRecord(reader, studentId, recordId);
  const mapping = await mustGetMappingAt(reader, record, ref);
  const [link, events, estimated] = await Promise.all([
    reader.getLink(studentId, recordId, ref),
    reader.timeline(ref),
    estimates(reader, [mapping]),
  ]);
  const estimatedDecisionDate = estimated.get(ref);
  return {
    mapping: {
      ...mappingRow(mapping, record.transferTerm, link?.relation),
      kind: mapping.kind ?? 'new',
      documents: (mapping.documents ?? []).map((d) => ({
        uploadId: d.uploadId,
        fileName: d.fileName,
        ...(d.sizeBytes !== undefined ? { sizeBytes: d.sizeBytes } : {}),
      })),
      ...(mapping.status === 'Need Further Info' && mapping.reviewerNote
        ? { reviewerNote: mapping.reviewerNote }
        : {}),
      ...(mapping.status === 'Denied' && mapping.denialReason ? { denialReason: mapping.denialReason } : {}),
      createdAt: mapping.createdAt,
      updatedAt: mapping.updatedAt,
      ...(estimatedDecisionDate ? { estimatedDecisionDate } : {}),
    },
    ...(link ? { relation: link.relation } : {}),
    timeline: studentTimeline(events, studentId),
  };
}
