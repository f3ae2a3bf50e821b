import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { acknowledge } from '../nag.js';
import { privateBucketProps } from './private-bucket.js';

export interface WebHostingProps {
  config: StageConfig;
  accessLogs: s3.IBucket;
}

// Where the SPA is served from: a private bucket read by CloudFront through Origin Access Control.
// The files themselves are deployed by the stateless stack, which knows the API and Cognito URLs.
export class WebHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const { config, accessLogs } = props;

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...privateBucketProps(config),
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'web-bucket/',
    });

    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `CTS ${config.stage}: security headers for the web front end`,
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        xssProtection: { protection: true, modeBlock: true, override: true },
        // The SPA talks to the HTTP API (execute-api), posts uploads to S3 and exchanges codes with
        // the Cognito hosted UI: all on AWS-owned domains it only learns at run time from config.json.
        contentSecurityPolicy: {
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self' https://*.amazonaws.com https://*.amazoncognito.com",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self' https://*.amazoncognito.com",
            "object-src 'none'",
          ].join('; '),
          override: true,
        },
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `CTS ${config.stage} web front end`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        compress: true,
      },
      // Client-side routes (/mappings/123) are not objects: S3 answers 403 through OAC, so both 403
      // and 404 serve the app shell, which renders the route or its own not-found page.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(0),
      })),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: accessLogs,
      logFilePrefix: 'cloudfront/',
    });

    acknowledge(this.distribution, {
      'AwsSolutions-CFR1': 'Students abroad on exchange use CTS from any country: no geo restriction.',
      'AwsSolutions-CFR2':
        'Static files only; the API has its own throttling and JWT authorizer. WAF can be added per stage when traffic warrants it.',
      'AwsSolutions-CFR4':
        'No custom domain yet: the default *.cloudfront.net certificate cannot set a minimum TLS version. Set one with the custom domain and certificate.',
    });
  }
}
