import { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { DynamoApplicationStore } from '../applications/adapters/application-store.js';
import { applicationSteps } from '../applications/human-steps/steps.js';
import { transcriptBecameVerified } from '../applications/use-cases/application-workflow.js';
import { type WorkflowName, workflowCatalog } from '../catalog.js';
import {
  dynamoClient,
  eventsClientOf,
  loadedOnFirstCall,
  sesClientOf,
  sfnClientOf,
} from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { DynamoHumanStepStore } from '../human-steps/adapters/human-step-store.js';
import { StepFunctionsTaskResponder } from '../human-steps/adapters/task-responder.js';
import { DynamoReReviewStore } from '../mappings/adapters/re-review-store.js';
import { flagForReReview } from '../mappings/use-cases/re-review.js';
import { DynamoOutboxStore } from '../outbox/adapters/outbox-store.js';
import { outboxItemsOf } from '../outbox/adapters/stream-records.js';
import {
  StepFunctionsWorkflowStarter,
  StepFunctionsWorkflowStopper,
} from '../outbox/adapters/workflow-starter.js';
import { type DispatchDeps, dispatch } from '../outbox/use-cases/dispatch.js';

// Fed by DynamoDB Streams (inserts of outbox items only, by the event source mapping's filter) in
// AWS and by local/outbox.ts locally. Failed items are answered as partial batch failures: the
// stream retries from them (bisecting), then hands the batch to the on-failure queue.

const arnShape = Object.fromEntries(
  Object.values(workflowCatalog).map((w) => [w.arnEnv, z.string().check(z.startsWith('arn:'))]),
);
const config: Record<string, string | undefined> = loadConfig({
  TABLE_NAME: z.string().check(z.minLength(1)),
  MAIL_FROM: z.string().check(z.minLength(3)),
  SES_CONFIGURATION_SET: z.optional(z.string()),
  EVENT_BUS_NAME: z.string().check(z.minLength(1)),
  ...arnShape,
});
const stateMachineArns = Object.fromEntries(
  Object.entries(workflowCatalog).map(([name, w]) => [name, config[w.arnEnv] as string]),
) as Record<WorkflowName, string>;

const mailer = loadedOnFirstCall(['send'], async () => {
  const [{ SesMailer }, sdk] = await Promise.all([
    import('../commons/ses-mailer.js'),
    import('@aws-sdk/client-sesv2'),
  ]);
  return new SesMailer(sesClientOf(sdk), config.MAIL_FROM as string, config.SES_CONFIGURATION_SET);
});

const sfn = sfnClientOf({ SFNClient });
const db = dynamoClient();
const tableName = config.TABLE_NAME as string;
// A Verified transcript ends the transcript wait of its record's applications (their ARO processing).
const transcriptWaits = {
  store: new DynamoApplicationStore(db, tableName),
  steps: new DynamoHumanStepStore(db, tableName),
  tasks: new StepFunctionsTaskResponder(sfn),
  declared: applicationSteps(),
  now: () => new Date(),
};

const reReviews = { store: new DynamoReReviewStore(db, tableName), now: () => new Date() };

const publisher = loadedOnFirstCall(['deliver'], async () => {
  const [{ EventBridgePublisher }, sdk] = await Promise.all([
    import('../integration/adapters/event-publisher.js'),
    import('@aws-sdk/client-eventbridge'),
  ]);
  return new EventBridgePublisher(eventsClientOf(sdk), config.EVENT_BUS_NAME as string);
});

const deps: DispatchDeps = {
  store: new DynamoOutboxStore(db, tableName),
  deliverers: {
    'workflow.start': new StepFunctionsWorkflowStarter(sfn, stateMachineArns),
    'workflow.stop': new StepFunctionsWorkflowStopper(sfn, stateMachineArns),
    // Integration events follow some changes only: EventBridge loads with the first one.
    'event.publish': {
      deliver: (event) => publisher.deliver(event),
    },
    'transcript.verified': {
      deliver: async (verified) => {
        await transcriptBecameVerified(transcriptWaits, verified);
      },
    },
    // A material HKUST catalog change: its Approved mappings flagged, their followers' mails enqueued.
    'catalog.course-changed': {
      deliver: async (change) => {
        await flagForReReview(reReviews, change);
      },
    },
    // Mails follow some changes only: SES loads with the first one.
    'mail.send': {
      deliver: (mail) => mailer.send(mail),
    },
  },
  now: () => new Date(),
};

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const failed = await dispatch(deps, outboxItemsOf(event));
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}
