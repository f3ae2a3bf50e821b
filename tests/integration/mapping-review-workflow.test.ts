import { randomInt } from 'node:crypto';
import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
} from '@aws-sdk/client-sfn';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { type AwaitedStep, AwaitedStepEntity } from '../../functions/human-steps/entities/awaited-step.js';
import { formatGroupRef, type Mapping, MappingEntity } from '../../functions/mappings/entities/mapping.js';
import { aroTriageStep, departmentStep, mappingSubject } from '../../functions/reviews/human-steps/steps.js';

import { demoStudents } from '../../local/seed/people.js';
import { documentClient, eventually, runtimeEnv, sfnClient } from '../support/aws.js';

// The mapping-review workflow file, run by the local Step Functions facade through @aws-sdk/client-sfn,
// with its callback step completed by SendTaskSuccess / SendTaskFailure.

const db = documentClient();
const sfn = sfnClient();
const tableName = () => runtimeEnv().TABLE_NAME;
const student = demoStudents[0];

async function givenSubmittedMapping(): Promise<Mapping> {
  if (!student) throw new Error('the seed needs a demo student');
  const groupRef = formatGroupRef(900_000 + randomInt(99_999));
  const now = new Date().toISOString();
  const mapping: Mapping = {
    ref: `${groupRef}-01`,
    groupRef,
    institutionId: 'test-institution',
    institutionName: 'Test Institution',
    incomingCourses: [
      { code: 'CCN2046', title: 'Music, Mind and Human Behavior', credits: 3, creditUnit: 'CREDIT' },
    ],
    homeCourses: [{ code: 'HUMA1103', title: 'Understanding Music', credits: 3, subjectArea: 'HUMA' }],
    status: 'Request Initiated',
    requestedBy: student.studentId,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await db.send(new PutCommand({ TableName: tableName(), Item: MappingEntity.toItem(mapping) }));
  return mapping;
}

async function startReview(ref: string): Promise<string> {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: runtimeEnv().MAPPING_REVIEW_STATE_MACHINE_ARN,
      name: `review-${ref}-${Date.now()}`,
      input: JSON.stringify({ ref, submission: 'new' }),
    }),
  );
  if (!executionArn) throw new Error('no execution started');
  return executionArn;
}

async function awaited(ref: string, step: string): Promise<AwaitedStep> {
  return eventually(async () => {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName(), Key: AwaitedStepEntity.key(mappingSubject(ref), step) }),
    );
    return Item ? AwaitedStepEntity.fromItem(Item) : undefined;
  }, `the workflow to await ${step} on ${ref}`);
}

/** ARO triage routes the request on (the admin API does this through the same token). */
async function triaged(ref: string): Promise<void> {
  const triage = await awaited(ref, aroTriageStep);
  expect((await mappingNow(ref)).status).toBe('Request Initiated');
  await sfn.send(
    new SendTaskSuccessCommand({
      taskToken: triage.taskToken,
      output: JSON.stringify({ route: 'departments' }),
    }),
  );
}

async function awaitedDecision(ref: string): Promise<AwaitedStep> {
  await triaged(ref);
  return awaited(ref, departmentStep('HUMA'));
}

async function finished(executionArn: string) {
  return eventually(async () => {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return execution.status === 'RUNNING' ? undefined : execution;
  }, 'the execution to finish');
}

async function mappingNow(ref: string): Promise<Mapping> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName(), Key: MappingEntity.key(ref), ConsistentRead: true }),
  );
  if (!Item) throw new Error(`mapping ${ref} is gone`);
  return MappingEntity.fromItem(Item);
}

describe('the mapping-review workflow file on the local Step Functions', () => {
  // A failure that is not a review outcome (Review.Denied / Review.NeedFurtherInfo) is not caught:
  // the execution fails for the alarm, and the mapping is left as it was, not half-decided.
  it('fails the execution and leaves the mapping Under Review when a step fails unexpectedly', async () => {
    const mapping = await givenSubmittedMapping();
    const executionArn = await startReview(mapping.ref);
    const awaited = await awaitedDecision(mapping.ref);
    await sfn.send(
      new SendTaskFailureCommand({
        taskToken: awaited.taskToken,
        error: 'Review.Withdrawn',
        cause: 'withdrawn',
      }),
    );
    const execution = await finished(executionArn);
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Review.Withdrawn');
    expect((await mappingNow(mapping.ref)).status).toBe('Under Review');
  });

  it('stops an execution on StopExecution, after which its token is no longer awaited', async () => {
    const mapping = await givenSubmittedMapping();
    const executionArn = await startReview(mapping.ref);
    const awaited = await awaitedDecision(mapping.ref);
    await sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Review.Cancelled', cause: 'duplicate request' }),
    );
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
      status: 'ABORTED',
      error: 'Review.Cancelled',
    });
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: awaited.taskToken, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskDoesNotExist);
  });

  it('refuses a token that is not awaited, as Step Functions does', async () => {
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })),
    ).rejects.toBeInstanceOf(TaskDoesNotExist);
  });
});
