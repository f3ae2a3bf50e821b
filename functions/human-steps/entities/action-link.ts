import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';
import type { Person, Subject } from '../domain/steps.js';

/**
 * A person's emailed action link (DESIGN decision 5). The id in the URL is random (256 bits) and
 * stored only as its SHA-256, so a leaked table does not yield working links; single use, expiring.
 */
export interface ActionLink {
  linkHash: string;
  subject: Subject;
  stepId: string;
  /** Who it was mailed to: the decision is theirs, and a renewed link goes to them again. */
  recipient: Person;
  createdAt: string;
  /** The link works until then (ISO instant). */
  expiresOn: string;
  usedAt?: string;
  outcome?: string;
}

// Kept past expiry so the person gets "expired" (and a way to a new link), not "not recognised".
const keepAfterExpiryDays = 90;

export const ActionLinkEntity = {
  type: 'ActionLink',
  key: (linkHash: string): Keys => ({ pk: `ACTIONLINK#${linkHash}`, sk: 'LINK' }),
  toItem: (l: ActionLink): StoredItem => ({
    ...ActionLinkEntity.key(l.linkHash),
    type: ActionLinkEntity.type,
    expiresAt: Math.floor(Date.parse(l.expiresOn) / 1000) + keepAfterExpiryDays * 86_400,
    ...l,
  }),
  fromItem: (item: Record<string, unknown>): ActionLink => withoutKeys<ActionLink>(item),
};
