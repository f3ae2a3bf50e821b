import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { acknowledge } from '../nag.js';

export interface AlarmsProps {
  config: StageConfig;
  functions: lambda.Function[];
  stateMachines: sfn.StateMachine[];
  deadLetterQueues: sqs.IQueue[];
  /** Functions fed by a stream: their iterator age says how far behind delivery is. */
  streamConsumers?: lambda.Function[];
  api: apigw.HttpApi;
}

// What ops watches: any function error, failed or timed-out workflow, message in a DLQ, a stream
// consumer falling behind, or burst of API 5xx. Alarms always exist; they notify by email when the stage has an alarm address.
export class Alarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const { config } = props;
    const period = Duration.minutes(5);
    const atLeast = (name: string, metric: cloudwatch.IMetric, threshold = 1) => {
      this.alarms.push(
        new cloudwatch.Alarm(this, name, {
          metric,
          threshold,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    };

    for (const fn of props.functions) atLeast(`${fn.node.id}Errors`, fn.metricErrors({ period }));
    for (const sm of props.stateMachines) {
      atLeast(`${sm.node.scope?.node.id}Failed`, sm.metricFailed({ period }));
      atLeast(`${sm.node.scope?.node.id}TimedOut`, sm.metricTimedOut({ period }));
    }
    for (const queue of props.deadLetterQueues) {
      atLeast(`${queue.node.id}Messages`, queue.metricApproximateNumberOfMessagesVisible({ period }));
    }
    for (const fn of props.streamConsumers ?? []) {
      // A record waiting five minutes means deliveries are failing and being retried, or stuck.
      atLeast(
        `${fn.node.id}IteratorAge`,
        fn.metric('IteratorAge', { period, statistic: cloudwatch.Stats.MAXIMUM }),
        5 * 60 * 1000,
      );
    }
    atLeast('ApiServerErrors', props.api.metricServerError({ period }), 5);

    if (config.alarmEmail) {
      const topic = new sns.Topic(this, 'Topic', {
        displayName: `CTS ${config.stage} alarms`,
        enforceSSL: true,
      });
      topic.addSubscription(new EmailSubscription(config.alarmEmail));
      for (const alarm of this.alarms) alarm.addAlarmAction(new SnsAction(topic));
      acknowledge(topic, {
        'AwsSolutions-SNS2':
          'Alarm notifications carry no sensitive data, and CloudWatch cannot publish to a topic encrypted with the AWS managed SNS key.',
        'Serverless-SNSRedrivePolicy':
          'Email subscription of alarm notifications: an undelivered mail loses nothing, the alarm state stays in CloudWatch.',
      });
    }
  }
}
