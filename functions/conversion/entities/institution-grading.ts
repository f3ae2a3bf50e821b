import { institutionPk } from '../../reference-data/entities/catalog.js';
import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';
import type { CreditSystem, GradeScale } from '../domain/ucts-conversion.js';

/**
 * How an institution counts credits and grades (docs/ucts-conversion.md): its credit system and its
 * grade scale, published by ARO. Versioned: a change is the next version, never an edit, so a
 * conversion keeps the scale (id and version) it was read on. The grade scale's version is the
 * grading's version, as text.
 */
export interface InstitutionGrading {
  institutionId: string;
  version: number;
  creditSystem: CreditSystem;
  gradeScale: GradeScale;
  publishedBy: string;
  publishedAt: string;
}

const versionSk = (version: number) => `GRADING#${String(version).padStart(8, '0')}`;

/** One published version, in the institution's partition; put only if it does not exist yet. */
export const InstitutionGradingEntity = {
  type: 'InstitutionGrading',
  pk: institutionPk,
  /** Every version of an institution's grading, oldest first: `begins_with(sk, 'GRADING#')`. */
  skPrefix: 'GRADING#',
  key: (institutionId: string, version: number): Keys => ({
    pk: institutionPk(institutionId),
    // Zero-padded, so the versions sort in order.
    sk: versionSk(version),
  }),
  toItem: (g: InstitutionGrading): StoredItem => ({
    ...InstitutionGradingEntity.key(g.institutionId, g.version),
    type: InstitutionGradingEntity.type,
    ...g,
  }),
  fromItem: (item: Record<string, unknown>): InstitutionGrading => withoutKeys<InstitutionGrading>(item),
};

/**
 * The grading in force: a copy of the latest version under a fixed key, so reading it is one
 * GetItem. Written in the same transaction as the version, conditional on the version that was read,
 * so of publications racing from the same version exactly one lands.
 */
export const CurrentInstitutionGradingEntity = {
  type: 'CurrentInstitutionGrading',
  key: (institutionId: string): Keys => ({ pk: institutionPk(institutionId), sk: 'GRADING' }),
  toItem: (g: InstitutionGrading): StoredItem => ({
    ...CurrentInstitutionGradingEntity.key(g.institutionId),
    type: CurrentInstitutionGradingEntity.type,
    ...g,
  }),
  fromItem: (item: Record<string, unknown>): InstitutionGrading => withoutKeys<InstitutionGrading>(item),
};
