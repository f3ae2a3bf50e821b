import type { Person } from '../../human-steps/domain/steps.js';
import { p } from '../../human-steps/edge/blocks.js';
import { renderMail } from '../../human-steps/edge/mail.js';
import { mailSend, type OutboxMessageOf } from '../../outbox/entities/outbox-item.js';
import type { Application } from '../entities/application.js';
import { applicationFacts } from '../human-steps/words.js';

// The student's mail at every status change of a credit transfer application (guide §5): what the
// status now is, why (an office's or ARO's reason, ARO's note), and what the student can do.

function meaning(a: Application): string[] {
  switch (a.status) {
    case 'Pending Program Office Endorsement': {
      const offices = a.routing?.endorsers.map((o) => o.name).join(', ') ?? 'the program office';
      return [
        `It needs the endorsement of ${offices} before ARO processes it. You will be emailed when they decide.`,
      ];
    }
    case 'Submitted':
      return [
        'ARO will process it. Only verified official transcripts are processed: make sure the Study Record has a Verified official transcript.',
      ];
    case 'Not Endorsed': {
      const declined = a.endorsements?.find((e) => e.outcome === 'Not Endorsed');
      return [
        `${declined?.officeName ?? 'A program office'} did not endorse it.`,
        declined?.reason ? `Reason: ${declined.reason}` : '',
        'You may reopen it as a draft from My Credit Transfer Applications.',
      ];
    }
    case 'Need Further Info':
      return [
        `ARO needs further information: ${a.furtherInfo?.note ?? ''}`,
        'Open the application and press Provide Info to answer.',
      ];
    case 'Approved':
      return [
        `ARO approved it: ${a.decision?.credits ?? 0} HKUST credits transferred, graded "T" (transfer credit, no effect on your grade averages).`,
        ...(a.decision?.transferred ?? []).map((t) => `${t.code}: ${t.credits} credits, grade T`),
      ];
    case 'Rejected':
      return [`ARO rejected it. Reason: ${a.decision?.reason ?? ''}`];
    case 'Withdrawn':
      return ['You withdrew it. You may reopen it as a draft from My Credit Transfer Applications.'];
    case 'Draft':
      return ['It is a draft again: enter the final grades and Submit when ready.'];
  }
}

/** The mail of one status change: keyed by the application's version, so one change mails once. */
export function applicationStatusMail(a: Application, student: Person): OutboxMessageOf<'mail.send'> {
  const mail = renderMail(student, `CTS: credit transfer application ${a.ref} is ${a.status}`, [
    p(`Dear ${student.name?.trim() || 'student'},`),
    p(`Your credit transfer application for ${a.ref} (${a.institutionName}) is now ${a.status}.`),
    ...meaning(a)
      .filter(Boolean)
      .map((line) => p(line)),
    { kind: 'facts', rows: applicationFacts({ application: a }, 'student') },
    p('You can see it in My Credit Transfer Applications on the Study Record in CTS.'),
    p('Best regards,\nAcademic Registry, HKUST'),
  ]);
  return mailSend(`application:${a.applicationId}:v${a.version}`, mail);
}
