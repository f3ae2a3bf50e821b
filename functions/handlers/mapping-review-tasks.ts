import * as z from 'zod';
import { DynamoMappingReviewStore } from '../adapters/mapping-review-store.js';
import { SesMailer } from '../adapters/ses-mailer.js';
import { dynamoClient, sesClient } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { isTerm } from '../domain/transfer-term.js';
import {
  aroTriageStep,
  awaitStep,
  departmentReviewStep,
  type MappingReviewDeps,
  markUnderReview,
  recordDecision,
} from '../use-cases/mapping-review.js';

const config = loadConfig({
  TABLE_NAME: z.string().min(1),
  MAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().optional(),
});
const deps: MappingReviewDeps = {
  store: new DynamoMappingReviewStore(dynamoClient(), config.TABLE_NAME),
  mailer: new SesMailer(sesClient(), config.MAIL_FROM, config.SES_CONFIGURATION_SET),
  now: () => new Date(),
};

const ref = z.string().regex(/^B\d{6}-\d{2}$/, 'must be a D.B. Ref. No. like B006711-01');
const term = z.string().refine(isTerm, 'must be a transfer term like 2024-25 Fall');
const decidedBy = z.string().min(1);

// The workflow's payloads, validated at the edge like any other input: a malformed decision fails the
// task instead of writing a half-formed state.
const taskInput = z.discriminatedUnion('task', [
  z.object({ task: z.literal('markUnderReview'), ref }),
  z.object({ task: z.literal('awaitTriage'), ref, taskToken: z.string().min(1) }),
  z.object({ task: z.literal('awaitDepartmentDecision'), ref, taskToken: z.string().min(1) }),
  z.object({
    task: z.literal('recordDecision'),
    ref,
    decision: z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('Approved'), validFrom: term, validTo: term, decidedBy }),
      z.object({ outcome: z.literal('Denied'), reason: z.string().min(1), decidedBy }),
      z.object({ outcome: z.literal('Need Further Info'), note: z.string().min(1), decidedBy }),
    ]),
  }),
]);

export async function handler(event: unknown): Promise<{ status: string }> {
  const input = taskInput.parse(event);
  switch (input.task) {
    case 'markUnderReview':
      return { status: (await markUnderReview(deps, input.ref)).status };
    case 'awaitTriage':
      await awaitStep(deps, input.ref, aroTriageStep, input.taskToken);
      return { status: 'Awaiting ARO triage' };
    case 'awaitDepartmentDecision':
      await awaitStep(deps, input.ref, departmentReviewStep, input.taskToken);
      return { status: 'Awaiting decision' };
    case 'recordDecision':
      return { status: (await recordDecision(deps, input.ref, input.decision)).status };
  }
}
