import { createHash } from 'node:crypto';
import type { IncomingCourse, MappedHomeCourse } from '../../mappings/entities/mapping.js';
import { studentPk } from '../../records/entities/student.js';
import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';
import type { ApplicationStatus } from '../contracts.js';
import type { ApplicationFacts, EndorsementRouting } from '../domain/endorsement-rules.js';

/** A program office's answer, kept on the application for the student, ARO and the next routing. */
export interface Endorsement {
  officeId: string;
  officeName: string;
  outcome: 'Endorsed' | 'Not Endorsed';
  reason?: string;
  decidedBy: string;
  at: string;
}

/** What ARO decided, with what it transfers when approved (grade "T", guide §5.4). */
export interface AroDecision {
  outcome: 'Approved' | 'Rejected';
  decidedBy: string;
  at: string;
  reason?: string;
  /** Approved: the HKUST courses with the credits each receives, all graded "T". */
  transferred?: { code: string; credits: number; grade: 'T' }[];
  credits?: number;
  /** The conversion rule and the host grade scale version the credits were computed by. */
  conversion?: { ruleVersion: string; scaleId: string; scaleVersion: string; lowestGrade: string };
}

/** Need Further Info: ARO's note, and what the student provided in answer. */
export interface FurtherInfo {
  note: string;
  requestedBy: string;
  requestedAt: string;
  provided?: { justification: string; documents: { uploadId: string; fileName: string }[]; at: string };
}

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
  /** The study record's transfer term when applied for: it names the application deadline. */
  transferTerm: string;
  status: ApplicationStatus;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Submits so far; each starts the workflow once, under an execution name of its own. */
  attempt?: number;
  submittedAt?: string;
  /** The grade scale the final grades were checked against at the last submit. */
  gradeScale?: { id: string; version: string };
  /** Submitted after the transfer term's application deadline, with the student's justification. */
  late?: { deadline: string; justification: string };
  /** The endorsement routing of the last submit: rule version, rows matched, offices asked. */
  routing?: EndorsementRouting;
  /** The facts it was routed by: a later change to them (or to a grade) routes it again. */
  routedFacts?: ApplicationFacts;
  /** Grades as endorsed, to tell whether a changed grade must go back through endorsement. */
  endorsedGrades?: Record<string, string>;
  endorsements?: Endorsement[];
  furtherInfo?: FurtherInfo;
  decision?: AroDecision;
}

/** A human step's subject id for an application: the student's partition holds it and its audit. */
export const applicationSubjectId = (a: Pick<Application, 'studentId' | 'applicationId'>): string =>
  `${a.studentId}:${a.applicationId}`;
export function applicationOfSubjectId(id: string): { studentId: string; applicationId: string } {
  const at = id.lastIndexOf(':');
  return { studentId: id.slice(0, at), applicationId: id.slice(at + 1) };
}

export const ApplicationEntity = {
  type: 'Application',
  skPrefix: 'APPLICATION#',
  key: (studentId: string, applicationId: string): Keys => ({
    pk: studentPk(studentId),
    sk: `${ApplicationEntity.skPrefix}${applicationId}`,
  }),
  /** ARO's queues: every application in a status, by when it was last submitted (or changed). */
  statusQueue: (status: ApplicationStatus) => `APPLICATIONS#${status}`,
  /** An application by its id alone (ARO's routes name no student). */
  byId: (applicationId: string) => `APPLICATION#${applicationId}`,
  toItem: (a: Application): StoredItem => ({
    ...ApplicationEntity.key(a.studentId, a.applicationId),
    type: ApplicationEntity.type,
    gsi1pk: ApplicationEntity.statusQueue(a.status),
    gsi1sk: `${a.submittedAt ?? a.updatedAt}#${a.applicationId}`,
    gsi2pk: ApplicationEntity.byId(a.applicationId),
    gsi2sk: 'APPLICATION',
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

/**
 * The application deadline ARO set for a transfer term (guide §5.1, late applications); a term
 * without one has the default (domain/application-deadline.ts).
 */
export interface TermDeadline {
  term: string;
  deadline: string;
  setBy: string;
  setAt: string;
}

export const TermDeadlineEntity = {
  type: 'TermApplicationDeadline',
  key: (term: string): Keys => ({ pk: `TERM#${term}`, sk: 'APPLICATION-DEADLINE' }),
  toItem: (d: TermDeadline): StoredItem => ({
    ...TermDeadlineEntity.key(d.term),
    type: TermDeadlineEntity.type,
    ...d,
  }),
  fromItem: (item: Record<string, unknown>): TermDeadline => withoutKeys<TermDeadline>(item),
};
