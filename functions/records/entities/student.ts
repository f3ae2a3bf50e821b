import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';
import type { StudyRecordCategory } from '../domain/study-record.js';

/** Student Information as on the dashboard (guide §2). */
export interface Student {
  studentId: string;
  name: string;
  email: string;
  program: string;
  cohortTerm: string;
  academicYear: string;
  programStatus: string;
  degreeCheckout: string;
}

export const studentPk = (studentId: string): string => `STUDENT#${studentId}`;

export const StudentEntity = {
  type: 'Student',
  key: (studentId: string): Keys => ({ pk: studentPk(studentId), sk: 'PROFILE' }),
  toItem: (s: Student): StoredItem => ({ ...StudentEntity.key(s.studentId), type: StudentEntity.type, ...s }),
  fromItem: (item: Record<string, unknown>): Student => withoutKeys<Student>(item),
};

/** One institution of a student's elsewhere studies (guide §3). */
export interface StudyRecord {
  studentId: string;
  recordId: string;
  institutionId: string;
  institutionName: string;
  category: StudyRecordCategory;
  /** The HKUST term the credits transfer into; decides which mappings are valid (guide §4.1). */
  transferTerm: string;
  /** When the elsewhere study took place, e.g. "2023-24 Spring" or "2017-2019". */
  studyPeriod: string;
  /** The qualification studied for, as the student names it ("HKDSE", "Associate Degree"); optional. */
  qualification?: string;
  createdBy: string;
  createdAt: string;
}

export const StudyRecordEntity = {
  type: 'StudyRecord',
  skPrefix: 'RECORD#',
  key: (studentId: string, recordId: string): Keys => ({
    pk: studentPk(studentId),
    sk: `${StudyRecordEntity.skPrefix}${recordId}`,
  }),
  toItem: (r: StudyRecord): StoredItem => ({
    ...StudyRecordEntity.key(r.studentId, r.recordId),
    type: StudyRecordEntity.type,
    ...r,
  }),
  fromItem: (item: Record<string, unknown>): StudyRecord => withoutKeys<StudyRecord>(item),
};

/**
 * The uniqueness claim of a study record: one per student, institution and category ("at most one"
 * by construction, written conditionally in the transaction that creates the record); names it.
 */
export const StudyRecordClaimEntity = {
  type: 'StudyRecordClaim',
  key: (studentId: string, institutionId: string, category: StudyRecordCategory): Keys => ({
    pk: studentPk(studentId),
    sk: `RECORDAT#${institutionId}#${category}`,
  }),
  toItem: (r: Pick<StudyRecord, 'studentId' | 'institutionId' | 'category' | 'recordId'>): StoredItem => ({
    ...StudyRecordClaimEntity.key(r.studentId, r.institutionId, r.category),
    type: StudyRecordClaimEntity.type,
    recordId: r.recordId,
  }),
  fromItem: (item: Record<string, unknown>): { recordId: string } => ({ recordId: item.recordId as string }),
};

/**
 * An entry of the student's "My Course Mapping Requests": a mapping the student requested, provided
 * info for, or asked to be notified about (Notify Me). The mapping itself is shared; this is the link.
 */
export interface MyMappingRequest {
  studentId: string;
  recordId: string;
  institutionId: string;
  ref: string;
  relation: 'requester' | 'notify-me';
  addedAt: string;
  /**
   * The subject areas of the mapping's HKUST courses (fixed for a D.B. Ref. No.), so the Study Record
   * reads the departments' turnarounds beside the mappings instead of after them.
   */
  subjectAreas?: string[];
}

export const MyMappingRequestEntity = {
  type: 'MyMappingRequest',
  skPrefix: 'MAPREQ#',
  /** All of a study record's entries: begins_with on the student's partition. */
  recordPrefix: (recordId: string) => `${MyMappingRequestEntity.skPrefix}${recordId}#`,
  key: (studentId: string, recordId: string, ref: string): Keys => ({
    pk: studentPk(studentId),
    sk: `${MyMappingRequestEntity.skPrefix}${recordId}#${ref}`,
  }),
  /** Everyone with the mapping in their list: who is told of its decision. */
  followers: (ref: string) => `FOLLOWERS#${ref}`,
  toItem: (r: MyMappingRequest): StoredItem => ({
    ...MyMappingRequestEntity.key(r.studentId, r.recordId, r.ref),
    type: MyMappingRequestEntity.type,
    gsi2pk: MyMappingRequestEntity.followers(r.ref),
    gsi2sk: `${r.studentId}#${r.recordId}`,
    ...r,
  }),
  fromItem: (item: Record<string, unknown>): MyMappingRequest => withoutKeys<MyMappingRequest>(item),
};
