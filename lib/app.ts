import { type App, Tags } from 'aws-cdk-lib';
import type { StageConfig } from './config.js';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

export interface CtsStacks {
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/** The two stacks of one stage, `Cts-<stage>-Stateful` and `Cts-<stage>-Stateless`. */
export function addCtsStacks(app: App, config: StageConfig): CtsStacks {
  const prefix = `Cts-${config.stage}`;
  const env = config.env;
  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    config,
    env,
    description: `CTS ${config.stage}: table, uploads, web hosting (data and long-lived identities)`,
    terminationProtection: config.terminationProtection,
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    config,
    env,
    description: `CTS ${config.stage}: functions, workflows, HTTP API, Cognito, SES, web deployment`,
    stateful: stateful.refs,
  });
  // The stateless stack reads the stateful one through named exports, which CDK does not track.
  stateless.addStackDependency(stateful);

  Tags.of(app).add('project', 'cts');
  Tags.of(app).add('stage', config.stage);
  return { stateful, stateless };
}
