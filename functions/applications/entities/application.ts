import { createHash } from 'node:crypto';
import type { IncomingCourse, MappedHomeCourse } from '../../mappings/entities/mapping.js';
import { studentPk } from '../../records/entities/student.js';
import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';
import type { ApplicationStatus } from '../contracts.js';

/**
 * A credit transfer application (guide §5): one study record's claim on one approved mapping, with
 * the final grade of each incoming course as the host institution gave it. The mapping's courses are
 * copied at Apply for CT, so what was applied for stays as it was if the mapping changes later.
 */
export interface Application {
  studentId: string;
  applicationId: string;
  recordId: string;
  ref: string;
  institutionId: string;
  institutionName: string;
  incomingCourses: (IncomingCourse & { finalGrade?: string })[];
  homeCourses: MappedHomeCourse[];
  status: ApplicationStatus;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const ApplicationEntity = {
  type: 'Application',
  skPrefix: 'APPLICATION#',
  key: (studentId: string, applicationId: string): Keys => ({
    pk: studentPk(studentId),
    sk: `${ApplicationEntity.skPrefix}${applicationId}`,
  }),
  toItem: (a: Application): StoredItem => ({
    ...ApplicationEntity.key(a.studentId, a.applicationId),
    type: ApplicationEntity.type,
    ...a,
  }),
  fromItem: (item: Record<string, unknown>): Application => withoutKeys<Application>(item),
};

/**
 * The uniqueness claim: one application per study record and mapping, whatever the number of
 * parallel Apply for CT. Put with the application in one transaction; it names the application.
 */
export const ApplicationClaimEntity = {
  type: 'ApplicationClaim',
  key: (studentId: string, recordId: string, ref: string): Keys => ({
    pk: studentPk(studentId),
    sk: `APPLIEDFOR#${createHash('sha256').update(`${recordId}\u0000${ref}`).digest('hex')}`,
  }),
  toItem: (a: Pick<Application, 'studentId' | 'recordId' | 'ref' | 'applicationId'>): StoredItem => ({
    ...ApplicationClaimEntity.key(a.studentId, a.recordId, a.ref),
    type: ApplicationClaimEntity.type,
    applicationId: a.applicationId,
  }),
};
