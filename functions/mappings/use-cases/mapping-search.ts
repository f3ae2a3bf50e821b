// The read side of the shared mapping database (guide §4.1, §4.2 tab 2, §4.5, §4.7).
//
// searchExistingMappings — Input: a study record of the student's, keyword, ticked filters, page.
//   Output: 10 rows of the record's institution with the status and Action as seen for the record's
//   transfer term, and the total. Primary course: look the longest keyword word up in the
//   institution's word index (or list the institution when every word may name a status), then
//   filter by every word and the filters, sort, page.
// searchHomeCourses — HKUST courses by code prefix and title words, with credits and exclusions.
// approvedMappingsToCourse — reverse lookup: approved incoming courses across institutions.
// precedents — approved mappings to the same HKUST course(s) at other institutions.
import { NotFoundError, ValidationError } from '../../commons/errors.js';
import { compareIds, compareNames } from '../../commons/ordering.js';
import type { StudyRecord } from '../../records/entities/student.js';
import { mappingRow } from '../../records/use-cases/study-record.js';
import type { HomeCourse } from '../../reference-data/entities/catalog.js';
import type {
  ApprovedMappingElsewhere,
  ApprovedMappingsResponse,
  HomeCourseSearchResponse,
  SearchExistingMappingsResponse,
} from '../contracts.js';
import { searchPageSize } from '../contracts.js';
import { keywordWords, lookupWord, matchesKeyword, searchWords } from '../domain/mapping-search.js';
import { matchesValidityFilters, statusForTerm, type ValidityFilter } from '../domain/mapping-validity.js';
import type { Mapping } from '../entities/mapping.js';
import { listingOrder, type MappingSearchEntry } from '../entities/mapping-search.js';
import { mustGetRecord } from './mapping-requests.js';

export interface MappingSearchStore {
  getRecord(studentId: string, recordId: string): Promise<StudyRecord | undefined>;
  getMapping(ref: string): Promise<Mapping | undefined>;
  /** Every mapping of an institution. */
  listInstitution(institutionId: string): Promise<MappingSearchEntry[]>;
  /** The first `limit` mappings of an institution in listing order. */
  listInstitutionPage(institutionId: string, limit: number): Promise<MappingSearchEntry[]>;
  countInstitution(institutionId: string): Promise<number>;
  /** Mappings of an institution with a word starting with `prefix` (each once). */
  findByWordPrefix(institutionId: string, prefix: string): Promise<MappingSearchEntry[]>;
  /** How the student stands to each mapping in the record's My Course Mapping Requests. */
  relations(studentId: string, recordId: string): Promise<Map<string, 'requester' | 'notify-me'>>;
  getHomeCourse(code: string): Promise<HomeCourse | undefined>;
  /** HKUST courses whose code starts with `prefix` ('' for the whole catalog), in code order. */
  homeCoursesByCodePrefix(prefix: string): Promise<HomeCourse[]>;
  /** HKUST courses with a title word starting with `prefix`, each once, in code order. */
  homeCoursesByTitleWord(prefix: string): Promise<HomeCourse[]>;
  /** Mappings to an HKUST course, any status. */
  mappingsToHomeCourse(code: string): Promise<MappingSearchEntry[]>;
}

export interface SearchQuery {
  keyword: string;
  filters: ValidityFilter[];
  page: number;
}

const inListingOrder = (a: MappingSearchEntry, b: MappingSearchEntry): number =>
  compareIds(listingOrder(a), listingOrder(b));

/** Valid and Expired together are every mapping: the default view. */
const filtersAnything = (filters: readonly ValidityFilter[]) =>
  filters.length > 0 && !(filters.includes('valid') && filters.includes('expired'));

export async function searchExistingMappings(
  store: MappingSearchStore,
  studentId: string,
  recordId: string,
  query: SearchQuery,
): Promise<SearchExistingMappingsResponse> {
  // The student's own entries need only the path, so they are read beside the record, not after it.
  const [record, relations] = await Promise.all([
    mustGetRecord(store, studentId, recordId),
    store.relations(studentId, recordId),
  ]);
  const term = record.transferTerm;
  const words = keywordWords(query.keyword);
  const start = (query.page - 1) * searchPageSize;
  let total: number;
  let rows: MappingSearchEntry[];
  if (words.length === 0 && !filtersAnything(query.filters)) {
    // The default view, the one every visit opens: the page straight off the listing, the count kept.
    const [count, listed] = await Promise.all([
      store.countInstitution(record.institutionId),
      store.listInstitutionPage(record.institutionId, start + searchPageSize),
    ]);
    total = count;
    rows = listed.slice(start);
  } else {
    const lookup = lookupWord(words);
    const candidates =
      lookup === undefined
        ? await store.listInstitution(record.institutionId)
        : await store.findByWordPrefix(record.institutionId, lookup);
    const hits = candidates
      .filter((m) => matchesValidityFilters(m, term, query.filters))
      .filter((m) => matchesKeyword(m, statusForTerm(m, term), words))
      .sort(inListingOrder);
    total = hits.length;
    rows = hits.slice(start, start + searchPageSize);
  }
  return {
    record: {
      recordId: record.recordId,
      institutionId: record.institutionId,
      institutionName: record.institutionName,
      transferTerm: term,
    },
    keyword: query.keyword,
    filters: query.filters,
    page: query.page,
    pageSize: searchPageSize,
    total,
    rows: rows.map((m) => mappingRow(m, term, relations.get(m.ref))),
  };
}

const maxCourseResults = 50;

/** The course picker of tab 2 ("Advanced Search": Course Code, Course Title). */
export async function searchHomeCourses(
  store: MappingSearchStore,
  query: { code: string; title: string },
): Promise<HomeCourseSearchResponse> {
  const prefix = query.code.replace(/\s+/g, '').toUpperCase();
  const words = keywordWords(query.title);
  if (!prefix && words.length === 0) {
    throw ValidationError.of('query.code', 'give a course code prefix or title words to search for');
  }
  // A code prefix narrows by the catalog's order; title words alone by the title-word index, on the
  // longest word (the fewest courses); the other words and the prefix are then matched in memory.
  const longest = [...words].sort((a, b) => b.length - a.length)[0];
  const courses =
    prefix || longest === undefined
      ? await store.homeCoursesByCodePrefix(prefix)
      : await store.homeCoursesByTitleWord(longest);
  const matches = courses.filter((c) => {
    const titleWords = searchWords(c.title);
    return c.code.startsWith(prefix) && words.every((w) => titleWords.some((t) => t.startsWith(w)));
  });
  return { courses: matches.slice(0, maxCourseResults) };
}

const approvedElsewhere = (m: MappingSearchEntry): ApprovedMappingElsewhere => ({
  ref: m.ref,
  institutionId: m.institutionId,
  institutionName: m.institutionName,
  incomingCourses: m.incomingCourses,
  homeCourses: m.homeCourses,
  ...(m.validFrom ? { validFrom: m.validFrom } : {}),
  ...(m.validTo ? { validTo: m.validTo } : {}),
  ...(m.reReview ? { underReReview: true } : {}),
});

const byInstitutionThenRef = (a: MappingSearchEntry, b: MappingSearchEntry): number =>
  compareNames(a.institutionName, b.institutionName) || compareIds(a.ref, b.ref);

/** Reverse lookup: from an HKUST course, the approved incoming courses across institutions. */
export async function approvedMappingsToCourse(
  store: MappingSearchStore,
  code: string,
): Promise<ApprovedMappingsResponse> {
  // Both reads need only the code: one round trip.
  const [course, toCourse] = await Promise.all([store.getHomeCourse(code), store.mappingsToHomeCourse(code)]);
  if (!course) throw new NotFoundError(`${code} is not an HKUST course`);
  const mappings = toCourse.filter((m) => m.status === 'Approved');
  return { mappings: mappings.sort(byInstitutionThenRef).map(approvedElsewhere) };
}

/** Approved mappings to the same HKUST course(s) from other institutions: what was accepted elsewhere. */
export async function precedents(store: MappingSearchStore, ref: string): Promise<ApprovedMappingsResponse> {
  const mapping = await store.getMapping(ref);
  if (!mapping) throw new NotFoundError(`No mapping ${ref}`);
  const codes = [...new Set(mapping.homeCourses.map((h) => h.code))];
  const found = new Map<string, MappingSearchEntry>();
  for (const entries of await Promise.all(codes.map((code) => store.mappingsToHomeCourse(code)))) {
    for (const m of entries) {
      if (m.status === 'Approved' && m.institutionId !== mapping.institutionId) found.set(m.ref, m);
    }
  }
  return { mappings: [...found.values()].sort(byInstitutionThenRef).map(approvedElsewhere) };
}
