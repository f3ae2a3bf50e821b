import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import { type WorkflowName, workflowCatalog } from '../functions/catalog.js';
import { type LocalLambdas, localFunctionArn } from './lambdas.js';
import {
  type EndedRecord,
  ExecutionJournal,
  type ExecutionStatus,
  type JournaledExecution,
  type JournalRecord,
  type JSONValue,
  ReplayKeys,
  type TaskOutcome,
} from './stepfunctions-journal.js';

// A Step Functions endpoint for @aws-sdk/client-sfn (JSON 1.0 protocol), running our own ASL files on
// aws-local-stepfunctions. That library has no task tokens, so this facade provides the callback
// pattern: each `.waitForTaskToken` task gets a fresh token, the function is invoked with it, and the
// task's promise settles when SendTaskSuccess / SendTaskFailure names that token.
//
// Step Functions is durable, so with a data folder the facade is too: every execution, Task outcome and
// waiting callback is journaled (stepfunctions-journal.ts) before it is acknowledged or handed to the
// run, and start() re-runs each unfinished execution, answering completed Tasks from the journal and
// re-arming waiting callbacks under their original tokens and deadlines, without invoking them again.

const callbackResource = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const invokeResource = 'arn:aws:states:::lambda:invoke';
// The library passes `$$.Task.Token` from the run's context, one value per run; tasks swap it for their own.
const tokenPlaceholder = '__CTS_LOCAL_TASK_TOKEN__';

// Node timers overflow above 2^31 ms and would fire at once.
const maxTimerSeconds = 2_147_483;
// The facade times every Task out itself, so that the timeout is an outcome it journals (a replay must
// take the same path); the library's own timer, this much later, is only a backstop.
const backstopSeconds = 60;

export const localStateMachineArn = (name: WorkflowName): string =>
  `arn:aws:states:us-east-1:000000000000:stateMachine:cts-local-${name}`;

interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
}

/** One run of an execution: the first, or a replay after a restart. */
interface Run {
  execution: Execution;
  keys: ReplayKeys;
  /** What the journal knew when this replay began; absent on a first run. */
  replay: JournaledExecution | undefined;
  abort: () => void;
}

interface PendingTask {
  run: Run;
  key: string;
  deadline: number;
  timer?: NodeJS.Timeout;
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

interface Machine {
  stateMachine: StateMachine;
  tasks: Map<string, StateDefinition>;
  /** Each Task state's timeout in seconds, as the facade enforces it (scaled, clamped). */
  timeouts: Map<string, number>;
}

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

// A replay must compute the same Task inputs as the first run, or completed Tasks run again (and mail
// again). These differ between runs; the library also sets $$.Execution.StartTime to the moment each
// run begins, ignoring the context it is given.
const replayHazard =
  /States\.UUID|States\.MathRandom|\$\$\.Execution\.StartTime|\$\$\.State\.(EnteredTime|RetryCount)/;

function replayHazards(value: unknown, path: string, found: string[] = []): string[] {
  if (typeof value === 'string' && replayHazard.test(value)) found.push(`${path}: ${value}`);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key !== 'Comment') replayHazards(inner, `${path}.${key}`, found);
    }
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

/**
 * The library's own States.Timeout class, which it does not export. Retry and Catch treat only that
 * class as a timeout (in AWS, `States.TaskFailed` never matches a timeout), so the facade's timeouts
 * must be instances of it. One 1 ms task that never answers makes the library throw one.
 */
async function libraryTimeoutError(): Promise<new () => Error> {
  const probe = new StateMachine(
    {
      StartAt: 'Probe',
      States: {
        Probe: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:000000000000:function:probe',
          TimeoutSeconds: 0.001,
          End: true,
        },
      },
    } as never,
    { validationOptions: { noValidate: true } },
  );
  const never = new Promise<JSONValue>(() => {});
  try {
    await probe.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => never } } }).result;
  } catch (error) {
    const cause = (error as Error).cause;
    if (cause instanceof Error && cause.name === 'States.Timeout')
      return cause.constructor as new () => Error;
  }
  throw new Error('aws-local-stepfunctions no longer times out a Task as expected');
}

// What an injected fault answers, as AWS answers it: 5xx for the service's own failures (the SDK
// retries them), 400 for throttling (retried by name) and for any other, modeled, error.
const faultStatus = (error: string): number =>
  error === 'ServiceUnavailable' ? 503 : /^Internal|ServiceException$/.test(error) ? 500 : 400;

export interface LocalStepFunctionsOptions {
  port: number;
  projectRoot: string;
  lambdas: LocalLambdas;
  /** Scales every TimeoutSeconds (e.g. 0.001 turns days into minutes) so waits can be shortened. */
  timeoutScale?: number;
  /** Journal executions here and resume them on start; without it, everything lives in memory. */
  dataDir?: string;
}

export class LocalStepFunctions {
  private readonly machines = new Map<string, Machine>();
  private readonly executions = new Map<string, Execution>();
  private readonly runs = new Map<string, Run>();
  private readonly pendingTasks = new Map<string, PendingTask>();
  private readonly faults = new Map<string, { remaining: number; error: string }>();
  private journal: ExecutionJournal | undefined;
  private TimeoutError: new () => Error = Error;
  private stopping = false;
  private server: Server | undefined;

  constructor(private readonly options: LocalStepFunctionsOptions) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  async start(): Promise<void> {
    this.TimeoutError = await libraryTimeoutError();
    for (const [name, workflow] of Object.entries(workflowCatalog) as [
      WorkflowName,
      (typeof workflowCatalog)[WorkflowName],
    ][]) {
      let text = await readFile(join(this.options.projectRoot, workflow.file), 'utf8');
      for (const [placeholder, fn] of Object.entries(workflow.functionArns)) {
        text = text.replaceAll(`\${${placeholder}}`, localFunctionArn(fn));
      }
      const definition = JSON.parse(text) as Record<string, unknown>;
      const hazards = replayHazards(definition.States, workflow.file);
      if (hazards.length > 0)
        throw new Error(
          `The local runtime resumes executions after a restart by replaying them, which needs the same Task inputs on every run. Compute these values in a Task instead: ${hazards.join('; ')}`,
        );
      const tasks = taskStates(definition.States as Record<string, StateDefinition>);
      const timeouts = new Map<string, number>();
      for (const [stateName, state] of tasks) {
        const seconds = (state.TimeoutSeconds ?? 99_999_999) * (this.options.timeoutScale ?? 1);
        const timeout = Math.max(1, Math.min(maxTimerSeconds - backstopSeconds, Math.round(seconds)));
        timeouts.set(stateName, timeout);
        state.TimeoutSeconds = timeout + backstopSeconds;
      }
      // Built once: validating the definition is most of the cost of a StartExecution. One instance
      // runs any number of executions at once; each run gets its own handlers, context and abort signal.
      const stateMachine = new StateMachine(definition as never, { validationOptions: { checkArn: true } });
      this.machines.set(localStateMachineArn(name), { stateMachine, tasks, timeouts });
    }

    let journaled = new Map<string, JournaledExecution>();
    if (this.options.dataDir) {
      const opened = await ExecutionJournal.open(this.options.dataDir);
      this.journal = opened.journal;
      journaled = opened.executions;
    }

    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(this.options.port, '127.0.0.1', () => resolve());
    });
    for (const entry of journaled.values()) await this.resume(entry);
  }

  async stop(): Promise<void> {
    // Runs are interrupted, not ended: what they journaled stays RUNNING, to be resumed by the next start.
    this.stopping = true;
    for (const run of this.runs.values()) run.abort();
    // The library clears a callback task's timeout timer only once the task settles; an aborted run
    // leaves it armed (for days), holding the process open. Settle every waiting task.
    for (const task of this.pendingTasks.values()) {
      clearTimeout(task.timer);
      task.reject(new Error('The local Step Functions stopped'));
    }
    this.pendingTasks.clear();
    await this.journal?.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * The next `count` calls of `operation` fail as AWS fails them (ServiceUnavailable by default), then
   * calls behave normally again. The SDK retries a 5xx or a throttle (3 attempts by default), so one
   * failed SDK call can consume up to 3 faults. Over HTTP: POST /__faults
   * `{"operation":"StartExecution","count":3,"error":"ServiceUnavailable"}`; DELETE /__faults clears.
   */
  injectFaults(operation: string, count: number, error = 'ServiceUnavailable'): void {
    if (count > 0) this.faults.set(operation, { remaining: count, error });
    else this.faults.delete(operation);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const reply = (status: number, answer: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(answer));
    };
    if (new URL(req.url ?? '/', this.endpoint).pathname === '/__faults') {
      this.handleFaults(req.method ?? '', body, reply);
      return;
    }
    const operation = String(req.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
    const fault = this.faults.get(operation);
    if (fault) {
      if (--fault.remaining <= 0) this.faults.delete(operation);
      reply(faultStatus(fault.error), {
        __type: `com.amazonaws.states#${fault.error}`,
        message: `${operation} failed: a fault injected into the local Step Functions`,
      });
      return;
    }
    try {
      if (this.stopping) throw new SfnError('ServiceUnavailable', 'The local Step Functions is stopping');
      const input = JSON.parse(body || '{}') as Record<string, string>;
      reply(200, await this.dispatch(operation, input));
    } catch (error) {
      if (error instanceof SfnError)
        reply(error.type === 'ServiceUnavailable' ? 503 : 400, {
          __type: `com.amazonaws.states#${error.type}`,
          message: error.message,
        });
      else reply(500, { __type: 'com.amazonaws.states#InternalError', message: String(error) });
    }
  }

  private handleFaults(method: string, body: string, reply: (status: number, answer: unknown) => void): void {
    if (method === 'DELETE') {
      this.clearFaults();
      reply(200, { faults: {} });
      return;
    }
    if (method !== 'POST') {
      reply(405, { message: 'POST /__faults {"operation","count","error"?} or DELETE /__faults' });
      return;
    }
    let request: { operation?: unknown; count?: unknown; error?: unknown };
    try {
      request = JSON.parse(body) as typeof request;
    } catch {
      reply(400, { message: 'The body must be JSON' });
      return;
    }
    const { operation, count, error } = request ?? {};
    if (
      typeof operation !== 'string' ||
      !/^[A-Za-z]+$/.test(operation) ||
      !Number.isInteger(count) ||
      (count as number) < 0 ||
      (error !== undefined && (typeof error !== 'string' || !/^[A-Za-z.]+$/.test(error)))
    ) {
      reply(400, {
        message:
          'Expected {"operation": "<SFN operation>", "count": <integer >= 0>, "error"?: "<error name>"}',
      });
      return;
    }
    this.injectFaults(operation, count as number, error as string | undefined);
    reply(200, { faults: Object.fromEntries(this.faults) });
  }

  private async dispatch(operation: string, input: Record<string, string>): Promise<unknown> {
    switch (operation) {
      case 'StartExecution':
        return this.startExecution(input);
      case 'DescribeExecution':
        return { ...this.execution(input.executionArn) };
      case 'StopExecution':
        return this.stopExecution(input);
      case 'SendTaskSuccess': {
        let output: JSONValue;
        try {
          output = JSON.parse(input.output ?? '') as JSONValue;
        } catch {
          throw new SfnError('InvalidOutput', 'output is not valid JSON');
        }
        await this.settleTask(input.taskToken, { output });
        return {};
      }
      case 'SendTaskFailure':
        await this.settleTask(input.taskToken, {
          error: input.error ?? 'States.TaskFailed',
          cause: input.cause ?? '',
        });
        return {};
      case 'SendTaskHeartbeat':
        this.pendingTask(input.taskToken);
        return {};
      case 'ListExecutions':
        return {
          executions: [...this.executions.values()]
            .filter((e) => e.stateMachineArn === input.stateMachineArn)
            .map((e) => ({ ...e })),
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

  /** Journals a record of a run still going; a run that has ended or was stopped records nothing more. */
  private async record(run: Run, record: JournalRecord): Promise<void> {
    if (run.execution.status !== 'RUNNING' && record.type !== 'ended') return;
    await this.journal?.append(record);
  }

  private pendingTask(token: string | undefined): PendingTask {
    const task = token ? this.pendingTasks.get(token) : undefined;
    if (!task) throw new SfnError('TaskDoesNotExist', 'Task does not exist anymore');
    return task;
  }

  /** A callback task's outcome: journaled first, then handed to the run; its token dies with it. */
  private async settleTask(token: string | undefined, outcome: TaskOutcome): Promise<void> {
    const task = this.pendingTask(token);
    const taskToken = token as string;
    this.pendingTasks.delete(taskToken);
    clearTimeout(task.timer);
    try {
      await this.record(task.run, {
        type: 'taskCompleted',
        executionArn: task.run.execution.executionArn,
        key: task.key,
        ...outcome,
      });
    } catch (error) {
      if (!this.stopping) this.wait(taskToken, task);
      throw error;
    }
    try {
      task.resolve(this.deliver(outcome));
    } catch (error) {
      task.reject(error as Error);
    }
  }

  /** Registers a waiting callback task and arms its deadline, which survives restarts. */
  private wait(token: string, task: PendingTask): void {
    this.pendingTasks.set(token, task);
    const delay = Math.min(maxTimerSeconds * 1000, Math.max(0, task.deadline - Date.now()));
    task.timer = setTimeout(() => {
      const timeout = new this.TimeoutError();
      this.settleTask(token, { error: timeout.name, cause: timeout.message }).catch(() => {});
    }, delay);
  }

  /** The outcome as the run receives it: the output, or an error Retry and Catch match by name. */
  private deliver(outcome: TaskOutcome): JSONValue {
    if ('output' in outcome) return outcome.output;
    if (outcome.error === 'States.Timeout') throw new this.TimeoutError();
    const error = new Error(outcome.cause);
    error.name = outcome.error;
    throw error;
  }

  private async stopExecution(input: Record<string, string>): Promise<object> {
    const execution = this.execution(input.executionArn);
    const run = this.runs.get(execution.executionArn);
    if (execution.status === 'RUNNING' && run) {
      await this.end(run, {
        status: 'ABORTED',
        ...(input.error !== undefined ? { error: input.error } : {}),
        ...(input.cause !== undefined ? { cause: input.cause } : {}),
      });
      run.abort();
    }
    return { stopDate: execution.stopDate };
  }

  /** The execution is over: journaled, then visible; its waiting tasks settle and their tokens die. */
  private async end(
    run: Run,
    outcome: Omit<EndedRecord, 'type' | 'executionArn' | 'stopDate'>,
  ): Promise<void> {
    const { execution } = run;
    if (execution.status !== 'RUNNING') return;
    const ended: EndedRecord = {
      type: 'ended',
      executionArn: execution.executionArn,
      stopDate: Date.now() / 1000,
      ...outcome,
    };
    await this.record(run, ended);
    if (execution.status !== 'RUNNING') return;
    const { type: _type, executionArn: _arn, ...visible } = ended;
    Object.assign(execution, visible);
    this.runs.delete(execution.executionArn);
    for (const [token, task] of this.pendingTasks) {
      if (task.run !== run) continue;
      this.pendingTasks.delete(token);
      clearTimeout(task.timer);
      task.reject(new Error('The execution has ended'));
    }
  }

  private async startExecution(input: Record<string, string>): Promise<object> {
    const stateMachineArn = input.stateMachineArn;
    if (!stateMachineArn || !this.machines.has(stateMachineArn))
      throw new SfnError('StateMachineDoesNotExist', `No state machine ${stateMachineArn}`);
    const name = input.name ?? randomUUID();
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const rawInput = input.input ?? '{}';
    const existing = this.executions.get(executionArn);
    if (existing) {
      // Same name and input is an idempotent repeat, as in AWS; different input is a clash.
      if (existing.input === rawInput && existing.status === 'RUNNING') {
        return { executionArn, startDate: existing.startDate };
      }
      throw new SfnError('ExecutionAlreadyExists', `Execution already exists: ${executionArn}`);
    }
    try {
      JSON.parse(rawInput);
    } catch {
      throw new SfnError('InvalidExecutionInput', 'input is not valid JSON');
    }
    const started = {
      type: 'started',
      executionArn,
      stateMachineArn,
      name,
      input: rawInput,
      startDate: Date.now() / 1000,
      startTime: new Date().toISOString(),
    } as const;
    // Claimed before the journal write, so that a concurrent repeat is answered as a repeat.
    const execution: Execution = {
      executionArn,
      stateMachineArn,
      name,
      input: rawInput,
      status: 'RUNNING',
      startDate: started.startDate,
    };
    this.executions.set(executionArn, execution);
    try {
      await this.journal?.append(started);
    } catch (error) {
      this.executions.delete(executionArn);
      throw error;
    }
    this.run(execution, started.startTime, undefined);
    return { executionArn, startDate: started.startDate };
  }

  /** After a restart: a finished execution stays describable; an unfinished one runs again, replayed. */
  private async resume(entry: JournaledExecution): Promise<void> {
    const { started, ended } = entry;
    const execution: Execution = {
      executionArn: started.executionArn,
      stateMachineArn: started.stateMachineArn,
      name: started.name,
      input: started.input,
      status: 'RUNNING',
      startDate: started.startDate,
    };
    this.executions.set(execution.executionArn, execution);
    if (ended) {
      const { type: _type, executionArn: _arn, ...visible } = ended;
      Object.assign(execution, visible);
      return;
    }
    if (!this.machines.has(started.stateMachineArn)) {
      const run: Run = { execution, keys: new ReplayKeys(), replay: entry, abort: () => {} };
      await this.end(run, {
        status: 'FAILED',
        error: 'States.Runtime',
        cause: `The state machine ${started.stateMachineArn} no longer exists`,
      });
      return;
    }
    this.run(execution, started.startTime, entry);
  }

  private run(execution: Execution, startTime: string, replay: JournaledExecution | undefined): void {
    const machine = this.machines.get(execution.stateMachineArn) as Machine;
    const run: Run = { execution, keys: new ReplayKeys(), replay, abort: () => {} };
    const handlers: Record<string, (input: JSONValue) => Promise<JSONValue>> = {};
    for (const [stateName, state] of machine.tasks)
      handlers[stateName] = this.taskHandler(run, stateName, state);
    const parsedInput = JSON.parse(execution.input) as JSONValue;
    const running = machine.stateMachine.run(parsedInput, {
      overrides: { taskResourceLocalHandlers: handlers },
      noThrowOnAbort: true,
      context: {
        Execution: {
          Id: execution.executionArn,
          Name: execution.name,
          StartTime: startTime,
          Input: parsedInput,
        },
        StateMachine: { Id: execution.stateMachineArn, Name: execution.stateMachineArn.split(':').pop() },
        Task: { Token: tokenPlaceholder },
      } as never,
    });
    run.abort = running.abort;
    this.runs.set(execution.executionArn, run);
    running.result
      .then(
        (output) => {
          // An aborted run (StopExecution, or the facade stopping) resolves with null: not a success.
          if (this.stopping || execution.status !== 'RUNNING') return;
          return this.end(run, { status: 'SUCCEEDED', output: JSON.stringify(output) });
        },
        (error: Error) => {
          if (this.stopping || execution.status !== 'RUNNING') return;
          const cause = (error.cause as Error | undefined) ?? error;
          return this.end(run, {
            status: error.name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED',
            error: cause.name,
            cause: cause.message,
          });
        },
      )
      .catch(() => {
        // Journaling the end failed (the facade is stopping): the next start replays the run to its end.
      });
  }

  /** The outcome the journal holds for this invocation, if it completed before a restart. */
  private replayed(run: Run, key: string): TaskOutcome | undefined {
    return run.replay?.outcomes.get(key);
  }

  private taskHandler(
    run: Run,
    stateName: string,
    state: StateDefinition,
  ): (input: JSONValue) => Promise<JSONValue> {
    const lambdas = this.options.lambdas;
    const machine = this.machines.get(run.execution.stateMachineArn) as Machine;
    const timeoutMs = (machine.timeouts.get(stateName) ?? maxTimerSeconds) * 1000;
    const executionArn = run.execution.executionArn;
    /** Invokes, journals the outcome, then hands it to the run. */
    const completed = async (key: string, invoke: () => Promise<JSONValue>): Promise<JSONValue> => {
      let outcome: TaskOutcome;
      let timer: NodeJS.Timeout | undefined;
      try {
        const timedOut = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new this.TimeoutError()), timeoutMs);
        });
        outcome = { output: await Promise.race([invoke(), timedOut]) };
      } catch (error) {
        const reported = error instanceof this.TimeoutError ? error : lambdaError(error);
        outcome = { error: reported.name, cause: reported.message };
      } finally {
        clearTimeout(timer);
      }
      await this.record(run, { type: 'taskCompleted', executionArn, key, ...outcome });
      return this.deliver(outcome);
    };

    if (state.Resource === callbackResource) {
      return async (input) => {
        const key = run.keys.next(stateName, input);
        const replayed = this.replayed(run, key);
        if (replayed) return this.deliver(replayed);
        const { FunctionName, Payload } = input as { FunctionName: string; Payload: unknown };
        // A task that was waiting at the restart waits on under the token its function already handed
        // out (in DynamoDB, behind mailed links) and keeps its deadline.
        const waiting = run.replay?.callbacks.get(key);
        const token = waiting?.token ?? randomBytes(48).toString('base64url');
        const deadline = waiting?.deadline ?? Date.now() + timeoutMs;
        if (!waiting) await this.record(run, { type: 'callbackWaiting', executionArn, key, token, deadline });
        const settled = new Promise<JSONValue>((resolve, reject) => {
          this.wait(token, { run, key, deadline, resolve, reject });
        });
        // An aborted run no longer awaits its task, which is then settled by stop() or the run's end:
        // that rejection is expected, not unhandled.
        settled.catch(() => {});
        if (waiting?.invoked) return settled;
        try {
          await lambdas.invoke(
            lambdas.functionByArn(FunctionName),
            replaceDeep(Payload, tokenPlaceholder, token),
          );
        } catch (error) {
          const task = this.pendingTasks.get(token);
          // Answered (or timed out) while the function ran: that journaled outcome stands.
          if (!task) return settled;
          this.pendingTasks.delete(token);
          clearTimeout(task.timer);
          const reported = lambdaError(error);
          await this.record(run, {
            type: 'taskCompleted',
            executionArn,
            key,
            error: reported.name,
            cause: reported.message,
          });
          throw reported;
        }
        // Without this record a restart would invoke the function again: at least once, as in AWS.
        await this.record(run, { type: 'callbackInvoked', executionArn, key }).catch(() => {});
        return settled;
      };
    }
    if (state.Resource === invokeResource) {
      return async (input) => {
        const key = run.keys.next(stateName, input);
        const replayed = this.replayed(run, key);
        if (replayed) return this.deliver(replayed);
        const { FunctionName, Payload } = input as { FunctionName: string; Payload: unknown };
        return completed(key, async () => {
          const result = await lambdas.invoke(lambdas.functionByArn(FunctionName), Payload);
          return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: (result ?? null) as JSONValue };
        });
      };
    }
    if (state.Resource?.startsWith('arn:aws:lambda:')) {
      const fn = lambdas.functionByArn(state.Resource);
      return async (input) => {
        const key = run.keys.next(stateName, input);
        const replayed = this.replayed(run, key);
        if (replayed) return this.deliver(replayed);
        return completed(key, async () => ((await lambdas.invoke(fn, input)) ?? null) as JSONValue);
      };
    }
    throw new Error(`The local runtime cannot run Task resource ${state.Resource}`);
  }
}
