import type { MappingStatus } from '../domain/mapping-status.js';
import { type Keys, type StoredItem, withoutKeys } from './item.js';

export const creditUnits = ['CREDIT', 'UNIT', 'ECTS', 'UCTS', 'CREDIT POINT', 'SEMESTER HOUR'] as const;
export type CreditUnit = (typeof creditUnits)[number];

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
  createdAt: string;
  updatedAt: string;
  /** Optimistic lock: every state change checks and bumps it. */
  version: number;
}

export const mappingGroupPk = (groupRef: string): string => `MAPGROUP#${groupRef}`;
export const groupRefOf = (ref: string): string => ref.slice(0, ref.indexOf('-'));
export const formatGroupRef = (n: number): string => `B${String(n).padStart(6, '0')}`;
export const formatMappingRef = (groupRef: string, suffix: number): string =>
  `${groupRef}-${String(suffix).padStart(2, '0')}`;
export const refPattern = /^B\d{6}-\d{2}$/;

export const MappingEntity = {
  type: 'Mapping',
  key: (ref: string): Keys => ({ pk: mappingGroupPk(groupRefOf(ref)), sk: `MAPPING#${ref}` }),
  /** Mappings of one institution by ref. */
  collection: (institutionId: string) => `INSTITUTION#${institutionId}#MAPPINGS`,
  toItem: (m: Mapping): StoredItem => ({
    ...MappingEntity.key(m.ref),
    type: MappingEntity.type,
    gsi1pk: MappingEntity.collection(m.institutionId),
    gsi1sk: m.ref,
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

export const MappingGroupEntity = {
  type: 'MappingGroup',
  key: (groupRef: string): Keys => ({ pk: mappingGroupPk(groupRef), sk: 'GROUP' }),
  toItem: (g: MappingGroup): StoredItem => ({
    ...MappingGroupEntity.key(g.groupRef),
    type: MappingGroupEntity.type,
    ...g,
  }),
  fromItem: (item: Record<string, unknown>): MappingGroup => withoutKeys<MappingGroup>(item),
};

/** The sequence that issues D.B. Ref. No. groups. */
export const mappingGroupCounterKey: Keys = { pk: 'COUNTER#mapping-group', sk: 'COUNTER' };
