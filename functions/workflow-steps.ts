import { ctApplicationLadder } from './applications/human-steps/ladder.js';
import type { WorkflowName } from './catalog.js';
import type { WorkflowLadder } from './human-steps/domain/steps.js';
import { mappingReviewLadder } from './reviews/human-steps/ladder.js';

// The human steps each workflow of the catalog declares, with their reminder and escalation ladder
// (DESIGN decision 9). CDK writes each stage's days into the declared states (lib/config.ts); the
// infra tests check every callback state of each ASL file is declared here. A new workflow adds its
// entry (`{}` when nobody is asked anything): the type requires one per workflow.
export const workflowSteps: Record<WorkflowName, WorkflowLadder> = {
  'mapping-review': mappingReviewLadder,
  'ct-application': ctApplicationLadder,
};
