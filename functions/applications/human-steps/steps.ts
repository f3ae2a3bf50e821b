// The credit transfer application's human steps, declared for the human-step module
// (docs/human-steps.md): each program office's endorsement through emailed links, the wait for the
// study record's Verified official transcript (the student is asked; a verification ends it), and
// ARO's decision through the admin API. What is the application's own lives here: its subject (an
// application, audited in the student's partition), who is asked, the decisions and their effect on
// the workflow, the words. Everything else is the module's.
import { type Person, qualifierOf, type Subject, stepIdOf } from '../../human-steps/domain/steps.js';
import type { HumanStep, SubjectKind } from '../../human-steps/step.js';
import { studentPk } from '../../records/entities/student.js';
import { applicationOfSubjectId, applicationSubjectId } from '../entities/application.js';
import {
  type AroDecisionChoice,
  applicationErrors,
  aroDecisionSchema,
  type EndorsementDecision,
  endorsementDecisionSchema,
  parseEndorsementForm,
  type TranscriptWaitDecision,
  transcriptWaitSchema,
} from './decisions.js';
import { ctApplicationLadder } from './ladder.js';
import {
  type ApplicationContext,
  applicationEscalationMail,
  aroDecisionMail,
  endorsementForm,
  endorsementLinkWording,
  endorsementPage,
  endorsementRequestMail,
  transcriptNeededMail,
} from './words.js';

/** An application's steps are audited on the application's own timeline, in the student's partition. */
export const applicationSubjectKind: SubjectKind = {
  kind: 'application',
  auditSubject: (id) => {
    const { studentId, applicationId } = applicationOfSubjectId(id);
    return { subjectPk: studentPk(studentId), subjectId: applicationId };
  },
};
export const applicationSubject = (a: { studentId: string; applicationId: string }): Subject => ({
  kind: applicationSubjectKind.kind,
  id: applicationSubjectId(a),
});

export const endorsementStep = (officeId: string): string => stepIdOf('program-office-endorsement', officeId);
export const transcriptWaitStep = stepIdOf('verified-transcript');
export const aroDecisionStep = stepIdOf('aro-decision');
const officeOf = (stepId: string): string => qualifierOf(stepId) ?? '';

/** What the steps read. A handler passes what it has (deciding needs neither); a step needing what is absent fails loudly. */
export interface ApplicationStepPorts {
  load?(subject: Subject): Promise<ApplicationContext | undefined>;
  /** The registry's mailbox: ARO's decisions, escalations, and offices without an address. */
  aro?: Person;
}

const endOrGoOn = (d: { outcome: string }, output: object) =>
  d.outcome in applicationErrors
    ? { error: applicationErrors[d.outcome as keyof typeof applicationErrors] }
    : { output };

const reasonOf = (d: { outcome: string; reason?: string; note?: string }) => d.reason ?? d.note;

export interface ApplicationSteps {
  endorsement: HumanStep<ApplicationContext, EndorsementDecision>;
  transcriptWait: HumanStep<ApplicationContext, TranscriptWaitDecision>;
  aroDecision: HumanStep<ApplicationContext, AroDecisionChoice>;
}

export function applicationSteps(ports: ApplicationStepPorts = {}): ApplicationSteps {
  const aro = (): Person => need(ports.aro, 'registry mailbox (ARO_EMAIL)');
  const load = (subject: Subject) => need(ports.load, 'application reader')(subject);
  const office = (c: ApplicationContext, stepId: string) =>
    c.application.routing?.endorsers.find((o) => o.officeId === officeOf(stepId));
  const officeName = (c: ApplicationContext, stepId: string) => office(c, stepId)?.name ?? officeOf(stepId);

  const endorsement: HumanStep<ApplicationContext, EndorsementDecision> = {
    kind: 'program-office-endorsement',
    subject: applicationSubjectKind,
    title: (stepId) => `${officeOf(stepId)} endorsement`,
    ladder: ctApplicationLadder['program-office-endorsement'],
    decision: endorsementDecisionSchema,
    // Endorsed: the office's Map iteration succeeds; Not Endorsed ends every office's wait at once.
    answer: (d) => endOrGoOn(d, d),
    load,
    recipients: async (c, stepId) => {
      const emails = office(c, stepId)?.emails ?? [];
      // Routing sends an office without an address to ARO (fail closed), so this is a safety net.
      return emails.length > 0 ? emails.map((email) => ({ name: officeName(c, stepId), email })) : [aro()];
    },
    mails: {
      request: ({ context, stepId, recipient, link }) =>
        endorsementRequestMail(
          recipient,
          officeName(context, stepId),
          context,
          need(link, 'endorsement link'),
        ),
      reminder: ({ context, stepId, recipient, link, waitingDays }) =>
        endorsementRequestMail(
          recipient,
          officeName(context, stepId),
          context,
          need(link, 'endorsement link'),
          waitingDays,
        ),
      escalation: ({ context, stepId, waitingDays, recipients }) =>
        applicationEscalationMail(
          aro(),
          context,
          `${officeName(context, stepId)} endorsement`,
          waitingDays,
          recipients[0],
        ),
      remindOnEscalation: true,
    },
    audit: (d, stepId) => ({
      action: `${officeOf(stepId)} endorsement: ${d.outcome}`,
      ...(d.outcome === 'Not Endorsed' ? { reason: d.reason } : {}),
    }),
    link: {
      path: '/endorse',
      wording: endorsementLinkWording,
      form: endorsementForm,
      parse: (form, { recipient, stepId }) => parseEndorsementForm(form, recipient.email, officeOf(stepId)),
      page: async (c, stepId) => endorsementPage(c, officeName(c, stepId)),
      outcome: (d) => d.outcome,
      recorded: (d, stepId) => ({
        summary: [`Decision of ${officeOf(stepId)}: `, { strong: d.outcome }, '.'],
        next: [
          d.outcome === 'Endorsed'
            ? 'ARO processes the application once every program office has endorsed it.'
            : 'The application is not endorsed; the student is emailed your reason.',
        ],
      }),
    },
  };

  const transcriptWait: HumanStep<ApplicationContext, TranscriptWaitDecision> = {
    kind: 'verified-transcript',
    subject: applicationSubjectKind,
    title: () => 'the official transcript',
    ladder: ctApplicationLadder['verified-transcript'],
    decision: transcriptWaitSchema,
    answer: (d) => endOrGoOn(d, d),
    load,
    recipients: async (c) => (c.student ? [{ name: c.student.name, email: c.student.email }] : []),
    mails: {
      request: ({ context, recipient }) => transcriptNeededMail(recipient, context),
      reminder: ({ context, recipient, waitingDays }) =>
        transcriptNeededMail(recipient, context, waitingDays),
      escalation: ({ context, waitingDays }) =>
        applicationEscalationMail(aro(), context, 'the wait for a Verified official transcript', waitingDays),
      remindOnEscalation: true,
    },
    audit: (d) => ({
      action:
        d.outcome === 'Transcript Verified'
          ? 'Official transcript Verified: on to ARO'
          : `ARO: ${d.outcome} (before the official transcript was Verified)`,
      ...(reasonOf(d) ? { reason: reasonOf(d) } : {}),
    }),
  };

  const aroDecision: HumanStep<ApplicationContext, AroDecisionChoice> = {
    kind: 'aro-decision',
    subject: applicationSubjectKind,
    title: () => "ARO's decision",
    ladder: ctApplicationLadder['aro-decision'],
    decision: aroDecisionSchema,
    answer: (d) => endOrGoOn(d, d),
    load,
    recipients: async () => [aro()],
    mails: {
      request: ({ context, recipient }) => aroDecisionMail(recipient, context),
      reminder: ({ context, recipient, waitingDays }) => aroDecisionMail(recipient, context, waitingDays),
      escalation: ({ context, waitingDays }) =>
        applicationEscalationMail(aro(), context, "ARO's decision", waitingDays),
      // ARO is both who is asked and whom the step escalates to: one mail, the escalation.
      remindOnEscalation: false,
    },
    audit: (d) => ({
      action:
        d.outcome === 'Approved'
          ? `ARO: Approved, ${d.credits} HKUST credits transferred`
          : `ARO: ${d.outcome}`,
      ...(reasonOf(d) ? { reason: reasonOf(d) } : {}),
    }),
  };

  return { endorsement, transcriptWait, aroDecision };
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The application's ${what} is not configured in this function`);
  return value;
}
