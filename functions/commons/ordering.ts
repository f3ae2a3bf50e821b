// Orderings shared by lists. One collator, built once: String#localeCompare with a locale builds one
// per call, which made sorting an institution's 5,000 mappings take 300 ms instead of 6 ms.

const names = new Intl.Collator('en', { sensitivity: 'base' });

/** Names and codes as people read them: case and accents aside ("boston" beside "Boston"). */
export const compareNames = (a: string, b: string): number => names.compare(a, b);

/** Code-unit order, for machine strings: refs, ids, ISO dates. */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
