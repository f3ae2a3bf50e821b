// Orderings shared by lists. One collator, built once: String#localeCompare with a locale builds one
// per call, which made sorting an institution's 5,000 mappings take 300 ms instead of 6 ms. And not
// at import, nor for the names most lists hold: building it loads ICU's collation data (about 10 ms
// of a cold start), so names written in printable ASCII are compared by a table of the collator's
// own order for those characters, and the collator is built only for a name beyond them.

// The 95 printable ASCII characters as the collator ('en', sensitivity base) orders them, each group
// equal to it (a letter and its capital). For such strings the collator compares character by
// character by these ranks (tests/unit/ordering.test.ts holds it to the collator itself).
const asciiCollationOrder = [
  ...' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789',
  ...'abcdefghijklmnopqrstuvwxyz'.split('').map((c) => c + c.toUpperCase()),
];
const asciiRank = new Uint8Array(128).fill(255);
asciiCollationOrder.forEach((group, rank) => {
  for (const c of group) asciiRank[c.charCodeAt(0)] = rank;
});

/** The ranks' comparison, or undefined when a character is not printable ASCII. */
function compareAscii(a: string, b: string): number | undefined {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ra = asciiRank[a.charCodeAt(i)] ?? 255;
    const rb = asciiRank[b.charCodeAt(i)] ?? 255;
    if (ra === 255 || rb === 255) return undefined;
    if (ra !== rb) return ra < rb ? -1 : 1;
  }
  for (let i = n; i < a.length; i++) if ((asciiRank[a.charCodeAt(i)] ?? 255) === 255) return undefined;
  for (let i = n; i < b.length; i++) if ((asciiRank[b.charCodeAt(i)] ?? 255) === 255) return undefined;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

let names: Intl.Collator | undefined;

/** Names and codes as people read them: case and accents aside ("boston" beside "Boston"). */
export const compareNames = (a: string, b: string): number => {
  const ascii = compareAscii(a, b);
  if (ascii !== undefined) return ascii;
  names ??= new Intl.Collator('en', { sensitivity: 'base' });
  return names.compare(a, b);
};

/** Code-unit order, for machine strings: refs, ids, ISO dates. */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
