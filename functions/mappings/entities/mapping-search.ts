import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';
import { indexWords } from '../domain/mapping-search.js';
import type { Mapping } from './mapping.js';

/**
 * What Search Existing Mappings, the reverse lookup and precedents show of a mapping: a row, copied
 * beside the mapping under the keys those reads Query. Every change of a mapping rewrites its entries
 * in the same transaction (mappings/adapters/mapping-transactions.ts), so a search never shows a stale status.
 */
export type MappingSearchEntry = Pick<
  Mapping,
  | 'ref'
  | 'institutionId'
  | 'institutionName'
  | 'incomingCourses'
  | 'homeCourses'
  | 'status'
  | 'validFrom'
  | 'validTo'
  | 'reReview'
>;

/**
 * At most this many words of a mapping are indexed, so that a mapping with all its entries fits one
 * DynamoDB transaction (100 items); a request whose codes and titles have more is refused at submit.
 */
export const maxIndexedWords = 80;

const entryOf = (m: Mapping): MappingSearchEntry => ({
  ref: m.ref,
  institutionId: m.institutionId,
  institutionName: m.institutionName,
  incomingCourses: m.incomingCourses,
  homeCourses: m.homeCourses,
  status: m.status,
  ...(m.validFrom ? { validFrom: m.validFrom } : {}),
  ...(m.validTo ? { validTo: m.validTo } : {}),
  ...(m.reReview ? { reReview: m.reReview } : {}),
});

/**
 * The order Search Existing Mappings lists rows in: first incoming course code, then ref. The listing's
 * sort keys are built from it, so the default view pages straight off the table, and searches sort
 * their hits by the same string.
 */
export const listingOrder = (m: Pick<MappingSearchEntry, 'incomingCourses' | 'ref'>): string =>
  `${(m.incomingCourses[0]?.code ?? '').trim().toLowerCase().replaceAll('#', ' ')}#${m.ref}`;

export const MappingSearchEntity = {
  type: 'MappingSearchEntry',
  /** One partition per institution: its listing (`LIST#`), its word index (`WORD#`) and its count. */
  institutionPk: (institutionId: string) => `INSTITUTION#${institutionId}#SEARCH`,
  listPrefix: 'LIST#',
  /** How many mappings the institution has: the default view's total, without reading them all. */
  countKey: (institutionId: string): Keys => ({
    pk: MappingSearchEntity.institutionPk(institutionId),
    sk: 'COUNT',
  }),
  /** Entries of every word starting with `prefix`: one Query answers a prefix search. */
  wordPrefix: (prefix: string) => `WORD#${prefix}`,
  listKey: (institutionId: string, order: string): Keys => ({
    pk: MappingSearchEntity.institutionPk(institutionId),
    sk: `LIST#${order}`,
  }),
  wordKey: (institutionId: string, word: string, ref: string): Keys => ({
    pk: MappingSearchEntity.institutionPk(institutionId),
    sk: `WORD#${word}#${ref}`,
  }),
  /** Mappings to an HKUST course, beside the course itself: the reverse lookup and precedents. */
  homeCoursePk: (code: string) => `COURSE#${code}`,
  homeCoursePrefix: 'MAPPING#',
  homeCourseKey: (code: string, ref: string): Keys => ({ pk: `COURSE#${code}`, sk: `MAPPING#${ref}` }),
  fromItem: (item: Record<string, unknown>): MappingSearchEntry => withoutKeys<MappingSearchEntry>(item),
};

/** Every search entry of a mapping. Their keys depend only on what never changes (ref, courses). */
export function mappingSearchItems(m: Mapping): StoredItem[] {
  const entry = entryOf(m);
  const item = (keys: Keys): StoredItem => ({ ...keys, type: MappingSearchEntity.type, ...entry });
  return [
    item(MappingSearchEntity.listKey(m.institutionId, listingOrder(m))),
    ...indexWords(m)
      .slice(0, maxIndexedWords)
      .map((w) => item(MappingSearchEntity.wordKey(m.institutionId, w, m.ref))),
    ...[...new Set(m.homeCourses.map((h) => h.code))].map((code) =>
      item(MappingSearchEntity.homeCourseKey(code, m.ref)),
    ),
  ];
}

/** The institution's mapping count, as a seed or a bulk load writes it (a submission adds 1 in its transaction). */
export const mappingCountItem = (institutionId: string, mappings: number): StoredItem => ({
  ...MappingSearchEntity.countKey(institutionId),
  type: 'MappingCount',
  mappings,
});
