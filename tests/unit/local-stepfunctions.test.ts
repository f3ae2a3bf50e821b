import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalLambdas } from '../../local/lambdas.js';
import { freePort } from '../../local/ports.js';
import { LocalStepFunctions, localStateMachineArn } from '../../local/stepfunctions.js';
import { canonicalJson, ReplayKeys } from '../../local/stepfunctions-journal.js';

// The local Step Functions facade on its own, running the real mapping-review ASL against a stand-in
// for its task function that only records what it was asked: what a restart replays, what it must not
// invoke again, and which tokens still answer.

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const stateMachineArn = localStateMachineArn('mapping-review');
const week = 7 * 86_400;

interface Invocation {
  task: string;
  ref: string;
  phase?: string;
  subjectArea?: string;
  taskToken?: string;
}
type Call = Invocation & { at: number };

/** The mapping-review task function, reduced to answers: it records every call and every token. */
class RecordingTasks {
  readonly calls: Call[] = [];
  departments = ['MECH', 'PHYS'];
  /** Tasks whose function is still running (it never returns) when the facade stops. */
  hanging = new Set<string>();

  readonly lambdas = {
    functionByArn: () => 'mapping-review-tasks',
    invoke: async (_fn: string, event: unknown) => {
      const call = event as Invocation;
      this.calls.push({ ...call, at: Date.now() });
      if (this.hanging.has(call.task)) return new Promise(() => {});
      if (call.task === 'departmentsToReview') return { departments: this.departments };
      return { status: 'ok' };
    },
  } as unknown as LocalLambdas;

  of(task: string, extra: Partial<Invocation> = {}): Call[] {
    return this.calls.filter(
      (c) => c.task === task && Object.entries(extra).every(([k, v]) => c[k as keyof Invocation] === v),
    );
  }
}

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let dataDir: string;
let port: number;
const open: { facade: LocalStepFunctions; client: SFNClient }[] = [];

async function startFacade(tasks: RecordingTasks, options: { durable?: boolean; weekSeconds?: number } = {}) {
  const facade = new LocalStepFunctions({
    port,
    projectRoot,
    lambdas: tasks.lambdas,
    ...(options.weekSeconds ? { timeoutScale: options.weekSeconds / week } : {}),
    ...(options.durable === false ? {} : { dataDir }),
  });
  await facade.start();
  const client = new SFNClient({
    endpoint: facade.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  open.push({ facade, client });
  return { facade, client };
}

async function stopFacade(): Promise<void> {
  const last = open.pop();
  last?.client.destroy();
  await last?.facade.stop();
}

const start = (client: SFNClient, ref: string) =>
  client.send(
    new StartExecutionCommand({
      stateMachineArn,
      name: `${ref}-v1`,
      input: JSON.stringify({ ref, submission: 'new' }),
    }),
  );

const statusOf = async (client: SFNClient, executionArn: string) =>
  (await client.send(new DescribeExecutionCommand({ executionArn }))).status;

const succeeded = (client: SFNClient, executionArn: string) =>
  until(
    async () => ((await statusOf(client, executionArn)) === 'SUCCEEDED' ? true : undefined),
    'the execution to succeed',
  );

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cts-sfn-'));
  port = await freePort();
});

afterEach(async () => {
  while (open.length) await stopFacade();
  await rm(dataDir, { recursive: true, force: true });
});

describe('replay keys', () => {
  it('name a Task invocation by state, input (whatever its key order) and occurrence', () => {
    // Given the keys of one execution
    const keys = new ReplayKeys();
    // When the same state is entered with equal inputs, a different input, and equal inputs again
    const first = keys.next('AwaitDepartment', { ref: 'B1', subjectArea: 'MECH' });
    const other = keys.next('AwaitDepartment', { ref: 'B1', subjectArea: 'PHYS' });
    const again = keys.next('AwaitDepartment', { subjectArea: 'MECH', ref: 'B1' });
    // Then iterations are told apart by input and repeats by their count
    expect(new Set([first, other, again]).size).toBe(3);
    expect(again.replace(/:2$/, ':1')).toBe(first);
    // And a replay, whatever order its iterations run in, names them the same
    const replay = new ReplayKeys();
    expect(replay.next('AwaitDepartment', { ref: 'B1', subjectArea: 'PHYS' })).toBe(other);
    expect(replay.next('AwaitDepartment', { subjectArea: 'MECH', ref: 'B1' })).toBe(first);
    expect(replay.next('AwaitDepartment', { ref: 'B1', subjectArea: 'MECH' })).toBe(again);
  });

  it('read canonical JSON with sorted keys at every level', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });
});

describe('the local Step Functions facade', () => {
  it('runs concurrent executions on one state machine, each with its own tasks and tokens', async () => {
    // Given a facade in memory
    const tasks = new RecordingTasks();
    const { client } = await startFacade(tasks, { durable: false });
    // When two reviews start at once
    const [one, two] = await Promise.all([start(client, 'B100001-01'), start(client, 'B100002-01')]);
    await until(() => (tasks.of('awaitTriage').length === 2 ? true : undefined), 'both triage waits');
    // Then each waits under its own token, and answering one moves only that one on
    const [a, b] = ['B100001-01', 'B100002-01'].map((ref) => tasks.of('awaitTriage', { ref })[0]);
    expect(a?.taskToken).toBeTruthy();
    expect(a?.taskToken).not.toBe(b?.taskToken);
    await client.send(
      new SendTaskFailureCommand({ taskToken: b?.taskToken, error: 'Review.Denied', cause: '{}' }),
    );
    await until(() => (tasks.of('recordEndOfReview').length ? true : undefined), 'the second review to end');
    expect(tasks.of('recordEndOfReview')[0]?.ref).toBe('B100002-01');
    expect(tasks.of('markUnderReview')).toEqual([]);
    expect(await statusOf(client, one.executionArn ?? '')).toBe('RUNNING');
    expect(await statusOf(client, two.executionArn ?? '')).toBe('SUCCEEDED');
  });

  it('resumes a waiting triage after a restart under its original token, without invoking anything twice', async () => {
    // Given a review waiting for triage when the facade stops
    const before = new RecordingTasks();
    const first = await startFacade(before);
    const { executionArn } = await start(first.client, 'B200001-01');
    const token = (await until(() => before.of('awaitTriage')[0], 'the triage wait')).taskToken;
    await stopFacade();

    // When it starts again on the same data
    const after = new RecordingTasks();
    const { client } = await startFacade(after);

    // Then the execution is still running, and repeating its start is the idempotent repeat it was
    expect(await statusOf(client, executionArn ?? '')).toBe('RUNNING');
    expect((await start(client, 'B200001-01')).executionArn).toBe(executionArn);
    // And the token handed out before the restart decides the triage
    await client.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ route: 'departments' }) }),
    );
    await until(
      () => (after.of('awaitDepartmentReview').length === 2 ? true : undefined),
      'both departments',
    );
    // And nothing that had already run before the restart ran again (no second receipt, no new triage mail)
    expect(after.of('requestReceived')).toEqual([]);
    expect(after.of('awaitTriage')).toEqual([]);
    expect(after.of('markUnderReview')).toHaveLength(1);
    // And a spent token is refused
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskDoesNotExist);
  });

  it('replays a half-decided Map: the decided department stays decided, the waiting one keeps its link token', async () => {
    // Given a review at two departments, MECH approved and PHYS waiting, when the facade stops
    const before = new RecordingTasks();
    const first = await startFacade(before);
    const { executionArn } = await start(first.client, 'B300001-01');
    const triage = await until(() => before.of('awaitTriage')[0], 'the triage wait');
    await first.client.send(new SendTaskSuccessCommand({ taskToken: triage.taskToken, output: '{}' }));
    await until(
      () => (before.of('awaitDepartmentReview').length === 2 ? true : undefined),
      'both departments',
    );
    const mech = before.of('awaitDepartmentReview', { subjectArea: 'MECH' })[0];
    const phys = before.of('awaitDepartmentReview', { subjectArea: 'PHYS' })[0];
    await first.client.send(new SendTaskSuccessCommand({ taskToken: mech?.taskToken, output: '{"MECH":1}' }));
    await stopFacade();

    // When it starts again and PHYS answers through the token it was mailed before the restart
    const after = new RecordingTasks();
    const { client } = await startFacade(after);
    await client.send(new SendTaskSuccessCommand({ taskToken: phys?.taskToken, output: '{"PHYS":1}' }));

    // Then the review completes with both approvals, and no department was asked again
    await succeeded(client, executionArn ?? '');
    expect(after.of('awaitDepartmentReview')).toEqual([]);
    expect(after.of('recordApproval')).toHaveLength(1);
    expect(after.calls.map((c) => c.task)).toEqual(['recordApproval']);
    expect(JSON.parse(JSON.stringify(after.of('recordApproval')[0]))).toMatchObject({
      approvals: [{ MECH: 1 }, { PHYS: 1 }],
    });
  });

  it('keeps a waiting task’s deadline across a restart: one overdue by then times out into its reminder at once', async () => {
    // Given a triage wait of "7 days" lasting 2 seconds, stopped before its deadline
    const before = new RecordingTasks();
    const first = await startFacade(before, { weekSeconds: 2 });
    await start(first.client, 'B400001-01');
    await until(() => before.of('awaitTriage')[0], 'the triage wait');
    await stopFacade();
    // When the facade is down past that deadline and then starts again
    await new Promise((r) => setTimeout(r, 2_200));
    const after = new RecordingTasks();
    const restarted = Date.now();
    await startFacade(after, { weekSeconds: 2 });
    // Then the overdue wait times out promptly, and the reminder phase asks again with a fresh token
    const reminder = await until(() => after.of('awaitTriage', { phase: 'reminder' })[0], 'the reminder');
    expect(Date.now() - restarted).toBeLessThan(1_500);
    expect(reminder.taskToken).not.toBe(before.of('awaitTriage')[0]?.taskToken);
    expect(after.of('awaitTriage', { phase: 'request' })).toEqual([]);
  });

  it('counts a waiting task’s remaining time across a restart, not a fresh timeout', async () => {
    // Given a triage wait of "7 days" lasting 3 seconds, stopped soon after it began
    const before = new RecordingTasks();
    const first = await startFacade(before, { weekSeconds: 3 });
    await start(first.client, 'B400002-01');
    const waitBegan = (await until(() => before.of('awaitTriage')[0], 'the triage wait')).at;
    await stopFacade();
    // When the facade is down for a while and starts again
    await new Promise((r) => setTimeout(r, 1_500));
    const after = new RecordingTasks();
    await startFacade(after, { weekSeconds: 3 });
    // Then the reminder comes when the original deadline passes (a fresh wait would end 3 s after the restart)
    const reminder = await until(() => after.of('awaitTriage', { phase: 'reminder' })[0], 'the reminder');
    expect(reminder.at - waitBegan).toBeGreaterThanOrEqual(2_500);
    expect(reminder.at - waitBegan).toBeLessThan(4_800);
  });

  it('invokes again, with the same token, a callback task whose function had not returned at the stop', async () => {
    // Given the triage function still running when the facade stops
    const before = new RecordingTasks();
    before.hanging.add('awaitTriage');
    const first = await startFacade(before);
    const { executionArn } = await start(first.client, 'B400003-01');
    const token = (await until(() => before.of('awaitTriage')[0], 'the triage wait')).taskToken;
    await stopFacade();
    // When it starts again
    const after = new RecordingTasks();
    const { client } = await startFacade(after);
    // Then the function is asked again (at least once, as Lambda), under the token it may already have stored
    const again = await until(() => after.of('awaitTriage')[0], 'the triage function to run again');
    expect(again.taskToken).toBe(token);
    expect(after.of('requestReceived')).toEqual([]);
    await client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    await until(() => after.of('departmentsToReview')[0], 'the review to move on');
    expect(await statusOf(client, executionArn ?? '')).toBe('RUNNING');
  });

  it('keeps finished executions and their names across a restart', async () => {
    // Given a review that ended before a restart
    const before = new RecordingTasks();
    const first = await startFacade(before);
    const { executionArn } = await start(first.client, 'B500001-01');
    const triage = await until(() => before.of('awaitTriage')[0], 'the triage wait');
    await first.client.send(
      new SendTaskFailureCommand({
        taskToken: triage.taskToken,
        error: 'Review.NeedFurtherInfo',
        cause: '{}',
      }),
    );
    await succeeded(first.client, executionArn ?? '');
    await stopFacade();
    // When the facade starts again
    const after = new RecordingTasks();
    const { client } = await startFacade(after);
    // Then the execution is still described as it ended, nothing of it runs again, and its name is taken
    expect(await statusOf(client, executionArn ?? '')).toBe('SUCCEEDED');
    expect(after.calls).toEqual([]);
    await expect(start(client, 'B500001-01')).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('fails the next calls of an operation as AWS would while faults are injected, then recovers', async () => {
    // Given a facade with two StartExecution faults injected over HTTP
    const tasks = new RecordingTasks();
    const { facade, client } = await startFacade(tasks, { durable: false });
    const injected = await fetch(`${facade.endpoint}/__faults`, {
      method: 'POST',
      body: JSON.stringify({ operation: 'StartExecution', count: 2 }),
    });
    expect(injected.status).toBe(200);
    // When StartExecution is called three times (the client makes one attempt per call)
    const outcomes = [];
    for (const ref of ['B600001-01', 'B600001-01', 'B600001-01']) {
      outcomes.push(
        await start(client, ref).then(
          () => 'started',
          (e: Error) => e.name,
        ),
      );
    }
    // Then the first two fail as the service being unavailable, and only the third starts the review
    expect(outcomes).toEqual(['ServiceUnavailable', 'ServiceUnavailable', 'started']);
    await until(() => tasks.of('requestReceived')[0], 'the review to start');
    expect(tasks.of('requestReceived')).toHaveLength(1);

    // And faults set through the method are cleared by DELETE
    facade.injectFaults('DescribeExecution', 5, 'ThrottlingException');
    await expect(client.send(new DescribeExecutionCommand({ executionArn: 'arn:x' }))).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    expect((await fetch(`${facade.endpoint}/__faults`, { method: 'DELETE' })).status).toBe(200);
    await expect(client.send(new DescribeExecutionCommand({ executionArn: 'arn:x' }))).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
  });

  it('lets the SDK’s own retries absorb faults: one call with 3 attempts consumes 3', async () => {
    // Given three injected faults and a client with the SDK's default of 3 attempts
    const tasks = new RecordingTasks();
    const { facade } = await startFacade(tasks, { durable: false });
    facade.injectFaults('StartExecution', 3);
    const retrying = new SFNClient({
      endpoint: facade.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    try {
      // When it starts a review twice
      const first = await start(retrying, 'B700001-01').then(
        () => 'started',
        (e: Error) => e.name,
      );
      const second = await start(retrying, 'B700001-01').then(() => 'started');
      // Then the first call fails after its three attempts, and the second succeeds
      expect([first, second]).toEqual(['ServiceUnavailable', 'started']);
    } finally {
      retrying.destroy();
    }
  });
});
