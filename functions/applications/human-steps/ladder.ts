import type { WorkflowLadder } from '../../human-steps/domain/steps.js';

// The human steps of workflows/ct-application.asl.json and their reminder and escalation ladder: the
// callback task states each phase waits in, and the default days, which are the ASL's own
// TimeoutSeconds (a stage overrides them in lib/config.ts). tests/infra/review-timings.test.ts checks
// the file and this declaration agree.
export const ctApplicationLadder = {
  'program-office-endorsement': {
    states: {
      request: 'AwaitEndorsement',
      reminder: 'AwaitEndorsementAfterReminder',
      escalation: 'AwaitEndorsementAfterEscalation',
    },
    reminderAfterDays: 7,
    escalateAfterDays: 14,
  },
  // ARO processing waits for the study record's Verified official transcript: the student is asked.
  'verified-transcript': {
    states: {
      request: 'AwaitVerifiedTranscript',
      reminder: 'AwaitVerifiedTranscriptAfterReminder',
      escalation: 'AwaitVerifiedTranscriptAfterEscalation',
    },
    reminderAfterDays: 7,
    escalateAfterDays: 14,
  },
  'aro-decision': {
    states: {
      request: 'AwaitAroDecision',
      reminder: 'AwaitAroDecisionAfterReminder',
      escalation: 'AwaitAroDecisionAfterEscalation',
    },
    reminderAfterDays: 7,
    escalateAfterDays: 14,
  },
} as const satisfies WorkflowLadder;
