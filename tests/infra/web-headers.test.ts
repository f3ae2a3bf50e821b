import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { responseHeadersBehavior } from '../../lib/constructs/web-hosting.js';
import { awsWebOrigins, webSecurityHeaders } from '../../lib/web-security-headers.js';
import { createApp } from './support.js';

interface PolicyConfig {
  SecurityHeadersConfig?: {
    StrictTransportSecurity?: {
      AccessControlMaxAgeSec: number;
      IncludeSubdomains?: boolean;
      Preload?: boolean;
      Override: boolean;
    };
    ContentTypeOptions?: { Override: boolean };
    FrameOptions?: { FrameOption: string; Override: boolean };
    ReferrerPolicy?: { ReferrerPolicy: string; Override: boolean };
    XSSProtection?: { Protection: boolean; ModeBlock?: boolean; ReportUri?: string; Override: boolean };
    ContentSecurityPolicy?: { ContentSecurityPolicy: string; Override: boolean };
  };
  CustomHeadersConfig?: { Items: { Header: string; Value: string; Override: boolean }[] };
}

/** The headers a viewer receives from a response headers policy, as CloudFront writes them. */
function headersSentBy(config: PolicyConfig): { headers: Record<string, string>; overrides: boolean[] } {
  const s = config.SecurityHeadersConfig ?? {};
  const headers: Record<string, string> = {};
  const overrides: boolean[] = [];
  if (s.StrictTransportSecurity) {
    const h = s.StrictTransportSecurity;
    headers['strict-transport-security'] =
      `max-age=${h.AccessControlMaxAgeSec}${h.IncludeSubdomains ? '; includeSubDomains' : ''}${h.Preload ? '; preload' : ''}`;
    overrides.push(h.Override);
  }
  if (s.ContentTypeOptions) {
    headers['x-content-type-options'] = 'nosniff';
    overrides.push(s.ContentTypeOptions.Override);
  }
  if (s.FrameOptions) {
    headers['x-frame-options'] = s.FrameOptions.FrameOption;
    overrides.push(s.FrameOptions.Override);
  }
  if (s.ReferrerPolicy) {
    headers['referrer-policy'] = s.ReferrerPolicy.ReferrerPolicy;
    overrides.push(s.ReferrerPolicy.Override);
  }
  if (s.XSSProtection) {
    const x = s.XSSProtection;
    headers['x-xss-protection'] = x.Protection
      ? `1${x.ModeBlock ? '; mode=block' : ''}${x.ReportUri ? `; report=${x.ReportUri}` : ''}`
      : '0';
    overrides.push(x.Override);
  }
  if (s.ContentSecurityPolicy) {
    headers['content-security-policy'] = s.ContentSecurityPolicy.ContentSecurityPolicy;
    overrides.push(s.ContentSecurityPolicy.Override);
  }
  for (const item of config.CustomHeadersConfig?.Items ?? []) {
    headers[item.Header.toLowerCase()] = item.Value;
    overrides.push(item.Override);
  }
  return { headers, overrides };
}

// Given the prod stage synthesized as `cdk synth -c stage=prod` would,
// when the web distribution's response headers policy is read back as the headers it sends,
// then they are exactly the shared web security headers, the local web host's too (bar the origins).
describe('web security headers (CloudFront response headers policy)', () => {
  let policies: PolicyConfig[];

  // Synthesizing the app takes seconds, more on a busy machine.
  beforeAll(() => {
    const cts = createApp('prod');
    const resources = Template.fromStack(cts.stateful).findResources(
      'AWS::CloudFront::ResponseHeadersPolicy',
    );
    policies = Object.values(resources).map(
      (r) =>
        (r as { Properties: { ResponseHeadersPolicyConfig: PolicyConfig } }).Properties
          .ResponseHeadersPolicyConfig,
    );
  }, 120_000);

  it('the distribution has one policy, and it sends exactly the shared headers with the AWS origins', () => {
    expect(policies).toHaveLength(1);
    const sent = headersSentBy(policies[0] as PolicyConfig);
    expect(sent.headers).toEqual(webSecurityHeaders(awsWebOrigins));
  });

  it('overrides whatever the origin sends for each of them, so S3 object metadata cannot weaken them', () => {
    const { overrides } = headersSentBy(policies[0] as PolicyConfig);
    expect(overrides.length).toBe(Object.keys(webSecurityHeaders(awsWebOrigins)).length);
    expect(overrides.every(Boolean)).toBe(true);
  });

  it('lets the SPA reach the API, the uploads bucket and the Cognito hosted UI, and nothing else', () => {
    const csp = webSecurityHeaders(awsWebOrigins)['content-security-policy'];
    expect(csp).toContain("connect-src 'self' https://*.amazonaws.com https://*.amazoncognito.com;");
    expect(csp).toContain("script-src 'self';");
  });

  it('given a header CloudFront cannot express, then synth fails instead of sending something else', () => {
    const build = (headers: Record<string, string>) => () => responseHeadersBehavior(headers);
    expect(build({ 'x-frame-options': 'ALLOW-FROM https://example.com' })).toThrow(/CloudFront cannot send/);
    expect(build({ 'strict-transport-security': 'max-age=1; includesubdomains' })).toThrow(
      /CloudFront cannot send/,
    );
    expect(build({ 'x-xss-protection': '0; mode=block' })).toThrow(/CloudFront cannot send/);
  });

  it('given a header without a CloudFront setting of its own, then it is sent as a custom header', () => {
    expect(responseHeadersBehavior({ 'permissions-policy': 'camera=()' }).customHeadersBehavior).toEqual({
      customHeaders: [{ header: 'permissions-policy', value: 'camera=()', override: true }],
    });
  });
});
