// ARO's institutions (issue 10 item 3).
//
// getInstitutionForAro — Input: an institution id. Output: the institution with its aliases and
//   version (the handler links its credit system and grade scale, and its trusted transcript issuers,
//   from the capabilities that keep them).
// putInstitution — Input: ARO, the id, name, country, aliases, the version read. Output: the
//   institution. Primary course: the institution (if still at the version read), its word index
//   rewritten (the words it lost deleted, the name's and aliases' put, so GET /institutions finds it
//   by an alias) and its audit event, in one transaction.
import { ConflictError, NotFoundError, ValidationError } from '../../commons/errors.js';
import type { AuditEvent } from '../../store/audit.js';
import type { InstitutionBody } from '../contracts.js';
import { institutionNameWords, institutionSearchWords, proposalKey } from '../domain/institution-search.js';
import type { Institution } from '../entities/catalog.js';

export interface InstitutionStore {
  /** Strongly consistent: a change is judged against it. */
  getInstitution(institutionId: string): Promise<Institution | undefined>;
  /** One transaction; false when the institution changed since it was read. */
  commitInstitution(
    previous: Institution,
    next: Institution,
    audit: Omit<AuditEvent, 'subjectPk' | 'subjectId' | 'eventId'>,
  ): Promise<boolean>;
}

/** The words deleted and put on a rename, with the institution and its audit event, fit one transaction. */
export const maxIndexedInstitutionWords = 45;

export const institutionVersion = (i: Institution): number => i.version ?? 0;

export async function getInstitutionForAro(store: InstitutionStore, institutionId: string) {
  const institution = await store.getInstitution(institutionId);
  if (!institution) throw new NotFoundError(`No institution ${institutionId}`);
  return institution;
}

export async function putInstitution(
  deps: { store: InstitutionStore; now: () => Date },
  staffId: string,
  institutionId: string,
  body: InstitutionBody,
): Promise<Institution> {
  if (institutionNameWords(body.name).length === 0)
    throw ValidationError.of('body.name', 'must contain letters or digits');
  const aliases: string[] = [];
  const seen = new Set([proposalKey(body.name, '')]);
  body.aliases.forEach((alias, i) => {
    if (institutionNameWords(alias).length === 0)
      throw ValidationError.of(`body.aliases.${i}`, 'must contain letters or digits');
    const key = proposalKey(alias, '');
    if (seen.has(key)) throw ValidationError.of(`body.aliases.${i}`, `${alias} is the name or another alias`);
    seen.add(key);
    aliases.push(alias);
  });
  const previous = await getInstitutionForAro(deps.store, institutionId);
  if (previous.status === 'proposed')
    throw new ConflictError(`${previous.name} is proposed by a student: confirm it before changing it`);
  if (institutionVersion(previous) !== body.version)
    throw new ConflictError(
      `${previous.name} is at version ${institutionVersion(previous)}, not ${body.version}: reload it and try again`,
    );
  const at = deps.now().toISOString();
  const next: Institution = {
    ...previous,
    name: body.name,
    country: body.country,
    aliases,
    version: institutionVersion(previous) + 1,
    updatedBy: staffId,
    updatedAt: at,
  };
  if (institutionSearchWords(next).length > maxIndexedInstitutionWords)
    throw ValidationError.of(
      'body.aliases',
      `the name and aliases have more than ${maxIndexedInstitutionWords} words`,
    );
  const what: string[] = [];
  if (previous.name !== next.name) what.push(`name "${previous.name}" → "${next.name}"`);
  if (previous.country !== next.country) what.push(`country ${previous.country} → ${next.country}`);
  const was = (previous.aliases ?? []).join(', ');
  if (was !== aliases.join(', ')) what.push(`aliases ${was || '(none)'} → ${aliases.join(', ') || '(none)'}`);
  const done = await deps.store.commitInstitution(previous, next, {
    at,
    actor: staffId,
    action: `Institution changed: ${what.join('; ') || 'no field'}`,
  });
  if (!done) throw new ConflictError(`${previous.name} was changed by someone else meanwhile; reload it`);
  return next;
}
