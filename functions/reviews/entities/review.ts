import type { Person } from '../../human-steps/domain/steps.js';
import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';

/** Someone who receives review requests by email. */
export type Reviewer = Person;

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
