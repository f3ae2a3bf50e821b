import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { WorkflowName } from '../../catalog.js';
import type { OutboxPayloads } from '../entities/outbox-item.js';
import type { Deliverer } from '../use-cases/dispatch.js';

type WorkflowStart = OutboxPayloads['workflow.start'];
type WorkflowStop = OutboxPayloads['workflow.stop'];

/**
 * StartExecution under the name the outbox item carries. ExecutionAlreadyExists means an earlier
 * delivery (or the same one, retried after its answer was lost) already started it: delivered.
 */
export async function startWorkflowExecution(
  sfn: SFNClient,
  stateMachineArn: string,
  start: WorkflowStart,
): Promise<void> {
  try {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        name: start.executionName,
        input: JSON.stringify(start.input),
      }),
    );
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
}

/** Delivers `workflow.start` items to the state machines of the workflow catalog. */
export class StepFunctionsWorkflowStarter implements Deliverer<'workflow.start'> {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArns: Readonly<Record<WorkflowName, string>>,
  ) {}

  deliver(start: WorkflowStart): Promise<void> {
    return startWorkflowExecution(this.sfn, this.stateMachineArns[start.workflow], start);
  }
}

/** An execution's ARN from its state machine's and its name (what StartExecution answered). */
export const executionArnOf = (stateMachineArn: string, executionName: string): string =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;

/**
 * Delivers `workflow.stop` items: StopExecution of the named execution. Stopping one that has ended
 * changes nothing, and one that never started (its start still in the outbox) is refused by the
 * workflow's first task, which finds the application withdrawn.
 */
export class StepFunctionsWorkflowStopper implements Deliverer<'workflow.stop'> {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArns: Readonly<Record<WorkflowName, string>>,
  ) {}

  async deliver(stop: WorkflowStop): Promise<void> {
    try {
      await this.sfn.send(
        new StopExecutionCommand({
          executionArn: executionArnOf(this.stateMachineArns[stop.workflow], stop.executionName),
          error: 'Withdrawn',
          cause: stop.cause,
        }),
      );
    } catch (error) {
      if (!(error instanceof ExecutionDoesNotExist)) throw error;
    }
  }
}
