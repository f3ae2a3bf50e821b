// The words of a credit transfer application's human steps (guide §5): to program offices with
// their endorsement link, to the student while ARO waits for the official transcript, to ARO when
// an application awaits its decision, and the escalations. Blocks only: the human-step module
// renders and escalates (edge/mail.ts, edge/pages.ts).
import type { Mail } from '../../commons/mail.js';
import type { Person } from '../../human-steps/domain/steps.js';
import type { Fact, FormSpec, LinkWording, PageBlock, Site } from '../../human-steps/edge/blocks.js';
import { p } from '../../human-steps/edge/blocks.js';
import { defang, linkBlocks, renderMail } from '../../human-steps/edge/mail.js';
import type { Student } from '../../records/entities/student.js';
import { formatHomeCourse, formatIncomingCourse } from '../../reviews/human-steps/mails.js';
import type { Application } from '../entities/application.js';

/** What an application's pages and mails show: the application and its student. */
export interface ApplicationContext {
  application: Application;
  student?: Student;
}

export const endorsementSite: Site = {
  title: 'Credit Transfer System — Credit transfer endorsement',
  header: 'HKUST Credit Transfer System',
  footer: 'Academic Registry, HKUST',
  contact: 'contact the Academic Registry (ARO)',
};

export const endorsementLinkWording: LinkWording = {
  subject: 'credit transfer application',
  link: 'endorsement link',
  recipient: 'program office',
  others: 'another program office',
  heading: 'Credit transfer endorsement',
};

const signature = p('Best regards,\nAcademic Registry, HKUST');
const days = (n: number): string => (n === 1 ? '1 day' : `${n} days`);
const greeting = (person: Person, fallback: string) => p(`Dear ${person.name?.trim() || fallback},`);

const studentName = (c: ApplicationContext): string =>
  c.student ? `${c.student.name} (${c.student.studentId})` : c.application.studentId;

/** The application as every mail and page lists it. */
export function applicationFacts(c: ApplicationContext, audience: 'office' | 'student' | 'aro'): Fact[] {
  const a = c.application;
  const rows: Fact[] = [
    { label: 'D.B. Ref. No.', values: [a.ref] },
    { label: 'Institution', values: [defang(a.institutionName)] },
    {
      label: 'Incoming course',
      plural: 'Incoming courses',
      values: a.incomingCourses.map(
        (course) =>
          `${defang(formatIncomingCourse(course))}, final grade ${course.finalGrade ?? '(none yet)'}`,
      ),
    },
    {
      label: 'HKUST course',
      plural: 'HKUST courses',
      values: a.homeCourses.map((course) => defang(formatHomeCourse(course))),
    },
  ];
  if (audience !== 'student') {
    rows.unshift({ label: 'Student', values: [defang(studentName(c))] });
    if (c.student)
      rows.splice(1, 0, { label: 'Program', values: [`${c.student.program}, ${c.student.academicYear}`] });
  }
  if (a.late)
    rows.push({
      label: 'Late application',
      values: [`after ${a.late.deadline}: ${defang(a.late.justification)}`],
    });
  if (audience !== 'student' && a.routing && a.routing.matchedRows.length > 0) {
    rows.push({
      label: 'Endorsement rule',
      plural: 'Endorsement rules',
      values: a.routing.matchedRows.map((r) => `${r} (table v${a.routing?.ruleVersion})`),
    });
  }
  return rows;
}

const facts = (c: ApplicationContext, audience: 'office' | 'student' | 'aro') => ({
  kind: 'facts' as const,
  rows: applicationFacts(c, audience),
});

// ---- program offices (link steps) ----

export function endorsementRequestMail(
  office: Person,
  officeName: string,
  c: ApplicationContext,
  link: { url: string; expiresOn: string },
  waitingDays?: number,
): Mail {
  const reminder = waitingDays !== undefined;
  return renderMail(
    office,
    `${reminder ? 'Reminder: c' : 'C'}redit transfer application ${c.application.ref} awaits ${officeName} endorsement`,
    [
      greeting(office, officeName),
      p(
        reminder
          ? `The credit transfer application below has waited ${days(waitingDays)} for the endorsement of ${officeName}.`
          : `The endorsement rules of the Academic Registry require ${officeName} to endorse the credit transfer application below before ARO processes it.`,
      ),
      facts(c, 'office'),
      ...linkBlocks('Endorse or Not Endorse', link.url, link.expiresOn),
      signature,
    ],
  );
}

export function endorsementPage(c: ApplicationContext, officeName: string): PageBlock[] {
  return [
    p(`The Academic Registry asks ${officeName} to endorse this credit transfer application.`),
    { kind: 'heading', text: 'The application' },
    facts(c, 'office'),
    p('Only endorsed applications go on to ARO. If you do not endorse it, the student reads your reason.'),
  ];
}

export const endorsementForm = (): FormSpec => ({
  heading: 'Your decision',
  legend: 'Endorsement',
  options: [
    { value: 'endorse', label: 'Endorse' },
    { value: 'decline', label: 'Not Endorse' },
  ],
  groups: [
    {
      fields: [
        {
          kind: 'textarea',
          name: 'reason',
          label: 'Reason (shown to the student)',
          hint: 'Needed to Not Endorse.',
        },
      ],
    },
  ],
  note: 'Your decision is recorded only when you press Submit decision.',
  submit: 'Submit decision',
});

// ---- the student, while ARO waits for the official transcript ----

export function transcriptNeededMail(student: Person, c: ApplicationContext, waitingDays?: number): Mail {
  return renderMail(student, `Credit transfer application ${c.application.ref}: official transcript needed`, [
    greeting(student, 'student'),
    p(
      waitingDays === undefined
        ? 'ARO is processing your credit transfer application below. '
        : `Reminder: your credit transfer application below has waited ${days(waitingDays)}. `,
      'Only verified official transcripts are processed: ARO can decide once the study record has a Verified official transcript. Upload it in the Official Transcript section of the Study Record, or ask the issuing office to send it.',
    ),
    facts(c, 'student'),
    signature,
  ]);
}

// ---- ARO ----

export function aroDecisionMail(aro: Person, c: ApplicationContext, waitingDays?: number): Mail {
  const a = c.application;
  return renderMail(aro, `Credit transfer application ${a.ref} (${a.applicationId}) awaits ARO's decision`, [
    greeting(aro, 'colleague'),
    p(
      waitingDays === undefined
        ? 'This credit transfer application is ready for ARO: the study record has a Verified official transcript.'
        : `This credit transfer application has waited ${days(waitingDays)} for ARO's decision.`,
    ),
    facts(c, 'aro'),
    p(
      { code: `POST /admin/applications/${a.applicationId}/decision` },
      ' with approve, reject (with a reason) or need-info (with a note).',
    ),
    signature,
  ]);
}

export function applicationEscalationMail(
  aro: Person,
  c: ApplicationContext,
  step: string,
  waitingDays: number,
  asked?: Person,
): Mail {
  return renderMail(aro, `Overdue: credit transfer application ${c.application.ref} at ${step}`, [
    greeting(aro, 'colleague'),
    p(
      `The credit transfer application below has waited ${days(waitingDays)} at ${step}`,
      asked ? `; ${asked.name ?? asked.email} was asked.` : '.',
    ),
    facts(c, 'aro'),
    signature,
  ]);
}
