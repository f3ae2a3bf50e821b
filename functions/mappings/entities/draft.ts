import { studentPk } from '../../records/entities/student.js';
import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';
import type { CreditUnit } from './mapping.js';

/** A Create New Course Mapping Request saved with "Save as Draft": the student's alone, until submitted. */
export interface MappingRequestDraftItem {
  studentId: string;
  recordId: string;
  draftId: string;
  incomingCourses: {
    code: string;
    title: string;
    credits?: number;
    creditUnit?: CreditUnit;
    documentIds: string[];
  }[];
  homeCourseCodes: string[];
  justification?: string;
  remapOf?: string;
  lastModified: string;
}

export const DraftEntity = {
  type: 'MappingRequestDraft',
  skPrefix: (recordId: string) => `DRAFT#${recordId}#`,
  key: (studentId: string, recordId: string, draftId: string): Keys => ({
    pk: studentPk(studentId),
    sk: `${DraftEntity.skPrefix(recordId)}${draftId}`,
  }),
  toItem: (d: MappingRequestDraftItem): StoredItem => ({
    ...DraftEntity.key(d.studentId, d.recordId, d.draftId),
    type: DraftEntity.type,
    ...d,
  }),
  fromItem: (item: Record<string, unknown>): MappingRequestDraftItem =>
    withoutKeys<MappingRequestDraftItem>(item),
};
