// Conversion Preview: what approved mappings of a study record would transfer (docs/ucts-conversion.md).
//
// previewConversion — Input: one of the student's study records, and approved mappings of it (D.B.
//   Ref. Nos.) each with the final grades typed so far (any left out: awaiting the grade). Every ref
//   must be a mapping at the record's institution Ready for Credit Transfer in the record's transfer
//   term, every code an incoming course of its mapping, every grade on the institution's current
//   scale: each problem a 400 naming the field (a grade not on the scale lists the scale's grades).
//   Output: the domain's `previewStudyRecord` on the institution's current grading — each
//   application's outcome, credits and every step, the record's total — and the published rule.
//   An institution with no grading yet: 409 saying so. Another student's record: 404. Writes nothing.
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from '../../commons/errors.js';
import { isReadyForCreditTransfer } from '../../mappings/domain/mapping-validity.js';
import type { Mapping } from '../../mappings/entities/mapping.js';
import type { StudyRecord } from '../../records/entities/student.js';
import type { ConversionPreviewView } from '../contracts.js';
import {
  type ApplicationInput,
  type ApplicationResult,
  convertGrade,
  previewStudyRecord,
  publishedRule,
} from '../domain/ucts-conversion.js';
import { type GradingStore, toCreditSystemView } from './institution-grading.js';

export interface ConversionPreviewReader {
  getRecord(studentId: string, recordId: string): Promise<StudyRecord | undefined>;
  getMapping(ref: string): Promise<Mapping | undefined>;
}

export interface ConversionPreviewDeps {
  reader: ConversionPreviewReader;
  gradings: Pick<GradingStore, 'current'>;
}

export interface PreviewRequest {
  applications: { ref: string; grades: { code: string; grade?: string | undefined }[] }[];
}

/** The domain's result as the contract carries it (copies of its read-only lists). */
const toResultView = (r: ApplicationResult): ConversionPreviewView['applications'][number] =>
  r.ok
    ? {
        ...r,
        incoming: r.incoming.map((c) => ({ ...c, ...(c.grade ? { grade: { ...c.grade } } : {}) })),
        home: r.home.map((h) => ({ ...h })),
        steps: r.steps.map((s) => ({ ...s })),
      }
    : {
        ok: false,
        ref: r.ref,
        failure: {
          kind: r.failure.kind,
          field: r.failure.field,
          message: r.failure.message,
          ...(r.failure.kind === 'UnknownGrade'
            ? { grade: r.failure.grade, known: [...r.failure.known] }
            : {}),
        },
      };

export async function previewConversion(
  deps: ConversionPreviewDeps,
  studentId: string,
  recordId: string,
  request: PreviewRequest,
): Promise<ConversionPreviewView> {
  const record = await deps.reader.getRecord(studentId, recordId);
  if (!record) throw new NotFoundError(`No study record ${recordId} of yours`);
  const [mappings, grading] = await Promise.all([
    Promise.all(request.applications.map((a) => deps.reader.getMapping(a.ref))),
    deps.gradings.current(record.institutionId),
  ]);

  const issues: FieldIssue[] = [];
  request.applications.forEach((a, i) => {
    const field = `body.applications.${i}.ref`;
    const mapping = mappings[i];
    if (request.applications.findIndex((other) => other.ref === a.ref) < i) {
      issues.push({ field, reason: `${a.ref} is chosen twice` });
    } else if (!mapping || mapping.institutionId !== record.institutionId) {
      issues.push({ field, reason: `no mapping ${a.ref} at ${record.institutionName}` });
    } else if (!isReadyForCreditTransfer(mapping, record.transferTerm)) {
      issues.push({
        field,
        reason: `mapping ${a.ref} is not Ready for Credit Transfer in ${record.transferTerm}: only an approval valid in the record's transfer term can be converted`,
      });
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);

  if (!grading) {
    throw new ConflictError(
      `${record.institutionName} has no credit system and grade scale on file yet, so its credits cannot be converted; ARO publishes them (contact the Credit Transfer and Graduation Team)`,
    );
  }

  const inputs: ApplicationInput[] = request.applications.map((a, i) => {
    const mapping = mappings[i] as Mapping;
    const codes = mapping.incomingCourses.map((c) => c.code);
    const gradeOf = new Map<string, string>();
    a.grades.forEach((g, j) => {
      const field = `body.applications.${i}.grades.${j}`;
      if (!codes.includes(g.code)) {
        issues.push({
          field: `${field}.code`,
          reason: `${g.code} is not an incoming course of mapping ${a.ref}`,
        });
        return;
      }
      if (a.grades.findIndex((other) => other.code === g.code) < j) {
        issues.push({ field: `${field}.code`, reason: `${g.code} is given twice` });
        return;
      }
      // A blank grade is one not yet available (guide §5.1): the application awaits it.
      if (g.grade === undefined || g.grade.trim() === '') return;
      const converted = convertGrade(g.grade, grading.gradeScale, `${field}.grade`);
      if (!converted.ok) issues.push({ field: converted.failure.field, reason: converted.failure.message });
      else gradeOf.set(g.code, g.grade);
    });
    return {
      ref: a.ref,
      creditSystem: grading.creditSystem,
      gradeScale: grading.gradeScale,
      incoming: mapping.incomingCourses.map((c) => ({
        code: c.code,
        credits: c.credits,
        creditUnit: c.creditUnit,
        ...(gradeOf.has(c.code) ? { hostGrade: gradeOf.get(c.code) } : {}),
      })),
      home: mapping.homeCourses.map((c) => ({ code: c.code, credits: c.credits })),
    };
  });
  if (issues.length > 0) throw new ValidationError(issues);

  const preview = previewStudyRecord(inputs);
  return {
    recordId: record.recordId,
    institutionId: record.institutionId,
    institutionName: record.institutionName,
    transferTerm: record.transferTerm,
    creditSystem: toCreditSystemView(grading.creditSystem),
    gradeScale: {
      id: grading.gradeScale.id,
      version: grading.gradeScale.version,
      grades: grading.gradeScale.grades.map((g) => ({ ...g })),
    },
    gradingVersion: grading.version,
    ruleVersion: preview.ruleVersion,
    publishedRule: { version: publishedRule.version, statements: [...publishedRule.statements] },
    mappings: mappings.map((m) => {
      const mapping = m as Mapping;
      return {
        ref: mapping.ref,
        incomingCourses: mapping.incomingCourses.map(({ code, title, credits, creditUnit }) => ({
          code,
          title,
          credits,
          creditUnit,
        })),
        homeCourses: mapping.homeCourses.map(({ code, title, credits, subjectArea }) => ({
          code,
          title,
          credits,
          subjectArea,
        })),
      };
    }),
    applications: preview.applications.map(toResultView),
    totalCredits: preview.totalCredits,
    awaitingGradeCredits: preview.awaitingGradeCredits,
    steps: preview.steps.map((s) => ({ ...s })),
  };
}
