// The turnaround figures ARO reads per subject area. Exact, not estimated: a subject area has at
// most a few thousand decided steps, so its samples (numbers only) fit in memory one area at a time.

/** The middle value; of an even count, the mean of the two middle values. Undefined for no samples. */
export function median(samples: readonly number[]): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The nearest-rank percentile: the smallest sample that at least `p` percent of the samples do not
 * exceed. Always one of the samples, so "90% of requests were decided within N days" holds as said.
 */
export function percentile(samples: readonly number[], p: number): number | undefined {
  if (samples.length === 0) return undefined;
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1] as number;
}

/** Days to one decimal, as the reports show them. */
export const roundDays = (days: number): number => Math.round(days * 10) / 10;
