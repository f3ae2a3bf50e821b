// The person's side of a step decided through emailed links (DESIGN decision 5).
//
// viewLink — Input: a link id from an email. Output: the confirmation page (what the step declares
//   it shows, and its decision form), or a page saying the link is unknown, expired or already used.
//   Changes nothing: mail scanners fetch it (GET and HEAD).
// decideByLink — Input: link id and the posted form. Output: the decision recorded and handed to the
//   workflow (decideStep); a bad form comes back with each field's issue; a second POST gets
//   "already decided". If the workflow cannot be reached the record is undone: try again.
// renewLink — an expired link: a fresh one is emailed to the person it was for, never to an address
//   the visitor gives.
import type { Mailer } from '../../commons/mail.js';
import { hashLinkId, linkState, newActionLink } from '../domain/action-link.js';
import { stepKindOf } from '../domain/steps.js';
import type { Site } from '../edge/blocks.js';
import {
  alreadyDecidedPage,
  confirmationPage,
  linkExpiredPage,
  linkNotFoundPage,
  linkRenewedPage,
  recordedPage,
} from '../edge/pages.js';
import type { ActionLink } from '../entities/action-link.js';
import type { AwaitedStep } from '../entities/awaited-step.js';
import type { HumanStep, LinkDecision } from '../step.js';
import { type DecideDeps, decideStep, StepAlreadyDecidedError } from './decide.js';

export interface Page {
  statusCode: number;
  html: string;
}

/** The steps one links handler serves, and what its pages share. */
export interface LinkSteps {
  site: Site;
  // biome-ignore lint/suspicious/noExplicitAny: each step has its own context and decision types
  steps: readonly HumanStep<any, any>[];
}

export interface LinkDeps extends DecideDeps {
  mailer: Mailer;
  linkValidDays: number;
}

type LinkStep = HumanStep<unknown, unknown> & { link: LinkDecision<unknown, unknown> };

type Resolved =
  | { link: ActionLink; awaited: AwaitedStep; context: unknown; step: LinkStep }
  /** An expired link still names its step and subject: what renewing it needs. */
  | { page: Page; expired?: { link: ActionLink; context: unknown; step: LinkStep } };

const named = (step: LinkStep, link: ActionLink) => ({
  wording: step.link.wording,
  subjectId: link.subject.id,
  stepTitle: step.title(link.stepId),
});

async function resolve(deps: LinkDeps, links: LinkSteps, linkId: string): Promise<Resolved> {
  const notFound = { page: { statusCode: 404, html: linkNotFoundPage(links.site) } };
  const link = await deps.store.getLink(hashLinkId(linkId));
  if (!link) return notFound;
  const step = links.steps.find(
    (s): s is LinkStep =>
      s.kind === stepKindOf(link.stepId) && s.subject.kind === link.subject.kind && !!s.link,
  );
  if (!step) return notFound;
  const state = linkState(link, deps.now());
  const decided = (recorded: boolean) => ({
    page: {
      statusCode: 409,
      html: alreadyDecidedPage(links.site, {
        ...named(step, link),
        ...(recorded && link.usedAt ? { decidedOn: link.usedAt.slice(0, 10) } : {}),
        ...(recorded && link.outcome ? { outcome: link.outcome } : {}),
      }),
    },
  });
  if (state === 'used') return decided(true);
  const [awaited, context] = await Promise.all([
    deps.store.getAwaited(link.subject, link.stepId),
    step.load(link.subject),
  ]);
  // Settled by the workflow (decided, withdrawn, or superseded by a newer round), or the subject gone.
  if (!awaited || context === undefined) return decided(false);
  if (state === 'expired') {
    return {
      page: {
        statusCode: 410,
        // Relative to <path>/<id>: the renewal is <path>/<id>/renew.
        html: linkExpiredPage(links.site, { ...named(step, link), renewPath: `${linkId}/renew` }),
      },
      // A step someone has just decided through another link is not worth a new link.
      ...(awaited.decisionId ? {} : { expired: { link, context, step } }),
    };
  }
  // Decided through another link or by another party, the workflow not yet moved on.
  if (awaited.decisionId) return decided(false);
  return { link, awaited, context, step };
}

async function confirmation(
  deps: LinkDeps,
  links: LinkSteps,
  r: { link: ActionLink; context: unknown; step: LinkStep },
  extra: { values?: Record<string, string>; issues?: { field: string; reason: string }[] } = {},
): Promise<string> {
  return confirmationPage(links.site, {
    heading: r.step.link.wording.heading,
    blocks: await r.step.link.page(r.context, r.link.stepId),
    form: r.step.link.form(deps.now()),
    // Relative: the form posts back to the very URL the person opened.
    actionPath: '',
    ...extra,
  });
}

export async function viewLink(deps: LinkDeps, links: LinkSteps, linkId: string): Promise<Page> {
  const resolved = await resolve(deps, links, linkId);
  if ('page' in resolved) return resolved.page;
  return { statusCode: 200, html: await confirmation(deps, links, resolved) };
}

export async function decideByLink(
  deps: LinkDeps,
  links: LinkSteps,
  linkId: string,
  form: Readonly<Record<string, string | undefined>>,
): Promise<Page> {
  const resolved = await resolve(deps, links, linkId);
  if ('page' in resolved) return resolved.page;
  const { link, step } = resolved;
  const parsed = step.link.parse(form, { recipient: link.recipient, stepId: link.stepId, now: deps.now() });
  if ('issues' in parsed) {
    const values = Object.fromEntries(
      Object.entries(form).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    return {
      statusCode: 400,
      html: await confirmation(deps, links, resolved, { values, issues: parsed.issues }),
    };
  }
  try {
    await decideStep(deps, step, {
      subject: link.subject,
      stepId: link.stepId,
      decision: parsed.decision,
      actor: link.recipient.email,
      link,
    });
  } catch (error) {
    if (error instanceof StepAlreadyDecidedError) {
      return { statusCode: 409, html: alreadyDecidedPage(links.site, named(step, link)) };
    }
    throw error;
  }
  return {
    statusCode: 200,
    html: recordedPage(links.site, {
      subjectId: link.subject.id,
      ...step.link.recorded(parsed.decision, link.stepId),
    }),
  };
}

export async function renewLink(
  deps: LinkDeps,
  links: LinkSteps,
  linkId: string,
  linkBaseUrl: string,
): Promise<Page> {
  const resolved = await resolve(deps, links, linkId);
  // Still usable: nothing to renew; show it as it is.
  if (!('page' in resolved)) return { statusCode: 200, html: await confirmation(deps, links, resolved) };
  if (!resolved.expired) return resolved.page;
  const { link, context, step } = resolved.expired;
  const { id, link: fresh } = newActionLink(link, deps.now(), deps.linkValidDays);
  await deps.store.putLink(fresh);
  await deps.mailer.send(
    step.mails.request({
      context,
      stepId: link.stepId,
      recipient: link.recipient,
      waitingDays: 0,
      link: { url: `${linkBaseUrl}${step.link.path}/${id}`, expiresOn: fresh.expiresOn.slice(0, 10) },
    }),
  );
  return { statusCode: 200, html: linkRenewedPage(links.site, named(step, link)) };
}
