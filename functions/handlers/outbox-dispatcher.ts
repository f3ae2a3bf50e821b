import { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import { type WorkflowName, workflowCatalog } from '../catalog.js';
import { dynamoClient, sfnClientOf } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { DynamoOutboxStore } from '../outbox/adapters/outbox-store.js';
import { outboxItemsOf } from '../outbox/adapters/stream-records.js';
import { StepFunctionsWorkflowStarter } from '../outbox/adapters/workflow-starter.js';
import { type DispatchDeps, dispatch } from '../outbox/use-cases/dispatch.js';

// Fed by DynamoDB Streams (inserts of outbox items only, by the event source mapping's filter) in
// AWS and by local/outbox.ts locally. Failed items are answered as partial batch failures: the
// stream retries from them (bisecting), then hands the batch to the on-failure queue.

const arnShape = Object.fromEntries(
  Object.values(workflowCatalog).map((w) => [w.arnEnv, z.string().startsWith('arn:')]),
);
const config: Record<string, string> = loadConfig({ TABLE_NAME: z.string().min(1), ...arnShape });
const stateMachineArns = Object.fromEntries(
  Object.entries(workflowCatalog).map(([name, w]) => [name, config[w.arnEnv] as string]),
) as Record<WorkflowName, string>;

const deps: DispatchDeps = {
  store: new DynamoOutboxStore(dynamoClient(), config.TABLE_NAME as string),
  deliverers: {
    'workflow.start': new StepFunctionsWorkflowStarter(sfnClientOf({ SFNClient }), stateMachineArns),
  },
  now: () => new Date(),
};

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const failed = await dispatch(deps, outboxItemsOf(event));
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}
