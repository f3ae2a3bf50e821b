// ARO's side of the review through the admin API.
//
// listAwaitingTriage — the requests waiting for triage, oldest first.
// getMappingForAro — a mapping with its whole audit timeline (internal notes too) and what it awaits.
// getDepartmentReviewers / setDepartmentReviewers — who receives a subject area's review requests.
import { NotFoundError } from '../../commons/errors.js';
import type { AwaitedDecision } from '../../human-steps/entities/awaited-decision.js';
import type { AroMappingResponse, TriageQueueResponse } from '../../mappings/contracts.js';
import type { Mapping } from '../../mappings/entities/mapping.js';
import type { AuditEvent } from '../../store/audit.js';
import type { DepartmentReviewers, Reviewer } from '../entities/review.js';

export interface ReviewAdminStore {
  /** Waits of one kind across all mappings, oldest first. */
  listAwaiting(kind: 'aro-triage' | 'department-review'): Promise<AwaitedDecision[]>;
  getMapping(ref: string): Promise<Mapping | undefined>;
  getMappings(refs: string[]): Promise<Mapping[]>;
  listAwaitedDecisions(ref: string): Promise<AwaitedDecision[]>;
  timeline(ref: string): Promise<AuditEvent[]>;
  getReviewers(subjectArea: string): Promise<DepartmentReviewers | undefined>;
  putReviewers(reviewers: DepartmentReviewers): Promise<void>;
}

export async function listAwaitingTriage(store: ReviewAdminStore): Promise<TriageQueueResponse> {
  const waits = await store.listAwaiting('aro-triage');
  const mappings = new Map((await store.getMappings(waits.map((w) => w.ref))).map((m) => [m.ref, m]));
  return {
    requests: waits.flatMap((w) => {
      const m = mappings.get(w.ref);
      if (!m) return [];
      return [
        {
          ref: m.ref,
          since: w.since,
          phase: w.phase,
          institutionName: m.institutionName,
          incomingCourses: m.incomingCourses,
          homeCourses: m.homeCourses,
          kind: m.kind ?? 'new',
        },
      ];
    }),
  };
}

export async function getMappingForAro(store: ReviewAdminStore, ref: string): Promise<AroMappingResponse> {
  const mapping = await store.getMapping(ref);
  if (!mapping) throw new NotFoundError(`No mapping ${ref}`);
  const [timeline, waits] = await Promise.all([store.timeline(ref), store.listAwaitedDecisions(ref)]);
  return {
    mapping,
    timeline,
    awaiting: waits.map((w) => ({
      step: w.step,
      since: w.since,
      phase: w.phase,
      ...(w.subjectArea ? { subjectArea: w.subjectArea } : {}),
    })),
  };
}

export async function getDepartmentReviewers(store: ReviewAdminStore, subjectArea: string) {
  return (await store.getReviewers(subjectArea)) ?? { subjectArea, reviewers: [] };
}

export async function setDepartmentReviewers(
  deps: { store: ReviewAdminStore; now: () => Date },
  subjectArea: string,
  reviewers: Reviewer[],
  staffId: string,
): Promise<DepartmentReviewers> {
  const unique = [...new Map(reviewers.map((r) => [r.email.toLowerCase(), r])).values()];
  const record: DepartmentReviewers = {
    subjectArea,
    reviewers: unique,
    updatedAt: deps.now().toISOString(),
    updatedBy: staffId,
  };
  await deps.store.putReviewers(record);
  return record;
}
