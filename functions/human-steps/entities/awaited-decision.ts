import { groupRefOf, mappingGroupPk } from '../../mappings/entities/mapping.js';
import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';

/** The human steps of the mapping review: ARO triage, and one department review per subject area. */
export type ReviewStep = 'aro-triage' | `department-review:${string}`;
export const aroTriageStep = 'aro-triage' satisfies ReviewStep;
export const departmentStep = (subjectArea: string): ReviewStep => `department-review:${subjectArea}`;
export const stepKind = (step: ReviewStep): 'aro-triage' | 'department-review' =>
  step === aroTriageStep ? 'aro-triage' : 'department-review';

/** First request, then the reminder after N days, then the escalation to ARO after M days. */
export type AwaitPhase = 'request' | 'reminder' | 'escalation';

/**
 * A human step the mapping-review workflow is waiting on. It holds the Step Functions task token,
 * which never leaves the backend: reviewers act through links that name this record, not the token.
 * A reminder or escalation re-awaits with a new token and `since` kept; every mail brings fresh
 * links, and an older unused link still answers the step while it is awaited.
 */
export interface AwaitedDecision {
  ref: string;
  step: ReviewStep;
  taskToken: string;
  since: string;
  phase: AwaitPhase;
  subjectArea?: string;
}

export const AwaitedDecisionEntity = {
  type: 'AwaitedDecision',
  prefix: (ref: string) => `AWAIT#${ref}#`,
  key: (ref: string, step: ReviewStep): Keys => ({
    pk: mappingGroupPk(groupRefOf(ref)),
    sk: `AWAIT#${ref}#${step}`,
  }),
  /** ARO's queues: everything awaiting triage (or a department), oldest first. */
  queue: (kind: 'aro-triage' | 'department-review') => `AWAITING#${kind}`,
  toItem: (a: AwaitedDecision): StoredItem => ({
    ...AwaitedDecisionEntity.key(a.ref, a.step),
    type: AwaitedDecisionEntity.type,
    gsi2pk: AwaitedDecisionEntity.queue(stepKind(a.step)),
    gsi2sk: `${a.since}#${a.ref}`,
    ...a,
  }),
  fromItem: (item: Record<string, unknown>): AwaitedDecision => withoutKeys<AwaitedDecision>(item),
};
