import type { WorkflowName } from '../../catalog.js';
import type { Mail } from '../../commons/mail.js';
import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';

// What a state change sets off, written in the same transaction as the change and delivered at least
// once afterwards by the outbox dispatcher (DESIGN decisions 7 and 8). A failure after the commit can
// delay a follow-up, never lose it.

/**
 * The kinds of follow-up and their payloads. A new kind (a mail, an integration event) is one entry
 * here plus its deliverer in the dispatcher, whose registry is typed by this map, so a kind without a
 * deliverer does not compile.
 */
export interface OutboxPayloads {
  /** StartExecution of a workflow; the execution name makes a repeat start nothing twice. */
  'workflow.start': { workflow: WorkflowName; executionName: string; input: Record<string, unknown> };
  /** One email, rendered when the change was committed (what it says is what was true then). */
  'mail.send': Mail;
  /** StopExecution (a withdrawn application); stopping a stopped execution changes nothing. */
  'workflow.stop': { workflow: WorkflowName; executionName: string; cause: string };
  /** An integration event for the student information system (functions/integration). */
  'event.publish': { detailType: string; detail: Record<string, unknown> & { eventId: string } };
  /** A study record's official transcript became Verified: what waited for it goes on. */
  'transcript.verified': { studentId: string; recordId: string; transcriptId: string };
  /**
   * An HKUST course changed materially (credits, exclusions, retired): the Approved mappings to it
   * are flagged for re-review and their followers told, once per mapping and catalog version.
   */
  'catalog.course-changed': {
    code: string;
    catalogVersion: number;
    /** What changed, in words ("credits 3 → 4", "retired"). */
    changes: string[];
    changedBy: string;
    changedAt: string;
  };
}

export type OutboxKind = keyof OutboxPayloads;

/** A follow-up as a state change declares it. */
export type OutboxMessage = {
  [K in OutboxKind]: {
    kind: K;
    payload: OutboxPayloads[K];
    /**
     * Unique per follow-up: the item's key, so one state change cannot enqueue the same follow-up
     * twice, and what a deliverer passes on to make its delivery idempotent.
     */
    idempotencyKey: string;
  };
}[OutboxKind];

/** The message as stored, with its delivery state. */
export type OutboxItem = OutboxMessage & {
  createdAt: string;
  /** Failed delivery attempts so far, and the latest error: what ops (and the local feeder's backoff) see. */
  attempts?: number;
  lastAttemptAt?: string;
  lastError?: string;
  deliveredAt?: string;
  /** Given up on locally after too many attempts (in AWS the stream's on-failure queue holds the batch). */
  deadLetteredAt?: string;
};

export type OutboxMessageOf<K extends OutboxKind> = Extract<OutboxMessage, { kind: K }>;

export const workflowStart = (
  workflow: WorkflowName,
  executionName: string,
  input: Record<string, unknown>,
): OutboxMessageOf<'workflow.start'> => ({
  kind: 'workflow.start',
  payload: { workflow, executionName, input },
  idempotencyKey: `workflow.start:${workflow}:${executionName}`,
});

export const workflowStop = (
  workflow: WorkflowName,
  executionName: string,
  cause: string,
): OutboxMessageOf<'workflow.stop'> => ({
  kind: 'workflow.stop',
  payload: { workflow, executionName, cause },
  idempotencyKey: `workflow.stop:${workflow}:${executionName}`,
});

export const transcriptVerified = (
  t: { studentId: string; recordId: string; transcriptId: string },
  version: number,
): OutboxMessageOf<'transcript.verified'> => ({
  kind: 'transcript.verified',
  payload: { studentId: t.studentId, recordId: t.recordId, transcriptId: t.transcriptId },
  idempotencyKey: `transcript.verified:${t.transcriptId}:v${version}`,
});

/**
 * A mail that must follow a state change. `about` names the change (an entity, its id and version),
 * so one change mails once; delivery is at least once, so a crash after sending can repeat it.
 */
export const mailSend = (about: string, mail: Mail): OutboxMessageOf<'mail.send'> => ({
  kind: 'mail.send',
  payload: mail,
  idempotencyKey: `mail.send:${about}`,
});

/** How long a delivered item is kept (for audit and replays) before TTL removes it. */
const keepDeliveredDays = 30;

export const OutboxEntity = {
  type: 'OutboxItem',
  /** One partition per item: a stream record of its insert is the delivery trigger. */
  key: (idempotencyKey: string): Keys => ({ pk: `OUTBOX#${idempotencyKey}`, sk: 'OUTBOX' }),
  /**
   * Undelivered items, oldest first, in the sparse byOwner index: delivering removes the item from
   * it. The local feeder polls it; in AWS it is what a redrive after the dead-letter queue reads.
   */
  pendingQueue: 'OUTBOX#pending',
  deadLetterQueue: 'OUTBOX#dead-letter',
  toItem: (o: OutboxItem): StoredItem => ({
    ...OutboxEntity.key(o.idempotencyKey),
    type: OutboxEntity.type,
    gsi2pk: OutboxEntity.pendingQueue,
    gsi2sk: `${o.createdAt}#${o.idempotencyKey}`,
    ...o,
  }),
  fromItem: (item: Record<string, unknown>): OutboxItem => withoutKeys<OutboxItem>(item),
  isItem: (item: Record<string, unknown>): boolean => item.type === OutboxEntity.type,
  /** Epoch seconds at which a delivered item expires. */
  expiresAt: (deliveredAt: string): number =>
    Math.floor(Date.parse(deliveredAt) / 1000) + keepDeliveredDays * 86_400,
};
