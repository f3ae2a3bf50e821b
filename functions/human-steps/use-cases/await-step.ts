// A workflow's callback task arrives at a human step (request), or its wait timed out into the next
// phase (reminder after N days, escalation after M).
//
// Input: the step's declaration, the subject, the step id, the task token and the phase.
// Output: the wait recorded with this token (a reminder or escalation keeps when it began); each person
//   asked is mailed (on link steps with a fresh link of their own, never the token); on escalation the
//   step's escalation contact is told. A mail that cannot be sent is logged, never fails the step: the
//   wait stands, the reminder mails again and the escalation reaches ARO.
import { NotFoundError } from '../../commons/errors.js';
import { logger } from '../../commons/logger.js';
import type { Mail, Mailer } from '../../commons/mail.js';
import { newActionLink } from '../domain/action-link.js';
import type { AwaitPhase, Subject } from '../domain/steps.js';
import type { AwaitedStep } from '../entities/awaited-step.js';
import type { HumanStep } from '../step.js';
import type { HumanStepStore } from './ports.js';

export interface HumanStepSettings {
  /** The API's public URL: links are `<linkBaseUrl><step's link path>/<id>`. */
  linkBaseUrl: string;
  linkValidDays: number;
}

export interface AwaitStepDeps {
  store: HumanStepStore;
  mailer: Mailer;
  settings: HumanStepSettings;
  now: () => Date;
}

export const daysSince = (since: string, now: Date): number =>
  Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 86_400_000));

export async function awaitStep<C, D>(
  deps: AwaitStepDeps,
  step: HumanStep<C, D>,
  wait: { subject: Subject; stepId: string; taskToken: string; phase: AwaitPhase },
): Promise<AwaitedStep> {
  const context = await step.load(wait.subject);
  if (context === undefined) throw new NotFoundError(`No ${wait.subject.kind} ${wait.subject.id}`);
  const now = deps.now();
  const awaited = await deps.store.awaitStep(wait, now.toISOString());
  const waitingDays = daysSince(awaited.since, now);
  const recipients = await step.recipients(context, wait.stepId);

  const mails: Mail[] = [];
  if (wait.phase !== 'escalation' || step.mails.remindOnEscalation) {
    const write = wait.phase === 'request' ? step.mails.request : step.mails.reminder;
    for (const recipient of recipients) {
      let link: { url: string; expiresOn: string } | undefined;
      if (step.link) {
        const issued = newActionLink(
          { subject: wait.subject, stepId: wait.stepId, recipient },
          now,
          deps.settings.linkValidDays,
        );
        await deps.store.putLink(issued.link);
        link = {
          url: `${deps.settings.linkBaseUrl}${step.link.path}/${issued.id}`,
          expiresOn: issued.link.expiresOn.slice(0, 10),
        };
      }
      mails.push(write({ context, stepId: wait.stepId, recipient, waitingDays, ...(link ? { link } : {}) }));
    }
  }
  if (wait.phase === 'escalation') {
    mails.push(step.mails.escalation({ context, stepId: wait.stepId, waitingDays, recipients }));
  }
  for (const mail of mails) {
    try {
      await deps.mailer.send(mail);
    } catch (error) {
      logger.error('Human-step mail not sent; the reminder will send it again', {
        subject: wait.subject,
        stepId: wait.stepId,
        to: mail.to,
        error,
      });
    }
  }
  return awaited;
}
