import type { ReviewStep } from '../../human-steps/entities/awaited-decision.js';
import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';

/** Someone who receives review requests by email. */
export interface Reviewer {
  name?: string;
  email: string;
}

/**
 * A reviewer's action link (DESIGN decision 5). The id in the URL is random (256 bits) and stored
 * only as its SHA-256, so a leaked table does not yield working links; single use, expiring.
 */
export interface ActionLink {
  linkHash: string;
  ref: string;
  step: ReviewStep;
  subjectArea: string;
  reviewer: Reviewer;
  createdAt: string;
  /** The link works until then (ISO instant). */
  expiresOn: string;
  usedAt?: string;
  outcome?: string;
}

// Kept past expiry so the reviewer gets "expired" (and a way to a new link), not "not recognised".
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

const subjectAreaPk = (subjectArea: string) => `SUBJECTAREA#${subjectArea}`;

/** Who reviews course mappings for a subject area (set by ARO through the admin API). */
export interface DepartmentReviewers {
  subjectArea: string;
  reviewers: Reviewer[];
  updatedAt: string;
  updatedBy: string;
}

export const DepartmentReviewersEntity = {
  type: 'DepartmentReviewers',
  key: (subjectArea: string): Keys => ({ pk: subjectAreaPk(subjectArea), sk: 'REVIEWERS' }),
  toItem: (r: DepartmentReviewers): StoredItem => ({
    ...DepartmentReviewersEntity.key(r.subjectArea),
    type: DepartmentReviewersEntity.type,
    ...r,
  }),
  fromItem: (item: Record<string, unknown>): DepartmentReviewers => withoutKeys<DepartmentReviewers>(item),
};

/** How long a department took on one request, from routing to its decision: the estimate's sample. */
export interface Turnaround {
  subjectArea: string;
  ref: string;
  decidedAt: string;
  days: number;
}

export const TurnaroundEntity = {
  type: 'Turnaround',
  prefix: 'TURNAROUND#',
  pk: subjectAreaPk,
  key: (t: Pick<Turnaround, 'subjectArea' | 'decidedAt' | 'ref'>): Keys => ({
    pk: subjectAreaPk(t.subjectArea),
    sk: `TURNAROUND#${t.decidedAt}#${t.ref}`,
  }),
  toItem: (t: Turnaround): StoredItem => ({ ...TurnaroundEntity.key(t), type: TurnaroundEntity.type, ...t }),
  fromItem: (item: Record<string, unknown>): Turnaround => withoutKeys<Turnaround>(item),
};
