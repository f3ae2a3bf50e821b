// The HKUST term calendar, pure: a term named as the guide writes terms ("2024-25 Fall"), with its
// first and last day. Terms order by academic year, then Fall < Winter < Spring < Summer.

const seasons = ['Fall', 'Winter', 'Spring', 'Summer'] as const;
const termPattern = /^(\d{4})-(\d{2}) (Fall|Winter|Spring|Summer)$/;

/** The term's place in time (academic year × 4 + season), or undefined when it is not a term name. */
export function termOrdinalOf(term: string): number | undefined {
  const match = termPattern.exec(term);
  if (!match) return undefined;
  const startYear = Number(match[1]);
  if ((startYear + 1) % 100 !== Number(match[2])) return undefined;
  return startYear * seasons.length + seasons.indexOf(match[3] as (typeof seasons)[number]);
}

export const isTermName = (term: string): boolean => termOrdinalOf(term) !== undefined;

const isDate = (d: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(d) &&
  !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
  new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

export interface TermDatesProblem {
  field: 'startDate' | 'endDate';
  reason: string;
}

/** What is wrong with a term's dates: real calendar dates, the end after the start, within a year. */
export function termDatesProblems(startDate: string, endDate: string): TermDatesProblem[] {
  const problems: TermDatesProblem[] = [];
  if (!isDate(startDate)) problems.push({ field: 'startDate', reason: 'must be a date like 2024-09-01' });
  if (!isDate(endDate)) problems.push({ field: 'endDate', reason: 'must be a date like 2024-12-20' });
  if (problems.length > 0) return problems;
  const days = (Date.parse(endDate) - Date.parse(startDate)) / 86_400_000;
  if (days < 0) problems.push({ field: 'endDate', reason: 'must not be before startDate' });
  else if (days > 200) problems.push({ field: 'endDate', reason: 'a term lasts at most 200 days' });
  return problems;
}

/** The calendar's sort key: terms in time order whatever their dates say. */
export const termSortKey = (term: string): string => String(termOrdinalOf(term) ?? 0).padStart(6, '0');
