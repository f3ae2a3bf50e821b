import * as z from 'zod/mini';
import type { FieldIssue } from '../../commons/errors.js';
import { compareTerms, isTerm } from '../../records/domain/transfer-term.js';
import type { ReviewDecision } from '../domain/mapping-review.js';

// The review's decisions as schemas, checked at both ends: before a decision is recorded and sent to
// Step Functions, and when the workflow's next task parses it back (a department's approval as the
// task output, a Deny or Need Further Info as the Cause of the failure that ended the review).

const maxText = 2000;
const term = z.string().check(z.refine(isTerm, 'must be a transfer term like 2024-25 Fall'));
const text = z.string().check(z.trim(), z.minLength(1), z.maxLength(maxText));

export const approvalSchema = z.object({
  outcome: z.literal('Approved'),
  validFrom: term,
  validTo: term,
  decidedBy: z.string().check(z.minLength(1)),
  subjectArea: z.optional(z.string()),
});
const denialSchema = z.object({
  outcome: z.literal('Denied'),
  reason: text,
  decidedBy: z.string().check(z.minLength(1)),
  subjectArea: z.optional(z.string()),
  duplicateOf: z.optional(z.string()),
});
const needInfoSchema = z.object({
  outcome: z.literal('Need Further Info'),
  note: text,
  decidedBy: z.string().check(z.minLength(1)),
  subjectArea: z.optional(z.string()),
});

/** A department's decision. */
export const reviewDecisionSchema = z.discriminatedUnion('outcome', [
  approvalSchema,
  denialSchema,
  needInfoSchema,
]) satisfies z.ZodMiniType<ReviewDecision>;

/** What ends a review early: a Deny or Need Further Info, at triage or from a department. */
export const endOfReviewSchema = z.discriminatedUnion('outcome', [denialSchema, needInfoSchema]);

/** ARO's triage: routed on to the departments, or ended as Need Further Info or a duplicate. */
export const triageDecisionSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('Routed'), decidedBy: z.string().check(z.minLength(1)) }),
  denialSchema,
  needInfoSchema,
]);
export type TriageDecision = z.infer<typeof triageDecisionSchema>;

// ---- what a department reviewer's link page posts ----

const choice = z.object({
  decision: z.enum(['approve', 'deny', 'need-info'], { error: 'Choose Approve, Deny or Need Further Info' }),
});
const posted = z.pipe(
  z.optional(z.string()),
  z.transform((s) => (s ?? '').trim()),
);

/** The reviewer's form, as of the terms offered on the page. */
function formSchemas(terms: readonly string[]) {
  return {
    approve: z.object({ validFrom: posted, validTo: posted }).check(
      z.superRefine(({ validFrom, validTo }, ctx) => {
        const issue = (path: string, message: string) =>
          ctx.addIssue({ code: 'custom', path: [path], message });
        if (!terms.includes(validFrom))
          issue('validFrom', 'Choose the first transfer term the approval holds for');
        if (!terms.includes(validTo))
          issue('validTo', 'Choose the last transfer term the approval holds for');
        if (terms.includes(validFrom) && terms.includes(validTo) && compareTerms(validFrom, validTo) > 0) {
          issue('validTo', 'The last term must not come before the first');
        }
      }),
    ),
    deny: z.object({
      reason: z.pipe(
        posted,
        z
          .string()
          .check(
            z.minLength(1, 'Give the Reason for Denial the student will see'),
            z.maxLength(maxText, `At most ${maxText} characters`),
          ),
      ),
    }),
    'need-info': z.object({
      note: z.pipe(
        posted,
        z
          .string()
          .check(
            z.minLength(1, 'Say what information the student should provide'),
            z.maxLength(maxText, `At most ${maxText} characters`),
          ),
      ),
    }),
  };
}

const issuesOf = (error: z.core.$ZodError): FieldIssue[] =>
  error.issues.map((i) => ({ field: String(i.path[0] ?? 'decision'), reason: i.message }));

/** The posted form as a department's decision, or the issue of each field, in the page's words. */
export function parseDepartmentForm(
  form: Readonly<Record<string, string | undefined>>,
  terms: readonly string[],
  by: { decidedBy: string; subjectArea: string },
): { decision: ReviewDecision } | { issues: FieldIssue[] } {
  const chosen = choice.safeParse(form);
  if (!chosen.success) return { issues: issuesOf(chosen.error) };
  const schemas = formSchemas(terms);
  switch (chosen.data.decision) {
    case 'approve': {
      const r = schemas.approve.safeParse(form);
      return r.success
        ? { decision: { outcome: 'Approved', ...r.data, ...by } }
        : { issues: issuesOf(r.error) };
    }
    case 'deny': {
      const r = schemas.deny.safeParse(form);
      return r.success
        ? { decision: { outcome: 'Denied', reason: r.data.reason, ...by } }
        : { issues: issuesOf(r.error) };
    }
    case 'need-info': {
      const r = schemas['need-info'].safeParse(form);
      return r.success
        ? { decision: { outcome: 'Need Further Info', note: r.data.note, ...by } }
        : { issues: issuesOf(r.error) };
    }
  }
}
