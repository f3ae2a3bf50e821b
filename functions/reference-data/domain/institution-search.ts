import { createHash } from 'node:crypto';

// Searching the institution list by name (guide §3.1.2, "+ Add Another Institution"): a name is
// found by any of its words' prefixes, each query word narrowing, so "hong poly" finds The Hong Kong
// Polytechnic University. Pure: the word index is written from these words, and the candidates a
// prefix Query returns are judged by `matchesInstitutionQuery`.

const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** The words of a name as searched: lower case, accents dropped, letters and digits, 2 or more. */
export function institutionNameWords(name: string): string[] {
  const words = fold(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2);
  return [...new Set(words)];
}

/** A query's words (one letter counts while typing: "h" is a prefix too). */
export function queryWords(query: string): string[] {
  return [
    ...new Set(
      fold(query)
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean),
    ),
  ];
}

/** The query word to look up in the index: the longest, which narrows the most. */
export function lookupWord(words: readonly string[]): string | undefined {
  return [...words].sort((a, b) => b.length - a.length || a.localeCompare(b))[0];
}

/**
 * The words an institution is found by: its name's and every alias's ("PolyU", "HKU"), each once.
 * The word index holds these, so a search by an alias is the same one prefix Query as by the name.
 */
export function institutionSearchWords(institution: { name: string; aliases?: readonly string[] }): string[] {
  return [
    ...new Set([
      ...institutionNameWords(institution.name),
      ...(institution.aliases ?? []).flatMap(institutionNameWords),
    ]),
  ];
}

/**
 * Every query word starts a word of the name (or every one a word of one alias), and the country
 * (if given) starts the country.
 */
export function matchesInstitutionQuery(
  institution: { name: string; country: string; aliases?: readonly string[] },
  words: readonly string[],
  country = '',
): boolean {
  const wanted = fold(country.trim());
  if (wanted && !fold(institution.country).startsWith(wanted)) return false;
  return [institution.name, ...(institution.aliases ?? [])].some((name) => {
    const nameWords = fold(name)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    return words.every((w) => nameWords.some((n) => n.startsWith(w)));
  });
}

/** One key for a name and country however they are typed: the same proposal twice is one institution. */
export function proposalKey(name: string, country: string): string {
  const squash = (s: string) => queryWords(s).join(' ');
  return `${squash(name)}\u0000${squash(country)}`;
}

/**
 * The id of a proposed institution, the same for the same name and country however typed: two
 * students (or one, twice at once) proposing one institution reach one item, by construction.
 */
export function proposedInstitutionId(name: string, country: string): string {
  return `proposed-${createHash('sha256').update(proposalKey(name, country)).digest('hex').slice(0, 20)}`;
}
