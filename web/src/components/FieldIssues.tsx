import type * as z from 'zod/mini';
import type { ApiIssue } from '../api';

// The API names the field of each problem with its path in the request (`body.incomingCourses.0.code`),
// and the forms check themselves with the same paths, so one lookup places both next to the field.

export type FieldIssues = ReadonlyMap<string, string>;

export const noIssues: FieldIssues = new Map();

export function issuesByField(issues: readonly ApiIssue[]): FieldIssues {
  const map = new Map<string, string>();
  for (const { field, reason } of issues)
    map.set(field, map.has(field) ? `${map.get(field)}; ${reason}` : reason);
  return map;
}

/**
 * What the API would say of `value` as the request part `at`: the form checks itself with the
 * operation's own request schema, so the browser and the server agree on every rule and its words.
 */
export function schemaIssues(schema: z.ZodMiniType, value: unknown, at = 'body'): FieldIssues {
  const parsed = schema.safeParse(value);
  if (parsed.success) return noIssues;
  return issuesByField(
    parsed.error.issues.map((issue) => ({
      field: [at, ...issue.path.map(String)].join('.'),
      reason: issue.message,
    })),
  );
}

/** The reasons given for `field` or anything under it (`body.documentIds` covers `body.documentIds.0`). */
export function issueAt(issues: FieldIssues, field: string): string | undefined {
  const reasons = [...issues].filter(([f]) => f === field || f.startsWith(`${field}.`)).map(([, r]) => r);
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/**
 * A reason as a sentence on the page. The API's reasons read after a field's name ("body.credits:
 * must be 0 or more"); under the field on its own, it starts with a capital and ends with a stop.
 */
export function asSentence(reason: string): string {
  const text = reason.trim();
  if (text === '') return text;
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The message under a field; its id goes in the field's aria-describedby. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p class="field-error" id={id}>
      {asSentence(message)}
    </p>
  );
}
