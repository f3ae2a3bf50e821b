import type { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FunctionName, uploadTriggers, verifiedUploadsPrefix } from '../../functions/catalog.js';
import { type CtsApp, createApp } from './support.js';

// Given the prod stage synthesized as `cdk synth -c stage=prod` would,
// when the uploads bucket and the functions' S3 permissions are inspected,
// then no presigned form can write a pinned copy, reviewers can read nothing but pinned copies, and
// the hook is never triggered by what it pins.

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const bucketArn = { 'Fn::ImportValue': 'Cts-prod-Stateful-uploadsBucketArn' };
const objectsUnder = (prefix: string) => ({ 'Fn::Join': ['', [bucketArn, `/${prefix}*`]] });
const prefixesPostedBy = (fn: string) => [
  ...new Set(uploadTriggers.filter((t) => t.postedBy.includes(fn as never)).map((t) => t.prefix)),
];
const uploadPrefixes = prefixesPostedBy('student-api');
/** Every prefix a form writes under: students' documents and transcripts, the offices' imports. */
const postedPrefixes = [...new Set(uploadTriggers.map((t) => t.prefix))];

describe('uploads (prod)', () => {
  let cts: CtsApp;
  let stateless: Template;
  let stateful: Template;

  /** The S3 statements of a function's role, each with its actions and resources as lists. */
  function s3Statements(name: FunctionName): { actions: string[]; resources: unknown[] }[] {
    const fn = cts.stateless.functions[name];
    const roleId = cts.stateless.getLogicalId(fn.role?.node.defaultChild as CfnResource);
    return Object.values(stateless.findResources('AWS::IAM::Policy'))
      .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .map((s) => ({ actions: [s.Action].flat(), resources: [s.Resource].flat() }))
      .filter((s) => s.actions.some((a) => a.startsWith('s3:')));
  }

  beforeAll(() => {
    cts = createApp('prod');
    stateless = Template.fromStack(cts.stateless);
    stateful = Template.fromStack(cts.stateful);
  });

  const postsUploads = {
    actions: ['s3:PutObject'],
    resources: expect.arrayContaining(uploadPrefixes.map(objectsUnder)),
  };
  const readsPinned = {
    actions: ['s3:GetObject', 's3:GetObjectVersion'],
    resources: [objectsUnder(verifiedUploadsPrefix)],
  };

  it('lets the student API put objects under the upload prefixes (documents, transcripts) and nowhere else', () => {
    expect(uploadPrefixes.sort()).toEqual(['transcripts/', 'uploads/']);
    expect(s3Statements('student-api')).toEqual([postsUploads]);
    expect(s3Statements('student-api')[0]?.resources).toHaveLength(uploadPrefixes.length);
  });

  it('lets reviewer links read the pinned copies only', () => {
    expect(s3Statements('review-links')).toEqual([readsPinned]);
  });

  it('lets ARO post the transcripts it records and read the pinned copies, nothing else', () => {
    expect(s3Statements('aro-api')).toEqual([
      { actions: ['s3:PutObject'], resources: [objectsUnder('transcripts/')] },
      readsPinned,
    ]);
  });

  it('lets URAO and OGL post study record imports, nothing else', () => {
    expect(s3Statements('records-office-api')).toEqual([
      { actions: ['s3:PutObject'], resources: [objectsUnder('imports/')] },
    ]);
  });

  it('lets the upload hook read, pin and remove objects in the uploads bucket', () => {
    const actions = s3Statements('upload-hook').flatMap((s) => s.actions);
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject*', 's3:PutObject', 's3:DeleteObject*']));
  });

  it('never notifies the hook of its own pinned copies', () => {
    const [notifications] = Object.values(stateless.findResources('Custom::S3BucketNotifications'));
    const rules: { FilterRules: { Name: string; Value: string }[] }[] =
      notifications?.Properties.NotificationConfiguration.LambdaFunctionConfigurations.map(
        (c: { Filter: { Key: unknown } }) => c.Filter.Key,
      );
    expect(rules.length).toBeGreaterThan(0);
    for (const { FilterRules } of rules) {
      const prefix = FilterRules.find((r) => r.Name === 'prefix')?.Value;
      expect(prefix).toBeTruthy();
      expect(verifiedUploadsPrefix.startsWith(prefix ?? '')).toBe(false);
    }
  });

  it('expires what was posted but no hook ever judged, and keeps the pinned copies', () => {
    const [bucket] = Object.values(stateful.findResources('AWS::S3::Bucket')).filter(
      (b) => b.Properties.CorsConfiguration !== undefined,
    );
    const rules: { Prefix?: string; ExpirationInDays?: number; Status: string }[] =
      bucket?.Properties.LifecycleConfiguration.Rules;
    expect(postedPrefixes.sort()).toEqual(['imports/', 'transcripts/', 'uploads/']);
    for (const prefix of postedPrefixes) {
      expect(rules).toContainEqual(
        expect.objectContaining({ Prefix: prefix, ExpirationInDays: 14, Status: 'Enabled' }),
      );
    }
    expect(
      rules.filter((r) => r.ExpirationInDays !== undefined && !postedPrefixes.includes(r.Prefix ?? '')),
    ).toEqual([]);
    expect(bucket?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });
});
