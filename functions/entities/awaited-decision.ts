import { type Keys, type StoredItem, withoutKeys } from './item.js';
import { groupRefOf, mappingGroupPk } from './mapping.js';

/**
 * A human step the mapping-review workflow is waiting on. It holds the Step Functions task token,
 * which never leaves the backend: reviewers act through links that name this record, not the token.
 */
export interface AwaitedDecision {
  ref: string;
  step: string;
  taskToken: string;
  since: string;
}

export const AwaitedDecisionEntity = {
  type: 'AwaitedDecision',
  key: (ref: string, step: string): Keys => ({
    pk: mappingGroupPk(groupRefOf(ref)),
    sk: `AWAIT#${ref}#${step}`,
  }),
  toItem: (a: AwaitedDecision): StoredItem => ({
    ...AwaitedDecisionEntity.key(a.ref, a.step),
    type: AwaitedDecisionEntity.type,
    ...a,
  }),
  fromItem: (item: Record<string, unknown>): AwaitedDecision => withoutKeys<AwaitedDecision>(item),
};
