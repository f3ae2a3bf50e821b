import type { WorkflowLadder } from '../../human-steps/domain/steps.js';

// The human steps of workflows/mapping-review.asl.json and their reminder and escalation ladder: the
// callback task states each phase waits in, and the days, which are the ASL's own TimeoutSeconds (a
// stage overrides them in lib/config.ts). CDK writes the stage's days into these states by name as
// declared here; tests/infra/review-timings.test.ts checks the file and the declaration agree.
export const mappingReviewLadder = {
  'aro-triage': {
    states: {
      request: 'AwaitTriage',
      reminder: 'AwaitTriageAfterReminder',
      escalation: 'AwaitTriageAfterEscalation',
    },
    reminderAfterDays: 7,
    escalateAfterDays: 14,
  },
  'department-review': {
    states: {
      request: 'AwaitDepartment',
      reminder: 'AwaitDepartmentAfterReminder',
      escalation: 'AwaitDepartmentAfterEscalation',
    },
    reminderAfterDays: 7,
    escalateAfterDays: 14,
  },
} as const satisfies WorkflowLadder;
