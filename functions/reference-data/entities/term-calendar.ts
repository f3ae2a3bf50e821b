import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';
import { termSortKey } from '../domain/term-calendar.js';

/** One HKUST term of the calendar: its name as the guide writes it and its first and last day. */
export interface CalendarTerm {
  term: string;
  /** YYYY-MM-DD, in Hong Kong. */
  startDate: string;
  endDate: string;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

/** A term's partition, shared with what other capabilities keep per term (its application deadline). */
export const termPk = (term: string): string => `TERM#${term}`;

export const CalendarTermEntity = {
  type: 'CalendarTerm',
  key: (term: string): Keys => ({ pk: termPk(term), sk: 'CALENDAR' }),
  /** Every term in time order: the calendar is one Query. */
  collection: 'TERMS',
  toItem: (t: CalendarTerm): StoredItem => ({
    ...CalendarTermEntity.key(t.term),
    type: CalendarTermEntity.type,
    gsi1pk: CalendarTermEntity.collection,
    gsi1sk: `${termSortKey(t.term)}#${t.term}`,
    ...t,
  }),
  fromItem: (item: Record<string, unknown>): CalendarTerm => withoutKeys<CalendarTerm>(item),
};
