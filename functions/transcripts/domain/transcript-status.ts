import { assertTransition, type TransitionTable } from '../../store/domain/transitions.js';
import type { TranscriptStatus } from '../contracts.js';

export { type TranscriptStatus, transcriptStatuses } from '../contracts.js';

/**
 * A transcript's statuses (guide §5.2). The verification hook only moves a file from Awaiting Upload
 * to Pending Review (with its report) or Not Accepted; Verified, Unofficial and Rejected are ARO's
 * alone, and ARO may correct its own decision. A file not accepted stays so: the student uploads
 * another. Created as Awaiting Upload, by whoever adds the file.
 */
export const transcriptTransitions: TransitionTable<TranscriptStatus> = {
  entity: 'Transcript',
  initial: ['Awaiting Upload'],
  allowed: {
    'Awaiting Upload': ['Pending Review', 'Not Accepted'],
    'Not Accepted': [],
    'Pending Review': ['Verified', 'Unofficial', 'Rejected'],
    Verified: ['Pending Review', 'Unofficial', 'Rejected'],
    Unofficial: ['Pending Review', 'Verified', 'Rejected'],
    Rejected: ['Pending Review', 'Verified', 'Unofficial'],
  },
};

/** The statuses the Study Record lists: files attached to the record. */
export const attachedStatuses: readonly TranscriptStatus[] = [
  'Pending Review',
  'Verified',
  'Unofficial',
  'Rejected',
];

export function assertTranscriptTransition(
  transcriptId: string,
  from: TranscriptStatus | undefined,
  to: TranscriptStatus,
): void {
  assertTransition(transcriptTransitions, transcriptId, from, to);
}
