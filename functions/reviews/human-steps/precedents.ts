// Precedents for a department reviewer (issue 10 item 8): how like requests were decided, so that
// like requests get like decisions. Shown on the review link's confirmation page beside the request.
//
// Input: the mapping under review. Output: the Approved and Denied mappings (a) of the same incoming
// course at the same institution, to other HKUST courses, and (b) to the same HKUST course from
// other institutions. Reads: the search entries Search Existing Mappings and the students'
// getPrecedents already read (mappings/use-cases/mapping-search.ts), one Query per distinct
// incoming course and per HKUST course of the mapping, all in one round trip.

import { compareIds, compareNames } from '../../commons/ordering.js';
import { keywordWords } from '../../mappings/domain/mapping-search.js';
import type { Mapping } from '../../mappings/entities/mapping.js';
import type { MappingSearchEntry } from '../../mappings/entities/mapping-search.js';
import type { MappingSearchStore } from '../../mappings/use-cases/mapping-search.js';

export type PrecedentStore = Pick<MappingSearchStore, 'findByWordPrefix' | 'mappingsToHomeCourse'>;

export interface Precedents {
  /**
   * Same institution, an incoming course in common: mappings of it to other HKUST courses, and any
   * earlier request with other incoming courses beside it.
   */
  sameIncomingCourse: MappingSearchEntry[];
  /** An HKUST course in common, other institutions. */
  sameHomeCourse: MappingSearchEntry[];
}

/** Decided mappings only: what a reviewer can follow. */
const decided = (m: MappingSearchEntry) => m.status === 'Approved' || m.status === 'Denied';

const sameCode = (code: string) => code.trim().replace(/\s+/g, ' ').toUpperCase();

/** The most selective word of a code for the institution's word index: its longest. */
const lookupWordOf = (code: string): string | undefined =>
  [...keywordWords(code)].sort((a, b) => b.length - a.length)[0];

// Approved first (what is followed), then Denied; then institution and ref, as the reverse lookup.
const inPageOrder = (a: MappingSearchEntry, b: MappingSearchEntry): number =>
  (a.status === b.status ? 0 : a.status === 'Approved' ? -1 : 1) ||
  compareNames(a.institutionName, b.institutionName) ||
  compareIds(a.ref, b.ref);

export async function precedentsOf(store: PrecedentStore, mapping: Mapping): Promise<Precedents> {
  const incoming = [...new Set(mapping.incomingCourses.map((c) => sameCode(c.code)))];
  const words = [...new Set(incoming.map(lookupWordOf).filter((w): w is string => w !== undefined))];
  const homeCodes = [...new Set(mapping.homeCourses.map((h) => h.code))];
  const [byWord, byHome] = await Promise.all([
    Promise.all(words.map((w) => store.findByWordPrefix(mapping.institutionId, w))),
    Promise.all(homeCodes.map((code) => store.mappingsToHomeCourse(code))),
  ]);

  const sameIncomingCourse = new Map<string, MappingSearchEntry>();
  for (const m of byWord.flat()) {
    if (m.ref === mapping.ref || !decided(m) || m.institutionId !== mapping.institutionId) continue;
    if (m.incomingCourses.some((c) => incoming.includes(sameCode(c.code)))) sameIncomingCourse.set(m.ref, m);
  }
  const sameHomeCourse = new Map<string, MappingSearchEntry>();
  for (const m of byHome.flat()) {
    if (decided(m) && m.institutionId !== mapping.institutionId) sameHomeCourse.set(m.ref, m);
  }
  return {
    sameIncomingCourse: [...sameIncomingCourse.values()].sort(inPageOrder),
    sameHomeCourse: [...sameHomeCourse.values()].sort(inPageOrder),
  };
}
