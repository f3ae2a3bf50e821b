import { type MappingStatus, mappingStatuses } from './mapping-status.js';

// Keyword search over course mappings (guide §4.1: "input keywords to refine the search result").
// A keyword is split into words; a mapping matches when every word starts one of its words: the
// incoming and HKUST course codes and titles, the D.B. Ref. No., or the status shown for the record's
// transfer term. Pure: the index writer and the search use the same tokenizer, so they agree.

// Too common to narrow a search; not indexed, and dropped from keywords.
const stopWords = new Set(['a', 'an', 'and', 'the', 'of', 'in', 'on', 'to', 'for', 'with', 'at', 'by']);

/** Lower-case words, accents folded; a hyphenated word also yields its parts, a code its letters and digits. */
export function searchWords(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const words = new Set<string>();
  for (const raw of folded.split(/[^a-z0-9-]+/)) {
    const word = raw.replace(/^-+|-+$/g, '');
    if (!word) continue;
    words.add(word);
    for (const part of word.split('-')) {
      if (part) words.add(part);
      // "ccn2046" is also found by "ccn" and "2046"; "huma1000level" by "huma", "1000", "level".
      for (const run of part.match(/[a-z]+|[0-9]+/g) ?? []) words.add(run);
    }
  }
  return [...words].filter((w) => !stopWords.has(w));
}

/** The words a keyword asks for: whole words only (their parts would widen the search). */
export function keywordWords(keyword: string): string[] {
  const folded = keyword
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const words = folded
    .split(/[^a-z0-9-]+/)
    .map((w) => w.replace(/^-+|-+$/g, ''))
    .filter((w) => w && !stopWords.has(w));
  return [...new Set(words)];
}

interface Searchable {
  ref: string;
  incomingCourses: readonly { code: string; title: string }[];
  homeCourses: readonly { code: string; title: string }[];
}

/** Every word a mapping can be found by, apart from its status (which depends on the transfer term). */
export function mappingWords(m: Searchable): string[] {
  const text = [
    m.ref,
    ...m.incomingCourses.flatMap((c) => [c.code, c.title]),
    ...m.homeCourses.flatMap((c) => [c.code, c.title]),
  ].join(' ');
  return searchWords(text);
}

/**
 * The words of a mapping worth an index entry: a word that starts another of its words is left out,
 * since the prefix lookup reaches the mapping through the longer one ("ccn" through "ccn2046"). Each
 * lookup then reads a mapping once, and a mapping writes about a quarter fewer entries.
 */
export function indexWords(m: Searchable): string[] {
  const words = mappingWords(m).sort();
  // Sorted, a word that starts others sits right before the first of them.
  return words.filter((w, i) => !(words[i + 1]?.startsWith(w) ?? false));
}

const statusWords = new Map<MappingStatus, string[]>(mappingStatuses.map((s) => [s, searchWords(s)]));
const allStatusWords = [...new Set([...statusWords.values()].flat())];

/** A word that may be asking for a status ("review", "exp"): it cannot narrow the candidate lookup. */
export const mayNameStatus = (word: string): boolean => allStatusWords.some((w) => w.startsWith(word));

export function matchesKeyword(m: Searchable, shownStatus: MappingStatus, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const own = [...mappingWords(m), ...(statusWords.get(shownStatus) ?? [])];
  return words.every((word) => own.some((w) => w.startsWith(word)));
}

// A word of one or two letters starts so many words that its index entries outnumber the
// institution's mappings (bench/mapping-search.ts: "c" read twice the whole listing).
const minLookupLength = 3;

/**
 * The word whose index entries are looked up to find candidates: the longest one that cannot be a
 * status (longer prefixes match fewer words). Undefined when there is none of at least three
 * characters: then every mapping of the institution is a candidate.
 */
export function lookupWord(words: readonly string[]): string | undefined {
  const best = words.filter((w) => !mayNameStatus(w)).sort((a, b) => b.length - a.length)[0];
  return best !== undefined && best.length >= minLookupLength ? best : undefined;
}
