// Institutions' grading, ARO's through the admin API (docs/ucts-conversion.md "Institutions' grading").
//
// getInstitutionGrading — Input: an institution (and optionally a version). Output: the grading in
//   force (one read of the current pointer) or the version asked for; 404 for an unknown institution,
//   a version that does not exist, or an institution with no grading yet.
// publishInstitutionGrading — Input: the credit system, the grade scale (id and grades, best first)
//   and the version read (0 for the first). Output: the next version. Every problem is a 400 naming
//   the field (domain `creditSystemIssues`/`gradeScaleIssues`); unknown institution 404; a version
//   read that is no longer current 409; one commit with its audit event, so of publications racing
//   from the same version exactly one lands.
import { randomUUID } from 'node:crypto';
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from '../../commons/errors.js';
import { institutionPk } from '../../reference-data/entities/catalog.js';
import type { AuditEvent } from '../../store/audit.js';
import type { InstitutionGradingView } from '../contracts.js';
import {
  type CreditSystem,
  creditSystemIssues,
  gradeScaleIssues,
  type ScaleGrade,
} from '../domain/ucts-conversion.js';
import type { InstitutionGrading } from '../entities/institution-grading.js';

export interface GradingStore {
  /** The grading in force, read in one GetItem. */
  current(institutionId: string): Promise<InstitutionGrading | undefined>;
  version(institutionId: string, version: number): Promise<InstitutionGrading | undefined>;
  institutionExists(institutionId: string): Promise<boolean>;
  /** Puts the version and moves the current pointer from `previousVersion`, with the audit event; false when another landed first. */
  publish(grading: InstitutionGrading, previousVersion: number, audit: AuditEvent): Promise<boolean>;
}

export interface GradingDeps {
  store: GradingStore;
  now: () => Date;
}

export interface GradingChange {
  creditSystem: CreditSystem;
  gradeScale: { id: string; grades: ScaleGrade[] };
  version: number;
}

/** A credit system as the API answers it (a copy). */
export const toCreditSystemView = ({
  alsoWrittenAs,
  ...system
}: CreditSystem): InstitutionGradingView['creditSystem'] => ({
  ...system,
  ...(alsoWrittenAs && alsoWrittenAs.length > 0 ? { alsoWrittenAs: [...alsoWrittenAs] } : {}),
});

/** The grading as the API answers it (copies, so no stored object leaves by reference). */
export const toGradingView = (g: InstitutionGrading): InstitutionGradingView => ({
  institutionId: g.institutionId,
  version: g.version,
  creditSystem: toCreditSystemView(g.creditSystem),
  gradeScale: {
    id: g.gradeScale.id,
    version: g.gradeScale.version,
    grades: g.gradeScale.grades.map((x) => ({ ...x })),
  },
  publishedBy: g.publishedBy,
  publishedAt: g.publishedAt,
});

async function knownInstitution(store: GradingStore, institutionId: string) {
  if (!(await store.institutionExists(institutionId))) {
    throw new NotFoundError(`No institution ${institutionId}`);
  }
}

export async function getInstitutionGrading(
  deps: Pick<GradingDeps, 'store'>,
  institutionId: string,
  version?: number,
): Promise<InstitutionGradingView> {
  const grading =
    version === undefined
      ? await deps.store.current(institutionId)
      : await deps.store.version(institutionId, version);
  if (grading) return toGradingView(grading);
  await knownInstitution(deps.store, institutionId);
  throw new NotFoundError(
    version === undefined
      ? `Institution ${institutionId} has no grading published yet`
      : `Institution ${institutionId} has no grading version ${version}`,
  );
}

/** Every problem of a change, each naming its field under `body.` (one issue per problem). */
export function gradingChangeIssues(
  change: Pick<GradingChange, 'creditSystem' | 'gradeScale'>,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const reason of creditSystemIssues(change.creditSystem)) {
    issues.push({ field: 'body.creditSystem.creditsPerSemester', reason });
  }
  const grades = change.gradeScale.grades;
  const issuesOf = (n: number) =>
    gradeScaleIssues({ id: change.gradeScale.id, version: '0', grades: grades.slice(0, n) });
  if (grades.length === 0) issues.push({ field: 'body.gradeScale.grades', reason: 'has no grades' });
  // The domain checks each grade in order against those above it only, so the issues a grade adds
  // to those of the grades above it are its own: each is named at its index.
  let before = 0;
  for (let i = 0; i < grades.length; i++) {
    const upTo = issuesOf(i + 1);
    for (const reason of upTo.slice(before)) {
      const field = reason.includes('has no UCTS grade') ? 'ucts' : 'grade';
      issues.push({ field: `body.gradeScale.grades.${i}.${field}`, reason });
    }
    before = upTo.length;
  }
  return issues;
}

export async function publishInstitutionGrading(
  deps: GradingDeps,
  staffId: string,
  institutionId: string,
  change: GradingChange,
): Promise<InstitutionGradingView> {
  await knownInstitution(deps.store, institutionId);
  const issues = gradingChangeIssues(change);
  if (issues.length > 0) throw new ValidationError(issues);
  const current = await deps.store.current(institutionId);
  const currentVersion = current?.version ?? 0;
  if (currentVersion !== change.version) {
    throw new ConflictError(
      `The grading of ${institutionId} changed meanwhile (version ${currentVersion}, not ${change.version}); read it again`,
    );
  }
  const at = deps.now().toISOString();
  const version = currentVersion + 1;
  const grading: InstitutionGrading = {
    institutionId,
    version,
    creditSystem: toCreditSystemView(change.creditSystem),
    gradeScale: {
      id: change.gradeScale.id,
      version: String(version),
      grades: change.gradeScale.grades.map((g) => ({ grade: g.grade.trim(), ucts: g.ucts })),
    },
    publishedBy: staffId,
    publishedAt: at,
  };
  const audit: AuditEvent = {
    subjectPk: institutionPk(institutionId),
    subjectId: 'GRADING',
    at,
    actor: staffId,
    action: `Grading published: version ${version}, ${grading.creditSystem.name} (${grading.creditSystem.creditsPerSemester} ${grading.creditSystem.unit} a semester), scale ${grading.gradeScale.id} of ${grading.gradeScale.grades.length} grade(s)`,
    from: `v${currentVersion}`,
    to: `v${version}`,
    eventId: randomUUID(),
  };
  if (!(await deps.store.publish(grading, currentVersion, audit))) {
    throw new ConflictError(
      `Another version of the grading of ${institutionId} was published meanwhile; read it again`,
    );
  }
  return toGradingView(grading);
}
