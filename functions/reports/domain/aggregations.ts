import { median, percentile, roundDays } from './quantiles.js';

// The reports' aggregations, pure: each takes what the reads stream to it, one item at a time, and
// keeps only its totals, so a report's memory is its answer's size, not its input's.

/** One subject area's department reviews: how long decided ones took, and those still waiting. */
export interface TurnaroundRow {
  subjectArea: string;
  decided: number;
  medianDays?: number;
  p90Days?: number;
  /** Waiting for the department now. */
  waiting: number;
  /** Of those, past the ladder's reminder. */
  overdue: number;
  /** Of those, past the ladder's escalation. */
  escalated: number;
  /** The longest current wait, in days. */
  longestWaitDays?: number;
}

export interface WaitCounts {
  waiting: number;
  overdue: number;
  escalated: number;
  longestWaitDays: number;
}

export const noWaits = (): WaitCounts => ({ waiting: 0, overdue: 0, escalated: 0, longestWaitDays: 0 });

export function turnaroundRow(
  subjectArea: string,
  decidedDays: readonly number[],
  waits: WaitCounts = noWaits(),
): TurnaroundRow {
  const mid = median(decidedDays);
  const p90 = percentile(decidedDays, 90);
  return {
    subjectArea,
    decided: decidedDays.length,
    ...(mid !== undefined ? { medianDays: roundDays(mid) } : {}),
    ...(p90 !== undefined ? { p90Days: roundDays(p90) } : {}),
    waiting: waits.waiting,
    overdue: waits.overdue,
    escalated: waits.escalated,
    ...(waits.waiting > 0 ? { longestWaitDays: roundDays(waits.longestWaitDays) } : {}),
  };
}

/** Credits transferred into one term for students of one program (Approved applications, grade T). */
export interface CreditsRow {
  transferTerm: string;
  program: string;
  applications: number;
  courses: number;
  credits: number;
}

export interface ApprovedTransfer {
  transferTerm: string;
  program: string;
  /** The HKUST courses and credits the decision recorded. */
  transferred: readonly { code: string; credits: number }[];
}

const termSeasons = ['Fall', 'Winter', 'Spring', 'Summer'];
/** Terms in calendar order ("2024-25 Fall" before "2024-25 Spring"), then anything else by text. */
export function compareTerms(a: string, b: string): number {
  const [ya = '', sa = ''] = a.split(' ');
  const [yb = '', sb = ''] = b.split(' ');
  return ya.localeCompare(yb) || termSeasons.indexOf(sa) - termSeasons.indexOf(sb) || a.localeCompare(b);
}

/** Sums approved transfers by term and program; `rows()` answers them in term, then program order. */
export class CreditsByTermAndProgram {
  private readonly totals = new Map<string, CreditsRow>();

  add(t: ApprovedTransfer): void {
    const key = `${t.transferTerm}\u0000${t.program}`;
    const row = this.totals.get(key) ?? {
      transferTerm: t.transferTerm,
      program: t.program,
      applications: 0,
      courses: 0,
      credits: 0,
    };
    row.applications += 1;
    row.courses += t.transferred.length;
    // Credits are halves at most (UCTS conversion); summed in tenths so 0.1 + 0.2 stays 0.3.
    row.credits = Math.round((row.credits + t.transferred.reduce((sum, c) => sum + c.credits, 0)) * 10) / 10;
    this.totals.set(key, row);
  }

  rows(): CreditsRow[] {
    return [...this.totals.values()].sort(
      (a, b) => compareTerms(a.transferTerm, b.transferTerm) || a.program.localeCompare(b.program),
    );
  }
}

/** One institution's mappings, counted by status (the guide's statuses, one column each). */
export interface InstitutionMappingsRow {
  institutionId: string;
  institutionName: string;
  requestInitiated: number;
  underReview: number;
  needFurtherInfo: number;
  approved: number;
  denied: number;
  expired: number;
  total: number;
}

const statusColumn = {
  'Request Initiated': 'requestInitiated',
  'Under Review': 'underReview',
  'Need Further Info': 'needFurtherInfo',
  Approved: 'approved',
  Denied: 'denied',
  Expired: 'expired',
} as const satisfies Record<string, keyof InstitutionMappingsRow>;

export function noMappings(institution: {
  institutionId: string;
  institutionName: string;
}): InstitutionMappingsRow {
  return {
    ...institution,
    requestInitiated: 0,
    underReview: 0,
    needFurtherInfo: 0,
    approved: 0,
    denied: 0,
    expired: 0,
    total: 0,
  };
}

/** Counts one more mapping of the row's institution. */
export function countMapping(row: InstitutionMappingsRow, status: string): void {
  const column = statusColumn[status as keyof typeof statusColumn];
  if (column) row[column] += 1;
  row.total += 1;
}
