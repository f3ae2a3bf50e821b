import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';

/** An HKUST course of the home catalog. */
export interface HomeCourse {
  /** As the guide writes it, no space: HUMA1103. */
  code: string;
  subjectArea: string;
  title: string;
  credits: number;
  /** Codes of courses that exclude this one. */
  exclusions: string[];
}

export const HomeCourseEntity = {
  type: 'HomeCourse',
  key: (code: string): Keys => ({ pk: `COURSE#${code}`, sk: 'COURSE' }),
  /** The whole catalog in code order: a code-prefix search is one Query with begins_with. */
  collection: 'COURSES',
  toItem: (c: HomeCourse): StoredItem => ({
    ...HomeCourseEntity.key(c.code),
    type: HomeCourseEntity.type,
    gsi1pk: HomeCourseEntity.collection,
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
}

/** An institution's partition: the institution and what belongs to it alone (its trust list). */
export const institutionPk = (institutionId: string): string => `INSTITUTION#${institutionId}`;

export const InstitutionEntity = {
  type: 'Institution',
  key: (institutionId: string): Keys => ({ pk: institutionPk(institutionId), sk: 'INSTITUTION' }),
  /** All institutions, A-Z by name. */
  collection: 'INSTITUTIONS',
  toItem: (i: Institution): StoredItem => ({
    ...InstitutionEntity.key(i.institutionId),
    type: InstitutionEntity.type,
    gsi1pk: InstitutionEntity.collection,
    gsi1sk: `${i.name.toLowerCase()}#${i.institutionId}`,
    ...i,
  }),
  fromItem: (item: Record<string, unknown>): Institution => withoutKeys<Institution>(item),
};
