import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';
import { type AwaitPhase, type Subject, stepKindOf } from '../domain/steps.js';

/**
 * A human step a workflow is waiting on. It holds the Step Functions task token, which never leaves
 * the backend: people act through links or the admin API, which name this record, not the token. A
 * reminder or escalation re-awaits with a new token and keeps `since`; every mail brings fresh links,
 * and an older unused link still answers the step while it is awaited.
 */
export interface AwaitedStep {
  subject: Subject;
  stepId: string;
  taskToken: string;
  since: string;
  phase: AwaitPhase;
  /**
   * Set by the decision that claimed the step, in the transaction that records it: a second decision
   * finds it set and is refused, so there is one decision per step by construction.
   */
  decisionId?: string;
}

const pk = (s: Subject) => `AWAIT#${s.kind}#${s.id}`;

export const AwaitedStepEntity = {
  type: 'AwaitedStep',
  /** Every step a subject awaits is one partition: one Query reads them, one decision settles them. */
  pk,
  prefix: 'STEP#',
  key: (subject: Subject, stepId: string): Keys => ({ pk: pk(subject), sk: `STEP#${stepId}` }),
  /** ARO's queues: every subject awaiting a step kind, oldest first. */
  queue: (stepKind: string) => `AWAITING#${stepKind}`,
  queueSk: (since: string, subject: Subject) => `${since}#${subject.kind}#${subject.id}`,
  toItem: (a: AwaitedStep): StoredItem => ({
    ...AwaitedStepEntity.key(a.subject, a.stepId),
    type: AwaitedStepEntity.type,
    gsi2pk: AwaitedStepEntity.queue(stepKindOf(a.stepId)),
    gsi2sk: AwaitedStepEntity.queueSk(a.since, a.subject),
    ...a,
  }),
  fromItem: (item: Record<string, unknown>): AwaitedStep => withoutKeys<AwaitedStep>(item),
};
