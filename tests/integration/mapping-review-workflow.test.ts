import { randomInt } from 'node:crypto';
import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
} from '@aws-sdk/client-sfn';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { type AwaitedDecision, AwaitedDecisionEntity } from '../../functions/entities/awaited-decision.js';
import {
  formatGroupRef,
  type Mapping,
  MappingEntity,
  mappingGroupPk,
} from '../../functions/entities/mapping.js';
import { aroTriageStep, departmentReviewStep } from '../../functions/use-cases/mapping-review.js';
import { demoStudents } from '../../local/seed/people.js';
import { documentClient, eventually, mailbox, runtimeEnv, sfnClient } from '../support/aws.js';

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
      input: JSON.stringify({ ref }),
    }),
  );
  if (!executionArn) throw new Error('no execution started');
  return executionArn;
}

async function awaited(ref: string, step: string): Promise<AwaitedDecision> {
  return eventually(async () => {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName(), Key: AwaitedDecisionEntity.key(ref, step) }),
    );
    return Item ? AwaitedDecisionEntity.fromItem(Item) : undefined;
  }, `the workflow to await ${step} on ${ref}`);
}

/** ARO triage routes the request on (the admin API does this through the same token). */
async function triaged(ref: string): Promise<void> {
  const triage = await awaited(ref, aroTriageStep);
  expect((await mappingNow(ref)).status).toBe('Request Initiated');
  await sfn.send(
    new SendTaskSuccessCommand({
      taskToken: triage.taskToken,
      output: JSON.stringify({ route: 'department' }),
    }),
  );
}

async function awaitedDecision(ref: string): Promise<AwaitedDecision> {
  await triaged(ref);
  return awaited(ref, departmentReviewStep);
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

describe('mapping-review workflow (skeleton)', () => {
  it('waits for ARO triage, marks the mapping Under Review, waits for the decision, and records an approval', async () => {
    // Given a submitted mapping and a started review
    const mapping = await givenSubmittedMapping();
    const executionArn = await startReview(mapping.ref);

    // When the department's decision arrives through the callback token
    const awaited = await awaitedDecision(mapping.ref);
    expect((await mappingNow(mapping.ref)).status).toBe('Under Review');
    await sfn.send(
      new SendTaskSuccessCommand({
        taskToken: awaited.taskToken,
        output: JSON.stringify({
          outcome: 'Approved',
          validFrom: '2024-25 Fall',
          validTo: '2027-28 Summer',
          decidedBy: 'huma-reviewer',
        }),
      }),
    );

    // Then the execution succeeds, the mapping is Approved with its validity, audited, and the requester is told
    expect((await finished(executionArn)).status).toBe('SUCCEEDED');
    expect(await mappingNow(mapping.ref)).toMatchObject({
      status: 'Approved',
      validFrom: '2024-25 Fall',
      validTo: '2027-28 Summer',
      version: 3,
    });
    const audit = await db.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk and begins_with(sk, :sk)',
        ExpressionAttributeValues: {
          ':pk': mappingGroupPk(mapping.groupRef),
          ':sk': `AUDIT#${mapping.ref}#`,
        },
      }),
    );
    expect(audit.Items?.map((e) => `${e.from} -> ${e.to}`)).toEqual([
      'Request Initiated -> Under Review',
      'Under Review -> Approved',
    ]);
    const mail = await eventually(
      async () => (await mailbox()).find((m) => m.subject.includes(mapping.ref)),
      'the decision mail',
    );
    expect(mail.destination.to).toEqual([student?.email]);
    expect(mail.body.text).toContain('Approved');
  });

  it('fails the execution and leaves the mapping Under Review when the task is failed', async () => {
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
