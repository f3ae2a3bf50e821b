import type { CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../functions/store/table.js';
import type { StatefulRefs } from '../../lib/stateful-stack.js';
import { type CtsApp, createApp } from './support.js';

// Given the prod stage synthesized as `cdk synth -c stage=prod` would,
// when the stateful stack's template is inspected,
// then the data stores and the web hosting have the settings the design requires.
describe('stateful stack (prod)', () => {
  let cts: CtsApp;
  let template: Template;
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    cts.stateful.getLogicalId(construct.node.defaultChild as CfnResource);

  beforeAll(() => {
    cts = createApp('prod');
    template = Template.fromStack(cts.stateful);
  });

  describe('table', () => {
    it('is the tableDefinition: on-demand, PITR, deletion protection, TTL attribute', () => {
      template.resourceCountIs('AWS::DynamoDB::Table', 1);
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        Properties: {
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
          TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
          KeySchema: [
            { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
            { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
          ],
        },
      });
    });

    it.each(tableDefinition.indexes)('has the GSI $name with ALL projection', (index) => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        GlobalSecondaryIndexes: Match.arrayWith([
          {
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ]),
      });
    });

    it('has no index the code does not know', () => {
      const names = Object.values(template.findResources('AWS::DynamoDB::Table')).flatMap((table) =>
        table.Properties.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName),
      );
      expect(names.sort()).toEqual(tableDefinition.indexes.map((i) => i.name).sort());
    });
  });

  describe('buckets', () => {
    it('block all public access, encrypt, and are retained in prod', () => {
      const buckets = template.findResources('AWS::S3::Bucket');
      expect(Object.keys(buckets)).toHaveLength(3);
      for (const bucket of Object.values(buckets)) {
        expect(bucket.DeletionPolicy).toBe('Retain');
        expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ]);
      }
    });

    it('deny every request without TLS', () => {
      const buckets = Object.keys(template.findResources('AWS::S3::Bucket'));
      const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
      for (const bucket of buckets) {
        const policy = policies.find((p) => p.Properties.Bucket.Ref === bucket);
        expect(policy, `bucket policy of ${bucket}`).toBeDefined();
        expect(policy?.Properties.PolicyDocument.Statement).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              Effect: 'Deny',
              Action: 's3:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        );
      }
    });

    it('version uploads, log access, and allow presigned POST from the web origin only', () => {
      const uploads = template.toJSON().Resources[logicalId(cts.stateful.uploadsBucket)];
      expect(uploads.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(uploads.Properties.LoggingConfiguration.DestinationBucketName).toEqual({
        Ref: logicalId(cts.stateful.accessLogsBucket),
      });
      expect(uploads.Properties.CorsConfiguration.CorsRules).toEqual([
        expect.objectContaining({
          AllowedMethods: ['POST', 'GET'],
          AllowedOrigins: [
            {
              'Fn::Join': [
                '',
                ['https://', { 'Fn::GetAtt': [logicalId(cts.stateful.web.distribution), 'DomainName'] }],
              ],
            },
          ],
        }),
      ]);
    });
  });

  describe('web hosting', () => {
    it('serves the SPA over HTTPS through Origin Access Control, with index.html for unknown paths', () => {
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          DefaultRootObject: 'index.html',
          DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
          Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
          CustomErrorResponses: [
            Match.objectLike({ ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html' }),
            Match.objectLike({ ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html' }),
          ],
          Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
        }),
      });
      template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    });

    it('adds security headers (HSTS, CSP, frame and content-type options)', () => {
      template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: Match.objectLike({
          SecurityHeadersConfig: Match.objectLike({
            StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 63072000, Override: true }),
            ContentSecurityPolicy: Match.objectLike({
              ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'self'"),
            }),
            FrameOptions: { FrameOption: 'DENY', Override: true },
            ContentTypeOptions: { Override: true },
          }),
        }),
      });
    });
  });

  describe('integration bus', () => {
    it('is an event bus of its own with an archive of every CTS event for ten years', () => {
      template.hasResourceProperties('AWS::Events::EventBus', { Name: 'cts-prod-integration' });
      template.hasResourceProperties('AWS::Events::Archive', {
        EventPattern: { source: ['hkust.cts'] },
        RetentionDays: 3650,
      });
    });
  });

  it('exports every reference the stateless stack imports, under a stable name', () => {
    const exportNames = Object.values(template.toJSON().Outputs ?? {}).map(
      (o) => (o as { Export?: { Name: string } }).Export?.Name,
    );
    const keys: (keyof StatefulRefs)[] = Object.keys(cts.stateful.refs) as (keyof StatefulRefs)[];
    expect(exportNames.sort()).toEqual(keys.map((k) => `Cts-prod-Stateful-${k}`).sort());
  });
});
