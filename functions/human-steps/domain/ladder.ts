import type { AwaitPhase, LadderDays, LadderOverrides, WorkflowLadder } from './steps.js';

// The reminder and escalation ladder as the ASL runs it: each phase of a step is a callback task
// whose TimeoutSeconds ends the phase (States.Timeout → the next phase's task). The days a workflow
// declares per step are the ASL's own values; a stage's overrides are written into a copy of the
// definition for CDK. Which states a step waits in is declared, never inferred from state names.

const day = 86_400;
const callbackResource = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

type State = Record<string, unknown> & {
  Type?: string;
  Resource?: string;
  TimeoutSeconds?: number;
  Branches?: { States: States }[];
  ItemProcessor?: { States: States };
  Iterator?: { States: States };
};
type States = Record<string, State>;

/** Every state of the definition by name, nested Parallel branches and Map processors included. */
export function allStates(definition: { States: States }): Map<string, State> {
  const found = new Map<string, State>();
  const visit = (states: States) => {
    for (const [name, state] of Object.entries(states)) {
      found.set(name, state);
      for (const nested of [...(state.Branches ?? []), state.ItemProcessor, state.Iterator]) {
        if (nested) visit(nested.States);
      }
    }
  };
  visit(definition.States);
  return found;
}

/** The names of the callback (human-step) task states of a definition. */
export function callbackStates(definition: { States: States }): string[] {
  return [...allStates(definition)]
    .filter(([, s]) => s.Type === 'Task' && s.Resource === callbackResource)
    .map(([name]) => name);
}

/** The days in force for each step kind: the step kind's override, else the workflow's, else declared. */
export function ladderDays(
  ladder: WorkflowLadder,
  overrides: LadderOverrides = {},
): Record<string, LadderDays> {
  const days: Record<string, LadderDays> = {};
  for (const [kind, step] of Object.entries(ladder)) {
    const chosen = overrides.steps?.[kind] ?? overrides.all ?? step;
    if (!(chosen.reminderAfterDays > 0 && chosen.escalateAfterDays > chosen.reminderAfterDays)) {
      throw new Error(`${kind}: the escalation must come after the reminder, and both after the request`);
    }
    days[kind] = { reminderAfterDays: chosen.reminderAfterDays, escalateAfterDays: chosen.escalateAfterDays };
  }
  return days;
}

/** How long each phase's task waits, in seconds; the escalation's wait is the ASL's own. */
export function phaseTimeouts(days: LadderDays): Partial<Record<AwaitPhase, number>> {
  return {
    request: days.reminderAfterDays * day,
    reminder: (days.escalateAfterDays - days.reminderAfterDays) * day,
  };
}

/**
 * The definition with the days in force on every declared step. A declared state that is missing or
 * is no callback task fails here, at synth, rather than leaving a step without its reminder.
 */
export function withStepTimings<D extends { States: States }>(
  definition: D,
  ladder: WorkflowLadder,
  overrides: LadderOverrides = {},
): D {
  const copy = structuredClone(definition);
  const states = allStates(copy);
  const days = ladderDays(ladder, overrides);
  for (const [kind, step] of Object.entries(ladder)) {
    const timeouts = phaseTimeouts(days[kind] as LadderDays);
    for (const [phase, name] of Object.entries(step.states) as [AwaitPhase, string][]) {
      const state = states.get(name);
      if (state?.Type !== 'Task' || state.Resource !== callbackResource) {
        throw new Error(`${kind} declares ${phase} state ${name}, which is no callback task of the workflow`);
      }
      const seconds = timeouts[phase];
      if (seconds !== undefined) state.TimeoutSeconds = seconds;
    }
  }
  return copy;
}
