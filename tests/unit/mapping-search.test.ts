import { describe, expect, it } from 'vitest';
import {
  indexWords,
  keywordWords,
  lookupWord,
  mappingWords,
  matchesKeyword,
  searchWords,
} from '../../functions/mappings/domain/mapping-search.js';

const mapping = {
  ref: 'B006711-02',
  incomingCourses: [{ code: 'SEHH2320/CCN2320', title: 'Human Physiology' }],
  homeCourses: [{ code: 'HUMA1000LEVEL', title: '1000-level Course in Humanities' }],
};

describe('keyword search words (guide §4.1)', () => {
  it('finds a code whole, by its letters or digits, and a hyphenated word whole or by its parts', () => {
    const words = searchWords('SEHH2320/CCN2320 1000-level Café');
    expect(words).toEqual(
      expect.arrayContaining(['sehh2320', 'ccn', '2320', '1000-level', '1000', 'level', 'cafe']),
    );
  });

  it('leaves out words too common to narrow a search', () => {
    expect(searchWords('Music and the Mind')).toEqual(['music', 'mind']);
    expect(keywordWords('  Music  and MIND ')).toEqual(['music', 'mind']);
  });

  it('matches when every word starts a word of the mapping or of the status shown', () => {
    expect(matchesKeyword(mapping, 'Approved', ['physio', 'ccn2320'])).toBe(true);
    expect(matchesKeyword(mapping, 'Approved', ['b006711'])).toBe(true);
    expect(matchesKeyword(mapping, 'Approved', ['approved', 'human'])).toBe(true);
    expect(matchesKeyword(mapping, 'Expired', ['approved'])).toBe(false);
    expect(matchesKeyword(mapping, 'Approved', ['physics'])).toBe(false);
    expect(matchesKeyword(mapping, 'Approved', [])).toBe(true);
  });

  it('looks up the longest word that cannot name a status, or lists everything', () => {
    expect(lookupWord(['huma', 'physiology', 'approved'])).toBe('physiology');
    // "review" and "ex" may be asking for Under Review or Expired: no index lookup can serve them.
    expect(lookupWord(['review', 'ex'])).toBeUndefined();
    expect(lookupWord([])).toBeUndefined();
    // One or two letters would read more index entries than the institution has mappings.
    expect(lookupWord(['c', 'ab'])).toBeUndefined();
  });

  it('indexes the ref, codes and titles of every course', () => {
    expect(mappingWords(mapping)).toEqual(
      expect.arrayContaining([
        'b006711-02',
        'sehh2320',
        'ccn2320',
        'human',
        'physiology',
        'huma1000level',
        'humanities',
      ]),
    );
  });
});

describe('the word index', () => {
  it('leaves out a word that starts another word of the same mapping, and nothing else', () => {
    const indexed = indexWords(mapping);
    expect(indexed).toEqual(expect.arrayContaining(['b006711-02', 'ccn2320', 'sehh2320', 'physiology']));
    // Reached through "ccn2320", "b006711-02" and "humanities" by a prefix lookup.
    for (const shorter of ['ccn', 'b006711', 'b', 'human']) expect(indexed).not.toContain(shorter);
    // Every word of the mapping still starts some indexed word.
    for (const word of mappingWords(mapping))
      expect(
        indexed.some((w) => w.startsWith(word)),
        word,
      ).toBe(true);
  });
});
