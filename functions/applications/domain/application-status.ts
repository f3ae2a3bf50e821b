import type { TransitionTable } from '../../store/domain/transitions.js';

// A credit transfer application's statuses (guide §5): the four the guide names, and the outcomes
// it implies. The transition table is the one the state-change commit checks, so an application
// moves only along these edges, whoever asks.

export { type ApplicationStatus, applicationStatuses } from '../contracts.js';

import type { ApplicationStatus } from '../contracts.js';

/** Decided for good: nothing follows them (a new attempt is a new draft of the same application). */
export const finalStatuses: readonly ApplicationStatus[] = ['Approved', 'Rejected'];

/**
 * Submit goes to endorsement when a rule matches, else straight to ARO (Submitted). Endorsed by every
 * office → Submitted; any office declines → Not Endorsed. ARO approves, rejects or asks for more
 * (Need Further Info), and Provide Info returns it to ARO, or to endorsement when a grade changed.
 * The student may withdraw before a decision, and reopen a withdrawn or not endorsed application as
 * a draft (the same application, so a mapping still has one per record).
 */
export const applicationTransitions: TransitionTable<ApplicationStatus> = {
  entity: 'Application',
  initial: ['Draft'],
  allowed: {
    Draft: ['Pending Program Office Endorsement', 'Submitted', 'Withdrawn'],
    'Pending Program Office Endorsement': ['Submitted', 'Not Endorsed', 'Withdrawn'],
    Submitted: ['Approved', 'Rejected', 'Need Further Info', 'Withdrawn'],
    'Need Further Info': ['Submitted', 'Pending Program Office Endorsement', 'Withdrawn'],
    'Not Endorsed': ['Draft'],
    Withdrawn: ['Draft'],
    Approved: [],
    Rejected: [],
  },
};

/** Before ARO's decision, and not already withdrawn: the student may still withdraw. */
export const mayWithdraw = (status: ApplicationStatus): boolean =>
  applicationTransitions.allowed[status].includes('Withdrawn');
