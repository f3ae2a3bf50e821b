// "+ Add Another Institution" (guide §3.1.2): a student's own On Entry study record of a
// qualification not disclosed to URAO.
//
// searchInstitutions — Input: a name query and a country. Output: listed institutions whose name
//   words start with every query word, A-Z, at most 20: one bounded prefix Query on the word index
//   (the query's longest word) beside one on the A-Z list (the name's start), never a read of all.
// addInstitution — Input: the signed-in student; a listed institution's id, or a proposed name and
//   country; the qualification, the study period, the transfer term. Output: the new record and its
//   institution. Primary course: the record, its uniqueness claim (student, institution, category)
//   and its audit event in one transaction, with the proposed institution (and its audit event)
//   when it is new. A second record at the institution in the category is a 409 naming the first.
//   Only the non-disclosed On Entry category is the student's; the others are URAO's and OGL's (403).
// listProposedInstitutions, confirmInstitution — ARO: the proposed institutions, A-Z; a confirmed one
//   is listed for every student (its name words indexed), once, with its audit event.

import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../commons/errors.js';
import { integrationEvent } from '../../integration/entities/integration-event.js';
import type { OutboxMessage } from '../../outbox/entities/outbox-item.js';
import {
  institutionNameWords,
  lookupWord,
  matchesInstitutionQuery,
  proposalKey,
  proposedInstitutionId,
  queryWords,
} from '../../reference-data/domain/institution-search.js';
import type { Institution } from '../../reference-data/entities/catalog.js';
import type { AuditEvent } from '../../store/audit.js';
import type {
  AddInstitutionBody,
  AddInstitutionResponse,
  AroInstitutionView,
  InstitutionView,
} from '../contracts.js';
import { type StudyRecordCategory, studyRecordCategories } from '../domain/study-record.js';
import { isTerm } from '../domain/transfer-term.js';
import type { StudyRecord } from '../entities/student.js';

export const studentCategory = 'on-entry-non-disclosed' satisfies StudyRecordCategory;
export const searchLimit = 20;

export interface InstitutionDirectory {
  getInstitution(institutionId: string): Promise<Institution | undefined>;
  /** Listed institutions whose lower-case name starts with `prefix`, A-Z, at most `limit` read. */
  byNamePrefix(prefix: string, limit: number): Promise<Institution[]>;
  /** Listed institutions with a name word starting with `word`, at most `limit` read. */
  byNameWord(word: string, limit: number): Promise<Institution[]>;
}

export interface NewStudyRecord {
  record: StudyRecord;
  audit: Omit<AuditEvent, 'subjectPk' | 'subjectId' | 'eventId'>;
  /** A proposed institution to create with the record (it must not exist yet). */
  proposed?: Institution;
  /** What must follow (the integration event of the new record). */
  outbox?: OutboxMessage[];
}

export type AddOutcome =
  | { added: true }
  /** The claim exists: the student has a record at the institution in the category. */
  | { added: false; reason: 'duplicate'; existingRecordId: string | undefined }
  /** The proposed institution was created meanwhile (by another request), or a transaction conflicted. */
  | { added: false; reason: 'retry' };

export interface StudyRecordWriter {
  addStudyRecord(change: NewStudyRecord): Promise<AddOutcome>;
}

export interface AddInstitutionDeps {
  institutions: InstitutionDirectory;
  records: StudyRecordWriter;
  now: () => Date;
  newRecordId: () => string;
  /** Waits before trying again after a concurrent change (tests pass none). */
  pause?: (attempt: number) => Promise<void>;
}

/** The student has a record at the institution in this category already. */
export class DuplicateStudyRecordError extends ConflictError {
  constructor(
    institutionName: string,
    readonly existingRecordId: string | undefined,
  ) {
    super(
      `You already have an On Entry study record at ${institutionName}; open it from My Dashboard instead of adding it again`,
    );
  }
}

const view = (i: Institution): InstitutionView => ({
  institutionId: i.institutionId,
  name: i.name,
  country: i.country,
  status: i.status ?? 'listed',
});

export async function searchInstitutions(
  directory: InstitutionDirectory,
  query: { q: string; country: string },
): Promise<InstitutionView[]> {
  const words = queryWords(query.q);
  const word = lookupWord(words);
  // Read a few pages' worth, so a common word ("university") filtered by the others still fills one.
  const bound = searchLimit * 5;
  const [byStart, byWord] = await Promise.all([
    directory.byNamePrefix(query.q.trim().toLowerCase(), bound),
    word ? directory.byNameWord(word, bound) : Promise.resolve([]),
  ]);
  const found = new Map<string, Institution>();
  for (const i of [...byStart, ...byWord])
    if ((i.status ?? 'listed') === 'listed' && matchesInstitutionQuery(i, words, query.country))
      found.set(i.institutionId, i);
  return [...found.values()]
    .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.institutionId.localeCompare(b.institutionId))
    .slice(0, searchLimit)
    .map(view);
}

/** The listed institution of exactly this name and country, if there is one. */
async function listedByName(directory: InstitutionDirectory, name: string, country: string) {
  const key = proposalKey(name, country);
  const candidates = await directory.byNamePrefix(name.trim().toLowerCase(), searchLimit);
  return candidates.find(
    (i) => (i.status ?? 'listed') === 'listed' && proposalKey(i.name, i.country) === key,
  );
}

/** The institution the record is at, and whether it is to be created with the record. */
async function institutionFor(
  deps: AddInstitutionDeps,
  studentId: string,
  body: AddInstitutionBody,
  at: string,
): Promise<{ institution: Institution; create: boolean }> {
  if (body.institutionId !== undefined) {
    const institution = await deps.institutions.getInstitution(body.institutionId);
    if (!institution)
      throw ValidationError.of('body.institutionId', 'is not an institution of the list; search again');
    return { institution, create: false };
  }
  const { name, country } = body.proposed as { name: string; country: string };
  if (institutionNameWords(name).length === 0)
    throw ValidationError.of('body.proposed.name', 'must contain letters or digits');
  // Not listed after all: the student typed a listed name, so the record goes to that institution.
  const listed = await listedByName(deps.institutions, name, country);
  if (listed) return { institution: listed, create: false };
  const institutionId = proposedInstitutionId(name, country);
  const existing = await deps.institutions.getInstitution(institutionId);
  if (existing) return { institution: existing, create: false };
  return {
    institution: { institutionId, name, country, status: 'proposed', proposedBy: studentId, proposedAt: at },
    create: true,
  };
}

const maxAttempts = 5;

export async function addInstitution(
  deps: AddInstitutionDeps,
  studentId: string,
  body: AddInstitutionBody,
): Promise<AddInstitutionResponse> {
  if (body.category !== studentCategory) {
    const category = studyRecordCategories[body.category];
    throw new ForbiddenError(
      `${category.label} study records of this kind (${category.description}) are created by ${category.createdBy}, not by students; you may add a non-disclosed On Entry qualification`,
    );
  }
  if (!isTerm(body.transferTerm))
    throw ValidationError.of('body.transferTerm', 'must be a transfer term like 2024-25 Fall');

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const at = deps.now().toISOString();
    const { institution, create } = await institutionFor(deps, studentId, body, at);
    const record: StudyRecord = {
      studentId,
      recordId: deps.newRecordId(),
      institutionId: institution.institutionId,
      institutionName: institution.name,
      category: studentCategory,
      transferTerm: body.transferTerm,
      studyPeriod: body.studyPeriod,
      qualification: body.qualification,
      createdBy: studentId,
      createdAt: at,
    };
    const outcome = await deps.records.addStudyRecord({
      record,
      audit: {
        at,
        actor: studentId,
        action: create
          ? `Study record added (On Entry, ${body.qualification}) at ${institution.name}, proposed as not listed`
          : `Study record added (On Entry, ${body.qualification}) at ${institution.name}`,
        to: 'On Entry',
      },
      ...(create ? { proposed: institution } : {}),
      outbox: [
        integrationEvent('Study Record Created', `${studentId}:${record.recordId}`, at, {
          studentId,
          recordId: record.recordId,
          institutionId: record.institutionId,
          institutionName: record.institutionName,
          category: record.category,
          transferTerm: record.transferTerm,
        }),
      ],
    });
    if (outcome.added) {
      return {
        record: {
          recordId: record.recordId,
          institutionId: record.institutionId,
          institutionName: record.institutionName,
          category: studyRecordCategories[studentCategory].label,
          transferTerm: record.transferTerm,
          studyPeriod: record.studyPeriod,
          qualification: body.qualification,
        },
        institution: view(institution),
      };
    }
    if (outcome.reason === 'duplicate')
      throw new DuplicateStudyRecordError(institution.name, outcome.existingRecordId);
    await deps.pause?.(attempt);
  }
  throw new ConflictError(
    'Your study record could not be added because of a concurrent change; please try again',
  );
}

// ---- ARO: the proposed institutions ----

export interface InstitutionConfirmations {
  getInstitution(institutionId: string): Promise<Institution | undefined>;
  /** The proposed institutions, A-Z. */
  listProposed(): Promise<Institution[]>;
  /** Lists `confirmed` (with its name words and the audit event) if it is still proposed; false if not. */
  confirm(
    confirmed: Institution,
    audit: Omit<AuditEvent, 'subjectPk' | 'subjectId' | 'eventId'>,
  ): Promise<boolean>;
}

const aroView = (i: Institution): AroInstitutionView => ({
  ...view(i),
  ...(i.proposedBy ? { proposedBy: i.proposedBy } : {}),
  ...(i.proposedAt ? { proposedAt: i.proposedAt } : {}),
  ...(i.confirmedBy ? { confirmedBy: i.confirmedBy } : {}),
  ...(i.confirmedAt ? { confirmedAt: i.confirmedAt } : {}),
});

export async function listProposedInstitutions(
  store: InstitutionConfirmations,
): Promise<AroInstitutionView[]> {
  return (await store.listProposed()).map(aroView);
}

export async function confirmInstitution(
  deps: { store: InstitutionConfirmations; now: () => Date },
  staffId: string,
  institutionId: string,
): Promise<AroInstitutionView> {
  const institution = await deps.store.getInstitution(institutionId);
  if (!institution) throw new NotFoundError(`No institution ${institutionId}`);
  if (institution.status !== 'proposed') throw new ConflictError(`${institution.name} is listed already`);
  const at = deps.now().toISOString();
  const confirmed: Institution = { ...institution, status: 'listed', confirmedBy: staffId, confirmedAt: at };
  const done = await deps.store.confirm(confirmed, {
    at,
    actor: staffId,
    action: `Institution confirmed: ${institution.name} (${institution.country})`,
    from: 'proposed',
    to: 'listed',
  });
  if (!done) throw new ConflictError(`${institution.name} was confirmed meanwhile`);
  return aroView(confirmed);
}
