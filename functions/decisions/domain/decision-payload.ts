import type { Application } from '../../applications/entities/application.js';
import { ConflictError } from '../../commons/errors.js';
import type { Student } from '../../records/entities/student.js';
import { type SignedDecision, signedDecisionSchemaVersion } from '../contracts.js';

// What an approval recorded (applications/use-cases/application-admin.ts, decideApplication),
// as the signed decision states it. Only an Approved application has one: the 409 names the status.

export function decisionOf(a: Application, student: Student | undefined): SignedDecision {
  if (a.status !== 'Approved') {
    throw new ConflictError(
      `Application ${a.applicationId} is ${a.status}: only an Approved application has a signed decision`,
    );
  }
  const d = a.decision;
  if (d?.outcome !== 'Approved' || !d.transferred || !d.conversion) {
    // An approval always records them; an item without them was not approved through ARO's decision.
    throw new ConflictError(`Application ${a.applicationId} has no recorded approval to sign`);
  }
  const titleOf = new Map(a.homeCourses.map((h) => [h.code, h.title]));
  return {
    schemaVersion: signedDecisionSchemaVersion,
    applicationId: a.applicationId,
    ref: a.ref,
    status: 'Approved',
    student: {
      studentId: a.studentId,
      name: student?.name ?? '',
      ...(student?.program ? { program: student.program } : {}),
    },
    institution: { institutionId: a.institutionId, name: a.institutionName },
    transferTerm: a.transferTerm,
    incomingCourses: a.incomingCourses.map((c) => ({
      code: c.code,
      title: c.title,
      credits: c.credits,
      creditUnit: c.creditUnit,
      finalGrade: c.finalGrade ?? '',
    })),
    homeCourses: a.homeCourses.map((h) => ({ code: h.code, title: h.title, credits: h.credits })),
    transferred: d.transferred.map((t) => ({
      code: t.code,
      title: titleOf.get(t.code) ?? '',
      credits: t.credits,
      grade: 'T' as const,
    })),
    credits: d.credits ?? d.transferred.reduce((sum, t) => sum + t.credits, 0),
    conversion: {
      ruleVersion: d.conversion.ruleVersion,
      gradeScale: { id: d.conversion.scaleId, version: d.conversion.scaleVersion },
      lowestGrade: d.conversion.lowestGrade,
    },
    approvedBy: d.decidedBy,
    approvedAt: d.at,
  };
}
