import type * as z from 'zod/mini';
import type { HumanStep, TaskAnswer } from '../step.js';

// A decision crosses to Step Functions and back as JSON: SendTaskSuccess's output, or
// SendTaskFailure's error with the decision as its Cause, which the workflow's next task receives.
// Both ends parse it with the step's own schema, so neither a malformed decision nor a tampered Cause
// becomes a state change.

export interface TaskCall {
  kind: 'succeed' | 'fail';
  output?: string;
  error?: string;
  cause?: string;
}

/** What is sent for a decision, after the step's schema has validated it. */
export function taskCallOf<D>(
  step: Pick<HumanStep<unknown, D>, 'decision' | 'answer'>,
  decision: D,
): TaskCall {
  const valid = step.decision.parse(decision);
  const answer: TaskAnswer = step.answer(valid);
  return 'output' in answer
    ? { kind: 'succeed', output: JSON.stringify(answer.output) }
    : { kind: 'fail', error: answer.error, cause: JSON.stringify(valid) };
}

/** A caught task failure, as Catch's ResultPath hands it to the next task. */
export interface TaskFailure {
  Error: string;
  Cause: string;
}

export class UnexpectedTaskFailure extends Error {}

/** The decision a caught failure carries: one of the declared errors, its Cause valid for the schema. */
export function decisionOfFailure<D>(
  failure: TaskFailure,
  expected: { errors: readonly string[]; decision: z.ZodMiniType<D> },
): D {
  if (!expected.errors.includes(failure.Error)) {
    throw new UnexpectedTaskFailure(`The step ended with an unexpected error: ${failure.Error}`);
  }
  let cause: unknown;
  try {
    cause = JSON.parse(failure.Cause);
  } catch {
    throw new UnexpectedTaskFailure(`The cause of ${failure.Error} is not JSON`);
  }
  const parsed = expected.decision.safeParse(cause);
  if (!parsed.success) {
    throw new UnexpectedTaskFailure(`The cause of ${failure.Error} is no decision: ${parsed.error.message}`);
  }
  return parsed.data;
}
