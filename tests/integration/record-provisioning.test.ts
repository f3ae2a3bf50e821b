import { randomInt } from 'node:crypto';
import { BatchGetCommand, BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { OutboxEntity } from '../../functions/outbox/entities/outbox-item.js';
import type {
  ImportJobResponse,
  ImportTicket,
  ProvisionedRecord,
} from '../../functions/provisioning/contracts.js';
import { importColumns } from '../../functions/provisioning/contracts.js';
import { csvLine } from '../../functions/provisioning/domain/csv.js';
import { OfficeReferenceClaimEntity } from '../../functions/provisioning/entities/import-job.js';
import type { Dashboard } from '../../functions/records/contracts.js';
import { type Student, StudentEntity, studentPk } from '../../functions/records/entities/student.js';
import { AuditEventEntity } from '../../functions/store/audit.js';
import { institutionProfile } from '../../local/seed/institutions.js';
import { demoStudent } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { documentClient, eventually, mailbox, publishedEvents, runtimeEnv } from '../support/aws.js';

// Provisioning by the offices (issue 10 item 2) over HTTP: URAO imports a CSV of 5,000 rows with 10
// bad ones (the good ones land and reach the students' dashboards, each bad one is reported with its
// row and column, the same file again changes nothing); OGL creates both study-abroad categories; a
// file with a wrong header or not in UTF-8 is refused whole; an office creates only its own
// categories; students and ARO reach none of these routes; each new record mails its student and
// publishes Study Record Created once.

type Column = (typeof importColumns)[number];
type Row = Partial<Record<Column, string>>;
const run = randomInt(100_000, 999_999);
const table = () => runtimeEnv().TABLE_NAME as string;
const db = () => documentClient();

let urao: string;
let ogl: string;
let aro: string;
let studentToken: string;

/** Students the student information system would have fed: 1,000 of them, written directly. */
const synthetic: Student[] = Array.from({ length: 1000 }, (_, i) => ({
  studentId: `29${String(run % 100).padStart(2, '0')}${String(i).padStart(4, '0')}`,
  name: `Import Student ${i}`,
  email: `import${run}.${i}@connect.ust.hk`,
  program: 'BSc MATH',
  cohortTerm: '2025-26 Fall',
  academicYear: 'Year 1',
  programStatus: 'Active in Program',
  degreeCheckout: 'Not Started',
}));
const onEntryInstitutions = [
  'polyu-hong-kong-community-college',
  'hku-space-community-college',
  'community-college-of-city-university',
  'hkbu-college-of-international-education',
  'hong-kong-metropolitan-university',
];
const tam = demoStudent('21041179');
const ng = demoStudent('21038852');

const fields = (row: Row) => importColumns.map((c) => row[c] ?? '');
const csv = (rows: (Row | string)[]) =>
  Buffer.from(
    [csvLine(importColumns), ...rows.map((r) => (typeof r === 'string' ? r : csvLine(fields(r))))].join(''),
  );

const uraoRow = (i: number): Row => {
  const s = synthetic[Math.floor(i / 5)] as Student;
  return {
    officeReference: `URAO-${run}-${String(i).padStart(5, '0')}`,
    studentId: s.studentId,
    studentName: s.name,
    studentEmail: s.email,
    category: 'on-entry-disclosed',
    institutionId: onEntryInstitutions[i % 5],
    qualification: 'Associate Degree',
    studyPeriod: '2023-2025',
    transferTerm: '2025-26 Fall',
  };
};

async function startImport(token: string, bytes: Buffer) {
  const ticket = await api<ImportTicket>('POST', '/admin/record-imports', {
    token,
    body: { fileName: 'records.csv', sizeBytes: bytes.length },
  });
  expect(ticket.status).toBe(201);
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.body.post.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'text/csv' }), 'records.csv');
  const posted = await fetch(ticket.body.post.url, { method: 'POST', body: form });
  expect(posted.status).toBeLessThan(300);
  return ticket.body.job.jobId;
}

const poll = (token: string, jobId: string, rejectedAfter = 0) =>
  api<ImportJobResponse>('GET', `/admin/record-imports/${jobId}?rejectedAfter=${rejectedAfter}`, { token });

/** Polls until the job is finished; answers every answer seen on the way. */
async function finished(token: string, jobId: string, timeoutMs = 30_000) {
  const seen: ImportJobResponse[] = [];
  const done = await eventually(
    async () => {
      const { status, body } = await poll(token, jobId);
      expect(status).toBe(200);
      seen.push(body);
      return body.status === 'Completed' || body.status === 'Refused' ? body : undefined;
    },
    `import job ${jobId} to finish`,
    timeoutMs,
  );
  return { done, seen };
}

/** Every rejected row of a job, page by page. */
async function allRejected(token: string, jobId: string) {
  const rows: ImportJobResponse['rejectedRows'] = [];
  let after = 0;
  for (;;) {
    const { body } = await poll(token, jobId, after);
    rows.push(...body.rejectedRows);
    if (body.nextRejectedAfter === undefined) return rows;
    after = body.nextRejectedAfter;
  }
}

const recordsOf = async (studentId: string) =>
  (
    await db().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk and begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': studentPk(studentId), ':sk': 'RECORD#' },
      }),
    )
  ).Items ?? [];

/** The records the URAO references name, from their claims (100 keys a request). */
async function recordIdsOf(references: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < references.length; i += 100) {
    const { Responses } = await db().send(
      new BatchGetCommand({
        RequestItems: {
          [table()]: {
            Keys: references.slice(i, i + 100).map((r) => OfficeReferenceClaimEntity.key('URAO', r)),
          },
        },
      }),
    );
    ids.push(...(Responses?.[table()] ?? []).map((c) => String(c.recordId)));
  }
  return ids;
}

/** Waits until the outbox has nothing pending: every mail and event of the imports delivered. */
async function outboxDrained(timeoutMs: number): Promise<void> {
  await eventually(
    async () => {
      await new Promise((r) => setTimeout(r, 2000));
      const { Items = [] } = await db().send(
        new QueryCommand({
          TableName: table(),
          IndexName: 'byOwner',
          KeyConditionExpression: 'gsi2pk = :pending',
          ExpressionAttributeValues: { ':pending': OutboxEntity.pendingQueue },
          Limit: 1,
        }),
      );
      return Items.length === 0 ? true : undefined;
    },
    'the outbox to be delivered',
    timeoutMs,
  );
}

const createdEvents = async (recordIds: Set<string>) =>
  (await publishedEvents()).filter(
    (e) => e.detailType === 'Study Record Created' && recordIds.has(String(e.detail.recordId)),
  );

beforeAll(async () => {
  [urao, ogl, aro, studentToken] = await Promise.all([
    signIn('urao-001'),
    signIn('ogl-001'),
    signIn('aro-001'),
    signIn(tam.studentId),
  ]);
  for (let i = 0; i < synthetic.length; i += 25) {
    await db().send(
      new BatchWriteCommand({
        RequestItems: {
          [table()]: synthetic
            .slice(i, i + 25)
            .map((s) => ({ PutRequest: { Item: StudentEntity.toItem(s) } })),
        },
      }),
    );
  }
});

describe('OGL creates both study-abroad categories', () => {
  const student = synthetic[999] as Student;
  const body = (over: Record<string, unknown>) => ({
    studentId: student.studentId,
    studentName: student.name,
    studentEmail: student.email,
    studyPeriod: '2026-27 Spring',
    transferTerm: '2026-27 Spring',
    ...over,
  });

  it('creates one record of each through the single route; the same reference again changes nothing', async () => {
    const exchange = body({
      officeReference: `OGL-${run}-EX-1`,
      category: 'hkust-organized-study-abroad',
      institutionId: 'kth-royal-institute-of-technology',
      qualification: 'Exchange Program',
    });
    const selfArranged = body({
      officeReference: `OGL-${run}-SA-1`,
      category: 'self-arranged-study-abroad',
      institutionId: 'university-of-california-berkeley',
      qualification: 'Summer Sessions',
    });
    const created = await Promise.all(
      [exchange, selfArranged].map((b) =>
        api<ProvisionedRecord>('POST', '/admin/study-records', { token: ogl, body: b }),
      ),
    );
    expect(created.map((c) => c.status)).toEqual([201, 201]);
    expect(created.map((c) => c.body.record.category)).toEqual([
      'HKUST-organized Study Abroad',
      'Pre-approved Self-arranged Study Abroad',
    ]);
    expect(created[0]?.body).toMatchObject({
      office: 'OGL',
      officeReference: `OGL-${run}-EX-1`,
      record: { institutionName: 'KTH Royal Institute of Technology', transferTerm: '2026-27 Spring' },
    });

    // The same request again (a retry) answers the same record and writes nothing
    const repeat = await api<ProvisionedRecord>('POST', '/admin/study-records', {
      token: ogl,
      body: exchange,
    });
    expect(repeat.status).toBe(200);
    expect(repeat.body.record.recordId).toBe(created[0]?.body.record.recordId);
    // The same reference with other content is a conflict naming the record
    const changed = await api<{ message: string; recordId: string }>('POST', '/admin/study-records', {
      token: ogl,
      body: { ...exchange, transferTerm: '2027-28 Fall' },
    });
    expect(changed.status).toBe(409);
    expect(changed.body.recordId).toBe(created[0]?.body.record.recordId);
    expect(changed.body.message).toMatch(/transferTerm differs/);

    // Each record mailed the student once and published its event once
    const ids = new Set(created.map((c) => c.body.record.recordId));
    const mails = await eventually(async () => {
      const found = (await mailbox()).filter(
        (m) => m.destination.to.includes(student.email) && /KTH|Berkeley/.test(m.subject),
      );
      return found.length >= 2 ? found : undefined;
    }, 'the two mails');
    const events = await eventually(async () => {
      const found = await createdEvents(ids);
      return found.length >= 2 ? found : undefined;
    }, 'the two events');
    await new Promise((r) => setTimeout(r, 1000));
    expect(mails.map((m) => m.body.text)).toEqual([
      expect.stringMatching(/OGL has added a study record/),
      expect.stringMatching(/OGL has added a study record/),
    ]);
    expect((await createdEvents(ids)).map((e) => e.detail.recordId).sort()).toEqual([...ids].sort());
    expect(events).toHaveLength(2);
  });

  it('imports a small file of both categories', async () => {
    const rows: Row[] = [
      ['hkust-organized-study-abroad', 'eth-zurich'],
      ['self-arranged-study-abroad', 'university-of-toronto'],
      ['hkust-organized-study-abroad', 'national-university-of-singapore'],
    ].map(([category, institutionId], i) => ({
      ...body({}),
      officeReference: `OGL-${run}-F-${i}`,
      category,
      institutionId,
    }));
    const jobId = await startImport(ogl, csv(rows));
    const { done } = await finished(ogl, jobId);
    expect(done).toMatchObject({ status: 'Completed', progress: { rowsRead: 3, created: 3, rejected: 0 } });
    // URAO does not see OGL's job
    expect((await poll(urao, jobId)).status).toBe(404);
  });
});

describe('a file refused whole', () => {
  it('refuses a wrong header with the reason, creating nothing', async () => {
    const jobId = await startImport(
      urao,
      Buffer.from(`ref,student,term\r\nURAO-${run}-H,${synthetic[0]?.studentId},x\r\n`),
    );
    const { done } = await finished(urao, jobId);
    expect(done.status).toBe('Refused');
    expect(done.refusalReason).toMatch(/header row is not the import's: missing officeReference, studentId/);
    expect(done.progress.created).toBe(0);
  });

  it('refuses a file that is not UTF-8 with the reason, creating nothing (a BOM is fine)', async () => {
    const student = synthetic[998] as Student;
    const row = (ref: string, name: string) =>
      `${ref},${student.studentId},${name},${student.email},on-entry-disclosed,peking-university,HKDSE,2019-2025,2025-26 Fall\r\n`;
    const latin1 = Buffer.concat([
      Buffer.from(csvLine(importColumns)),
      Buffer.from(row(`URAO-${run}-L1`, 'Zoë'), 'latin1'),
    ]);
    const refused = await finished(urao, await startImport(urao, latin1));
    expect(refused.done.status).toBe('Refused');
    expect(refused.done.refusalReason).toMatch(/not UTF-8 text/);
    expect(
      (
        await db().send(
          new GetCommand({
            TableName: table(),
            Key: OfficeReferenceClaimEntity.key('URAO', `URAO-${run}-L1`),
          }),
        )
      ).Item,
    ).toBeUndefined();

    const withBom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(csvLine(importColumns)),
      Buffer.from(row(`URAO-${run}-B1`, 'Zoë')),
    ]);
    const imported = await finished(urao, await startImport(urao, withBom));
    expect(imported.done).toMatchObject({ status: 'Completed', progress: { created: 1, rejected: 0 } });
    const [record] = (await recordsOf(student.studentId)).filter(
      (r) => r.institutionId === 'peking-university',
    );
    expect(record).toMatchObject({
      category: 'on-entry-disclosed',
      qualification: 'HKDSE',
      createdBy: 'URAO',
    });
  });
});

describe('who may provision what', () => {
  const record = (office: string, category: string) => ({
    officeReference: `${office}-${run}-X`,
    studentId: synthetic[5]?.studentId,
    studentName: 'x',
    studentEmail: synthetic[5]?.email,
    category,
    institutionId: 'eth-zurich',
    qualification: 'HKDSE',
    studyPeriod: '2025-26 Fall',
    transferTerm: '2025-26 Fall',
  });

  it("refuses an office creating another office's category with a 403 naming the owner", async () => {
    const urAbroad = await api<{ message: string }>('POST', '/admin/study-records', {
      token: urao,
      body: record('URAO', 'self-arranged-study-abroad'),
    });
    expect(urAbroad.status).toBe(403);
    expect(urAbroad.body.message).toMatch(/self-arranged-study-abroad.*created by OGL, not by URAO/);
    const oglOnEntry = await api<{ message: string }>('POST', '/admin/study-records', {
      token: ogl,
      body: record('OGL', 'on-entry-disclosed'),
    });
    expect(oglOnEntry.status).toBe(403);
    expect(oglOnEntry.body.message).toMatch(/on-entry-disclosed.*created by URAO, not by OGL/);
    const studentsOwn = await api<{ message: string }>('POST', '/admin/study-records', {
      token: urao,
      body: record('URAO', 'on-entry-non-disclosed'),
    });
    expect(studentsOwn.status).toBe(403);
    expect(studentsOwn.body.message).toMatch(/created by the student/);
  });

  it('answers a bad field with a 400 naming it', async () => {
    const answer = await api<{ issues: { field: string; reason: string }[] }>(
      'POST',
      '/admin/study-records',
      {
        token: urao,
        body: { ...record('URAO', 'on-entry-disclosed'), transferTerm: 'next fall', studentEmail: 'no' },
      },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.issues.map((i) => i.field).sort()).toEqual(['body.studentEmail', 'body.transferTerm']);
    const unknown = await api<{ issues: { field: string; reason: string }[] }>(
      'POST',
      '/admin/study-records',
      {
        token: urao,
        body: { ...record('URAO', 'on-entry-disclosed'), studentId: '20000001' },
      },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues[0]).toMatchObject({
      field: 'body.studentId',
      reason: expect.stringMatching(/no student/),
    });
    const tooBig = await api('POST', '/admin/record-imports', {
      token: urao,
      body: { fileName: 'big.csv', sizeBytes: 60 * 1024 * 1024 },
    });
    expect(tooBig.status).toBe(400);
  });

  it('refuses students and ARO on every provisioning route', async () => {
    for (const token of [studentToken, aro]) {
      const answers = await Promise.all([
        api('POST', '/admin/study-records', { token, body: record('URAO', 'on-entry-disclosed') }),
        api('POST', '/admin/record-imports', { token, body: { fileName: 'a.csv', sizeBytes: 10 } }),
        api('GET', `/admin/record-imports/${crypto.randomUUID()}`, { token }),
      ]);
      expect(answers.map((a) => a.status)).toEqual([403, 403, 403]);
    }
  });
});

describe('two imports of the same rows at once', () => {
  it('creates each record once', async () => {
    const rows: Row[] = Array.from({ length: 60 }, (_, i) => {
      const s = synthetic[900 + Math.floor(i / 2)] as Student;
      return {
        officeReference: `OGL-${run}-RACE-${i}`,
        studentId: s.studentId,
        studentName: s.name,
        studentEmail: s.email,
        category: i % 2 ? 'self-arranged-study-abroad' : 'hkust-organized-study-abroad',
        institutionId: 'university-of-edinburgh',
        studyPeriod: '2026-27 Fall',
        transferTerm: '2026-27 Fall',
      };
    });
    const bytes = csv(rows);
    const jobs = await Promise.all([startImport(ogl, bytes), startImport(ogl, bytes)]);
    const results = await Promise.all(jobs.map((j) => finished(ogl, j)));
    const progress = results.map((r) => r.done.progress);
    expect(progress.map((p) => p.created + p.unchanged)).toEqual([60, 60]);
    expect(progress.reduce((sum, p) => sum + p.created, 0)).toBe(60);
    const records = await Promise.all(rows.slice(0, 2).map((r) => recordsOf(r.studentId as string)));
    expect(records[0]?.filter((r) => r.institutionId === 'university-of-edinburgh')).toHaveLength(2);
  });
});

describe('URAO imports a CSV of 5,000 rows with 10 bad ones', () => {
  it('imports the good rows, reports each bad one with its row and column, and a re-import changes nothing', async () => {
    // Given 5,000 rows: 4,998 for students fed from the SIS, and two for demo students
    const rows: (Row | string)[] = Array.from({ length: 4998 }, (_, i) => uraoRow(i));
    rows.push(
      {
        ...uraoRow(0),
        officeReference: `URAO-${run}-TAM`,
        studentId: tam.studentId,
        studentName: tam.name,
        studentEmail: tam.email,
        institutionId: 'technological-and-higher-education-institute-of-hong-kong',
        qualification: 'Higher Diploma',
      },
      {
        ...uraoRow(0),
        officeReference: `URAO-${run}-NG`,
        studentId: ng.studentId,
        studentName: ng.name,
        studentEmail: ng.email,
        institutionId: 'cuhk-school-of-continuing-and-professional-studies',
      },
    );
    // And 10 bad ones, spread through the file (each line below is the row it replaces)
    const bad: [number, Row | string, string][] = [
      [100, { ...uraoRow(100), studentId: '2990' }, 'studentId'],
      [600, { ...uraoRow(600), studentId: '20000000' }, 'studentId'],
      [1100, { ...uraoRow(1100), studentEmail: 'someone.else@connect.ust.hk' }, 'studentEmail'],
      [1600, { ...uraoRow(1600), institutionId: 'no-such-college' }, 'institutionId'],
      [2100, { ...uraoRow(2100), transferTerm: '2025 Fall' }, 'transferTerm'],
      [2600, { ...uraoRow(2600), studyPeriod: '' }, 'studyPeriod'],
      [3100, { ...uraoRow(3100), category: 'self-arranged-study-abroad' }, 'category'],
      [3600, { ...uraoRow(3600), qualification: '' }, 'qualification'],
      [
        4100,
        `URAO-${run}-Q,"2990000${run % 10}",x"y,a@b.hk,on-entry-disclosed,x,HKDSE,2020,2025-26 Fall\r\n`,
        'studentName',
      ],
      // Ng Ka Yan has an On Entry record at HKU SPACE already (the seed's)
      [
        4600,
        {
          ...uraoRow(4600),
          studentId: ng.studentId,
          studentEmail: ng.email,
          institutionId: 'hku-space-community-college',
        },
        'institutionId',
      ],
    ];
    for (const [i, row] of bad) rows[i] = row;
    const bytes = csv(rows);
    expect(rows).toHaveLength(5000);

    // When URAO starts an import and posts the file with the form
    const jobId = await startImport(urao, bytes);
    const { done, seen } = await finished(urao, jobId, 240_000);

    // Then the job is Completed with the counts, and its progress only ever grew
    expect(done).toMatchObject({
      status: 'Completed',
      office: 'URAO',
      startedBy: 'urao-001',
      progress: { rowsRead: 5000, created: 4990, unchanged: 0, rejected: 10 },
    });
    const read = seen.map((s) => s.progress.rowsRead);
    expect(read).toEqual([...read].sort((a, b) => a - b));

    // And each bad row is reported with its row (the header is row 1) and column
    const rejected = await allRejected(urao, jobId);
    expect(rejected.map((r) => [r.row, r.issues.map((i) => i.column)])).toEqual(
      bad.map(([i, , column]) => [i + 2, [column]]),
    );
    expect(rejected[6]?.issues[0]?.reason).toMatch(/created by OGL, not by URAO/);
    expect(rejected[8]?.issues[0]?.reason).toMatch(/a quote inside a field/);

    // And the good ones are on the students' dashboards, created by URAO's staff member in the audit
    const dashboard = await api<Dashboard>('GET', '/students/me/dashboard', { token: studentToken });
    const summary = dashboard.body.creditTransferSummary.find(
      (s) => s.institutionName === 'Technological and Higher Education Institute of Hong Kong',
    );
    expect(summary).toMatchObject({
      category: 'On Entry',
      transferTerm: '2025-26 Fall',
      studyPeriod: '2023-2025',
    });
    const claim = (
      await db().send(
        new GetCommand({
          TableName: table(),
          Key: OfficeReferenceClaimEntity.key('URAO', `URAO-${run}-TAM`),
        }),
      )
    ).Item;
    expect(claim).toMatchObject({ recordId: summary?.recordId, jobId, createdBy: 'urao-001' });
    const audit = await db().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk and begins_with(sk, :sk)',
        ExpressionAttributeValues: {
          ':pk': studentPk(tam.studentId),
          ':sk': AuditEventEntity.prefix(summary?.recordId ?? ''),
        },
      }),
    );
    expect(audit.Items?.map((a) => a.actor)).toEqual(['urao-001']);
    expect(await recordsOf(synthetic[10]?.studentId ?? '')).toHaveLength(5);
    const createdRecordIds = await recordIdsOf(
      rows.flatMap((r, i) =>
        typeof r === 'string' || bad.some(([b]) => b === i) ? [] : [r.officeReference ?? ''],
      ),
    );
    expect(createdRecordIds).toHaveLength(4990);

    // When the same file is imported again, nothing changes
    const again = await startImport(urao, bytes);
    const second = await finished(urao, again, 240_000);
    expect(second.done).toMatchObject({
      status: 'Completed',
      progress: { rowsRead: 5000, created: 0, unchanged: 4990, rejected: 10 },
    });
    expect(await recordsOf(synthetic[10]?.studentId ?? '')).toHaveLength(5);
    const later = await api<Dashboard>('GET', '/students/me/dashboard', { token: studentToken });
    expect(later.body.institutions.length).toBe(dashboard.body.institutions.length);

    // And once every follow-up is delivered, each new record has mailed its student once and
    // published its event once; the re-import sent nothing.
    await outboxDrained(900_000);
    const mails = (await mailbox()).filter((m) => m.subject.startsWith('CTS: a study record at'));
    // (the other tests of this file mailed these students too, of other institutions)
    const onEntryNames = onEntryInstitutions.map((id) => institutionProfile(id).name);
    const syntheticMails = mails.filter(
      (m) =>
        m.destination.to[0]?.startsWith(`import${run}.`) && onEntryNames.some((n) => m.subject.includes(n)),
    );
    expect(syntheticMails).toHaveLength(4988);
    expect(new Set(syntheticMails.map((m) => `${m.destination.to[0]} ${m.subject}`)).size).toBe(4988);
    const tamMails = mails.filter(
      (m) => m.destination.to.includes(tam.email) && m.subject.includes('Technological and Higher Education'),
    );
    expect(tamMails).toHaveLength(1);
    expect(tamMails[0]?.body.text).toMatch(/URAO has added a study record/);
    const created = await createdEvents(new Set(createdRecordIds));
    expect(created).toHaveLength(4990);
    expect(new Set(created.map((e) => e.detail.eventId)).size).toBe(4990);
    expect(created.find((e) => e.detail.studentId === tam.studentId)?.detail).toMatchObject({
      recordId: summary?.recordId,
      category: 'on-entry-disclosed',
    });
  }, 1_500_000);
});
