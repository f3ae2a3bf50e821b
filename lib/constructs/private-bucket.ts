import * as s3 from 'aws-cdk-lib/aws-s3';
import type { StageConfig } from '../config.js';

/** What every CTS bucket shares: no public access, TLS only, encrypted, removed only if the stage says so. */
export function privateBucketProps(config: StageConfig): s3.BucketProps {
  return {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    encryption: s3.BucketEncryption.S3_MANAGED,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: config.data.removalPolicy,
    autoDeleteObjects: config.data.autoDeleteObjects,
  };
}
