// Course mapping statuses, their transitions and the actions the guide offers for each (guide §4).
import type { TransitionTable } from '../../store/domain/transitions.js';

// The list is the API contract's (mappings/contracts.ts): what the API promises and what the rules hold are one.
export { type MappingStatus, mappingStatuses } from '../contracts.js';

import type { MappingStatus } from '../contracts.js';

/** Statuses of a mapping still in the review process: not yet decided. */
export const pendingMappingStatuses: readonly MappingStatus[] = [
  'Request Initiated',
  'Under Review',
  'Need Further Info',
];

export const isPendingMapping = (status: MappingStatus): boolean => pendingMappingStatuses.includes(status);

/** The mapping waits for the student, not for a reviewer: it belongs on the To Do List. */
export const awaitsStudent = (status: MappingStatus): boolean => status === 'Need Further Info';

/**
 * Which status a mapping may move to from each status (guide §4): every writer of a mapping checks
 * it (store/state-change.ts), so a decision cannot land on a mapping no longer under review and a
 * decided mapping cannot be decided again. A request starts in Request Initiated; Provide Info,
 * Extend and Appeal send it back there.
 */
export const mappingTransitions: TransitionTable<MappingStatus> = {
  entity: 'Mapping',
  initial: ['Request Initiated'],
  allowed: {
    'Request Initiated': ['Under Review', 'Need Further Info', 'Denied'],
    'Under Review': ['Approved', 'Denied', 'Need Further Info'],
    'Need Further Info': ['Request Initiated'],
    // An approval that ended before a record's transfer term is extended like an Expired one (§4.6).
    Approved: ['Expired', 'Request Initiated'],
    Denied: ['Request Initiated'],
    Expired: ['Request Initiated'],
  },
};
