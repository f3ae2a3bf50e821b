import * as z from 'zod/mini';
import { jsonOperation, lazySchema } from '../commons/contracts.js';

// Help (guide §6, ARO Contact Information): who a student calls or writes to about CTS — the Credit
// Transfer and Graduation Team of the Academic Registry by phone per school or through the ARO
// enquiry form, and the ITSO for technical issues. Anyone may read them (the Help page and the
// footer show them before sign-in too); only ARO changes them, as a whole, under the version read.

/** A school's code as the guide lists it (AIS, SBM, SENG, SHSS, SSCI). */
const schoolCode = lazySchema(() =>
  z
    .string({ message: 'must be a school code such as SENG' })
    .check(
      z.trim(),
      z.regex(/^[A-Z]{2,10}$/, 'must be a school code of 2 to 10 capital letters, such as SENG'),
    ),
);

/** A Hong Kong number of 8 digits, as the guide writes them (34693173); one space in the middle is let through. */
const phone = lazySchema(() =>
  z.pipe(
    z
      .string({ message: 'must be a phone number such as 34693173' })
      .check(
        z.trim(),
        z.regex(/^\d{4} ?\d{4}$/, 'must be a Hong Kong phone number of 8 digits, such as 34693173'),
      ),
    z.transform((p) => p.replace(' ', '')),
  ),
);

const text = (max: number) =>
  z
    .string({ message: 'is required' })
    .check(z.trim(), z.minLength(1, 'is required'), z.maxLength(max, `must be at most ${max} characters`));

export const schoolContact = lazySchema(() =>
  z.object({ school: schoolCode, phone }, { message: 'must be a JSON object with school and phone' }),
);

const contactFields = () => ({
  team: text(200).check(
    z.describe(
      'Who answers questions on the use of CTS: the Credit Transfer and Graduation Team of the Academic Registry',
    ),
  ),
  schools: z
    .array(schoolContact, { message: 'must be a list of schools with their phone numbers' })
    .check(
      z.minLength(1, 'must list at least one school'),
      z.maxLength(20, 'must list at most 20 schools'),
      z.describe('The phone number to call, per school'),
    ),
  enquiryFormUrl: z
    .url({ protocol: /^https$/, message: 'must be an https:// address' })
    .check(z.maxLength(500, 'must be at most 500 characters'), z.describe('The ARO Enquiry Form')),
  technicalIssues: z
    .object(
      {
        office: text(100).check(z.describe('ITSO')),
        email: z.email({ message: 'must be an email address' }).check(z.maxLength(254)),
      },
      { message: 'must be a JSON object with office and email' },
    )
    .check(z.describe('Whom to contact for technical issues')),
});

/** The contacts as everyone reads them, with the version an update must name. */
export const helpContacts = lazySchema(() =>
  z.object({
    ...contactFields(),
    version: z
      .number()
      .check(z.int(), z.describe('The version to send back with an update (0: as the guide, never changed)')),
    updatedAt: z.optional(z.string()).check(z.describe('When ARO last changed them')),
  }),
);

/** What ARO reads back after an update: also who changed them. */
export const aroHelpContacts = lazySchema(() =>
  z.extend(helpContacts, {
    updatedBy: z.optional(z.string()).check(z.describe('The ARO staff id of the last change')),
  }),
);

export const helpContracts = {
  getHelpContacts: jsonOperation(() => ({
    responses: { 200: helpContacts },
  })),
  putHelpContacts: jsonOperation(() => ({
    request: z.object({
      body: z.object(
        {
          ...contactFields(),
          version: z
            .number({ message: 'must be the version read' })
            .check(
              z.int('must be the version read'),
              z.nonnegative('must be the version read'),
              z.describe('The version read (getHelpContacts)'),
            ),
        },
        { message: 'must be a JSON object with team, schools, enquiryFormUrl, technicalIssues and version' },
      ),
    }),
    responses: { 200: aroHelpContacts },
  })),
} as const;

export type HelpContacts = z.infer<typeof helpContacts>;
export type AroHelpContacts = z.infer<typeof aroHelpContacts>;
export type SchoolContact = z.infer<typeof schoolContact>;
export type PutHelpContactsBody = z.output<typeof helpContracts.putHelpContacts.request>['body'];
