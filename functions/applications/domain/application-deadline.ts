import { mustParseTerm, type Season } from '../../records/domain/transfer-term.js';

// Late applications (guide §5.1; the issue): each transfer term has an application deadline. ARO
// sets it per term; until then it is one month after the term's study period ends, the end of the
// month that follows the term's last month (Fall ends in December, so its default is 31 January).

/** The last month of each term (1-12) and whether it falls in the academic year's second calendar year. */
const lastMonth: Record<Season, { month: number; nextYear: boolean }> = {
  Fall: { month: 12, nextYear: false },
  Winter: { month: 1, nextYear: true },
  Spring: { month: 5, nextYear: true },
  Summer: { month: 8, nextYear: true },
};

/** YYYY-MM-DD: the last day of the month after the term's last month. */
export function defaultApplicationDeadline(transferTerm: string): string {
  const term = mustParseTerm(transferTerm);
  const { month, nextYear } = lastMonth[term.season];
  const year = term.startYear + (nextYear ? 1 : 0);
  // Day 0 of the month after next is the last day of the month after `month`.
  const last = new Date(Date.UTC(year, month + 1, 0));
  return last.toISOString().slice(0, 10);
}

/** Late once the deadline's day is over (deadlines are whole days, Hong Kong time). */
export function isLate(deadline: string, now: Date): boolean {
  const endOfDay = Date.parse(`${deadline}T23:59:59.999+08:00`);
  return now.getTime() > endOfDay;
}
