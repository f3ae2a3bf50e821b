// ARO's side of the review through the admin API.
//
// listAwaitingTriage — the requests waiting for triage, oldest first.
// getMappingForAro — a mapping with its whole audit timeline (internal notes too) and what it awaits.
// getDepartmentReviewers / setDepartmentReviewers — who receives a subject area's review requests.
import { NotFoundError } from '../../commons/errors.js';
import { qualifierOf, stepKindOf } from '../../human-steps/domain/steps.js';
import type { HumanStepStore } from '../../human-steps/use-cases/ports.js';
import type { Mapping } from '../../mappings/entities/mapping.js';
import type { AuditEvent } from '../../store/audit.js';
import type { AroMappingResponse, TriageQueueResponse } from '../contracts.js';
import type { DepartmentReviewers, Reviewer } from '../entities/review.js';
import { aroTriageStep, mappingSubject } from '../human-steps/steps.js';

export interface ReviewAdminStore {
  getMapping(ref: string): Promise<Mapping | undefined>;
  getMappings(refs: string[]): Promise<Mapping[]>;
  timeline(ref: string): Promise<AuditEvent[]>;
  getReviewers(subjectArea: string): Promise<DepartmentReviewers | undefined>;
  putReviewers(reviewers: DepartmentReviewers): Promise<void>;
}

export interface ReviewAdminDeps {
  store: ReviewAdminStore;
  steps: Pick<HumanStepStore, 'listAwaiting' | 'listAwaited'>;
}

export async function listAwaitingTriage(deps: ReviewAdminDeps): Promise<TriageQueueResponse> {
  const waits = (await deps.steps.listAwaiting(aroTriageStep)).filter((w) => w.subject.kind === 'mapping');
  const mappings = new Map(
    (await deps.store.getMappings(waits.map((w) => w.subject.id))).map((m) => [m.ref, m]),
  );
  return {
    requests: waits.flatMap((w) => {
      const m = mappings.get(w.subject.id);
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

export async function getMappingForAro(deps: ReviewAdminDeps, ref: string): Promise<AroMappingResponse> {
  const mapping = await deps.store.getMapping(ref);
  if (!mapping) throw new NotFoundError(`No mapping ${ref}`);
  const [timeline, waits] = await Promise.all([
    deps.store.timeline(ref),
    deps.steps.listAwaited(mappingSubject(ref)),
  ]);
  return {
    mapping,
    timeline,
    awaiting: waits.map((w) => {
      const subjectArea = stepKindOf(w.stepId) === 'department-review' ? qualifierOf(w.stepId) : undefined;
      return { step: w.stepId, since: w.since, phase: w.phase, ...(subjectArea ? { subjectArea } : {}) };
    }),
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
