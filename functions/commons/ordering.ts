// Orderings shared by lists. One collator, built once: String#localeCompare with a locale builds one
// per call, which made sorting an institution's 5,000 mappings take 300 ms instead of 6 ms. Built on
// the first comparison, not at import: building it loads ICU's collation data (about 18 ms), which a
// cold start of a function that never sorts by name (most of them import this module) should not pay.

let names: Intl.Collator | undefined;

/** Names and codes as people read them: case and accents aside ("boston" beside "Boston"). */
export const compareNames = (a: string, b: string): number => {
  names ??= new Intl.Collator('en', { sensitivity: 'base' });
  return names.compare(a, b);
};

/** Code-unit order, for machine strings: refs, ids, ISO dates. */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
