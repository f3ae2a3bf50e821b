import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareNames } from '../../functions/commons/ordering.js';

const collator = new Intl.Collator('en', { sensitivity: 'base' });
const printableAscii = fc.string({
  unit: fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c)),
  maxLength: 12,
});
// Names as they come: mostly letters and spaces, now and then a hyphen, an apostrophe, a digit.
const nameLike = fc.string({ unit: fc.constantFrom(..."aAbBzZ -'.09"), maxLength: 8 });
const anyText = fc.string({ unit: 'grapheme', maxLength: 8 });

describe('compareNames', () => {
  it('orders printable ASCII exactly as the collator does, without building it', () => {
    fc.assert(
      fc.property(fc.oneof(printableAscii, nameLike), fc.oneof(printableAscii, nameLike), (a, b) => {
        expect(Math.sign(compareNames(a, b))).toBe(Math.sign(collator.compare(a, b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('falls back to the collator for anything else', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, nameLike), fc.oneof(anyText, printableAscii), (a, b) => {
        expect(Math.sign(compareNames(a, b))).toBe(Math.sign(collator.compare(a, b)));
      }),
      { numRuns: 2000 },
    );
    expect(compareNames('Université Paris-Saclay', 'universite paris-saclay')).toBe(0);
    expect(compareNames('Zürich', 'Zurich')).toBe(0);
  });

  it('puts names in the order people read them', () => {
    const sorted = [
      'University of Toronto',
      'boston university',
      'Beijing Institute',
      'Boston University',
      "King's College",
    ].sort(compareNames);
    expect(sorted).toEqual([
      'Beijing Institute',
      'boston university',
      'Boston University',
      "King's College",
      'University of Toronto',
    ]);
  });
});
