// The words every human step is described in: its subject, its id, its phases and the reminder and
// escalation ladder a workflow declares for it. Pure data, read by the runtime, CDK and the tests.

/** What a workflow waits on a person about, e.g. `{ kind: 'mapping', id: 'B000123-01' }`. */
export interface Subject {
  kind: string;
  id: string;
}

/**
 * A step id is its step kind, alone (`aro-triage`) or with what it is for (`department-review:MECH`):
 * one subject awaits at most one step of each id, and ARO's queues are per step kind.
 */
export const stepIdOf = (kind: string, qualifier?: string): string =>
  qualifier === undefined ? kind : `${kind}:${qualifier}`;
export const stepKindOf = (stepId: string): string => stepId.split(':', 1)[0] as string;
export const qualifierOf = (stepId: string): string | undefined => {
  const at = stepId.indexOf(':');
  return at < 0 ? undefined : stepId.slice(at + 1);
};

/** First request, then the reminder after N days, then the escalation after M days. */
export type AwaitPhase = 'request' | 'reminder' | 'escalation';
export const awaitPhases = ['request', 'reminder', 'escalation'] as const satisfies readonly AwaitPhase[];

/** Someone a step asks, or who is told it is overdue. */
export interface Person {
  name?: string;
  email: string;
}

export interface LadderDays {
  /** The reminder goes out this many days after the request. */
  reminderAfterDays: number;
  /** The step escalates this many days after the request. */
  escalateAfterDays: number;
}

/**
 * The reminder and escalation ladder of one step kind: the callback task states that wait for it,
 * one per phase, and the default days, which are the ASL's own TimeoutSeconds (the local runtime
 * runs the file as it is); a stage may override them (lib/config.ts). CDK and the tests read this.
 */
export interface StepLadder extends LadderDays {
  states: Record<AwaitPhase, string>;
}

/** Every human step of one workflow, by step kind. A workflow without any declares `{}`. */
export type WorkflowLadder = Readonly<Record<string, StepLadder>>;

/** A stage's overrides for one workflow: all its steps, or one step kind (which wins). */
export interface LadderOverrides {
  all?: LadderDays;
  steps?: Readonly<Record<string, LadderDays>>;
}
