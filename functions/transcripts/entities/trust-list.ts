import { institutionPk } from '../../reference-data/entities/catalog.js';
import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';
import type { TrustList } from '../verification/report.js';

/**
 * What ARO trusts an institution to sign its transcripts with: one item per institution, changed as
 * a whole under a version check, each change audited.
 */
export interface StoredTrustList extends TrustList {
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

export const TrustListEntity = {
  type: 'TrustList',
  key: (institutionId: string): Keys => ({ pk: institutionPk(institutionId), sk: 'TRUSTLIST' }),
  empty: (institutionId: string): StoredTrustList => ({
    institutionId,
    certificates: [],
    issuerKeys: [],
    version: 0,
  }),
  toItem: (t: StoredTrustList): StoredItem => ({
    ...TrustListEntity.key(t.institutionId),
    type: TrustListEntity.type,
    ...t,
  }),
  fromItem: (item: Record<string, unknown>): StoredTrustList => withoutKeys<StoredTrustList>(item),
};
