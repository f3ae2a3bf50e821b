import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { projectRoot, webDistDir } from '../../scripts/build.js';
import type { StageConfig } from '../config.js';

/** What the SPA reads from /config.json at start-up. */
export interface WebConfig {
  apiUrl: string;
  auth: { authorizeUrl: string; tokenUrl: string; logoutUrl: string; clientId: string; redirectUri: string };
}

export interface WebDeploymentProps {
  config: StageConfig;
  bucket: s3.IBucket;
  distribution: cloudfront.IDistribution;
  webConfig: WebConfig;
}

// Copies dist/web into the web bucket with a config.json generated from this deployment's API and
// Cognito endpoints, then invalidates CloudFront. The files have no content hashes in their names,
// so browsers must revalidate every time (no-cache still lets them use ETags).
export class WebDeployment extends Construct {
  readonly deployment: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: WebDeploymentProps) {
    super(scope, id);
    const { config, bucket, distribution, webConfig } = props;
    if (!existsSync(join(webDistDir, 'index.html'))) {
      throw new Error(
        `${relative(projectRoot, webDistDir)}/index.html is missing: run \`npm run build\` first.`,
      );
    }

    this.deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      sources: [s3deploy.Source.asset(webDistDir), s3deploy.Source.jsonData('config.json', webConfig)],
      destinationBucket: bucket,
      distribution,
      distributionPaths: ['/*'],
      prune: true,
      cacheControl: [s3deploy.CacheControl.noCache()],
      memoryLimit: 512,
      logGroup: new logs.LogGroup(this, 'Logs', {
        retention: config.logRetention,
        removalPolicy: config.data.removalPolicy,
      }),
    });
  }
}
