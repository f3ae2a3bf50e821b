import { createHash } from 'node:crypto';
import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';
import type { MappingStatus } from '../domain/mapping-status.js';

// The value lists are the API contract's (mappings/contracts.ts); the entity holds what it promises.
export { type CreditUnit, creditUnits, refPattern } from '../contracts.js';

import type { CreditUnit } from '../contracts.js';

export interface IncomingCourse {
  code: string;
  title: string;
  credits: number;
  creditUnit: CreditUnit;
}

export interface MappedHomeCourse {
  code: string;
  title: string;
  credits: number;
  subjectArea: string;
}

/**
 * A course mapping: incoming course(s) at an institution to HKUST course(s), identified by its
 * D.B. Ref. No. (`B006711-02`: group `B006711`, the second mapping of that incoming-course group).
 */
export interface Mapping {
  ref: string;
  groupRef: string;
  institutionId: string;
  institutionName: string;
  incomingCourses: IncomingCourse[];
  homeCourses: MappedHomeCourse[];
  status: MappingStatus;
  /** First and last transfer term for which an approval holds (set on approval). */
  validFrom?: string;
  validTo?: string;
  /** Shown to students on Need Further Info. */
  reviewerNote?: string;
  /** Shown to students on Denied. */
  denialReason?: string;
  requestedBy: string;
  /** `appeal`: a re-map of an incoming course the same subject area already approved (§4.5), or an appealed denial. */
  kind?: 'new' | 'appeal';
  /** The student's case for an appeal mapping or an appealed denial. */
  justification?: string;
  /** The mapping a Re-map started from. */
  remapOf?: string;
  /** Verified PDFs attached by students (syllabi, comparison tables, updated documents). */
  documents?: MappingDocument[];
  createdAt: string;
  /** When the current round of review began: the request, or its latest Provide Info, Extend or Appeal. */
  submittedAt?: string;
  updatedAt: string;
  /** Optimistic lock: every state change checks and bumps it. */
  version: number;
  /**
   * An Approved mapping whose HKUST course changed materially (credits, exclusions, retired) since it
   * was approved: ARO re-reviews it (keeps it, or ends it). Absent when nothing awaits re-review.
   */
  reReview?: ReReview;
  /** The catalog changes ARO re-reviewed it for (latest last): a late redelivery flags none again. */
  reReviewed?: { code: string; catalogVersion: number }[];
}

export interface ReReview {
  /** When the first change still awaiting ARO flagged it. */
  since: string;
  /** The catalog changes that flagged it, latest last: one per course and catalog version. */
  changes: { code: string; catalogVersion: number; change: string; at: string }[];
}

export interface MappingDocument {
  uploadId: string;
  fileName: string;
  sizeBytes?: number;
  /** The incoming course it supports, when given for one. */
  incomingCode?: string;
  addedBy: string;
  addedAt: string;
  /** Why it was attached: the request itself, Provide Info, Extend or Appeal. */
  purpose: 'request' | 'provide-info' | 'extend' | 'appeal';
}

export const mappingGroupPk = (groupRef: string): string => `MAPGROUP#${groupRef}`;
export const groupRefOf = (ref: string): string => ref.slice(0, ref.indexOf('-'));
export const formatGroupRef = (n: number): string => `B${String(n).padStart(6, '0')}`;
export const formatMappingRef = (groupRef: string, suffix: number): string =>
  `${groupRef}-${String(suffix).padStart(2, '0')}`;

export const MappingEntity = {
  type: 'Mapping',
  key: (ref: string): Keys => ({ pk: mappingGroupPk(groupRefOf(ref)), sk: `MAPPING#${ref}` }),
  /** Approved mappings awaiting re-review, oldest flag first (sparse: only flagged mappings are in it). */
  reReviewQueue: 'MAPPINGS#RE-REVIEW',
  // Listed by institution and HKUST course through its search entries (mappings/entities/mapping-search.ts).
  toItem: (m: Mapping): StoredItem => ({
    ...MappingEntity.key(m.ref),
    type: MappingEntity.type,
    ...(m.reReview ? { gsi1pk: MappingEntity.reReviewQueue, gsi1sk: `${m.reReview.since}#${m.ref}` } : {}),
    ...m,
  }),
  fromItem: (item: Record<string, unknown>): Mapping => withoutKeys<Mapping>(item),
};

/** The incoming-course group a D.B. Ref. No. prefix names; holds the next mapping suffix. */
export interface MappingGroup {
  groupRef: string;
  institutionId: string;
  incomingCourses: IncomingCourse[];
  lastSuffix: number;
}

/**
 * Identity of an incoming-course set at an institution (guide §4.2): a new D.B. Ref. No. group only
 * when any of code, title, credits or credit unit differs. Case and spacing are not a difference.
 */
export function incomingSignature(courses: readonly IncomingCourse[]): string {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return courses
    .map((c) => [norm(c.code), norm(c.title), String(c.credits), c.creditUnit.toLowerCase()].join('|'))
    .sort()
    .join('||');
}

export const MappingGroupEntity = {
  type: 'MappingGroup',
  key: (groupRef: string): Keys => ({ pk: mappingGroupPk(groupRef), sk: 'GROUP' }),
  /** Groups of one institution by incoming-course signature: "is this incoming course new here?". */
  collection: (institutionId: string) => `INSTITUTION#${institutionId}#GROUPS`,
  toItem: (g: MappingGroup): StoredItem => ({
    ...MappingGroupEntity.key(g.groupRef),
    type: MappingGroupEntity.type,
    gsi1pk: MappingGroupEntity.collection(g.institutionId),
    gsi1sk: incomingSignature(g.incomingCourses),
    ...g,
  }),
  fromItem: (item: Record<string, unknown>): MappingGroup => withoutKeys<MappingGroup>(item),
};

/** The sequence that issues D.B. Ref. No. groups; `lastValue` is the highest group number issued. */
export const mappingGroupCounterKey: Keys = { pk: 'COUNTER#mapping-group', sk: 'COUNTER' };

// Uniqueness claims (DESIGN decision 8): items whose only job is to exist once, Put with
// attribute_not_exists in the transaction that creates what they guard, so that two submissions
// racing each other cannot both succeed. Keys hash the signature: titles make it long, a key is short.
const digest = (text: string): string => createHash('sha256').update(text).digest('base64url');

/** The HKUST side of a mapping's identity: its course codes, as a set. */
export const homeCodesSignature = (codes: readonly string[]): string =>
  [...new Set(codes.map((c) => c.replace(/\s+/g, '').toUpperCase()))].sort().join('|');

/** One mapping per institution, incoming-course set and HKUST-course set (guide §4.2, §4.3). */
export const MappingIdentityEntity = {
  type: 'MappingIdentity',
  key: (institutionId: string, incoming: readonly IncomingCourse[], homeCodes: readonly string[]): Keys => ({
    pk: `MAPIDENTITY#${institutionId}#${digest(`${incomingSignature(incoming)}=>${homeCodesSignature(homeCodes)}`)}`,
    sk: 'MAPPING',
  }),
  toItem: (m: Mapping): StoredItem => ({
    ...MappingIdentityEntity.key(
      m.institutionId,
      m.incomingCourses,
      m.homeCourses.map((h) => h.code),
    ),
    type: MappingIdentityEntity.type,
    ref: m.ref,
    institutionId: m.institutionId,
  }),
};

/**
 * One D.B. Ref. No. group per institution and incoming-course set. Read with a strongly consistent
 * GetItem, it also answers "is this incoming course new here?" without waiting for the index.
 */
export const MappingGroupClaimEntity = {
  type: 'MappingGroupClaim',
  key: (institutionId: string, signature: string): Keys => ({
    pk: `MAPGROUPID#${institutionId}#${digest(signature)}`,
    sk: 'GROUP',
  }),
  toItem: (g: MappingGroup): StoredItem => ({
    ...MappingGroupClaimEntity.key(g.institutionId, incomingSignature(g.incomingCourses)),
    type: MappingGroupClaimEntity.type,
    groupRef: g.groupRef,
    institutionId: g.institutionId,
  }),
  fromItem: (item: Record<string, unknown>): { groupRef: string } => ({ groupRef: String(item.groupRef) }),
};
