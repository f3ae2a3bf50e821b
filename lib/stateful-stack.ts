import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { uploadTriggers } from '../functions/catalog.js';
import { integrationSource } from '../functions/integration/contracts.js';
import { tableDefinition } from '../functions/store/table.js';
import type { StageConfig } from './config.js';
import { privateBucketProps } from './constructs/private-bucket.js';
import { WebHosting } from './constructs/web-hosting.js';
import { acknowledge } from './nag.js';

export interface StatefulStackProps extends StackProps {
  config: StageConfig;
}

/**
 * What the stateless stack receives: named exports, imported there with `Fn::ImportValue`. Plain
 * strings (rather than construct references) keep the stateless stack free to import a bucket and
 * add notifications to it without a dependency cycle, and give cdk-nag findings stable names.
 */
export interface StatefulRefs {
  tableName: string;
  tableArn: string;
  tableStreamArn: string;
  uploadsBucketName: string;
  uploadsBucketArn: string;
  webBucketName: string;
  webBucketArn: string;
  distributionId: string;
  distributionDomainName: string;
  eventBusName: string;
  eventBusArn: string;
  decisionSigningKeyArn: string;
}

// Everything whose loss or replacement would lose data or change a public identity: the table, the
// uploads, and the web front end's bucket and CloudFront domain (the origin that the uploads CORS
// rule, the API CORS rule and the Cognito callback URLs all name). Deployed rarely, retained in prod.
export class StatefulStack extends Stack {
  readonly table: dynamodb.Table;
  readonly uploadsBucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;
  readonly web: WebHosting;
  readonly refs: StatefulRefs;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: tableDefinition.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: config.data.deletionProtection,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      // Feeds the outbox dispatcher (lib/constructs/outbox-delivery.ts).
      stream: dynamodb.StreamViewType[tableDefinition.stream],
      removalPolicy: config.data.removalPolicy,
    });
    for (const index of tableDefinition.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // S3 server access logs and CloudFront standard logs. CloudFront still delivers through ACLs,
    // hence BUCKET_OWNER_PREFERRED instead of ACLs disabled.
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      ...privateBucketProps(config),
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: config.accessLogExpiry }],
    });
    acknowledge(this.accessLogsBucket, {
      'AwsSolutions-S1': 'This is the access-log destination; logging it into itself would loop.',
    });

    this.web = new WebHosting(this, 'Web', { config, accessLogs: this.accessLogsBucket });
    const webOrigin = `https://${this.web.distribution.distributionDomainName}`;

    this.uploadsBucket = new s3.Bucket(this, 'Uploads', {
      ...privateBucketProps(config),
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'uploads-bucket/',
      // The browser posts the file straight to S3 with a presigned POST, then reads it back.
      cors: [
        {
          allowedOrigins: [webOrigin],
          allowedMethods: [s3.HttpMethods.POST, s3.HttpMethods.GET],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag', 'Location'],
          maxAge: 3000,
        },
      ],
      // Versions exist to undo an overwrite or delete, not to keep every upload forever. What students
      // post under an upload prefix is removed by the hook once judged; whatever it never judged
      // (its event dead-lettered for longer than the queue keeps it) expires. Pinned copies under
      // verified/ stay: they are what mapping requests attach.
      lifecycleRules: [
        { noncurrentVersionExpiration: Duration.days(90) },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        ...[...new Set(uploadTriggers.map((t) => t.prefix))].map((prefix) => ({
          id: `expire-unjudged-${prefix.replace(/\W/g, '')}`,
          prefix,
          expiration: Duration.days(14),
        })),
      ],
    });

    // The integration bus for the student information system, with an archive to replay from: its
    // events are facts that consumers may need again (a lost subscriber, a new one catching up).
    const bus = new events.EventBus(this, 'IntegrationBus', {
      eventBusName: `cts-${config.stage}-integration`,
    });
    new events.Archive(this, 'IntegrationArchive', {
      sourceEventBus: bus,
      eventPattern: { source: [integrationSource] },
      retention: config.eventArchiveRetention,
      description: 'Every CTS integration event, for replay',
    });

    // The key signed credit transfer decisions are verified against, offline, by anyone holding one:
    // replacing it would orphan every decision already handed out, so it lives with the data.
    // Asymmetric KMS keys have no automatic rotation; a new key would be published beside the old.
    const decisionKey = new kms.Key(this, 'DecisionSigningKey', {
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      alias: `cts-${config.stage}-decision-signing`,
      description: 'CTS: signs credit transfer decisions (JWS ES256); the public key is published as a JWKS',
      removalPolicy: config.data.removalPolicy,
    });

    const exported = (name: keyof StatefulRefs, value: string): string =>
      this.exportValue(value, { name: `${this.stackName}-${name}` });
    this.refs = {
      tableName: exported('tableName', this.table.tableName),
      tableArn: exported('tableArn', this.table.tableArn),
      tableStreamArn: exported('tableStreamArn', this.table.tableStreamArn as string),
      uploadsBucketName: exported('uploadsBucketName', this.uploadsBucket.bucketName),
      uploadsBucketArn: exported('uploadsBucketArn', this.uploadsBucket.bucketArn),
      webBucketName: exported('webBucketName', this.web.bucket.bucketName),
      webBucketArn: exported('webBucketArn', this.web.bucket.bucketArn),
      distributionId: exported('distributionId', this.web.distribution.distributionId),
      distributionDomainName: exported(
        'distributionDomainName',
        this.web.distribution.distributionDomainName,
      ),
      eventBusName: exported('eventBusName', bus.eventBusName),
      eventBusArn: exported('eventBusArn', bus.eventBusArn),
      decisionSigningKeyArn: exported('decisionSigningKeyArn', decisionKey.keyArn),
    };
  }
}
