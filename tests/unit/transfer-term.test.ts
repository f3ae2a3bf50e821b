import { describe, expect, it } from 'vitest';
import { addTerms, compareTerms, isTerm, parseTerm } from '../../functions/domain/transfer-term.js';

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
