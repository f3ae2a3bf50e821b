import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { WorkflowName } from '../functions/catalog.js';
import type { LadderOverrides } from '../functions/human-steps/domain/steps.js';

// Per-stage settings. Everything that differs between dev and prod lives here, so the stacks read
// as one description of the system and a new stage is a new entry, not an `if` in a construct.
// No stage has a custom web domain yet: the front end is served from CloudFront's default domain.

export const stageNames = ['dev', 'prod'] as const;
export type StageName = (typeof stageNames)[number];

export interface StageConfig {
  stage: StageName;
  /** Undefined fields leave the stacks environment-agnostic (region and account resolved at deploy). */
  env: { account?: string; region?: string };
  /** For data that outlives a deployment: table, buckets, user pool. */
  data: { removalPolicy: RemovalPolicy; deletionProtection: boolean; autoDeleteObjects: boolean };
  /** Stateful stack refuses `cdk destroy` while set. */
  terminationProtection: boolean;
  logRetention: RetentionDays;
  /** Access logs (S3, CloudFront) are kept this long, then expire. */
  accessLogExpiry: Duration;
  /** How long the integration bus's archive keeps events for replay (issue 10 item 5). */
  eventArchiveRetention: Duration;
  /** Sender of every notification; SES verifies it as an address or as its domain. */
  mail: { from: string; identity: 'address' | 'domain' };
  /** Hosted UI prefix; the account id is appended because prefixes are unique per region. */
  authDomainPrefix: string;
  api: { rateLimit: number; burstLimit: number };
  /** Alarm notifications go here when set; alarms exist either way. */
  alarmEmail?: string;
  /** ARO's mailbox: triage requests, escalations, and review requests of areas with no reviewer. */
  review: { aroEmail: string };
  /**
   * The workflows' human steps: a reminder after `reminderAfterDays`, escalation after
   * `escalateAfterDays` (both counted from the request), for `all` of a workflow's steps or one step
   * kind (`steps`, which wins). Unset: the days each workflow declares (functions/workflow-steps.ts),
   * which are its ASL's own and what the local runtime runs.
   */
  humanSteps: Partial<Record<WorkflowName, LadderOverrides>>;
}

// The CLI sets CDK_DEFAULT_* from the caller's credentials; CDK_DEPLOY_* lets CI pin a target.
const env = {
  account: process.env.CDK_DEPLOY_ACCOUNT ?? process.env.CDK_DEFAULT_ACCOUNT,
  region: process.env.CDK_DEPLOY_REGION ?? process.env.CDK_DEFAULT_REGION,
};
const alarmEmail = process.env.CTS_ALARM_EMAIL;

const configs: Record<StageName, StageConfig> = {
  dev: {
    stage: 'dev',
    env,
    data: { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false, autoDeleteObjects: true },
    terminationProtection: false,
    logRetention: RetentionDays.TWO_WEEKS,
    accessLogExpiry: Duration.days(30),
    eventArchiveRetention: Duration.days(30),
    mail: { from: 'cts-dev@example.edu', identity: 'address' },
    authDomainPrefix: 'cts-dev',
    api: { rateLimit: 20, burstLimit: 40 },
    ...(alarmEmail ? { alarmEmail } : {}),
    review: { aroEmail: 'cts-aro-dev@example.edu' },
    // Short in dev, so a reminder and an escalation can be seen the same week.
    humanSteps: { 'mapping-review': { all: { reminderAfterDays: 2, escalateAfterDays: 4 } } },
  },
  prod: {
    stage: 'prod',
    env,
    data: { removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true, autoDeleteObjects: false },
    terminationProtection: true,
    logRetention: RetentionDays.ONE_YEAR,
    accessLogExpiry: Duration.days(365),
    eventArchiveRetention: Duration.days(3650),
    mail: { from: 'cts@example.edu', identity: 'domain' },
    authDomainPrefix: 'cts',
    api: { rateLimit: 200, burstLimit: 400 },
    ...(alarmEmail ? { alarmEmail } : {}),
    review: { aroEmail: 'cts-aro@example.edu' },
    humanSteps: { 'mapping-review': { all: { reminderAfterDays: 7, escalateAfterDays: 14 } } },
  },
};

export function isStageName(value: unknown): value is StageName {
  return typeof value === 'string' && (stageNames as readonly string[]).includes(value);
}

/** The stage from `-c stage=dev|prod`; dev when absent, an error naming the choices when unknown. */
export function stageConfig(stage: unknown = 'dev'): StageConfig {
  if (!isStageName(stage)) {
    throw new Error(`Unknown stage "${String(stage)}": use -c stage=${stageNames.join('|')}`);
  }
  return configs[stage];
}
