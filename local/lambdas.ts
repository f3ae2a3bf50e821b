import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { type FunctionName, functionCatalog } from '../functions/catalog.js';

// The local stand-in for Lambda: the same handler modules the bundles are built from, imported once
// (one warm container per function) and invoked with a Lambda-shaped context.

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

export const localFunctionArn = (name: FunctionName): string =>
  `arn:aws:lambda:us-east-1:000000000000:function:cts-local-${name}`;

export class LocalLambdas {
  private readonly loaded = new Map<FunctionName, Promise<LambdaHandler>>();

  constructor(private readonly projectRoot: string) {}

  private load(name: FunctionName): Promise<LambdaHandler> {
    let handler = this.loaded.get(name);
    if (!handler) {
      const url = pathToFileURL(join(this.projectRoot, functionCatalog[name].entry)).href;
      handler = import(url).then((module: { handler?: LambdaHandler }) => {
        if (typeof module.handler !== 'function') throw new Error(`${name} does not export a handler`);
        return module.handler;
      });
      this.loaded.set(name, handler);
    }
    return handler;
  }

  /** Loads every function now, so a broken config fails `npm start`, as a cold start would. */
  async warmAll(): Promise<void> {
    await Promise.all((Object.keys(functionCatalog) as FunctionName[]).map((name) => this.load(name)));
  }

  async invoke(name: FunctionName, event: unknown): Promise<unknown> {
    const handler = await this.load(name);
    const definition = functionCatalog[name];
    const deadline = Date.now() + definition.timeoutSeconds * 1000;
    const context = {
      callbackWaitsForEmptyEventLoop: false,
      functionName: `cts-local-${name}`,
      functionVersion: '$LATEST',
      invokedFunctionArn: localFunctionArn(name),
      memoryLimitInMB: String(definition.memoryMb),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/cts-local-${name}`,
      logStreamName: 'local',
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => {},
      fail: () => {},
      succeed: () => {},
    } satisfies Context;
    return handler(event, context);
  }

  functionByArn(arn: string): FunctionName {
    const name = (Object.keys(functionCatalog) as FunctionName[]).find((n) => localFunctionArn(n) === arn);
    if (!name) throw new Error(`No local function with ARN ${arn}`);
    return name;
  }
}
