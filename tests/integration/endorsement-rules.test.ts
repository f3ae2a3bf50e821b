import { beforeAll, describe, expect, it } from 'vitest';
import { demoAroStaff, demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';

// The program-office endorsement rule table through ARO's admin API (guide §5.3): versions that are
// never edited, every problem named by row and field, one publication per version however many race.

const [staff] = demoAroStaff;
const [student] = demoStudents;
let aroToken: string;
let studentToken: string;

type Table = { version: number; rows: { ruleId: string }[]; publishedBy?: string };

const engineeringRow = {
  ruleId: 'SENG-exchange',
  conditions: { subjectAreas: ['MECH', 'ELEC'], studyRecordCategories: ['hkust-organized-study-abroad'] },
  endorsers: [{ officeId: 'seng-ug', name: 'School of Engineering UG Office', emails: ['seng-ug@ust.hk'] }],
  note: 'Engineering courses taken on exchange',
};

beforeAll(async () => {
  if (!staff || !student) throw new Error('the seed needs ARO staff and a student');
  [aroToken, studentToken] = await Promise.all([signIn(staff.staffId), signIn(student.studentId)]);
});

describe('the endorsement rule table', () => {
  it('publishes versions under the version read, keeps the old ones, and refuses a stale one', async () => {
    const before = await api<Table>('GET', '/admin/endorsement-rules', { token: aroToken });
    expect(before.status).toBe(200);
    const published = await api<Table>('PUT', '/admin/endorsement-rules', {
      token: aroToken,
      body: { rows: [engineeringRow], version: before.body.version },
    });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ version: before.body.version + 1, publishedBy: staff?.staffId });

    const stale = await api('PUT', '/admin/endorsement-rules', {
      token: aroToken,
      body: { rows: [], version: before.body.version },
    });
    expect(stale.status).toBe(409);
    const kept = await api<Table>('GET', `/admin/endorsement-rules?version=${published.body.version}`, {
      token: aroToken,
    });
    expect(kept.body.rows.map((r) => r.ruleId)).toEqual(['SENG-exchange']);
  });

  it('names each problem by row and field, and publishes nothing', async () => {
    const current = await api<Table>('GET', '/admin/endorsement-rules', { token: aroToken });
    const bad = await api<{ issues: { field: string; reason: string }[] }>(
      'PUT',
      '/admin/endorsement-rules',
      {
        token: aroToken,
        body: {
          rows: [
            { ...engineeringRow, conditions: { studyRecordCategories: ['moon-base'] } },
            { ...engineeringRow, endorsers: [{ officeId: 'x', name: 'X', emails: ['not-an-email'] }] },
          ],
          version: current.body.version,
        },
      },
    );
    expect(bad.status).toBe(400);
    const fields = bad.body.issues.map((i) => i.field);
    expect(fields).toEqual(
      expect.arrayContaining([expect.stringMatching(/^body\.rows\.0\.conditions\.studyRecordCategories/)]),
    );
    expect(fields.some((f) => f.startsWith('body.rows.1.'))).toBe(true);
    expect((await api<Table>('GET', '/admin/endorsement-rules', { token: aroToken })).body.version).toBe(
      current.body.version,
    );
  });

  it('lands exactly one of 10 publications racing from the same version', async () => {
    const current = await api<Table>('GET', '/admin/endorsement-rules', { token: aroToken });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api('PUT', '/admin/endorsement-rules', {
          token: aroToken,
          body: { rows: [{ ...engineeringRow, ruleId: `race-${i}` }], version: current.body.version },
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(9);
  });

  it('is ARO’s: a student gets 403', async () => {
    expect((await api('GET', '/admin/endorsement-rules', { token: studentToken })).status).toBe(403);
  });
});
