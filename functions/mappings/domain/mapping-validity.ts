import { compareTerms } from '../../records/domain/transfer-term.js';
import type { Mapping } from '../entities/mapping.js';

// "Valid" is decided against the study record's transfer term T (guide §4.1, §5):
//
// - Ready for Credit Transfer: Approved, and T lies within the approval's validity
//   (validFrom <= T <= validTo). Only these offer "Apply for CT".
// - Expired: the status is Expired, or the mapping is Approved but its validity ended before T —
//   the approval no longer holds for this record, so the student is offered "Extend".
// - Valid: every mapping that is not expired for T — Ready for Credit Transfer ones, and mappings
//   still in review, asking for info, or Denied (which the guide lists in the search, with Appeal).
//   An approval that starts after T is valid (not expired) but not Ready for Credit Transfer.
//
// The search shows Valid and Expired by default; the filters narrow to either, or to Ready.

export type { MappingAction, ValidityFilter } from '../contracts.js';

import type { MappingAction, ValidityFilter } from '../contracts.js';

type Validity = Pick<Mapping, 'status' | 'validFrom' | 'validTo'>;

export function isReadyForCreditTransfer(m: Validity, transferTerm: string): boolean {
  return (
    m.status === 'Approved' &&
    m.validFrom !== undefined &&
    m.validTo !== undefined &&
    compareTerms(m.validFrom, transferTerm) <= 0 &&
    compareTerms(transferTerm, m.validTo) <= 0
  );
}

export function isExpiredFor(m: Validity, transferTerm: string): boolean {
  if (m.status === 'Expired') return true;
  return m.status === 'Approved' && m.validTo !== undefined && compareTerms(m.validTo, transferTerm) < 0;
}

export const isValidFor = (m: Validity, transferTerm: string): boolean => !isExpiredFor(m, transferTerm);

/** Whether a mapping passes the ticked filters (none ticked behaves as the default: Valid + Expired). */
export function matchesValidityFilters(
  m: Validity,
  transferTerm: string,
  filters: readonly ValidityFilter[],
): boolean {
  if (filters.length === 0) return true;
  return filters.some((f) =>
    f === 'ready'
      ? isReadyForCreditTransfer(m, transferTerm)
      : f === 'expired'
        ? isExpiredFor(m, transferTerm)
        : isValidFor(m, transferTerm),
  );
}

/** The status a student sees for this record's term: an approval that ended before T reads Expired. */
export function statusForTerm(m: Validity, transferTerm: string): Mapping['status'] {
  return isExpiredFor(m, transferTerm) ? 'Expired' : m.status;
}

/** How the student stands to a mapping: raised it (or provided info), follows it, or neither. */
export type MappingRelation = 'requester' | 'notify-me' | undefined;

export function mappingAction(
  m: Validity,
  transferTerm: string,
  relation: MappingRelation,
): MappingAction | undefined {
  if (isExpiredFor(m, transferTerm)) return 'Extend';
  switch (m.status) {
    case 'Approved':
      return isReadyForCreditTransfer(m, transferTerm) ? 'Apply for CT' : undefined;
    case 'Request Initiated':
    case 'Under Review':
      // The requester hears of every step anyway: nothing to press on their own request (guide §4.2).
      if (relation === 'requester') return undefined;
      return relation === 'notify-me' ? 'Will Notify You' : 'Notify Me';
    case 'Need Further Info':
      // The reviewers asked the students who filed it (domain/mapping-access.ts); others may follow it.
      if (relation === 'requester') return 'Provide Info';
      return relation === 'notify-me' ? 'Will Notify You' : 'Notify Me';
    case 'Denied':
      return 'Appeal';
    default:
      return undefined;
  }
}
