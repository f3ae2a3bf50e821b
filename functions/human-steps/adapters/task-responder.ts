import {
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { StepClosedError, type TaskResponder } from '../use-cases/ports.js';

// Completes a callback task of a workflow. A token Step Functions no longer knows (the task finished,
// was cancelled with its Map, or timed out into the next phase) is a closed step, not a failure.
export class StepFunctionsTaskResponder implements TaskResponder {
  constructor(private readonly sfn: SFNClient) {}

  private async send(command: SendTaskSuccessCommand | SendTaskFailureCommand): Promise<void> {
    try {
      await this.sfn.send(command as SendTaskSuccessCommand);
    } catch (error) {
      if (
        error instanceof TaskDoesNotExist ||
        error instanceof TaskTimedOut ||
        error instanceof InvalidToken
      ) {
        throw new StepClosedError(error.message);
      }
      throw error;
    }
  }

  succeed(taskToken: string, output: string): Promise<void> {
    return this.send(new SendTaskSuccessCommand({ taskToken, output }));
  }

  fail(taskToken: string, error: string, cause: string): Promise<void> {
    return this.send(new SendTaskFailureCommand({ taskToken, error, cause }));
  }
}
