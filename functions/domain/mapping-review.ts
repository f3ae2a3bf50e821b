import { ConflictError } from '../commons/errors.js';
import type { MappingStatus } from './mapping-status.js';

// Which status a mapping may move to from each status. Anything else is a 409: a decision can't land
// on a mapping that is no longer under review, and a decided mapping can't be decided again.
const allowedTransitions: Record<MappingStatus, readonly MappingStatus[]> = {
  'Request Initiated': ['Under Review', 'Need Further Info', 'Denied'],
  'Under Review': ['Approved', 'Denied', 'Need Further Info'],
  'Need Further Info': ['Request Initiated'],
  // An approval that ended before a record's transfer term is extended like an Expired one (§4.6).
  Approved: ['Expired', 'Request Initiated'],
  Denied: ['Request Initiated'],
  Expired: ['Request Initiated'],
};

export function canTransition(from: MappingStatus, to: MappingStatus): boolean {
  return allowedTransitions[from].includes(to);
}

export function assertTransition(ref: string, from: MappingStatus, to: MappingStatus): void {
  if (!canTransition(from, to)) {
    throw new ConflictError(`Mapping ${ref} is ${from}; it cannot become ${to}`);
  }
}

/** A subject department's decision on a mapping, as the callback task receives it. */
export type ReviewDecision =
  | { outcome: 'Approved'; validFrom: string; validTo: string; decidedBy: string }
  | { outcome: 'Denied'; reason: string; decidedBy: string }
  | { outcome: 'Need Further Info'; note: string; decidedBy: string };
