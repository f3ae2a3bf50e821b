import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { stageNames } from '../../lib/config.js';
import { applyNagPacks } from '../../lib/nag.js';
import { type CtsApp, createApp } from './support.js';

/** Every finding cdk-nag still reports (errors and warnings), as `rule at construct path`. */
function findings(pack: NagPack, app: App): string[] {
  return pack
    .validateScope(app)
    .violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`),
    );
}

// cdk-nag 3 is a policy-validation plugin: any finding it reports (a warning included) makes
// `app.synth()` throw and `cdk synth` exit 1. Each stage must synthesize with every finding fixed or
// acknowledged with a reason.
const variants = [
  ...stageNames.map((stage) => ({ label: stage, stage, overrides: {} })),
  // Optional parts of a stage get checked too: the alarm topic exists only with an alarm address.
  { label: 'prod with alarm email', stage: 'prod' as const, overrides: { alarmEmail: 'ops@example.edu' } },
];

describe.each(variants)('cdk-nag, $label', ({ stage, overrides }) => {
  let cts: CtsApp;
  let synthError: unknown;

  beforeAll(() => {
    // Given the app exactly as bin/cts.ts builds it, with the AwsSolutions and Serverless packs
    cts = createApp(stage, { nag: true, overrides });
    // When it is synthesized
    try {
      cts.app.synth();
    } catch (error) {
      synthError = error;
    }
  });

  it('synthesizes: no unacknowledged finding stops it', () => {
    // Then synthesis succeeds (the error, if any, carries the validation report)
    expect(synthError).toBeUndefined();
  });

  it.each([new AwsSolutionsChecks(), new ServerlessChecks()])('$name reports nothing', (pack) => {
    // Then each pack, run again over the synthesized tree, has nothing left to report
    expect(findings(pack, cts.app)).toEqual([]);
  });
});

describe('the nag wiring itself', () => {
  it('fails synthesis on a finding nobody acknowledged', () => {
    // Given an app with the packs and a queue that breaks AwsSolutions-SQS3/SQS4
    const app = new App();
    new sqs.Queue(new Stack(app, 'Probe'), 'Unacknowledged');
    applyNagPacks(app);

    // When it is synthesized, then it throws with the rule in the report
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });
});
