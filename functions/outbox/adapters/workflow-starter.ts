import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { WorkflowName } from '../../catalog.js';
import type { OutboxPayloads } from '../entities/outbox-item.js';
import type { Deliverer } from '../use-cases/dispatch.js';

type WorkflowStart = OutboxPayloads['workflow.start'];

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
