import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Mapping } from '../../mappings/entities/mapping.js';
import type { ReviewStarter } from '../../mappings/use-cases/mapping-requests.js';
import type { Submission } from '../use-cases/mapping-review.js';

export class StepFunctionsReviewStarter implements ReviewStarter {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  startReview(mapping: Mapping, submission: Submission): Promise<void> {
    return this.start(mapping, { ref: mapping.ref, submission });
  }

  /** A mapping already Under Review (migrated, or seeded locally) goes straight to its departments. */
  resumeAtDepartments(mapping: Mapping): Promise<void> {
    return this.start(mapping, { ref: mapping.ref, submission: 'new', resume: 'departments' });
  }

  private async start(mapping: Mapping, input: Record<string, string>): Promise<void> {
    try {
      // One execution per submitted version: a retried call starts nothing twice.
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: `${mapping.ref}-v${mapping.version}`,
          input: JSON.stringify(input),
        }),
      );
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }
}
