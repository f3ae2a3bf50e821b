import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  type FunctionName,
  functionCatalog,
  uploadTriggers,
  type WorkflowName,
  workflowCatalog,
} from '../functions/catalog.js';
import { envNames } from '../functions/commons/config.js';
import { routes } from '../functions/routes.js';
import { tableDefinition } from '../functions/store/table.js';
import type { StageConfig } from './config.js';
import { Alarms } from './constructs/alarms.js';
import { Auth } from './constructs/auth.js';
import { CtsFunction } from './constructs/cts-function.js';
import { type AccessTargets, grantAccess } from './constructs/function-access.js';
import { HttpApi } from './constructs/http-api.js';
import { Mail } from './constructs/mail.js';
import { OutboxDelivery } from './constructs/outbox-delivery.js';
import { WebDeployment } from './constructs/web-deployment.js';
import { stateMachineArn, Workflow } from './constructs/workflow.js';
import { acknowledge, acknowledgeCdkManagedWildcards } from './nag.js';
import type { StatefulRefs } from './stateful-stack.js';

export interface StatelessStackProps extends StackProps {
  config: StageConfig;
  stateful: StatefulRefs;
}

const pascal = (name: string): string =>
  name.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());

function mapKeys<K extends string, V>(record: Record<K, unknown>, fn: (key: K) => V): Record<K, V> {
  return Object.fromEntries(Object.keys(record).map((key) => [key, fn(key as K)])) as Record<K, V>;
}

// Code and wiring, safe to destroy and redeploy at any time: the functions of the catalog, the
// workflows, the HTTP API of the route table, Cognito, SES, the upload triggers and the deployment of
// the web front end. Stateful resources are imported from the stateful stack's exports.
export class StatelessStack extends Stack {
  readonly functions: Record<FunctionName, CtsFunction>;
  readonly workflows: Record<WorkflowName, Workflow>;
  readonly auth: Auth;
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, stateful } = props;
    const webOrigin = `https://${stateful.distributionDomainName}`;
    const webUrl = `${webOrigin}/`;

    const table = dynamodb.Table.fromTableAttributes(this, 'Table', {
      tableArn: stateful.tableArn,
      tableStreamArn: stateful.tableStreamArn,
      globalIndexes: tableDefinition.indexes.map((index) => index.name),
    });
    const uploads = s3.Bucket.fromBucketAttributes(this, 'Uploads', {
      bucketArn: stateful.uploadsBucketArn,
      bucketName: stateful.uploadsBucketName,
    });
    const mail = new Mail(this, 'Mail', { config });

    this.functions = mapKeys(
      functionCatalog,
      (name) => new CtsFunction(this, pascal(name), { name, definition: functionCatalog[name], config }),
    );
    const targets: AccessTargets = {
      table: { tableName: stateful.tableName, table },
      uploads: { bucketName: stateful.uploadsBucketName, bucket: uploads },
      mail: {
        from: mail.from,
        configurationSetName: mail.configurationSet.configurationSetName,
        configurationSetArn: mail.configurationSetArn,
        identitiesArn: mail.identitiesArn,
      },
      events: { busName: stateful.eventBusName, busArn: stateful.eventBusArn },
      signing: { keyArn: stateful.decisionSigningKeyArn, issuer: `hkust-cts:${config.stage}` },
      workflows: mapKeys(workflowCatalog, (name) => ({
        stateMachineArn: stateMachineArn(this, config, name),
      })),
    };
    for (const fn of Object.values<CtsFunction>(this.functions))
      grantAccess(fn, fn.definition.access, targets);

    this.workflows = mapKeys(
      workflowCatalog,
      (name) =>
        new Workflow(this, `${pascal(name)}Workflow`, {
          config,
          name,
          definition: workflowCatalog[name],
          functions: this.functions,
        }),
    );

    const deadLetterQueues = this.addUploadTriggers(uploads);
    const outbox = new OutboxDelivery(this, 'OutboxDelivery', {
      table,
      dispatcher: this.functions['outbox-dispatcher'],
    });

    this.auth = new Auth(this, 'Auth', { config, webUrl });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      config,
      routes,
      functions: this.functions,
      jwt: { issuer: this.auth.userPool.userPoolProviderUrl, audience: this.auth.client.userPoolClientId },
      webOrigin,
    });

    // Review requests carry links to the API's own URL, known only now that the API exists. Only
    // functions outside the API get it (a function behind the API would depend on itself).
    for (const fn of Object.values<CtsFunction>(this.functions)) {
      if (!fn.definition.access.reviewLinks) continue;
      fn.addEnvironment(envNames.reviewLinkBaseUrl, this.httpApi.url);
      fn.addEnvironment(envNames.aroEmail, config.review.aroEmail);
    }

    const web = new WebDeployment(this, 'Web', {
      config,
      bucket: s3.Bucket.fromBucketAttributes(this, 'WebBucket', {
        bucketArn: stateful.webBucketArn,
        bucketName: stateful.webBucketName,
      }),
      distribution: cloudfront.Distribution.fromDistributionAttributes(this, 'Distribution', {
        distributionId: stateful.distributionId,
        domainName: stateful.distributionDomainName,
      }),
      webConfig: {
        apiUrl: this.httpApi.url,
        auth: { ...this.auth.endpoints, clientId: this.auth.client.userPoolClientId, redirectUri: webUrl },
      },
    });

    new Alarms(this, 'Alarms', {
      config,
      functions: Object.values(this.functions),
      stateMachines: Object.values<Workflow>(this.workflows).map((w) => w.stateMachine),
      deadLetterQueues: [...deadLetterQueues, outbox.deadLetterQueue],
      streamConsumers: [this.functions['outbox-dispatcher']],
      api: this.httpApi.api,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url });
    new CfnOutput(this, 'WebUrl', { value: webUrl });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'HostedUiUrl', { value: this.auth.domain.baseUrl() });

    this.acknowledgeCdkHelpers(web);
  }

  /**
   * S3 invokes the hook asynchronously: Lambda retries twice, then keeps the event in a DLQ so no
   * upload is left unchecked silently.
   */
  private addUploadTriggers(uploads: s3.IBucket): sqs.Queue[] {
    const queues = new Map<FunctionName, sqs.Queue>();
    for (const trigger of uploadTriggers) {
      const fn = this.functions[trigger.fn];
      if (!queues.has(trigger.fn)) {
        const queue = new sqs.Queue(this, `${pascal(trigger.fn)}Failures`, {
          encryption: sqs.QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
          retentionPeriod: Duration.days(14),
        });
        acknowledge(queue, {
          'AwsSolutions-SQS3': 'This queue is itself the on-failure destination of an asynchronous invoke.',
          'Serverless-SQSRedrivePolicy':
            'This queue is itself the on-failure destination; nothing consumes it.',
        });
        fn.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(queue) });
        queues.set(trigger.fn, queue);
      }
      uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new LambdaDestination(fn), {
        prefix: trigger.prefix,
        suffix: trigger.suffix,
      });
    }
    return [...queues.values()];
  }

  /** The helper functions CDK adds for the web deployment and the bucket notifications. */
  private acknowledgeCdkHelpers(web: WebDeployment): void {
    const basicExecution =
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

    const deploymentRole = web.deployment.handlerRole;
    acknowledgeCdkManagedWildcards(
      deploymentRole,
      'CDK BucketDeployment handler: CDK-generated grants on the asset bucket, the web bucket and the CloudFront invalidation.',
    );
    acknowledge(deploymentRole, {
      [basicExecution]: 'CDK BucketDeployment handler: its role is created by aws-cdk-lib with this policy.',
    });
    const deploymentFunction = deploymentRole.node.scope;
    if (deploymentFunction) {
      acknowledge(deploymentFunction, {
        'AwsSolutions-L1':
          'CDK BucketDeployment handler: its runtime is pinned by aws-cdk-lib, upgraded with it.',
        'Serverless-LambdaLatestVersion':
          'CDK BucketDeployment handler: its runtime is pinned by aws-cdk-lib, upgraded with it.',
        'Serverless-LambdaDLQ': 'CDK BucketDeployment handler: invoked synchronously by CloudFormation.',
        'Serverless-LambdaTracing':
          'CDK BucketDeployment handler: runs only during deployments, nothing to trace.',
      });
    }

    for (const child of this.node.children) {
      if (!child.node.id.startsWith('BucketNotificationsHandler')) continue;
      const role = child.node.tryFindChild('Role');
      if (!role) continue;
      acknowledge(role, {
        [basicExecution]:
          'CDK bucket-notifications handler: its role is created by aws-cdk-lib with this policy.',
      });
    }
  }
}
