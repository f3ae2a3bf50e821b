import { randomInt } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SubmittedMappingRequest } from '../../functions/mappings/contracts.js';
import type {
  AddInstitutionResponse,
  Dashboard,
  StudyRecordResponse,
} from '../../functions/records/contracts.js';
import { InstitutionEntity } from '../../functions/reference-data/entities/catalog.js';
import { demoStudent } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { documentClient, eventually, publishedEvents, runtimeEnv } from '../support/aws.js';
import { verifiedPdf } from '../support/uploads.js';

// "+ Add Another Institution" (guide §3.1.2, issue 10 item 1) over HTTP: a new student finds a listed
// institution, adds a non-disclosed On Entry record there and files a mapping request on it at once;
// proposes an institution that is not listed; ten identical adds at once make one record; a bad
// transfer term and an office's category are refused.

// Tam Wai Lun: the seed's new student, with no study record of their own (other files may add some).
const student = demoStudent('21041179');
type Issues = { issues: { field: string; reason: string }[] };
type Search = { institutions: { institutionId: string; name: string; country: string; status: string }[] };

let token: string;
const unique = () => randomInt(100_000, 999_999);

const add = (body: Record<string, unknown>) =>
  api<AddInstitutionResponse & Issues & { error: string; message: string; recordId?: string }>(
    'POST',
    '/students/me/records',
    { token, body },
  );

const onEntry = { qualification: 'Associate Degree', studyPeriod: '2021-2023', transferTerm: '2024-25 Fall' };

async function institution(id: string) {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: runtimeEnv().TABLE_NAME as string, Key: InstitutionEntity.key(id) }),
  );
  return Item ? InstitutionEntity.fromItem(Item) : undefined;
}

beforeAll(async () => {
  token = await signIn(student.studentId);
});

describe('+ Add Another Institution (issue 10 item 1)', () => {
  it('searches the list, adds a listed institution, and files a mapping request on the record at once', async () => {
    // Given the student searches the list by a word of the name and the country
    const search = await api<Search>('GET', '/institutions?q=polytech&country=hong', { token });
    expect(search.status).toBe(200);
    const polyu = search.body.institutions.find((i) => i.name === 'The Hong Kong Polytechnic University');
    expect(polyu).toMatchObject({ country: 'Hong Kong', status: 'listed' });
    // And by the start of a name
    const byStart = await api<Search>('GET', `/institutions?q=${encodeURIComponent('the hong')}`, { token });
    expect(byStart.body.institutions.map((i) => i.name)).toContain('The Hong Kong Polytechnic University');

    // When they add an On Entry record there
    const added = await add({
      institutionId: polyu?.institutionId,
      ...onEntry,
      qualification: 'Higher Diploma',
    });
    expect(added.status).toBe(201);
    const { recordId } = added.body.record;
    expect(added.body.record).toMatchObject({
      institutionName: 'The Hong Kong Polytechnic University',
      category: 'On Entry',
      transferTerm: '2024-25 Fall',
      studyPeriod: '2021-2023',
      qualification: 'Higher Diploma',
    });

    // Then it is on the dashboard, in name order
    const dashboard = await api<Dashboard>('GET', '/students/me/dashboard', { token });
    const names = dashboard.body.institutions.map((i) => i.institutionName);
    expect(names).toContain('The Hong Kong Polytechnic University');
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(dashboard.body.creditTransferSummary.find((s) => s.recordId === recordId)).toMatchObject({
      category: 'On Entry',
      transferTerm: '2024-25 Fall',
    });

    // And its Study Record opens, where a mapping request is filed at once
    const page = await api<StudyRecordResponse>('GET', `/students/me/records/${recordId}`, { token });
    expect(page.status).toBe(200);
    expect(page.body.record.qualification).toBe('Higher Diploma');
    const filed = await api<SubmittedMappingRequest>(
      'POST',
      `/students/me/records/${recordId}/mapping-requests`,
      {
        token,
        body: {
          submit: true,
          incomingCourses: [
            {
              code: `AI${unique()}`,
              title: 'Engineering Mathematics',
              credits: 3,
              creditUnit: 'CREDIT',
              documentIds: [await verifiedPdf(token)],
            },
          ],
          homeCourseCodes: ['MATH1013'],
        },
      },
    );
    expect(filed.status).toBe(201);
    expect(filed.body.status).toBe('Request Initiated');
    const after = await api<StudyRecordResponse>('GET', `/students/me/records/${recordId}`, { token });
    expect(after.body.myMappingRequests.map((r) => r.ref)).toContain(filed.body.ref);
  });

  it('proposes an institution that is not listed, for ARO to confirm, usable at once', async () => {
    const name = `Harbourfront Institute of Design ${unique()}`;
    const before = await api<Search>('GET', `/institutions?q=${encodeURIComponent(name)}`, { token });
    expect(before.body.institutions).toEqual([]);

    const added = await add({ proposed: { name, country: 'Hong Kong' }, ...onEntry });
    expect(added.status).toBe(201);
    expect(added.body.institution).toMatchObject({ name, country: 'Hong Kong', status: 'proposed' });
    expect(await institution(added.body.institution.institutionId)).toMatchObject({
      status: 'proposed',
      proposedBy: student.studentId,
      proposedAt: expect.any(String),
    });
    // Not on the list others choose from until ARO confirms it
    const after = await api<Search>('GET', `/institutions?q=${encodeURIComponent(name)}`, { token });
    expect(after.body.institutions).toEqual([]);
    // But the record is there, and open
    const page = await api<StudyRecordResponse>('GET', `/students/me/records/${added.body.record.recordId}`, {
      token,
    });
    expect(page.body.record).toMatchObject({ institutionName: name, category: 'On Entry' });
  });

  it('makes one record of ten identical adds at once; the rest are 409s naming it', async () => {
    const name = `Kowloon Bay Academy ${unique()}`;
    const body = { proposed: { name, country: 'Hong Kong' }, ...onEntry };
    const answers = await Promise.all(Array.from({ length: 10 }, () => add(body)));
    const created = answers.filter((a) => a.status === 201);
    expect(created).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.map((a) => a.status)).toEqual(Array(9).fill(409));
    for (const r of refused) {
      expect(r.body.message).toMatch(new RegExp(`already have an On Entry study record at ${name}`));
      expect(r.body.recordId).toBe(created[0]?.body.record.recordId);
    }
    const dashboard = await api<Dashboard>('GET', '/students/me/dashboard', { token });
    expect(dashboard.body.institutions.filter((i) => i.institutionName === name)).toHaveLength(1);
    // And the student information system hears of the one record, once.
    const recordId = created[0]?.body.record.recordId;
    const events = await eventually(async () => {
      const found = (await publishedEvents()).filter(
        (e) => e.detailType === 'Study Record Created' && e.detail.recordId === recordId,
      );
      return found.length > 0 ? found : undefined;
    }, 'the Study Record Created event');
    expect(events).toHaveLength(1);
    expect(events[0]?.detail).toMatchObject({ institutionName: name, category: 'on-entry-non-disclosed' });
  });

  it('refuses a bad transfer term, naming the field', async () => {
    const answer = await add({
      proposed: { name: `Nowhere College ${unique()}`, country: 'Hong Kong' },
      ...onEntry,
      transferTerm: '2024 Autumn',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.issues).toEqual([
      { field: 'body.transferTerm', reason: 'must be a transfer term like 2024-25 Fall' },
    ]);
  });

  it('refuses a category the offices create', async () => {
    const search = await api<Search>('GET', '/institutions?q=boston', { token });
    const boston = search.body.institutions[0];
    const answer = await add({
      institutionId: boston?.institutionId,
      ...onEntry,
      category: 'hkust-organized-study-abroad',
    });
    expect(answer.status).toBe(403);
    expect(answer.body.message).toMatch(/created by OGL/);
  });

  it('lets ARO confirm a proposed institution, which is then listed for every student', async () => {
    // Given a student proposes an institution
    const name = `Tseung Kwan O Technical Institute ${unique()}`;
    const added = await add({ proposed: { name, country: 'Hong Kong' }, ...onEntry });
    expect(added.status).toBe(201);
    const { institutionId } = added.body.institution;
    // Then ARO sees it among the proposed ones, with who proposed it
    const aro = await signIn('aro-001');
    const queue = await api<{ institutions: { institutionId: string; proposedBy?: string }[] }>(
      'GET',
      '/admin/institutions?status=proposed',
      { token: aro },
    );
    expect(queue.status).toBe(200);
    expect(queue.body.institutions.find((i) => i.institutionId === institutionId)).toMatchObject({
      proposedBy: student.studentId,
    });
    // When ARO confirms it
    const confirmed = await api('POST', `/admin/institutions/${institutionId}/confirm`, { token: aro });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: 'listed',
      confirmedBy: 'aro-001',
      proposedBy: student.studentId,
    });
    // Then it is listed, found by any word of its name, and a second confirmation is refused
    const found = await api<Search>('GET', `/institutions?q=${encodeURIComponent('kwan technical')}`, {
      token,
    });
    expect(found.body.institutions.map((i) => i.institutionId)).toContain(institutionId);
    expect((await api('POST', `/admin/institutions/${institutionId}/confirm`, { token: aro })).status).toBe(
      409,
    );
    // And students cannot reach ARO's queue
    expect((await api('GET', '/admin/institutions', { token })).status).toBe(403);
  });

  it('is for students only', async () => {
    const aro = await signIn('aro-001');
    const answer = await api('POST', '/students/me/records', {
      token: aro,
      body: { proposed: { name: 'X College', country: 'Hong Kong' }, ...onEntry },
    });
    expect(answer.status).toBe(403);
  });
});
