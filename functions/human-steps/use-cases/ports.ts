import type { AuditEvent } from '../../store/audit.js';
import type { StoredItem } from '../../store/item.js';
import type { AwaitPhase, Subject } from '../domain/steps.js';
import type { ActionLink } from '../entities/action-link.js';
import type { AwaitedStep } from '../entities/awaited-step.js';

/** A decision on one step, as recorded before the workflow hears of it (and undone if it cannot). */
export interface StepDecisionRecord {
  subject: Subject;
  stepId: string;
  /** Claims the awaited step: the transaction fails if another decision claimed it first. */
  decisionId: string;
  at: string;
  audit: AuditEvent;
  /** The link it came through, marked used in the same transaction (conditional on not used). */
  link?: ActionLink;
  /** The workflow's own items written with it (e.g. a turnaround sample). */
  extras: StoredItem[];
}

export interface HumanStepStore {
  getAwaited(subject: Subject, stepId: string): Promise<AwaitedStep | undefined>;
  /** Every step the subject awaits (one Query). */
  listAwaited(subject: Subject): Promise<AwaitedStep[]>;
  /** Every subject awaiting a step kind, oldest first (ARO's queues). */
  listAwaiting(stepKind: string): Promise<AwaitedStep[]>;
  /**
   * Records the wait with this token. A request starts a new wait; a reminder or escalation renews
   * the token and keeps `since` (and any decision that claimed the step meanwhile).
   */
  awaitStep(
    wait: { subject: Subject; stepId: string; taskToken: string; phase: AwaitPhase },
    at: string,
  ): Promise<AwaitedStep>;
  getLink(linkHash: string): Promise<ActionLink | undefined>;
  putLink(link: ActionLink): Promise<void>;
  /**
   * One transaction: the step claimed (only while awaited and unclaimed), the link marked used (only
   * if unused), the audit event and the extras. Throws StepAlreadyDecidedError when any condition fails.
   */
  recordDecision(record: StepDecisionRecord): Promise<void>;
  /** Takes a recorded decision back, its audit event included, when the workflow could not be told. */
  undoDecision(record: StepDecisionRecord): Promise<void>;
}

/** The step has moved on (decided, cancelled with its workflow, or timed out): its token is void. */
export class StepClosedError extends Error {}

export interface TaskResponder {
  /** Throws StepClosedError when the token no longer belongs to a waiting task. */
  succeed(taskToken: string, output: string): Promise<void>;
  fail(taskToken: string, error: string, cause: string): Promise<void>;
}
