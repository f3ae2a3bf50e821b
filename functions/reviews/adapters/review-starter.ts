import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Mapping } from '../../mappings/entities/mapping.js';
import type { ReviewStarter } from '../../mappings/use-cases/mapping-requests.js';
import { startWorkflowExecution } from '../../outbox/adapters/workflow-starter.js';
import { type OutboxMessageOf, workflowStart } from '../../outbox/entities/outbox-item.js';
import type { Submission } from '../use-cases/mapping-review.js';

/**
 * The start of the mapping-review workflow for one submitted version of a mapping, as an outbox
 * message: written in the submission's own commit and delivered by the outbox dispatcher. The
 * execution is named by the version, so a repeated delivery starts nothing twice.
 */
export function mappingReviewStart(
  mapping: Mapping,
  submission: Submission,
  resume?: 'departments',
): OutboxMessageOf<'workflow.start'> {
  return workflowStart('mapping-review', `${mapping.ref}-v${mapping.version}`, {
    ref: mapping.ref,
    submission,
    ...(resume ? { resume } : {}),
  });
}

export const mappingReviewStarts: ReviewStarter = { reviewStart: mappingReviewStart };

/**
 * Starts reviews directly, outside any state change: the local runtime's freshly seeded requests,
 * whose items the seed writes as they are, with no commit to carry an outbox item.
 */
export class StepFunctionsReviewStarter {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  startReview(mapping: Mapping, submission: Submission): Promise<void> {
    return this.start(mappingReviewStart(mapping, submission));
  }

  /** A mapping already Under Review (migrated, or seeded locally) goes straight to its departments. */
  resumeAtDepartments(mapping: Mapping): Promise<void> {
    return this.start(mappingReviewStart(mapping, 'new', 'departments'));
  }

  private async start(message: OutboxMessageOf<'workflow.start'>): Promise<void> {
    await startWorkflowExecution(this.sfn, this.stateMachineArn, message.payload);
  }
}
