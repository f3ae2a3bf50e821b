import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import { type WorkflowName, workflowCatalog } from '../functions/catalog.js';
import { type LocalLambdas, localFunctionArn } from './lambdas.js';

// A Step Functions endpoint for @aws-sdk/client-sfn (JSON 1.0 protocol), running our own ASL files on
// aws-local-stepfunctions. That library has no task tokens, so this facade provides the callback
// pattern: each `.waitForTaskToken` task gets a fresh token, the function is invoked with it, and the
// task's promise settles when SendTaskSuccess / SendTaskFailure names that token.

const callbackResource = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const invokeResource = 'arn:aws:states:::lambda:invoke';
// The library passes `$$.Task.Token` from the run's context, one value per run; tasks swap it for their own.
const tokenPlaceholder = '__CTS_LOCAL_TASK_TOKEN__';
type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

// Node timers overflow above 2^31 ms and would fire at once.
const maxTimerSeconds = 2_147_483;

export const localStateMachineArn = (name: WorkflowName): string =>
  `arn:aws:states:us-east-1:000000000000:stateMachine:cts-local-${name}`;

type Status = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: Status;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  abort: () => void;
}

interface PendingTask {
  executionArn: string;
  resolve: (output: JSONValue) => void;
  reject: (error: Error) => void;
}

class SfnError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

type StateDefinition = Record<string, unknown> & {
  Type?: string;
  Resource?: string;
  TimeoutSeconds?: number;
};

/** Every Task state in the definition, nested Parallel branches and Map processors included. */
function taskStates(states: Record<string, StateDefinition>, found = new Map<string, StateDefinition>()) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') {
      if (found.has(name)) throw new Error(`Task state names must be unique across a workflow: ${name}`);
      found.set(name, state);
    }
    const nested = [
      ...((state.Branches as { States: Record<string, StateDefinition> }[] | undefined) ?? []),
      ...[state.ItemProcessor, state.Iterator].filter(Boolean),
    ] as { States: Record<string, StateDefinition> }[];
    for (const machine of nested) taskStates(machine.States, found);
  }
  return found;
}

function replaceDeep(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((v) => replaceDeep(v, from, to));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDeep(v, from, to)]));
  }
  return value;
}

/** A function error as the Lambda integration reports it: the error name becomes the ASL error. */
function lambdaError(error: unknown): Error {
  const e = error instanceof Error ? error : new Error(String(error));
  const reported = new Error(JSON.stringify({ errorType: e.name, errorMessage: e.message }));
  reported.name = e.name === 'Error' ? 'Lambda.Unknown' : e.name;
  return reported;
}

export interface LocalStepFunctionsOptions {
  port: number;
  projectRoot: string;
  lambdas: LocalLambdas;
  /** Scales every TimeoutSeconds (e.g. 0.001 turns days into minutes) so waits can be shortened. */
  timeoutScale?: number;
}

export class LocalStepFunctions {
  private readonly machines = new Map<
    string,
    { definition: Record<string, unknown>; tasks: Map<string, StateDefinition> }
  >();
  private readonly executions = new Map<string, Execution>();
  private readonly pendingTasks = new Map<string, PendingTask>();
  private readonly callbackTimeouts = new Map<StateDefinition, number>();
  private server: Server | undefined;

  constructor(private readonly options: LocalStepFunctionsOptions) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  async start(): Promise<void> {
    for (const [name, workflow] of Object.entries(workflowCatalog) as [
      WorkflowName,
      (typeof workflowCatalog)[WorkflowName],
    ][]) {
      let text = await readFile(join(this.options.projectRoot, workflow.file), 'utf8');
      for (const [placeholder, fn] of Object.entries(workflow.functionArns)) {
        text = text.replaceAll(`\${${placeholder}}`, localFunctionArn(fn));
      }
      const definition = JSON.parse(text) as Record<string, unknown>;
      const tasks = taskStates(definition.States as Record<string, StateDefinition>);
      for (const state of tasks.values()) {
        const seconds = (state.TimeoutSeconds ?? 99_999_999) * (this.options.timeoutScale ?? 1);
        const timeout = Math.max(1, Math.min(maxTimerSeconds, Math.round(seconds)));
        if (state.Resource === callbackResource) {
          // The facade times callback tasks out itself, so that the token dies with the wait (as in
          // AWS: a late SendTask* gets TaskTimedOut); the library's own timer is only a backstop.
          this.callbackTimeouts.set(state, timeout);
          state.TimeoutSeconds = Math.min(maxTimerSeconds, timeout + 60);
        } else {
          state.TimeoutSeconds = timeout;
        }
      }
      this.machines.set(localStateMachineArn(name), { definition, tasks });
    }
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(this.options.port, '127.0.0.1', () => resolve());
    });
  }

  async stop(): Promise<void> {
    for (const execution of this.executions.values()) if (execution.status === 'RUNNING') execution.abort();
    // The library clears a callback task's timeout timer only once the task settles; an aborted run
    // leaves it armed (for days), holding the process open. Settle every waiting task.
    for (const task of this.pendingTasks.values()) task.reject(new Error('The local Step Functions stopped'));
    this.pendingTasks.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const operation = String(req.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(body));
    };
    try {
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, string>;
      reply(200, this.dispatch(operation, input));
    } catch (error) {
      if (error instanceof SfnError)
        reply(400, { __type: `com.amazonaws.states#${error.type}`, message: error.message });
      else reply(500, { __type: 'com.amazonaws.states#InternalError', message: String(error) });
    }
  }

  private dispatch(operation: string, input: Record<string, string>): unknown {
    switch (operation) {
      case 'StartExecution':
        return this.startExecution(input);
      case 'DescribeExecution':
        return this.describe(this.execution(input.executionArn));
      case 'StopExecution':
        return this.stopExecution(input);
      case 'SendTaskSuccess':
        return this.settleTask(input.taskToken, (task) => {
          let output: JSONValue;
          try {
            output = JSON.parse(input.output ?? '') as JSONValue;
          } catch {
            throw new SfnError('InvalidOutput', 'output is not valid JSON');
          }
          task.resolve(output);
        });
      case 'SendTaskFailure':
        return this.settleTask(input.taskToken, (task) => {
          const error = new Error(input.cause ?? '');
          error.name = input.error ?? 'States.TaskFailed';
          task.reject(error);
        });
      case 'SendTaskHeartbeat':
        return this.settleTask(input.taskToken, () => {}, false);
      case 'ListExecutions':
        return {
          executions: [...this.executions.values()]
            .filter((e) => e.stateMachineArn === input.stateMachineArn)
            .map((e) => this.describe(e)),
        };
      default:
        throw new SfnError(
          'UnknownOperationException',
          `The local Step Functions facade does not offer ${operation}`,
        );
    }
  }

  private execution(arn: string | undefined): Execution {
    const execution = arn ? this.executions.get(arn) : undefined;
    if (!execution) throw new SfnError('ExecutionDoesNotExist', `Execution does not exist: ${arn}`);
    return execution;
  }

  private describe(e: Execution) {
    const { abort: _abort, ...visible } = e;
    return visible;
  }

  private settleTask(token: string | undefined, settle: (task: PendingTask) => void, remove = true): object {
    const task = token ? this.pendingTasks.get(token) : undefined;
    if (!task || !token) throw new SfnError('TaskDoesNotExist', 'Task does not exist anymore');
    settle(task);
    if (remove) this.pendingTasks.delete(token);
    return {};
  }

  private stopExecution(input: Record<string, string>): object {
    const execution = this.execution(input.executionArn);
    if (execution.status === 'RUNNING') {
      execution.abort();
      Object.assign(execution, {
        status: 'ABORTED',
        stopDate: Date.now() / 1000,
        error: input.error,
        cause: input.cause,
      });
      this.dropTasksOf(execution.executionArn);
    }
    return { stopDate: execution.stopDate };
  }

  /** The run is over: its waiting tasks settle (which also disarms their timers) and their tokens die. */
  private dropTasksOf(executionArn: string): void {
    for (const [token, task] of this.pendingTasks) {
      if (task.executionArn !== executionArn) continue;
      this.pendingTasks.delete(token);
      task.reject(new Error('The execution has ended'));
    }
  }

  private startExecution(input: Record<string, string>): object {
    const machine = input.stateMachineArn ? this.machines.get(input.stateMachineArn) : undefined;
    if (!machine || !input.stateMachineArn)
      throw new SfnError('StateMachineDoesNotExist', `No state machine ${input.stateMachineArn}`);
    const name = input.name ?? randomUUID();
    const executionArn = `${input.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const rawInput = input.input ?? '{}';
    const existing = this.executions.get(executionArn);
    if (existing) {
      // Same name and input is an idempotent repeat, as in AWS; different input is a clash.
      if (existing.input === rawInput && existing.status === 'RUNNING') {
        return { executionArn, startDate: existing.startDate };
      }
      throw new SfnError('ExecutionAlreadyExists', `Execution already exists: ${executionArn}`);
    }
    let parsedInput: JSONValue;
    try {
      parsedInput = JSON.parse(rawInput) as JSONValue;
    } catch {
      throw new SfnError('InvalidExecutionInput', 'input is not valid JSON');
    }

    const stateMachine = new StateMachine(machine.definition as never, {
      validationOptions: { checkArn: true },
    });
    const handlers: Record<string, (input: JSONValue) => Promise<JSONValue>> = {};
    for (const [stateName, state] of machine.tasks)
      handlers[stateName] = this.taskHandler(executionArn, state);
    const startDate = Date.now() / 1000;
    const run = stateMachine.run(parsedInput, {
      overrides: { taskResourceLocalHandlers: handlers },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: executionArn, Name: name, StartTime: new Date().toISOString(), Input: parsedInput },
        StateMachine: { Id: input.stateMachineArn, Name: input.stateMachineArn.split(':').pop() },
        Task: { Token: tokenPlaceholder },
      } as never,
    });
    const execution: Execution = {
      executionArn,
      stateMachineArn: input.stateMachineArn,
      name,
      input: rawInput,
      status: 'RUNNING',
      startDate,
      abort: run.abort,
    };
    this.executions.set(executionArn, execution);
    run.result.then(
      (output) => {
        if (execution.status !== 'RUNNING') return;
        Object.assign(execution, {
          status: 'SUCCEEDED',
          output: JSON.stringify(output),
          stopDate: Date.now() / 1000,
        });
        // Callback tasks cancelled on the way (a Map whose failure was caught) die with the run.
        this.dropTasksOf(executionArn);
      },
      (error: Error) => {
        if (execution.status !== 'RUNNING') return;
        const cause = (error.cause as Error | undefined) ?? error;
        Object.assign(execution, {
          status: error.name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED',
          error: cause.name,
          cause: cause.message,
          stopDate: Date.now() / 1000,
        });
        this.dropTasksOf(executionArn);
      },
    );
    return { executionArn, startDate };
  }

  private taskHandler(
    executionArn: string,
    state: StateDefinition,
  ): (input: JSONValue) => Promise<JSONValue> {
    const lambdas = this.options.lambdas;
    if (state.Resource === callbackResource) {
      return async (input) => {
        const { FunctionName, Payload } = input as { FunctionName: string; Payload: unknown };
        const token = randomBytes(48).toString('base64url');
        let timer: NodeJS.Timeout | undefined;
        const settled = new Promise<JSONValue>((resolve, reject) => {
          this.pendingTasks.set(token, { executionArn, resolve, reject });
          timer = setTimeout(
            () => {
              if (!this.pendingTasks.delete(token)) return;
              const timeout = new Error('The task did not complete in time');
              timeout.name = 'States.Timeout';
              reject(timeout);
            },
            (this.callbackTimeouts.get(state) ?? maxTimerSeconds) * 1000,
          );
        }).finally(() => clearTimeout(timer));
        // An aborted run no longer awaits its task, which is then settled by stop() or the run's end:
        // that rejection is expected, not unhandled.
        settled.catch(() => {});
        try {
          await lambdas.invoke(
            lambdas.functionByArn(FunctionName),
            replaceDeep(Payload, tokenPlaceholder, token),
          );
        } catch (error) {
          this.pendingTasks.delete(token);
          throw lambdaError(error);
        }
        return settled;
      };
    }
    if (state.Resource === invokeResource) {
      return async (input) => {
        const { FunctionName, Payload } = input as { FunctionName: string; Payload: unknown };
        try {
          const result = await lambdas.invoke(lambdas.functionByArn(FunctionName), Payload);
          return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: (result ?? null) as JSONValue };
        } catch (error) {
          throw lambdaError(error);
        }
      };
    }
    if (state.Resource?.startsWith('arn:aws:lambda:')) {
      const fn = lambdas.functionByArn(state.Resource);
      return async (input) => {
        try {
          return ((await lambdas.invoke(fn, input)) ?? null) as JSONValue;
        } catch (error) {
          throw lambdaError(error);
        }
      };
    }
    throw new Error(`The local runtime cannot run Task resource ${state.Resource}`);
  }
}
