import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';
import type { CourseStatus } from '../domain/catalog-rules.js';
import { institutionSearchWords } from '../domain/institution-search.js';

/** An HKUST course of the home catalog. */
export interface HomeCourse {
  /** As the guide writes it, no space: HUMA1103. */
  code: string;
  subjectArea: string;
  title: string;
  credits: number;
  /** Codes of courses that exclude this one. */
  exclusions: string[];
  /** Absent: Offered (the seed's courses). A retired course stays readable for the mappings to it. */
  status?: CourseStatus;
  /** The catalog version of the course: absent (0) until ARO first changes it, then bumped by each change. */
  version?: number;
  updatedAt?: string;
  updatedBy?: string;
}

/** The course's partition: the course, the mappings to it (their search entries), its audit trail. */
export const homeCoursePk = (code: string): string => `COURSE#${code}`;

export const HomeCourseEntity = {
  type: 'HomeCourse',
  key: (code: string): Keys => ({ pk: homeCoursePk(code), sk: 'COURSE' }),
  /** The offered catalog in code order: a code-prefix search is one Query with begins_with. */
  collection: 'COURSES',
  /** Retired courses, in code order: off the course picker, still listed for ARO. */
  retiredCollection: 'COURSES#RETIRED',
  toItem: (c: HomeCourse): StoredItem => ({
    ...HomeCourseEntity.key(c.code),
    type: HomeCourseEntity.type,
    gsi1pk: c.status === 'Retired' ? HomeCourseEntity.retiredCollection : HomeCourseEntity.collection,
    gsi1sk: c.code,
    ...c,
  }),
  fromItem: (item: Record<string, unknown>): HomeCourse => withoutKeys<HomeCourse>(item),
};

/**
 * One word of an HKUST course's title, carrying the course, so a title search is one prefix Query
 * on its longest word instead of a read of the whole catalog. Written with the course.
 */
export const HomeCourseTitleWordEntity = {
  type: 'HomeCourseTitleWord',
  pk: 'COURSES#TITLE-WORDS',
  key: (word: string, code: string): Keys => ({ pk: HomeCourseTitleWordEntity.pk, sk: `${word}#${code}` }),
  /** `words`: the title's search words (mappings/domain/mapping-search.ts `searchWords`). */
  toItems: (c: HomeCourse, words: readonly string[]): StoredItem[] =>
    words.map((word) => ({
      ...HomeCourseTitleWordEntity.key(word, c.code),
      type: HomeCourseTitleWordEntity.type,
      ...c,
    })),
  fromItem: (item: Record<string, unknown>): HomeCourse => withoutKeys<HomeCourse>(item),
};

/** An institution where students study elsewhere. */
export interface Institution {
  institutionId: string;
  name: string;
  country: string;
  /**
   * Absent or `listed`: on the list students choose from. `proposed`: added by a student whose
   * institution was not listed (guide §3.1.2), usable at once for their record, awaiting ARO.
   */
  status?: 'listed' | 'proposed';
  /** Who proposed it and when (student id, ISO time); kept after ARO confirms it. */
  proposedBy?: string;
  proposedAt?: string;
  confirmedBy?: string;
  confirmedAt?: string;
  /** Other names it is known and searched by ("PolyU"), set by ARO. */
  aliases?: string[];
  /** Absent (0) until ARO first changes it; bumped by each change. */
  version?: number;
  updatedBy?: string;
  updatedAt?: string;
}

/** An institution's partition: the institution and what belongs to it alone (its trust list). */
export const institutionPk = (institutionId: string): string => `INSTITUTION#${institutionId}`;

export const InstitutionEntity = {
  type: 'Institution',
  key: (institutionId: string): Keys => ({ pk: institutionPk(institutionId), sk: 'INSTITUTION' }),
  /** All institutions, A-Z by name. */
  collection: 'INSTITUTIONS',
  /** Institutions students proposed, A-Z by name, until ARO confirms them (ARO's queue). */
  proposedCollection: 'INSTITUTIONS#PROPOSED',
  /** The sort key of both collections: a name-prefix search is one Query with begins_with. */
  sortKey: (i: Pick<Institution, 'name' | 'institutionId'>) => `${i.name.toLowerCase()}#${i.institutionId}`,
  toItem: (i: Institution): StoredItem => ({
    ...InstitutionEntity.key(i.institutionId),
    type: InstitutionEntity.type,
    gsi1pk: i.status === 'proposed' ? InstitutionEntity.proposedCollection : InstitutionEntity.collection,
    gsi1sk: InstitutionEntity.sortKey(i),
    ...i,
  }),
  fromItem: (item: Record<string, unknown>): Institution => withoutKeys<Institution>(item),
};

/**
 * One word of a listed institution's name, carrying the institution, so "kong" finds The University
 * of Hong Kong with one prefix Query instead of a read of every institution. Written with the
 * institution (the seed; ARO's confirmation of a proposed one).
 */
export const InstitutionNameWordEntity = {
  type: 'InstitutionNameWord',
  pk: 'INSTITUTIONS#NAME-WORDS',
  key: (word: string, institutionId: string): Keys => ({
    pk: InstitutionNameWordEntity.pk,
    sk: `${word}#${institutionId}`,
  }),
  /** One item per word of the name and of each alias, each carrying the aliases the search matches. */
  toItems: (i: Institution): StoredItem[] =>
    institutionSearchWords(i).map((word) => ({
      ...InstitutionNameWordEntity.key(word, i.institutionId),
      type: InstitutionNameWordEntity.type,
      institutionId: i.institutionId,
      name: i.name,
      country: i.country,
      ...(i.aliases?.length ? { aliases: i.aliases } : {}),
    })),
  fromItem: (item: Record<string, unknown>): Institution => withoutKeys<Institution>(item),
};
