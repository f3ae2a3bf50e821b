// What a workflow declares for each step at which it waits for a person (DESIGN decision 9). The
// human-step module serves every declared step the same way: the awaited step and its task token,
// scanner-safe action links, record-then-respond with undo, the reminder and escalation ladder, and
// the pages and mails at its edge. A workflow brings only what is its own: what its subject is, who
// is asked, what a decision looks like, and the words. docs/human-steps.md walks through one.
import type * as z from 'zod/mini';
import type { FieldIssue } from '../commons/errors.js';
import type { Mail } from '../commons/mail.js';
import type { StoredItem } from '../store/item.js';
import type { Person, StepLadder, Subject } from './domain/steps.js';
import type { FormSpec, LinkWording, PageBlock, Span } from './edge/blocks.js';

/** How a decision reaches the workflow: the task's output, or an error its Catch handles. */
export type TaskAnswer = { output: object } | { error: string };

export interface MailArgs<C> {
  context: C;
  stepId: string;
  recipient: Person;
  waitingDays: number;
  /** The recipient's own link, on steps decided through links. */
  link?: { url: string; expiresOn: string };
}

export interface EscalationArgs<C> {
  context: C;
  stepId: string;
  waitingDays: number;
  /** Who was asked. */
  recipients: Person[];
}

/** The link form of a step decided through emailed links (DESIGN decision 5). */
export interface LinkDecision<C, D> {
  /** Links are `<base URL><path>/<id>`; the route table serves that path. */
  path: string;
  wording: LinkWording;
  /** Options and fields of the form, as of now (e.g. the terms a validity may name). */
  form(now: Date): FormSpec;
  /** The posted form as the decision, or the issues to show beside its fields. */
  parse(
    form: Readonly<Record<string, string | undefined>>,
    by: { recipient: Person; stepId: string; now: Date },
  ): { decision: D } | { issues: FieldIssue[] };
  /** What the confirmation page shows above the form (may presign document links). */
  page(context: C, stepId: string): Promise<PageBlock[]>;
  /** The short words of an outcome, kept on the used link for "already decided". */
  outcome(decision: D): string;
  /** The confirmation after the POST: what was recorded and what happens next. */
  recorded(decision: D, stepId: string): { summary: Span[]; next: string[] };
}

/**
 * One human step kind of a workflow. `C` is what its pages and mails show (the mapping), `D` the
 * decision (validated by `decision` before it is recorded and when the workflow parses it back).
 */
export interface HumanStep<C, D> {
  kind: string;
  subject: SubjectKind;
  /** "ARO triage", "MECH department review": in escalations and on pages. */
  title(stepId: string): string;
  ladder: StepLadder;
  decision: z.ZodMiniType<D>;
  answer(decision: D): TaskAnswer;
  /** What the pages and mails show; undefined when the subject is gone. */
  load(subject: Subject): Promise<C | undefined>;
  /** Who is asked (each gets a link of their own on link steps). */
  recipients(context: C, stepId: string): Promise<Person[]>;
  mails: {
    request(args: MailArgs<C>): Mail;
    reminder(args: MailArgs<C>): Mail;
    escalation(args: EscalationArgs<C>): Mail;
    /** Whether the people asked are reminded again when the step escalates (else only the escalation). */
    remindOnEscalation: boolean;
  };
  /** The audit event of a decision, on the subject's own timeline. */
  audit(decision: D, stepId: string): { action: string; reason?: string };
  /** Items of the workflow's own written with the decision (and taken back with it). */
  extras?(args: { subject: Subject; stepId: string; decision: D; since: string; at: string }): StoredItem[];
  link?: LinkDecision<C, D>;
}

/**
 * Where a subject's audit events live: its own partition and id, so a step's decision reads in the
 * subject's timeline beside its state changes.
 */
export interface SubjectKind {
  kind: string;
  auditSubject(id: string): { subjectPk: string; subjectId: string };
}
