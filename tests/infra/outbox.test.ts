import type { CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CtsApp, createApp } from './support.js';

// Given the prod stage synthesized as `cdk synth -c stage=prod` would,
// when the outbox's delivery is inspected,
// then the table streams new images to the dispatcher, which sees only outbox inserts, retries
// failed items (bisecting, partial batch responses) and hands what is left to an alarmed queue.
describe('outbox delivery (prod)', () => {
  let cts: CtsApp;
  let stateless: Template;
  let resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  const dispatcherId = () =>
    cts.stateless.getLogicalId(cts.stateless.functions['outbox-dispatcher'].node.defaultChild as CfnResource);
  const mappingOf = () => {
    const mappings = Object.values(stateless.findResources('AWS::Lambda::EventSourceMapping'));
    return mappings.find((m) => m.Properties.FunctionName?.Ref === dispatcherId());
  };

  beforeAll(() => {
    cts = createApp('prod');
    stateless = Template.fromStack(cts.stateless);
    resources = stateless.toJSON().Resources;
  });

  it('streams the new image of every write of the table', () => {
    Template.fromStack(cts.stateful).hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
  });

  it('feeds the dispatcher from the stream with only the inserts of outbox items', () => {
    const mapping = mappingOf();
    expect(mapping?.Properties).toMatchObject({
      EventSourceArn: { 'Fn::ImportValue': 'Cts-prod-Stateful-tableStreamArn' },
      StartingPosition: 'TRIM_HORIZON',
    });
    const criteria = mapping?.Properties.FilterCriteria as { Filters: { Pattern: string }[] } | undefined;
    const patterns = (criteria?.Filters ?? []).map((f) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['OutboxItem'] } } } },
    ]);
  });

  it('retries failed items, bisecting the batch and answering partial failures, then gives up to an encrypted, TLS-only queue', () => {
    const properties = mappingOf()?.Properties as Record<string, unknown>;
    expect(properties).toMatchObject({
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
    });
    const queueId = (
      properties.DestinationConfig as { OnFailure: { Destination: { 'Fn::GetAtt': string[] } } }
    ).OnFailure.Destination['Fn::GetAtt'][0] as string;
    expect(resources[queueId]).toMatchObject({
      Type: 'AWS::SQS::Queue',
      Properties: { SqsManagedSseEnabled: true },
    });
    stateless.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
  });

  it('alarms on a message in that queue and on deliveries falling five minutes behind', () => {
    const properties = mappingOf()?.Properties as {
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': string[] } } };
    };
    const queueId = properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 1,
    });
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Statistic: 'Maximum',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: dispatcherId() } }],
      Threshold: 300_000,
    });
  });

  it('lets the dispatcher read the stream and start the workflows it delivers to, nothing more of Step Functions', () => {
    const policies = Object.values(stateless.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes('OutboxDispatcher'),
    );
    const statements = policies.flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
    );
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'states:StartExecution']),
    );
  });
});
