import type { HelpContacts, SchoolContact } from '../contracts.js';

// The guide's §6 "ARO Contact Information", word for word: what the Help page shows until ARO
// changes it (and what the local seed writes). The same enquiry form serves every school.

export type ContactDetails = Omit<HelpContacts, 'version' | 'updatedAt'>;

export const guideContacts: ContactDetails = {
  team: 'Credit Transfer and Graduation Team of the Academic Registry',
  schools: [
    { school: 'AIS', phone: '34693173' },
    { school: 'SBM', phone: '34693171' },
    { school: 'SENG', phone: '34693172' },
    { school: 'SHSS', phone: '34693173' },
    { school: 'SSCI', phone: '34693173' },
  ],
  enquiryFormUrl: 'https://registry.hkust.edu.hk/enquiry',
  technicalIssues: { office: 'ITSO', email: 'cchelp@ust.hk' },
};

/** The index of the first school listed a second time, or undefined when each is listed once. */
export function repeatedSchool(schools: readonly SchoolContact[]): number | undefined {
  const index = schools.findIndex((s, i) => schools.findIndex((t) => t.school === s.school) < i);
  return index === -1 ? undefined : index;
}

/**
 * What changed, in words, for the audit trail: each school added, removed or with a new phone, the
 * enquiry form, the team, the technical contact. Empty when nothing did.
 */
export function describeChange(before: ContactDetails, after: ContactDetails): string[] {
  const changes: string[] = [];
  const phoneOf = (list: readonly SchoolContact[], school: string) =>
    list.find((s) => s.school === school)?.phone;
  for (const { school, phone } of after.schools) {
    const old = phoneOf(before.schools, school);
    if (old === undefined) changes.push(`${school} added (${phone})`);
    else if (old !== phone) changes.push(`${school} phone ${old} → ${phone}`);
  }
  for (const { school } of before.schools) {
    if (phoneOf(after.schools, school) === undefined) changes.push(`${school} removed`);
  }
  const order = (list: readonly SchoolContact[]) => list.map((s) => s.school).join(',');
  if (changes.length === 0 && order(before.schools) !== order(after.schools))
    changes.push('schools reordered');
  if (before.enquiryFormUrl !== after.enquiryFormUrl)
    changes.push(`enquiry form ${before.enquiryFormUrl} → ${after.enquiryFormUrl}`);
  if (before.team !== after.team) changes.push(`team "${before.team}" → "${after.team}"`);
  const tech = (c: ContactDetails) => `${c.technicalIssues.office} (${c.technicalIssues.email})`;
  if (tech(before) !== tech(after)) changes.push(`technical issues ${tech(before)} → ${tech(after)}`);
  return changes;
}
