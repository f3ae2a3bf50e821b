import { createHash } from 'node:crypto';
import { type FileHandle, mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

// The durable memory of the local Step Functions facade. AWS keeps an execution's history, so a
// waiting workflow outlives any machine; locally, this journal does. It is an append-only file of JSON
// lines, each one on disk (fsync) before the facade acknowledges what it records, so that a restart
// can re-run every unfinished execution from its input and answer the Task states that had already
// completed from here instead of invoking their functions (and sending their mails) again.

export type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

/** What a Task state returned to the run: its output, or the error Catch and Retry match by name. */
export type TaskOutcome = { output: JSONValue } | { error: string; cause: string };

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface StartedRecord {
  type: 'started';
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  /** Epoch seconds, as DescribeExecution reports it. */
  startDate: number;
  /** `$$.Execution.StartTime` of the first run, given again to every replay. */
  startTime: string;
}

export interface EndedRecord {
  type: 'ended';
  executionArn: string;
  status: Exclude<ExecutionStatus, 'RUNNING'>;
  stopDate: number;
  output?: string;
  error?: string;
  cause?: string;
}

export type JournalRecord =
  | StartedRecord
  | EndedRecord
  | ({ type: 'taskCompleted'; executionArn: string; key: string } & TaskOutcome)
  /** A callback task's token and absolute deadline (epoch ms), written before its function sees the token. */
  | { type: 'callbackWaiting'; executionArn: string; key: string; token: string; deadline: number }
  /** The callback task's function returned: a replay must not invoke it (and mail the links) again. */
  | { type: 'callbackInvoked'; executionArn: string; key: string };

export interface WaitingCallback {
  token: string;
  deadline: number;
  invoked: boolean;
}

export interface JournaledExecution {
  started: StartedRecord;
  outcomes: Map<string, TaskOutcome>;
  callbacks: Map<string, WaitingCallback>;
  ended?: EndedRecord;
}

/** JSON with object keys sorted at every level, so equal values always give the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Names each Task invocation of one execution so that a replay names it the same: the state, its
 * effective input, and how many times that state has already been entered with that input. The input
 * tells Map iterations apart (their items differ); the count tells retries and repeated loops apart.
 * Both are fixed by the execution input and the outcomes replayed before, whatever order concurrent
 * branches happen to run in.
 */
export class ReplayKeys {
  private readonly seen = new Map<string, number>();

  next(stateName: string, input: unknown): string {
    const digest = createHash('sha256').update(canonicalJson(input)).digest('base64url').slice(0, 32);
    const base = `${stateName}:${digest}`;
    const n = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, n);
    return `${base}:${n}`;
  }
}

function apply(executions: Map<string, JournaledExecution>, record: JournalRecord): void {
  if (record.type === 'started') {
    executions.set(record.executionArn, { started: record, outcomes: new Map(), callbacks: new Map() });
    return;
  }
  const execution = executions.get(record.executionArn);
  if (!execution) return;
  switch (record.type) {
    case 'ended':
      execution.ended = record;
      break;
    case 'taskCompleted':
      execution.outcomes.set(
        record.key,
        'output' in record ? { output: record.output } : { error: record.error, cause: record.cause },
      );
      break;
    case 'callbackWaiting':
      execution.callbacks.set(record.key, { token: record.token, deadline: record.deadline, invoked: false });
      break;
    case 'callbackInvoked': {
      const waiting = execution.callbacks.get(record.key);
      if (waiting) waiting.invoked = true;
      break;
    }
  }
}

/** The fewest records that say the same: a finished execution keeps only its start and end. */
function compacted(executions: Map<string, JournaledExecution>): JournalRecord[] {
  const records: JournalRecord[] = [];
  for (const { started, outcomes, callbacks, ended } of executions.values()) {
    const executionArn = started.executionArn;
    records.push(started);
    if (ended) {
      records.push(ended);
      continue;
    }
    for (const [key, outcome] of outcomes)
      records.push({ type: 'taskCompleted', executionArn, key, ...outcome });
    for (const [key, { token, deadline, invoked }] of callbacks) {
      if (outcomes.has(key)) continue;
      records.push({ type: 'callbackWaiting', executionArn, key, token, deadline });
      if (invoked) records.push({ type: 'callbackInvoked', executionArn, key });
    }
  }
  return records;
}

const lines = (records: JournalRecord[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');

export class ExecutionJournal {
  private queue: { line: string; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private flushing: Promise<void> | undefined;
  private closed = false;

  private constructor(private readonly file: FileHandle) {}

  /**
   * Reads what an earlier run journaled, rewrites it compacted (temp file, fsync, rename, so a crash
   * leaves either the old or the new journal, never half of one) and opens it for appending.
   */
  static async open(
    dir: string,
  ): Promise<{ journal: ExecutionJournal; executions: Map<string, JournaledExecution> }> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'executions.jsonl');
    const executions = new Map<string, JournaledExecution>();
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const rows = text.split('\n');
    rows.forEach((row, i) => {
      if (!row.trim()) return;
      try {
        apply(executions, JSON.parse(row) as JournalRecord);
      } catch (error) {
        // Only the last line can be torn (the process died while appending it; it was never acknowledged).
        if (i < rows.length - 1 && rows.slice(i + 1).some((r) => r.trim()))
          throw new Error(`${path} line ${i + 1} is corrupt: ${String(error)}`);
      }
    });

    const temp = `${path}.tmp`;
    const rewrite = await open(temp, 'w');
    try {
      await rewrite.writeFile(lines(compacted(executions)));
      await rewrite.sync();
    } finally {
      await rewrite.close();
    }
    await rename(temp, path);
    const folder = await open(dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
    return { journal: new ExecutionJournal(await open(path, 'a')), executions };
  }

  /** Resolves once the record is on disk. Records appended together share one write and one fsync. */
  append(record: JournalRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The execution journal is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ line: `${JSON.stringify(record)}\n`, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        await this.file.write(batch.map((b) => b.line).join(''));
        await this.file.datasync();
        for (const b of batch) b.resolve();
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    this.flushing = undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flushing;
    await this.file.close();
  }
}
