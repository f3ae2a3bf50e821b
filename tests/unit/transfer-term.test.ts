import { describe, expect, it } from 'vitest';
import {
  addTerms,
  compareTerms,
  isTerm,
  parseTerm,
  termOf,
  termsBetween,
} from '../../functions/records/domain/transfer-term.js';

describe('transfer terms', () => {
  it('reads terms as the guide writes them', () => {
    expect(parseTerm('2019-20 Fall')).toEqual({ startYear: 2019, season: 'Fall' });
    expect(isTerm('2019-21 Fall')).toBe(false);
    expect(isTerm('2019-20 Autumn')).toBe(false);
    expect(isTerm('1999-00 Summer')).toBe(true);
  });

  it('orders Fall < Winter < Spring < Summer within an academic year, then by year', () => {
    const terms = ['2020-21 Fall', '2019-20 Summer', '2019-20 Fall', '2019-20 Spring', '2019-20 Winter'];
    expect([...terms].sort(compareTerms)).toEqual([
      '2019-20 Fall',
      '2019-20 Winter',
      '2019-20 Spring',
      '2019-20 Summer',
      '2020-21 Fall',
    ]);
  });

  it('counts terms across academic years', () => {
    expect(addTerms('2019-20 Summer', 1)).toBe('2020-21 Fall');
    expect(addTerms('2020-21 Fall', -1)).toBe('2019-20 Summer');
    expect(addTerms('2099-00 Fall', 0)).toBe('2099-00 Fall');
  });
});

describe('the term of a date, and terms between two', () => {
  it('places months in Fall (Sep-Dec), Winter (Jan), Spring (Feb-May) and Summer (Jun-Aug)', () => {
    expect(termOf(new Date('2026-09-01T00:00:00Z'))).toBe('2026-27 Fall');
    expect(termOf(new Date('2026-12-31T23:00:00Z'))).toBe('2026-27 Fall');
    expect(termOf(new Date('2027-01-15T00:00:00Z'))).toBe('2026-27 Winter');
    expect(termOf(new Date('2027-05-31T00:00:00Z'))).toBe('2026-27 Spring');
    expect(termOf(new Date('2027-08-31T00:00:00Z'))).toBe('2026-27 Summer');
  });

  it('lists the terms from one to another, both included', () => {
    expect(termsBetween('2025-26 Spring', '2026-27 Fall')).toEqual([
      '2025-26 Spring',
      '2025-26 Summer',
      '2026-27 Fall',
    ]);
    expect(termsBetween('2026-27 Fall', '2025-26 Fall')).toEqual([]);
  });
});
