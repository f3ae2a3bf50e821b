// The Study Record page and the mapping detail page (guide §4.2-4.7).
//
// getStudyRecord — Input: a record of the signed-in student. Output: the record, its My Course
//   Mapping Requests (requested and Notify Me entries, as seen for its transfer term) and drafts.
// getMappingDetail — Input: record and D.B. Ref. No. Output: the mapping as the record sees it, with
//   Information Required, Reason for Denial, documents, and the student's relation to it.
import type {
  MappingDetailResponse,
  MappingRow,
  MyMappingRequestRow,
  StudyRecordResponse,
} from '../contracts/mappings.js';
import { type MappingRelation, mappingAction, statusForTerm } from '../domain/mapping-validity.js';
import { compareIds } from '../domain/ordering.js';
import { studyRecordCategories } from '../domain/study-record.js';
import type { MappingRequestDraftItem } from '../entities/draft.js';
import type { Mapping } from '../entities/mapping.js';
import type { MappingSearchEntry } from '../entities/mapping-search.js';
import type { MyMappingRequest, StudyRecord } from '../entities/student.js';
import { type MappingRequestStore, mustGetMappingAt, mustGetRecord } from './mapping-requests.js';

export interface StudyRecordReader extends Pick<MappingRequestStore, 'getRecord' | 'getMapping' | 'getLink'> {
  /** The record's My Course Mapping Requests entries with their mappings. */
  listRequests(studentId: string, recordId: string): Promise<{ link: MyMappingRequest; mapping: Mapping }[]>;
  listDrafts(studentId: string, recordId: string): Promise<MappingRequestDraftItem[]>;
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
  return entries
    .map(({ link, mapping }) => requestRow(record, link, mapping))
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
  const link = await reader.getLink(studentId, recordId, ref);
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
    },
    ...(link ? { relation: link.relation } : {}),
  };
}
