import * as z from 'zod/mini';
import { lazySchema } from '../commons/contracts.js';

// The integration events CTS publishes for the student information system (issue 10 item 5) on its
// EventBridge bus: what happened, as of the commit that made it so. Each detail carries its own id
// (`eventId`, the same however often it is delivered: consumers de-duplicate by it) and a schema
// version; a change that breaks a consumer is a new version beside the old. docs/integration-events.md
// describes them; docs/events/*.schema.json are generated from these schemas (npm run openapi).

export const integrationSource = 'hkust.cts';

const envelope = {
  eventId: z.string().check(z.describe('Unique per fact: the same on every delivery, to de-duplicate by')),
  schemaVersion: z.literal(1),
  occurredAt: z.string().check(z.describe('ISO 8601: when the change committed')),
};

export const integrationEvents = {
  'Study Record Created': lazySchema(() =>
    z.object({
      ...envelope,
      studentId: z.string(),
      recordId: z.string(),
      institutionId: z.string(),
      institutionName: z.string(),
      category: z.string(),
      transferTerm: z.string(),
    }),
  ),
  'Mapping Decided': lazySchema(() =>
    z.object({
      ...envelope,
      ref: z.string().check(z.describe('D.B. Ref. No.')),
      institutionId: z.string(),
      institutionName: z.string(),
      outcome: z.enum(['Approved', 'Denied', 'Need Further Info']),
      validFrom: z.optional(z.string()),
      validTo: z.optional(z.string()),
      incomingCourses: z.array(z.object({ code: z.string(), credits: z.number(), creditUnit: z.string() })),
      homeCourses: z.array(z.object({ code: z.string(), credits: z.number() })),
    }),
  ),
  'Credit Transfer Approved': lazySchema(() =>
    z.object({
      ...envelope,
      applicationId: z.string(),
      studentId: z.string(),
      recordId: z.string(),
      ref: z.string(),
      institutionId: z.string(),
      transferTerm: z.string(),
      credits: z.number().check(z.describe('HKUST credits transferred in all')),
      courses: z
        .array(z.object({ code: z.string(), credits: z.number(), grade: z.literal('T') }))
        .check(z.describe('The HKUST courses credited, graded "T" (no effect on grade averages)')),
      conversion: z.object({
        ruleVersion: z.string(),
        scaleId: z.string(),
        scaleVersion: z.string(),
        lowestGrade: z.string(),
      }),
    }),
  ),
  'Transcript Verified': lazySchema(() =>
    z.object({
      ...envelope,
      studentId: z.string(),
      recordId: z.string(),
      transcriptId: z.string(),
      institutionId: z.string(),
      source: z.string(),
    }),
  ),
} as const;

export type IntegrationEventType = keyof typeof integrationEvents;
export type IntegrationEventDetail<T extends IntegrationEventType> = z.infer<(typeof integrationEvents)[T]>;
