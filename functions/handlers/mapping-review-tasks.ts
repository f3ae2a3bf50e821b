import * as z from 'zod/mini';
import { dynamoClient, loadedOnFirstCall, sesClientOf } from '../commons/clients.js';
import { askingTasksEnv, loadConfig } from '../commons/config.js';
import { DynamoHumanStepStore } from '../human-steps/adapters/human-step-store.js';
import { awaitPhases } from '../human-steps/domain/steps.js';
import { refPattern } from '../mappings/entities/mapping.js';
import { DynamoMappingReviewStore } from '../reviews/adapters/mapping-review-store.js';
import { approvalSchema } from '../reviews/human-steps/decisions.js';
import { mappingReviewSteps } from '../reviews/human-steps/steps.js';
import {
  awaitDepartmentReview,
  awaitTriage,
  departmentsToReview,
  type MappingReviewDeps,
  markUnderReview,
  recordDecision,
  requestReceived,
} from '../reviews/use-cases/mapping-review.js';

const config = loadConfig(askingTasksEnv);
const db = dynamoClient();
const store = new DynamoMappingReviewStore(db, config.TABLE_NAME);
const aro = { name: 'Academic Registry', email: config.ARO_EMAIL };
const deps: MappingReviewDeps = {
  store,
  steps: new DynamoHumanStepStore(db, config.TABLE_NAME),
  declared: mappingReviewSteps({ mappings: store, reviewers: store, aro }),
  // SES loads with the first mail, not in every cold start (markUnderReview and the like send none).
  mailer: loadedOnFirstCall(['send'], async () => {
    const [{ SesMailer }, sdk] = await Promise.all([
      import('../commons/ses-mailer.js'),
      import('@aws-sdk/client-sesv2'),
    ]);
    return new SesMailer(sesClientOf(sdk), config.MAIL_FROM, config.SES_CONFIGURATION_SET);
  }),
  settings: {
    linkBaseUrl: config.REVIEW_LINK_BASE_URL,
    linkValidDays: config.REVIEW_LINK_VALID_DAYS,
    aro,
  },
  now: () => new Date(),
};

const ref = z.string().check(z.regex(refPattern, 'must be a D.B. Ref. No. like B006711-01'));
const taskToken = z.string().check(z.minLength(1));
const phase = z.enum(awaitPhases);

// The workflow's payloads, validated at the edge like any other input: a malformed one fails the
// task instead of writing a half-formed state. A department's approval comes back as the output its
// link sent, checked with the same schema; a failure's Cause is parsed by recordDecision.
const taskInput = z.discriminatedUnion('task', [
  z.object({
    task: z.literal('requestReceived'),
    ref,
    submission: z.enum(['new', 'provide-info', 'appeal', 'extend']),
  }),
  z.object({ task: z.literal('awaitTriage'), ref, taskToken, phase }),
  z.object({ task: z.literal('markUnderReview'), ref }),
  z.object({ task: z.literal('departmentsToReview'), ref }),
  z.object({
    task: z.literal('awaitDepartmentReview'),
    ref,
    subjectArea: z.string().check(z.minLength(1)),
    taskToken,
    phase,
  }),
  z.object({
    task: z.literal('recordApproval'),
    ref,
    approvals: z.array(approvalSchema).check(z.minLength(1)),
  }),
  z.object({
    task: z.literal('recordEndOfReview'),
    ref,
    failure: z.object({ Error: z.string(), Cause: z.string() }),
  }),
]);

export async function handler(event: unknown): Promise<Record<string, unknown>> {
  const input = taskInput.parse(event);
  switch (input.task) {
    case 'requestReceived':
      await requestReceived(deps, input.ref, input.submission);
      return { status: 'Request Initiated' };
    case 'awaitTriage':
      await awaitTriage(deps, input.ref, input.taskToken, input.phase);
      return { status: 'Awaiting ARO triage' };
    case 'markUnderReview':
      return { status: (await markUnderReview(deps, input.ref)).status };
    case 'departmentsToReview':
      return { departments: await departmentsToReview(deps, input.ref) };
    case 'awaitDepartmentReview':
      await awaitDepartmentReview(deps, input.ref, input.subjectArea, input.taskToken, input.phase);
      return { status: 'Awaiting department review' };
    case 'recordApproval':
      return { status: (await recordDecision(deps, input.ref, { approvals: input.approvals })).status };
    case 'recordEndOfReview':
      return { status: (await recordDecision(deps, input.ref, { failure: input.failure })).status };
  }
}
