import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { FunctionName, WorkflowDefinition, WorkflowName } from '../../functions/catalog.js';
import { withStepTimings } from '../../functions/human-steps/domain/ladder.js';
import { workflowSteps } from '../../functions/workflow-steps.js';
import { projectRoot } from '../../scripts/build.js';
import type { StageConfig } from '../config.js';
import { acknowledge } from '../nag.js';

export const stateMachineName = (config: StageConfig, name: WorkflowName): string =>
  `cts-${config.stage}-${name}`;

/**
 * A workflow's ARN, known before its state machine exists. Functions get it as an env var from a
 * fixed name rather than a reference, so a function may both run a workflow's tasks and start or
 * complete that workflow without a circular dependency.
 */
export function stateMachineArn(scope: Construct, config: StageConfig, name: WorkflowName): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: stateMachineName(config, name),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * A workflow's ASL with the stage's reminder and escalation days written into the human steps the
 * workflow declares (functions/workflow-steps.ts), by the states each step declares, never by name.
 */
export function withStageTimings<D extends { States: Record<string, Record<string, unknown>> }>(
  definition: D,
  name: WorkflowName,
  config: Pick<StageConfig, 'humanSteps'>,
): D {
  return withStepTimings(definition, workflowSteps[name], config.humanSteps[name]);
}

export interface WorkflowProps {
  config: StageConfig;
  name: WorkflowName;
  definition: WorkflowDefinition;
  functions: Record<FunctionName, lambda.IFunction>;
}

// One Standard state machine from an ASL file of workflows/, the same file the local runtime runs:
// each ${Placeholder} becomes the ARN of the catalog function it names.
export class Workflow extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const { config, name, definition, functions } = props;
    const stateMachineName_ = stateMachineName(config, name);

    // Vended-logs prefix: Step Functions then needs no growing CloudWatch Logs resource policy.
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${stateMachineName_}`,
      retention: config.logRetention,
      removalPolicy: config.data.removalPolicy,
    });

    const referenced = Object.entries(definition.functionArns).map(
      ([placeholder, fn]) => [placeholder, functions[fn]] as const,
    );
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: stateMachineName_,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(
        JSON.stringify(
          withStageTimings(
            JSON.parse(readFileSync(join(projectRoot, definition.file), 'utf8')),
            name,
            config,
          ),
        ),
      ),
      definitionSubstitutions: Object.fromEntries(
        referenced.map(([placeholder, fn]) => [placeholder, fn.functionArn]),
      ),
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });

    // The ASL invokes the unqualified ARNs only, so no `:*` (versions and aliases) as grantInvoke adds.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [...new Set(referenced.map(([, fn]) => fn.functionArn))],
      }),
    );

    acknowledge(this.stateMachine, {
      'AwsSolutions-IAM5[Resource::*]':
        'CloudWatch Logs delivery (logging ALL) and X-Ray tracing actions that CDK grants have no resource-level permissions.',
    });
  }
}
