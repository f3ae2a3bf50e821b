import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AroHelpContacts, HelpContacts } from '../../functions/help/contracts.js';
import { AuditEventEntity } from '../../functions/store/audit.js';
import { api, signIn } from '../support/api.js';
import { documentClient, runtimeEnv } from '../support/aws.js';

// Help (guide §6, ARO Contact Information; issue 10 item 3) over HTTP: anyone reads the contacts the
// guide gives, signed in or not; ARO changes them under the version read, each change audited with
// the staff member; bad values are refused naming the field; of two edits from one version one
// lands; students and the signed-out cannot change them.

type Issues = { error: string; message: string; issues: { field: string; reason: string }[] };

const guide = {
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

let aro: string;
let student: string;

const read = () => api<HelpContacts>('GET', '/help/contacts');
const put = (token: string | undefined, body: unknown) =>
  api<AroHelpContacts & Issues>('PUT', '/admin/help/contacts', { ...(token ? { token } : {}), body });
const withSengPhone = (phone: string) =>
  guide.schools.map((s) => (s.school === 'SENG' ? { ...s, phone } : s));

async function auditTrail() {
  const { Items = [] } = await documentClient().send(
    new QueryCommand({
      TableName: runtimeEnv().TABLE_NAME as string,
      KeyConditionExpression: 'pk = :pk and begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'HELP', ':prefix': AuditEventEntity.prefix('CONTACTS') },
    }),
  );
  return Items.map(AuditEventEntity.fromItem);
}

beforeAll(async () => {
  [aro, student] = await Promise.all([signIn('aro-001'), signIn('20853127')]);
});

// Whatever this file changed, the runtime is left with the guide's contacts.
afterAll(async () => {
  const current = await read();
  await put(aro, { ...guide, version: current.body.version });
});

describe('Help: the §6 contacts', () => {
  it('are the guide’s, for anyone, signed in or not', async () => {
    // Given nobody signed in, when the Help page reads the contacts
    const anonymous = await read();
    // Then they are the guide's §6 table, phone per school, the enquiry form and ITSO
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toMatchObject(guide);
    expect(anonymous.body.version).toBeGreaterThanOrEqual(0);
    // And no staff id of who changed them is shown to the public
    expect(anonymous.body).not.toHaveProperty('updatedBy');
    // And a signed-in student reads the same
    const signedIn = await api<HelpContacts>('GET', '/help/contacts', { token: student });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject(guide);
  });

  it('ARO changes them under the version read, audited with the staff member', async () => {
    const before = await read();
    // When ARO gives SENG a new phone number (written with a space, as people do)
    const changed = await put(aro, {
      ...guide,
      schools: withSengPhone('3469 3174'),
      version: before.body.version,
    });
    // Then the next version is stored, naming who changed it
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ version: before.body.version + 1, updatedBy: 'aro-001' });
    expect(changed.body.schools.find((s) => s.school === 'SENG')?.phone).toBe('34693174');
    // And everyone reads the new number
    const after = await read();
    expect(after.body.schools.find((s) => s.school === 'SENG')?.phone).toBe('34693174');
    expect(after.body.version).toBe(before.body.version + 1);
    // And the audit trail names the actor and what changed
    const event = (await auditTrail()).find((e) => e.to === `v${after.body.version}`);
    expect(event).toMatchObject({
      actor: 'aro-001',
      from: `v${before.body.version}`,
      action: expect.stringContaining('SENG phone 34693172 → 34693174'),
    });
  });

  it('refuses bad values, naming the field, and changes nothing', async () => {
    const before = await read();
    const { version } = before.body;
    const cases: [unknown, string, RegExp][] = [
      [
        { ...guide, schools: [{ school: 'SENG', phone: '3469-31' }], version },
        'body.schools.0.phone',
        /8 digits/,
      ],
      [
        { ...guide, enquiryFormUrl: 'http://registry.hkust.edu.hk/enquiry', version },
        'body.enquiryFormUrl',
        /https/,
      ],
      [
        { ...guide, technicalIssues: { office: 'ITSO', email: 'cchelp' }, version },
        'body.technicalIssues.email',
        /email/,
      ],
      [{ ...guide, schools: [], version }, 'body.schools', /at least one/],
      [
        { ...guide, schools: [{ school: 'seng', phone: '34693172' }], version },
        'body.schools.0.school',
        /capital/,
      ],
      [
        { ...guide, schools: [...guide.schools, { school: 'SBM', phone: '34693179' }], version },
        'body.schools.5.school',
        /SBM is listed twice/,
      ],
      [{ ...guide }, 'body.version', /version read/],
      [{ ...guide, team: '  ', version }, 'body.team', /required/],
    ];
    for (const [body, field, reason] of cases) {
      const answer = await put(aro, body);
      expect(answer.status, field).toBe(400);
      expect(answer.body.issues, field).toEqual(
        expect.arrayContaining([{ field, reason: expect.stringMatching(reason) }]),
      );
    }
    // A body that is not JSON is refused as such
    const garbled = await api<Issues>('PUT', '/admin/help/contacts', { token: aro, rawBody: '{"team":' });
    expect(garbled.status).toBe(400);
    expect(garbled.body.issues).toEqual([{ field: 'body', reason: 'is not valid JSON' }]);
    // And nothing changed
    expect((await read()).body).toEqual(before.body);
  });

  it('of two edits from the same version, one lands and the other is a 409 to read again', async () => {
    const { version } = (await read()).body;
    // Given two ARO staff edit from the same version at once
    const [first, second] = await Promise.all([
      put(aro, { ...guide, schools: withSengPhone('34690001'), version }),
      put(await signIn('aro-002'), { ...guide, schools: withSengPhone('34690002'), version }),
    ]);
    // Then exactly one lands and the other is told to read again
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    const winner = first.status === 200 ? first : second;
    expect(loser.body.message).toMatch(/changed meanwhile/);
    // And what is stored is the winner's, one version on
    const after = await read();
    expect(after.body.version).toBe(version + 1);
    expect(after.body.schools).toEqual(winner.body.schools);
    // And an edit from a version read earlier is refused too, naming the versions
    const stale = await put(aro, { ...guide, version });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toContain(`version ${version + 1}, not ${version}`);
    // And exactly one audit event records the change to that version
    expect((await auditTrail()).filter((e) => e.to === `v${version + 1}`)).toHaveLength(1);
  });

  it('cannot be changed by a student or without signing in', async () => {
    const before = await read();
    const body = { ...guide, schools: withSengPhone('34699999'), version: before.body.version };
    expect((await put(student, body)).status).toBe(403);
    expect((await put(undefined, body)).status).toBe(401);
    expect((await read()).body).toEqual(before.body);
  });
});
