import type { Application } from '../../applications/entities/application.js';
import type { MappingSearchEntry } from '../../mappings/entities/mapping-search.js';
import type { AuditEvent } from '../../store/audit.js';
import type { PageKey } from '../domain/cursor.js';

// What the reports read, as streams: each method is one bounded Query (or a few in sequence), read
// page by page as the caller pulls, so a caller that stops pulling stops the reads. Every item comes
// with its position (its key attributes), from which a later call resumes with `after`.

export interface Positioned<T> {
  value: T;
  at: PageKey;
}

export interface ReadOptions {
  /** Resume after this item (a position an earlier read gave). */
  after?: PageKey;
  /** Items per DynamoDB page: about what the caller will take. */
  pageSize?: number;
}

export type InstitutionCollection = 'listed' | 'proposed';

export interface InstitutionRef {
  institutionId: string;
  institutionName: string;
}

export interface WaitingStep {
  stepId: string;
  since: string;
}

/** ISO instants, inclusive; either end open. */
export interface TimeWindow {
  from?: string;
  to?: string;
}

export interface ReportReader {
  /** Institutions of one collection, A-Z. */
  institutions(
    collection: InstitutionCollection,
    options?: ReadOptions,
  ): AsyncIterable<Positioned<InstitutionRef>>;
  institution(institutionId: string): Promise<InstitutionRef | undefined>;
  /** An institution's mappings in its listing order, of one status when given. */
  mappingsAt(
    institutionId: string,
    status: string | undefined,
    options?: ReadOptions,
  ): AsyncIterable<Positioned<MappingSearchEntry>>;
  /** The status of each of an institution's mappings (the listing, status only). */
  mappingStatusesAt(institutionId: string): AsyncIterable<string>;
  /** The subject area of every HKUST catalog course (repeats included). */
  catalogSubjectAreas(): AsyncIterable<string>;
  /** Days each decided department review of the area took, decided within the window. */
  turnaroundDays(subjectArea: string, window: TimeWindow): AsyncIterable<number>;
  /** Human steps of a kind waiting now and not yet decided (ARO's queue of that kind). */
  waitingSteps(stepKind: string): AsyncIterable<WaitingStep>;
  /** Applications in a status, oldest submission first, of one transfer term when given. */
  applications(
    status: string,
    term: string | undefined,
    options?: ReadOptions,
  ): AsyncIterable<Positioned<Application>>;
  /** The program of each student (Student Information); a student without a profile is left out. */
  programsOf(studentIds: readonly string[]): Promise<Map<string, string>>;
  /** The student an application belongs to. */
  applicationOwner(applicationId: string): Promise<string | undefined>;
  /** An object's audit events: its partition, and the sort-key prefix of its events. */
  auditOf(subjectPk: string, prefix: string, options?: ReadOptions): AsyncIterable<Positioned<AuditEvent>>;
  /** Everything an actor did, in time order, within the window. */
  auditByActor(
    actor: string,
    window: TimeWindow,
    options?: ReadOptions,
  ): AsyncIterable<Positioned<AuditEvent>>;
}
