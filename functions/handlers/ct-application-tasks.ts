import * as z from 'zod/mini';
import { DynamoApplicationStore } from '../applications/adapters/application-store.js';
import { applicationSteps } from '../applications/human-steps/steps.js';
import {
  type ApplicationWorkflowDeps,
  awaitAroDecision,
  awaitEndorsement,
  awaitVerifiedTranscript,
  recordAroApproval,
  recordAroDecision,
  recordEndorsed,
  recordNotEndorsed,
  route,
} from '../applications/use-cases/application-workflow.js';
import { dynamoClient, loadedOnFirstCall, sesClientOf, sfnClientOf } from '../commons/clients.js';
import { askingTasksEnv, loadConfig } from '../commons/config.js';
import { DynamoHumanStepStore } from '../human-steps/adapters/human-step-store.js';
import { awaitPhases } from '../human-steps/domain/steps.js';

const config = loadConfig(askingTasksEnv);
const db = dynamoClient();
const store = new DynamoApplicationStore(db, config.TABLE_NAME);
const aro = { name: 'Academic Registry', email: config.ARO_EMAIL };
const deps: ApplicationWorkflowDeps = {
  store,
  steps: new DynamoHumanStepStore(db, config.TABLE_NAME),
  // Only a transcript already Verified answers a task from here.
  tasks: loadedOnFirstCall(['succeed', 'fail'], async () => {
    const [{ StepFunctionsTaskResponder }, sdk] = await Promise.all([
      import('../human-steps/adapters/task-responder.js'),
      import('@aws-sdk/client-sfn'),
    ]);
    return new StepFunctionsTaskResponder(sfnClientOf(sdk));
  }),
  declared: applicationSteps({
    aro,
    load: (subject) => store.contextOf(subject),
  }),
  // Only the tasks that ask someone mail; the state changes' mails go through the outbox.
  mailer: loadedOnFirstCall(['send'], async () => {
    const [{ SesMailer }, sdk] = await Promise.all([
      import('../commons/ses-mailer.js'),
      import('@aws-sdk/client-sesv2'),
    ]);
    return new SesMailer(sesClientOf(sdk), config.MAIL_FROM, config.SES_CONFIGURATION_SET);
  }),
  settings: { linkBaseUrl: config.REVIEW_LINK_BASE_URL, linkValidDays: config.REVIEW_LINK_VALID_DAYS },
  now: () => new Date(),
};

const ids = { studentId: z.string().check(z.minLength(1), z.maxLength(64)), applicationId: z.uuid() };
const taskToken = z.string().check(z.minLength(1));
const phase = z.enum(awaitPhases);
const failure = z.object({ Error: z.string(), Cause: z.string() });

// The workflow's payloads, validated at the edge like any other input: a malformed one fails the
// task instead of writing a half-formed state. Decisions are parsed again by the use cases with the
// steps' own schemas.
const taskInput = z.discriminatedUnion('task', [
  z.object({ task: z.literal('route'), ...ids, attempt: z.number().check(z.int(), z.positive()) }),
  z.object({
    task: z.literal('awaitEndorsement'),
    ...ids,
    officeId: z.string().check(z.minLength(1)),
    taskToken,
    phase,
  }),
  z.object({ task: z.literal('recordEndorsed'), ...ids, endorsements: z.unknown() }),
  z.object({ task: z.literal('recordNotEndorsed'), ...ids, failure }),
  z.object({ task: z.literal('awaitVerifiedTranscript'), ...ids, taskToken, phase }),
  z.object({ task: z.literal('awaitAroDecision'), ...ids, taskToken, phase }),
  z.object({ task: z.literal('recordAroApproval'), ...ids, decision: z.unknown() }),
  z.object({ task: z.literal('recordAroDecision'), ...ids, failure }),
]);

export async function handler(event: unknown): Promise<Record<string, unknown>> {
  const input = taskInput.parse(event);
  switch (input.task) {
    case 'route':
      return route(deps, input);
    case 'awaitEndorsement':
      await awaitEndorsement(deps, input, input.officeId, input.taskToken, input.phase);
      return { status: 'Awaiting program office endorsement' };
    case 'recordEndorsed':
      return { status: (await recordEndorsed(deps, input, input.endorsements)).status };
    case 'recordNotEndorsed':
      return { status: (await recordNotEndorsed(deps, input, input.failure)).status };
    case 'awaitVerifiedTranscript':
      await awaitVerifiedTranscript(deps, input, input.taskToken, input.phase);
      return { status: 'Awaiting a Verified official transcript' };
    case 'awaitAroDecision':
      await awaitAroDecision(deps, input, input.taskToken, input.phase);
      return { status: "Awaiting ARO's decision" };
    case 'recordAroApproval':
      return { status: (await recordAroApproval(deps, input, input.decision)).status };
    case 'recordAroDecision':
      return { status: (await recordAroDecision(deps, input, input.failure)).status };
  }
}
