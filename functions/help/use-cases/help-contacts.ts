// The §6 contacts (guide §6, ARO Contact Information).
//
// getHelpContacts — Input: none (public). Output: the contacts in force with their version; the
//   guide's own (version 0) until ARO first changes them.
// putHelpContacts — Input: ARO's staff id; the whole new contacts and the version read. Output: the
//   contacts as stored. Primary course: the new contacts and their audit event (naming the staff
//   member and what changed) in one transaction, conditional on the version read, so of two edits
//   from the same version one lands and the other is a 409 to read again. A school listed twice is
//   a 400 naming the row.

import { randomUUID } from 'node:crypto';
import { ConflictError, ValidationError } from '../../commons/errors.js';
import type { AuditEvent } from '../../store/audit.js';
import type { PutHelpContactsBody } from '../contracts.js';
import { describeChange, repeatedSchool } from '../domain/guide-contacts.js';
import { helpContactsSubject, helpPk, type StoredHelpContacts } from '../entities/help-contacts.js';

export interface HelpContactsStore {
  get(): Promise<StoredHelpContacts>;
  /** False when the contacts changed meanwhile (their version moved). */
  put(next: StoredHelpContacts, expectedVersion: number, audit: AuditEvent): Promise<boolean>;
}

export interface HelpContactsDeps {
  store: HelpContactsStore;
  now: () => Date;
}

/** What anyone may read: the contacts without the staff id of who changed them. */
export async function getHelpContacts(deps: HelpContactsDeps) {
  const { updatedBy: _, ...contacts } = await deps.store.get();
  return contacts;
}

const changedMeanwhile = (read: number, current?: number) =>
  new ConflictError(
    `The contacts changed meanwhile${current === undefined ? '' : ` (version ${current}, not ${read})`}; read them again and redo the change`,
  );

export async function putHelpContacts(
  deps: HelpContactsDeps,
  staffId: string,
  change: PutHelpContactsBody,
): Promise<StoredHelpContacts> {
  const repeated = repeatedSchool(change.schools);
  if (repeated !== undefined) {
    throw ValidationError.of(
      `body.schools.${repeated}.school`,
      `${change.schools[repeated]?.school} is listed twice`,
    );
  }
  const previous = await deps.store.get();
  if (previous.version !== change.version) throw changedMeanwhile(change.version, previous.version);

  const at = deps.now().toISOString();
  const next: StoredHelpContacts = {
    team: change.team,
    schools: change.schools,
    enquiryFormUrl: change.enquiryFormUrl,
    technicalIssues: change.technicalIssues,
    version: previous.version + 1,
    updatedAt: at,
    updatedBy: staffId,
  };
  const changes = describeChange(previous, next);
  const audit: AuditEvent = {
    subjectPk: helpPk,
    subjectId: helpContactsSubject,
    at,
    actor: staffId,
    action: `Contacts changed${changes.length ? `: ${changes.join('; ')}` : ' (saved as they were)'}`,
    from: `v${previous.version}`,
    to: `v${next.version}`,
    eventId: randomUUID(),
  };
  if (!(await deps.store.put(next, previous.version, audit))) throw changedMeanwhile(change.version);
  return next;
}
