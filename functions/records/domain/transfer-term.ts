// A transfer term is an HKUST academic term written as in the guide: "2019-20 Fall".
// Terms order by academic year, then Fall < Winter < Spring < Summer within a year.

export const seasons = ['Fall', 'Winter', 'Spring', 'Summer'] as const;
export type Season = (typeof seasons)[number];

export interface Term {
  /** The year the academic year starts in: 2019 for "2019-20". */
  startYear: number;
  season: Season;
}

const termPattern = /^(\d{4})-(\d{2}) (Fall|Winter|Spring|Summer)$/;

export function parseTerm(text: string): Term | undefined {
  const match = termPattern.exec(text);
  if (!match) return undefined;
  const startYear = Number(match[1]);
  if ((startYear + 1) % 100 !== Number(match[2])) return undefined;
  return { startYear, season: match[3] as Season };
}

export function isTerm(text: string): boolean {
  return parseTerm(text) !== undefined;
}

export function formatTerm(term: Term): string {
  const endYear = String((term.startYear + 1) % 100).padStart(2, '0');
  return `${term.startYear}-${endYear} ${term.season}`;
}

/** A number that increases with time, for ordering and range checks. */
export function termOrdinal(term: Term): number {
  return term.startYear * seasons.length + seasons.indexOf(term.season);
}

export function mustParseTerm(text: string): Term {
  const term = parseTerm(text);
  if (!term) throw new Error(`Not a transfer term: "${text}" (expected e.g. "2019-20 Fall")`);
  return term;
}

export function compareTerms(a: string, b: string): number {
  return termOrdinal(mustParseTerm(a)) - termOrdinal(mustParseTerm(b));
}

/** The term `count` terms after `text` (negative counts go back). */
export function addTerms(text: string, count: number): string {
  const ordinal = termOrdinal(mustParseTerm(text)) + count;
  const startYear = Math.floor(ordinal / seasons.length);
  const season = seasons[ordinal - startYear * seasons.length] as Season;
  return formatTerm({ startYear, season });
}

/** The HKUST term a date falls in: Fall Sep-Dec, Winter Jan, Spring Feb-May, Summer Jun-Aug. */
export function termOf(date: Date): string {
  const month = date.getUTCMonth() + 1;
  const year = date.getUTCFullYear();
  if (month >= 9) return formatTerm({ startYear: year, season: 'Fall' });
  const startYear = year - 1;
  return formatTerm({ startYear, season: month === 1 ? 'Winter' : month <= 5 ? 'Spring' : 'Summer' });
}

/** Terms from `from` to `to`, both included, in order. */
export function termsBetween(from: string, to: string): string[] {
  const terms: string[] = [];
  for (let t = from; compareTerms(t, to) <= 0; t = addTerms(t, 1)) terms.push(t);
  return terms;
}
