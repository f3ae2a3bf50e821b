// A person decides a step the workflow awaits: through an action link (below) or an admin API.
//
// decideStep — Input: the step's declaration, the subject, the step id, the decision, who took it.
//   Output: the decision recorded in one transaction (the step claimed while still awaited, the link
//   used, the audit event, the workflow's extras), then handed to the workflow through the step's
//   current token. If Step Functions refuses the token or cannot be reached, the record is undone,
//   its audit event included: there is never a record of a step without its state change. Two
//   decisions at once: the transaction lets exactly one claim the step; the other is "already decided".
import { randomUUID } from 'node:crypto';
import { ConflictError, ServiceUnavailableError } from '../../commons/errors.js';
import { logger } from '../../commons/logger.js';
import type { Subject } from '../domain/steps.js';
import { type TaskCall, taskCallOf } from '../edge/task-answer.js';
import type { ActionLink } from '../entities/action-link.js';
import type { HumanStep } from '../step.js';
import {
  type HumanStepStore,
  StepClosedError,
  type StepDecisionRecord,
  type TaskResponder,
} from './ports.js';

/** Someone else decided first, the step was withdrawn with its workflow, or it is no longer awaited. */
export class StepAlreadyDecidedError extends ConflictError {}

export interface DecideDeps {
  store: HumanStepStore;
  tasks: TaskResponder;
  now: () => Date;
}

export interface StepDecision<D> {
  subject: Subject;
  stepId: string;
  decision: D;
  actor: string;
  /** ARO only. */
  internalNote?: string;
  /** The link it came through, as read. */
  link?: ActionLink;
}

/** Hands the decision to the workflow through the step's current token (a reminder may have renewed it). */
async function respond(deps: DecideDeps, record: StepDecisionRecord, call: TaskCall): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const awaited = await deps.store.getAwaited(record.subject, record.stepId);
    if (awaited?.decisionId !== record.decisionId) {
      throw new StepClosedError(`${record.subject.id} no longer awaits ${record.stepId}`);
    }
    try {
      if (call.kind === 'succeed') await deps.tasks.succeed(awaited.taskToken, call.output ?? '{}');
      else await deps.tasks.fail(awaited.taskToken, call.error ?? '', call.cause ?? '');
      return;
    } catch (error) {
      // A token that died with a phase's timeout: the next phase's task renews it; try that one.
      if (!(error instanceof StepClosedError) || attempt > 0) throw error;
    }
  }
}

export async function decideStep<C, D>(
  deps: DecideDeps,
  step: HumanStep<C, D>,
  input: StepDecision<D>,
): Promise<void> {
  // Validated by the step's schema before anything is written; the workflow parses it back with it.
  const call = taskCallOf(step, input.decision);
  const decision = step.decision.parse(input.decision);
  const awaited = await deps.store.getAwaited(input.subject, input.stepId);
  if (!awaited || awaited.decisionId) {
    throw new StepAlreadyDecidedError(`${input.subject.id} was decided meanwhile`);
  }
  const at = deps.now().toISOString();
  const { action, reason } = step.audit(decision, input.stepId);
  const record: StepDecisionRecord = {
    subject: input.subject,
    stepId: input.stepId,
    decisionId: randomUUID(),
    at,
    audit: {
      ...step.subject.auditSubject(input.subject.id),
      at,
      eventId: randomUUID(),
      actor: input.actor,
      action,
      ...(reason ? { reason } : {}),
      ...(input.internalNote ? { internalNote: input.internalNote } : {}),
    },
    ...(input.link
      ? { link: { ...input.link, usedAt: at, outcome: step.link?.outcome(decision) ?? action } }
      : {}),
    extras:
      step.extras?.({ subject: input.subject, stepId: input.stepId, decision, since: awaited.since, at }) ??
      [],
  };
  try {
    await deps.store.recordDecision(record);
  } catch (error) {
    if (error instanceof ConflictError)
      throw new StepAlreadyDecidedError(`${input.subject.id} was decided meanwhile`);
    throw error;
  }
  try {
    await respond(deps, record, call);
  } catch (error) {
    await undo(deps, record);
    if (error instanceof StepClosedError) {
      throw new StepAlreadyDecidedError(`${input.subject.id} was decided meanwhile`);
    }
    logger.error('The workflow could not be told of a decision; it was undone', {
      subject: input.subject,
      stepId: input.stepId,
      error,
    });
    throw new ServiceUnavailableError(
      'The decision could not be passed on to the workflow; nothing was recorded. Please try again.',
    );
  }
}

async function undo(deps: DecideDeps, record: StepDecisionRecord): Promise<void> {
  try {
    await deps.store.undoDecision(record);
  } catch (error) {
    // Nothing more can be done here; the log names the record to take back by hand.
    logger.error('A decision the workflow never heard of could not be undone', { record, error });
    throw error;
  }
}
