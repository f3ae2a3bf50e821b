// Response shapes of the course-mapping routes, shared by the handlers and the web front end.
// Requests are validated by zod schemas in the handlers; these are what the API answers.

import type { HomeCourse } from '../reference-data/entities/catalog.js';
import type { AuditEvent } from '../store/audit.js';
import type { MappingStatus } from './domain/mapping-status.js';
import type { MappingAction, ValidityFilter } from './domain/mapping-validity.js';
import type { IncomingCourse, MappedHomeCourse, Mapping } from './entities/mapping.js';

export const searchPageSize = 10;

/** One row of Search Existing Mappings (guide §4.1). "Re-map" is offered on every row. */
export interface MappingRow {
  ref: string;
  incomingCourses: IncomingCourse[];
  homeCourses: MappedHomeCourse[];
  /** What the Mapping Info column shows for the record's transfer term (an ended approval reads Expired). */
  status: MappingStatus;
  validFrom?: string;
  validTo?: string;
  action?: MappingAction;
}

export interface SearchExistingMappingsResponse {
  record: { recordId: string; institutionId: string; institutionName: string; transferTerm: string };
  keyword: string;
  filters: ValidityFilter[];
  page: number;
  pageSize: number;
  total: number;
  rows: MappingRow[];
}

export interface HomeCourseSearchResponse {
  courses: HomeCourse[];
}

/** An approved mapping elsewhere: a precedent, or a reverse-lookup result. */
export interface ApprovedMappingElsewhere {
  ref: string;
  institutionId: string;
  institutionName: string;
  incomingCourses: IncomingCourse[];
  homeCourses: MappedHomeCourse[];
  validFrom?: string;
  validTo?: string;
}

export interface ApprovedMappingsResponse {
  mappings: ApprovedMappingElsewhere[];
}

export interface DocumentRef {
  uploadId: string;
  fileName: string;
  sizeBytes?: number;
}

/** One row of My Course Mapping Requests (guide §4.2-4.7). */
export interface MyMappingRequestRow {
  lastModified: string;
  ref: string;
  incomingCourses: IncomingCourse[];
  homeCourses: MappedHomeCourse[];
  status: MappingStatus;
  /** `requester`: raised, provided info, extended or appealed; `notify-me`: followed with Notify Me. */
  relation: 'requester' | 'notify-me';
  /** Shown by the exclamation mark on Need Further Info. */
  reviewerNote?: string;
  /** Reason for Denial, on Denied. */
  denialReason?: string;
  action?: MappingAction;
  /** While pending: when a decision can be expected (YYYY-MM-DD), from the departments' median turnaround. */
  estimatedDecisionDate?: string;
}

export interface MappingRequestDraftSummary {
  draftId: string;
  lastModified: string;
  incomingCourses: { code: string; title: string }[];
  homeCourseCodes: string[];
}

export interface StudyRecordResponse {
  record: {
    recordId: string;
    institutionId: string;
    institutionName: string;
    category: string;
    transferTerm: string;
    studyPeriod: string;
  };
  myMappingRequests: MyMappingRequestRow[];
  drafts: MappingRequestDraftSummary[];
}

/** One event of a mapping's audit timeline as a student sees it: who, when, what, why. */
export interface TimelineEvent {
  at: string;
  /** A role, not a person: You, Academic Registry, Subject department, Another student. */
  by: string;
  action: string;
  reason?: string;
  from?: string;
  to?: string;
}

export interface MappingDetailResponse {
  mapping: MappingRow & {
    kind: 'new' | 'appeal';
    documents: DocumentRef[];
    /** Information Required: the reviewer's note on Need Further Info. */
    reviewerNote?: string;
    /** Reason for Denial on Denied. */
    denialReason?: string;
    createdAt: string;
    updatedAt: string;
    /** While pending: the slowest involved department's median turnaround from submission (YYYY-MM-DD). */
    estimatedDecisionDate?: string;
  };
  relation?: 'requester' | 'notify-me';
  timeline: TimelineEvent[];
}

/** ARO's view of a mapping: everything, internal notes included, and the steps the review awaits. */
export interface AroMappingResponse {
  mapping: Mapping;
  timeline: AuditEvent[];
  awaiting: { step: string; since: string; phase: string; subjectArea?: string }[];
}

export interface TriageQueueResponse {
  requests: {
    ref: string;
    since: string;
    phase: string;
    institutionName: string;
    incomingCourses: IncomingCourse[];
    homeCourses: MappedHomeCourse[];
    kind: 'new' | 'appeal';
  }[];
}

export interface MappingRequestDraft {
  draftId: string;
  recordId: string;
  /** As saved: credits and unit stay absent until entered, so a continued draft shows them empty. */
  incomingCourses: (Pick<IncomingCourse, 'code' | 'title'> &
    Partial<Pick<IncomingCourse, 'credits' | 'creditUnit'>> & { documentIds: string[] })[];
  homeCourseCodes: string[];
  justification?: string;
  remapOf?: string;
  lastModified: string;
}

export interface SubmittedMappingRequest {
  ref: string;
  status: MappingStatus;
  /** True when a new D.B. Ref. No. group was created (the incoming courses were new at this institution). */
  newGroup: boolean;
  /** A re-map of an incoming course already approved by the same subject area (§4.5). */
  appeal: boolean;
}

/** 409 body when the same request is already pending: Notify Me on it instead of a duplicate (§4.3). */
export interface DuplicateRequestConflict {
  error: 'DuplicateRequest';
  message: string;
  existingRef: string;
  /** What to do with the existing mapping instead: Notify Me while pending, else its row action; none when it is the student's own. */
  action?: MappingAction;
}
