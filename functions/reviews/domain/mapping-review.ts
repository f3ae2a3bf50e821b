import { compareTerms } from '../../records/domain/transfer-term.js';

/** A decision on a mapping: a department's, ARO's at triage, or the departments' combined. */
export type ReviewDecision =
  | { outcome: 'Approved'; validFrom: string; validTo: string; decidedBy: string; subjectArea?: string }
  | { outcome: 'Denied'; reason: string; decidedBy: string; subjectArea?: string; duplicateOf?: string }
  | { outcome: 'Need Further Info'; note: string; decidedBy: string; subjectArea?: string };

/**
 * A Deny or Need Further Info ends the whole review at once (every department must approve): the
 * deciding step fails its task with one of these errors, which the workflow catches around the
 * department reviews, so the other departments' waits are cancelled with it.
 */
export const reviewErrors = {
  Denied: 'Review.Denied',
  'Need Further Info': 'Review.NeedFurtherInfo',
} as const;

export type Approval = Extract<ReviewDecision, { outcome: 'Approved' }>;

/** Every department approved: the mapping holds for the terms all of them accepted. */
export function combineApprovals(approvals: readonly Approval[]): Approval {
  const [first, ...rest] = approvals;
  if (!first) throw new Error('No department decision to combine');
  let validFrom = first.validFrom;
  let validTo = first.validTo;
  for (const a of rest) {
    if (compareTerms(a.validFrom, validFrom) > 0) validFrom = a.validFrom;
    if (compareTerms(a.validTo, validTo) < 0) validTo = a.validTo;
  }
  // Disjoint ranges leave no common term: keep the narrowest single department's range instead of an
  // impossible one (ARO sees each department's terms in the timeline).
  if (compareTerms(validFrom, validTo) > 0) ({ validFrom, validTo } = first);
  return { outcome: 'Approved', validFrom, validTo, decidedBy: approvals.map((a) => a.decidedBy).join(', ') };
}

/** The middle of the samples (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Estimated decision date of a pending request: from when it was submitted, the slowest of its
 * departments' median turnarounds. Undefined until every department involved has decided before.
 */
export function estimateDecisionDate(
  submittedAt: string,
  medianDaysByArea: ReadonlyMap<string, number | undefined>,
): string | undefined {
  const medians = [...medianDaysByArea.values()];
  if (medians.length === 0 || medians.some((m) => m === undefined)) return undefined;
  const days = Math.max(...(medians as number[]));
  return new Date(Date.parse(submittedAt) + Math.ceil(days) * 86_400_000).toISOString().slice(0, 10);
}
