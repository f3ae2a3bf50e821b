import {
  addTerms,
  compareTerms,
  formatTerm,
  mustParseTerm,
} from '../../functions/records/domain/transfer-term.js';
import type { CalendarTerm } from '../../functions/reference-data/entities/term-calendar.js';
import { isoAt, seedNow } from './time.js';

// The term calendar of the seeded academic years: every term from the Fall of the earliest transfer
// term to the Summer of the latest, with the months the guide's terms span (Fall September to
// December, Winter January, Spring February to May, Summer June to August).

const months = {
  Fall: ['09-01', '12-31', 0],
  Winter: ['01-01', '01-31', 1],
  Spring: ['02-01', '05-31', 1],
  Summer: ['06-01', '08-31', 1],
} as const;

export function seedTermCalendar(transferTerms: readonly string[]): CalendarTerm[] {
  const sorted = [...new Set(transferTerms)].sort(compareTerms);
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last) return [];
  const calendar: CalendarTerm[] = [];
  let term = formatTerm({ startYear: mustParseTerm(first).startYear, season: 'Fall' });
  const end = formatTerm({ startYear: mustParseTerm(last).startYear, season: 'Summer' });
  while (compareTerms(term, end) <= 0) {
    const { startYear, season } = mustParseTerm(term);
    const [start, finish, yearOffset] = months[season];
    const year = startYear + yearOffset;
    calendar.push({
      term,
      startDate: `${year}-${start}`,
      endDate: `${year}-${finish}`,
      version: 1,
      updatedBy: 'seed',
      updatedAt: isoAt(seedNow),
    });
    term = addTerms(term, 1);
  }
  return calendar;
}
