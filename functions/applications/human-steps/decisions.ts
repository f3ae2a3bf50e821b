import * as z from 'zod/mini';
import type { FieldIssue } from '../../commons/errors.js';

// The application's decisions as schemas, checked at both ends (docs/human-steps.md): before a
// decision is recorded and sent to Step Functions, and when the workflow's next task parses it back
// (an endorsement or an approval as the task output, a Not Endorse, rejection or Need Further Info
// as the Cause of the failure that ended the wait).

const text = z.string().check(z.trim(), z.minLength(1), z.maxLength(2000));
const by = z.string().check(z.minLength(1));

export const endorsedSchema = z.object({
  outcome: z.literal('Endorsed'),
  officeId: z.string(),
  decidedBy: by,
});
export const notEndorsedSchema = z.object({
  outcome: z.literal('Not Endorsed'),
  officeId: z.string(),
  reason: text,
  decidedBy: by,
});
export const endorsementDecisionSchema = z.discriminatedUnion('outcome', [endorsedSchema, notEndorsedSchema]);
export type EndorsementDecision = z.infer<typeof endorsementDecisionSchema>;

export const approvedSchema = z.object({
  outcome: z.literal('Approved'),
  decidedBy: by,
  credits: z.number().check(z.nonnegative()),
  transferred: z.array(
    z.object({ code: z.string(), credits: z.number().check(z.nonnegative()), grade: z.literal('T') }),
  ),
  conversion: z.object({
    ruleVersion: z.string(),
    scaleId: z.string(),
    scaleVersion: z.string(),
    lowestGrade: z.string(),
  }),
});
export const rejectedSchema = z.object({ outcome: z.literal('Rejected'), reason: text, decidedBy: by });
export const needInfoSchema = z.object({
  outcome: z.literal('Need Further Info'),
  note: text,
  decidedBy: by,
});

/** ARO's decision on an application waiting for it. */
export const aroDecisionSchema = z.discriminatedUnion('outcome', [
  approvedSchema,
  rejectedSchema,
  needInfoSchema,
]);
export type AroDecisionChoice = z.infer<typeof aroDecisionSchema>;

/** What ends ARO's processing early: a rejection or Need Further Info, at either ARO step. */
export const endOfProcessingSchema = z.discriminatedUnion('outcome', [rejectedSchema, needInfoSchema]);

/** The transcript wait ends when a transcript of the record is Verified, or ARO ends it first. */
export const transcriptWaitSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('Transcript Verified'), transcriptId: z.string(), decidedBy: by }),
  rejectedSchema,
  needInfoSchema,
]);
export type TranscriptWaitDecision = z.infer<typeof transcriptWaitSchema>;

/** The Step Functions errors a decision ends a wait with, caught by the workflow. */
export const applicationErrors = {
  'Not Endorsed': 'Application.NotEndorsed',
  Rejected: 'Application.Rejected',
  'Need Further Info': 'Application.NeedFurtherInfo',
} as const;

// ---- what a program office's link page posts ----

const choice = z.object({
  decision: z.enum(['endorse', 'decline'], { error: 'Choose Endorse or Not Endorse' }),
});
const reason = z.object({
  reason: z
    .string({ error: 'Give the reason (the student reads it)' })
    .check(
      z.trim(),
      z.minLength(1, 'Give the reason (the student reads it)'),
      z.maxLength(2000, 'At most 2000 characters'),
    ),
});

/** The posted form as an office's decision, or the issue of each field, in the page's words. */
export function parseEndorsementForm(
  form: Readonly<Record<string, string | undefined>>,
  decidedBy: string,
  officeId: string,
): { decision: EndorsementDecision } | { issues: FieldIssue[] } {
  const issuesOf = (error: z.core.$ZodError): FieldIssue[] =>
    error.issues.map((i) => ({ field: String(i.path[0] ?? 'decision'), reason: i.message }));
  const chosen = choice.safeParse(form);
  if (!chosen.success) return { issues: issuesOf(chosen.error) };
  if (chosen.data.decision === 'endorse') return { decision: { outcome: 'Endorsed', officeId, decidedBy } };
  const r = reason.safeParse(form);
  return r.success
    ? { decision: { outcome: 'Not Endorsed', officeId, reason: r.data.reason, decidedBy } }
    : { issues: issuesOf(r.error) };
}
