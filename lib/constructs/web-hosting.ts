import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { acknowledge } from '../nag.js';
import { awsWebOrigins, type WebSecurityHeaders, webSecurityHeaders } from '../web-security-headers.js';
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
      ...responseHeadersBehavior(webSecurityHeaders(awsWebOrigins)),
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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A response headers policy that sends exactly `headers`. CloudFront takes the security headers only
 * as typed settings (not as custom headers), so each known one is parsed into its setting; a value the
 * setting cannot express fails the synth instead of sending something else.
 */
export function responseHeadersBehavior(
  headers: WebSecurityHeaders,
): Pick<cloudfront.ResponseHeadersPolicyProps, 'securityHeadersBehavior' | 'customHeadersBehavior'> {
  const security: Mutable<cloudfront.ResponseSecurityHeadersBehavior> = {};
  const custom: cloudfront.ResponseCustomHeader[] = [];
  const unsupported = (name: string, value: string): never => {
    throw new Error(`CloudFront cannot send ${name}: ${value}`);
  };
  for (const [name, value] of Object.entries(headers)) {
    switch (name.toLowerCase()) {
      case 'strict-transport-security': {
        const match = /^max-age=(\d+)((?:; (?:includeSubDomains|preload))*)$/.exec(value);
        if (!match) return unsupported(name, value);
        security.strictTransportSecurity = {
          accessControlMaxAge: Duration.seconds(Number(match[1])),
          includeSubdomains: value.includes('; includeSubDomains'),
          preload: value.includes('; preload'),
          override: true,
        };
        break;
      }
      case 'x-content-type-options':
        if (value !== 'nosniff') return unsupported(name, value);
        security.contentTypeOptions = { override: true };
        break;
      case 'x-frame-options': {
        const frameOption = Object.values(cloudfront.HeadersFrameOption).find((o) => o === value);
        if (!frameOption) return unsupported(name, value);
        security.frameOptions = { frameOption, override: true };
        break;
      }
      case 'referrer-policy': {
        const referrerPolicy = Object.values(cloudfront.HeadersReferrerPolicy).find((p) => p === value);
        if (!referrerPolicy) return unsupported(name, value);
        security.referrerPolicy = { referrerPolicy, override: true };
        break;
      }
      case 'x-xss-protection': {
        const match = /^(0|1)(; mode=block)?$/.exec(value);
        if (!match || (match[1] === '0' && match[2])) return unsupported(name, value);
        security.xssProtection = {
          protection: match[1] === '1',
          modeBlock: Boolean(match[2]),
          override: true,
        };
        break;
      }
      case 'content-security-policy':
        security.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      default:
        custom.push({ header: name, value, override: true });
    }
  }
  return {
    securityHeadersBehavior: security,
    ...(custom.length ? { customHeadersBehavior: { customHeaders: custom } } : {}),
  };
}
