import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';
import type { EndorsementRuleTable } from '../domain/endorsement-rules.js';

/**
 * One published version of the endorsement rule table (guide §5.3). Versions are never edited: a
 * change is the next version, put only if that version does not exist yet, so two publications from
 * the same version cannot both land. The latest is the one in force for new submissions.
 */
export const EndorsementRuleTableEntity = {
  type: 'EndorsementRuleTable',
  pk: 'ENDORSEMENT-RULES',
  skPrefix: 'VERSION#',
  key: (version: number): Keys => ({
    pk: EndorsementRuleTableEntity.pk,
    // Zero-padded, so the newest sorts last.
    sk: `${EndorsementRuleTableEntity.skPrefix}${String(version).padStart(8, '0')}`,
  }),
  toItem: (t: EndorsementRuleTable): StoredItem => ({
    ...EndorsementRuleTableEntity.key(t.version),
    type: EndorsementRuleTableEntity.type,
    ...t,
  }),
  fromItem: (item: Record<string, unknown>): EndorsementRuleTable => withoutKeys<EndorsementRuleTable>(item),
};
