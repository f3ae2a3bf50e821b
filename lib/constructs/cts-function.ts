import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { FunctionDefinition, FunctionName } from '../../functions/catalog.js';
import { functionBundleDir, projectRoot } from '../../scripts/build.js';
import type { StageConfig } from '../config.js';
import { acknowledge } from '../nag.js';

export interface CtsFunctionProps {
  name: FunctionName;
  definition: FunctionDefinition;
  config: StageConfig;
}

/** The esbuild output CDK deploys; fails with what to run instead of CDK's "Cannot find asset". */
export function bundleDirOf(name: FunctionName): string {
  const dir = functionBundleDir(name);
  const entry = join(dir, 'index.mjs');
  if (!existsSync(entry)) {
    throw new Error(
      `Lambda bundle ${relative(projectRoot, entry)} is missing: run \`npm run build\` first ` +
        '(`npm run synth` and `npm test` do it for you).',
    );
  }
  return dir;
}

// Every CTS Lambda: the esbuild bundle of a catalog entry on Node 24 / arm64, traced, logging JSON to
// its own log group. Its role starts with nothing but writing to that log group (no managed
// AWSLambdaBasicExecutionRole); everything else is granted from the catalog's `access`.
export class CtsFunction extends lambda.Function {
  readonly catalogName: FunctionName;
  readonly definition: FunctionDefinition;

  constructor(scope: Construct, id: string, props: CtsFunctionProps) {
    const { name, definition, config } = props;
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: config.logRetention,
      removalPolicy: config.data.removalPolicy,
    });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `CTS ${config.stage} ${name}`,
    });

    super(scope, id, {
      description: definition.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      // The source maps stay with the build (see below); the function ships only what it runs.
      code: lambda.Code.fromAsset(bundleDirOf(name), { exclude: ['*.map'] }),
      handler: 'index.handler',
      memorySize: definition.memoryMb,
      timeout: Duration.seconds(definition.timeoutSeconds),
      role,
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      logGroup,
      // No --enable-source-maps: Node then reads and parses every chunk's map at init, 20-30 ms of
      // each cold start (bench/cold-start.ts); the minified stack traces in the logs decode offline
      // against the .map files the build writes next to each chunk (dist/functions/<name>/).
    });
    this.catalogName = name;
    this.definition = definition;
    logGroup.grantWrite(role);

    acknowledge(role, {
      'AwsSolutions-IAM5[Resource::*]':
        'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) have no resource-level permissions.',
    });
    acknowledge(this, {
      'Serverless-LambdaDLQ':
        'No DLQ on the function: API functions are invoked synchronously and workflow tasks by Step Functions (which retries); asynchronous invokers get an on-failure destination instead (see the upload triggers).',
    });
  }
}
