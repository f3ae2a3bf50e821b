import {
  formatTerm,
  mustParseTerm,
  type Season,
  termOf as termOfDate,
} from '../../functions/records/domain/transfer-term.js';

// The seed's clock is fixed: "now" is mid-May 2026 (the guide's screenshots are from May 2026), so the
// data reads the same whenever it is generated.

const dayMs = 86_400_000;
export const seedNow = Date.parse('2026-05-15T02:00:00.000Z');
/** The last moment seeded activity may carry: a few days before "now". */
export const seedLatest = seedNow - 3 * dayMs;

export const days = (n: number): number => n * dayMs;

export const isoAt = (ms: number): string => new Date(ms).toISOString();

/** A moment of the given day during Hong Kong office hours (09:00-18:00 HKT is 01:00-10:00 UTC). */
export function duringOfficeHours(anyTimeOfDay: number, minute: number): number {
  const startOfDay = anyTimeOfDay - (anyTimeOfDay % dayMs);
  return startOfDay + (60 + (minute % 540)) * 60_000;
}

export const utc = (date: string): number => Date.parse(`${date}T00:00:00.000Z`);

/** The HKUST term of a moment of the seed's clock. */
export const termOf = (ms: number): string => termOfDate(new Date(ms));

export const currentTerm = termOf(seedNow);

const seasonStartMonth: Record<Season, [yearOffset: number, month: number]> = {
  Fall: [0, 9],
  Winter: [1, 1],
  Spring: [1, 2],
  Summer: [1, 6],
};

/** The first day of a term. */
export function termStart(term: string): number {
  const { startYear, season } = mustParseTerm(term);
  const [offset, month] = seasonStartMonth[season];
  return Date.UTC(startYear + offset, month - 1, 1);
}

/** The Fall or Summer term of the academic year starting in `startYear`. */
export const fallOf = (startYear: number): string => formatTerm({ startYear, season: 'Fall' });
export const summerOf = (startYear: number): string => formatTerm({ startYear, season: 'Summer' });
export const startYearOf = (term: string): number => mustParseTerm(term).startYear;
