import { createHash, randomBytes } from 'node:crypto';
import type { ActionLink } from '../entities/action-link.js';

// Action links (DESIGN decision 5): the id is 256 random bits, shown once in the email and stored
// only as its SHA-256, so neither the table nor the logs hold a working link.

export const hashLinkId = (id: string): string => createHash('sha256').update(id).digest('hex');

/** What a link id looks like: 43 base64url characters. Anything else is refused before any lookup. */
export const linkIdPattern = /^[A-Za-z0-9_-]{43}$/;

export function newActionLink(
  of: Pick<ActionLink, 'subject' | 'stepId' | 'recipient'>,
  now: Date,
  validDays: number,
): { id: string; link: ActionLink } {
  const id = randomBytes(32).toString('base64url');
  return {
    id,
    link: {
      subject: of.subject,
      stepId: of.stepId,
      recipient: of.recipient,
      linkHash: hashLinkId(id),
      createdAt: now.toISOString(),
      expiresOn: new Date(now.getTime() + validDays * 86_400_000).toISOString(),
    },
  };
}

export type LinkState = 'usable' | 'expired' | 'used';

export function linkState(link: ActionLink, now: Date): LinkState {
  if (link.usedAt) return 'used';
  return Date.parse(link.expiresOn) <= now.getTime() ? 'expired' : 'usable';
}
