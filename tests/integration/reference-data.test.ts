import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ReReviewQueueEntry } from '../../functions/mappings/contracts.js';
import { MappingEntity } from '../../functions/mappings/entities/mapping.js';
import { OutboxEntity } from '../../functions/outbox/entities/outbox-item.js';
import { MyMappingRequestEntity, StudentEntity } from '../../functions/records/entities/student.js';
import type {
  CalendarTermView,
  CatalogCourse,
  CatalogImportResponse,
  CourseChangeResponse,
  InstitutionDetail,
} from '../../functions/reference-data/contracts.js';
import { type AuditEvent, AuditEventEntity } from '../../functions/store/audit.js';
import { demoStudent } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { documentClient, eventually, mailbox, runtimeEnv } from '../support/aws.js';
import { verifiedPdf } from '../support/uploads.js';

// ARO's reference data over HTTP (issue 10 item 3): a retired HKUST course flags its Approved
// mappings for re-review and mails their followers once (a redelivery of the fan-out repeats
// nothing), ARO resolves each; a course's credits changed; the catalog CSV with bad rows, twice;
// an institution found by a new alias, with its grading and trust list; the term calendar with its
// application deadlines; students refused; the audit trail names the actor.

type Issues = { issues: { field: string; reason: string }[]; error: string; message: string };
const table = () => runtimeEnv().TABLE_NAME as string;

let aro: string;
let student: string;
// Chan Ka Ming follows one of the retired course's mappings (Notify Me while it was pending).
const follower = demoStudent('20853127');

// Seeded courses no other test file touches: CHEM2510 has two Approved mappings, MGMT4110 too.
const retiredCode = 'CHEM2510';
const changedCode = 'MGMT4110';

async function auditOf(pk: string, subjectId: string): Promise<AuditEvent[]> {
  const { Items = [] } = await documentClient().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk and begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': AuditEventEntity.prefix(subjectId) },
    }),
  );
  return Items.map(AuditEventEntity.fromItem);
}

const mappingAudit = (ref: string) => auditOf(MappingEntity.key(ref).pk, ref);

async function emailOf(studentId: string): Promise<string> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: table(), Key: StudentEntity.key(studentId) }),
  );
  return String(Item?.email);
}

async function mailsAbout(ref: string) {
  return (await mailbox()).filter((m) => m.subject === `CTS: course mapping ${ref} is under re-review`);
}

const approvedTo = async (code: string) =>
  api<{ mappings: { ref: string; underReReview?: boolean; institutionId: string }[] }>(
    'GET',
    `/courses/${code}/approved-mappings`,
    { token: student },
  );

const course = (code: string) =>
  api<{ course: CatalogCourse; history: AuditEvent[] }>('GET', `/admin/courses/${code}`, { token: aro });

const importCsv = (text: string, contentType = 'text/csv') =>
  api<CatalogImportResponse & Issues>('POST', '/admin/catalog-imports', {
    token: aro,
    rawBody: text,
    headers: { 'content-type': contentType },
  });

beforeAll(async () => {
  [aro, student] = await Promise.all([signIn('aro-001'), signIn(follower.studentId)]);
});

describe('the HKUST catalog and the re-review of its mappings (issue 10 item 3)', () => {
  it('a retired course flags its Approved mappings, mails each follower once, and ARO resolves each', async () => {
    // Given the course's Approved mappings, one of them followed by a student besides its requester
    const before = await approvedTo(retiredCode);
    expect(before.status).toBe(200);
    const refs = before.body.mappings.map((m) => m.ref).sort();
    expect(refs.length).toBe(2);
    expect(before.body.mappings.every((m) => m.underReReview === undefined)).toBe(true);
    const [kept, ended] = refs as [string, string];
    const followed = before.body.mappings.find((m) => m.ref === kept);
    await documentClient().send(
      new PutCommand({
        TableName: table(),
        Item: MyMappingRequestEntity.toItem({
          studentId: follower.studentId,
          recordId: 'SR-FOLLOWS',
          institutionId: followed?.institutionId ?? '',
          ref: kept,
          relation: 'notify-me',
          addedAt: '2026-01-05T02:00:00.000Z',
        }),
      }),
    );
    const { body: read } = await course(retiredCode);
    expect(read.course).toMatchObject({ code: retiredCode, status: 'Offered', version: 0 });

    // When ARO retires the course
    const retired = await api<CourseChangeResponse>('POST', `/admin/courses/${retiredCode}/retire`, {
      token: aro,
      body: { version: 0, reason: 'Replaced by CHEM2511 from 2026-27' },
    });
    expect(retired.status).toBe(200);
    expect(retired.body.course).toMatchObject({ status: 'Retired', version: 1, updatedBy: 'aro-001' });
    expect(retired.body.materialChanges).toEqual(['retired']);

    // Then both mappings are on ARO's re-review queue, naming the change
    const queue = await eventually(async () => {
      const r = await api<{ mappings: ReReviewQueueEntry[] }>('GET', '/admin/re-reviews', { token: aro });
      const ours = r.body.mappings.filter((m) => refs.includes(m.ref));
      return ours.length === 2 ? ours : undefined;
    }, 'the re-review queue');
    for (const entry of queue) {
      expect(entry.status).toBe('Approved');
      expect(entry.changes).toEqual([
        expect.objectContaining({ code: retiredCode, catalogVersion: 1, change: 'retired' }),
      ]);
    }
    // And students searching see them under re-review, still Approved
    const after = await approvedTo(retiredCode);
    expect(after.body.mappings.map((m) => [m.ref, m.underReReview])).toEqual(refs.map((r) => [r, true]));
    // And the retired course is no longer offered to new requests
    const picker = await api<{ courses: { code: string }[] }>('GET', `/courses?code=${retiredCode}`, {
      token: student,
    });
    expect(picker.body.courses.map((c) => c.code)).not.toContain(retiredCode);
    // and a request to it is refused, naming the field and why
    const { body: dashboard } = await api<{ institutions: { recordId: string }[] }>(
      'GET',
      '/students/me/dashboard',
      { token: student },
    );
    const recordId = dashboard.institutions[0]?.recordId ?? '';
    const refused = await api<Issues>('POST', `/students/me/records/${recordId}/mapping-requests`, {
      token: student,
      body: {
        submit: true,
        incomingCourses: [
          {
            code: 'CHEM301',
            title: 'Physical Chemistry',
            credits: 4,
            creditUnit: 'CREDIT',
            documentIds: [await verifiedPdf(student)],
          },
        ],
        homeCourseCodes: [retiredCode],
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.issues).toContainEqual({
      field: 'body.homeCourseCodes.0',
      reason: `${retiredCode} is retired from the HKUST catalog`,
    });

    // And the requester of each mapping and the follower are mailed
    const followerEmail = await emailOf(follower.studentId);
    const requesterOf = async (ref: string) =>
      String(
        (await documentClient().send(new GetCommand({ TableName: table(), Key: MappingEntity.key(ref) })))
          .Item?.requestedBy,
      );
    const expected = new Map([
      [kept, [await emailOf(await requesterOf(kept)), followerEmail].sort()],
      [ended, [await emailOf(await requesterOf(ended))]],
    ]);
    for (const [ref, emails] of expected) {
      const mails = await eventually(async () => {
        const m = await mailsAbout(ref);
        return m.length >= emails.length ? m : undefined;
      }, `the re-review mails of ${ref}`);
      expect(mails.flatMap((m) => m.destination.to).sort()).toEqual(emails);
      expect(mails[0]?.body.text).toContain(`The HKUST course ${retiredCode} Physical Chemistry I`);
      expect(mails[0]?.body.text).toContain('retired');
    }

    // When the fan-out is delivered again (a replayed stream record after a crash)
    const key = OutboxEntity.key(`catalog.course-changed:${retiredCode}:v1`);
    const { Item: fanOut } = await documentClient().send(new GetCommand({ TableName: table(), Key: key }));
    expect(fanOut?.deliveredAt).toBeDefined();
    await documentClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: key,
        UpdateExpression: 'SET gsi2pk = :pending, gsi2sk = :order REMOVE deliveredAt',
        ExpressionAttributeValues: { ':pending': OutboxEntity.pendingQueue, ':order': `0#${key.pk}` },
      }),
    );
    await eventually(async () => {
      const { Item } = await documentClient().send(new GetCommand({ TableName: table(), Key: key }));
      return Item?.deliveredAt ? Item : undefined;
    }, 'the redelivery');
    await new Promise((r) => setTimeout(r, 1500));

    // Then nothing is flagged or mailed twice
    for (const [ref, emails] of expected) {
      expect((await mailsAbout(ref)).length).toBe(emails.length);
      const flags = (await mappingAudit(ref)).filter((e) => e.action.startsWith('Flagged for re-review'));
      expect(flags).toHaveLength(1);
      // And the flag names ARO's actor who retired the course
      expect(flags[0]).toMatchObject({ actor: 'aro-001', from: 'Approved', to: 'Approved' });
      expect(flags[0]?.action).toContain(`${retiredCode} retired (catalog version 1)`);
    }

    // When ARO keeps one (it stays Approved) and ends the other (Expired)
    const versionOf = (ref: string) => queue.find((q) => q.ref === ref)?.version ?? -1;
    const keep = await api<{ status: string }>('POST', `/admin/mappings/${kept}/re-review`, {
      token: aro,
      body: { outcome: 'Keep', note: 'The content is covered by CHEM2511', version: versionOf(kept) },
    });
    expect(keep.status).toBe(200);
    expect(keep.body.status).toBe('Approved');
    const stale = await api<Issues>('POST', `/admin/mappings/${ended}/re-review`, {
      token: aro,
      body: { outcome: 'Expire', note: 'No longer offered', version: versionOf(ended) - 1 },
    });
    expect(stale.status).toBe(409);
    const expire = await api<{ status: string }>('POST', `/admin/mappings/${ended}/re-review`, {
      token: aro,
      body: { outcome: 'Expire', note: 'No longer offered', version: versionOf(ended) },
    });
    expect(expire.status).toBe(200);
    expect(expire.body.status).toBe('Expired');

    // Then both leave the queue; the kept one is Approved and no longer under re-review
    const left = await api<{ mappings: ReReviewQueueEntry[] }>('GET', '/admin/re-reviews', { token: aro });
    expect(left.body.mappings.map((m) => m.ref)).not.toEqual(expect.arrayContaining([kept]));
    expect(left.body.mappings.map((m) => m.ref)).not.toContain(ended);
    const now = await approvedTo(retiredCode);
    expect(now.body.mappings).toEqual([expect.objectContaining({ ref: kept })]);
    expect(now.body.mappings[0]?.underReReview).toBeUndefined();
    // And a second resolution is refused
    const again = await api<Issues>('POST', `/admin/mappings/${kept}/re-review`, {
      token: aro,
      body: { outcome: 'Expire', note: 'Again', version: versionOf(kept) + 1 },
    });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('not awaiting re-review');
    // And the resolutions are audited with the actor and the note
    const resolved = (await mappingAudit(ended)).find((e) => e.action.startsWith('Re-review'));
    expect(resolved).toMatchObject({
      actor: 'aro-001',
      from: 'Approved',
      to: 'Expired',
      reason: 'No longer offered',
    });

    // And the course's own trail names the actor and the reason
    const { body: trail } = await course(retiredCode);
    expect(trail.history).toEqual([
      expect.objectContaining({
        actor: 'aro-001',
        from: 'Offered',
        to: 'Retired',
        reason: 'Replaced by CHEM2511 from 2026-27',
      }),
    ]);
    // And a retired course is not changed again
    const reRetire = await api<Issues>('POST', `/admin/courses/${retiredCode}/retire`, {
      token: aro,
      body: { version: 1, reason: 'again' },
    });
    expect(reRetire.status).toBe(409);
  });

  it("changes a course's credits: the course search shows them, its mappings are flagged, a stale version is refused", async () => {
    const { body: read } = await course(changedCode);
    expect(read.course).toMatchObject({ title: 'Corporate Governance', credits: 3, version: 0 });

    const changed = await api<CourseChangeResponse>('PUT', `/admin/courses/${changedCode}`, {
      token: aro,
      body: { ...read.course, credits: 4, version: 0 },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.materialChanges).toEqual(['credits 3 → 4']);
    expect(changed.body.course).toMatchObject({ credits: 4, version: 1, updatedBy: 'aro-001' });

    // The student's course search (by code, and by a title word alone) shows the new credits
    const byCode = await api<{ courses: { code: string; credits: number }[] }>(
      'GET',
      `/courses?code=${changedCode}`,
      { token: student },
    );
    expect(byCode.body.courses).toEqual([expect.objectContaining({ code: changedCode, credits: 4 })]);
    const byTitle = await api<{ courses: { code: string; credits: number }[] }>(
      'GET',
      '/courses?title=governance',
      { token: student },
    );
    expect(byTitle.body.courses).toContainEqual(expect.objectContaining({ code: changedCode, credits: 4 }));

    // Its Approved mappings are flagged for the credits
    await eventually(async () => {
      const r = await approvedTo(changedCode);
      return r.body.mappings.length > 0 && r.body.mappings.every((m) => m.underReReview) ? r : undefined;
    }, 'the flags of the credit change');

    // A title-only change is recorded but flags nothing
    const retitled = await api<CourseChangeResponse>('PUT', `/admin/courses/${changedCode}`, {
      token: aro,
      body: { ...read.course, title: 'Corporate Governance and Ethics', credits: 4, version: 1 },
    });
    expect(retitled.status).toBe(200);
    expect(retitled.body.materialChanges).toEqual([]);
    const newWord = await api<{ courses: { code: string }[] }>('GET', '/courses?title=ethics', {
      token: student,
    });
    expect(newWord.body.courses.map((c) => c.code)).toContain(changedCode);

    // The version read is checked; a body names each bad field
    const stale = await api<Issues>('PUT', `/admin/courses/${changedCode}`, {
      token: aro,
      body: { ...read.course, credits: 5, version: 1 },
    });
    expect(stale.status).toBe(409);
    const bad = await api<Issues>('PUT', `/admin/courses/${changedCode}`, {
      token: aro,
      body: { title: '', credits: 'three', subjectArea: 'MG', exclusions: ['NOPE'], version: 2 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i) => i.field).sort()).toEqual([
      'body.credits',
      'body.exclusions.0',
      'body.subjectArea',
      'body.title',
    ]);
    const unknown = await api<Issues>('PUT', `/admin/courses/${changedCode}`, {
      token: aro,
      body: { ...read.course, credits: 4, exclusions: ['ZZZZ9999'], version: 2 },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues).toEqual([
      { field: 'body.exclusions', reason: 'ZZZZ9999 is not an HKUST course' },
    ]);

    // The trail has both changes, by the actor
    const { body: trail } = await course(changedCode);
    expect(trail.history.map((e) => e.actor)).toEqual(['aro-001', 'aro-001']);
    expect(trail.history[0]?.action).toContain('credits 3 → 4');
  });

  it('imports a catalog CSV: good rows land, each bad one is reported by row and column, twice changes nothing', async () => {
    const { course: seeded } = (await course('ACCT2010')).body;
    const csv = [
      'code,title,credits,subjectArea,exclusions',
      'RDAT1001,Reference Data Basics,3,RDAT,',
      'RDAT1002,"Catalogs, Imports and Audits",4,RDAT,RDAT1001',
      'HUMA99,Bad Code,3,HUMA,',
      'RDAT1003,No Credits,abc,RDAT,',
      'RDAT1004,Unknown Exclusion,3,RDAT,ZZZZ9999',
      'RDAT1001,Twice,3,RDAT,',
      'RDAT1005,Too few columns',
      // A seeded course as it is: unchanged
      `${seeded.code},${seeded.title},${seeded.credits},${seeded.subjectArea},${seeded.exclusions.join(' ')}`,
      '',
    ].join('\r\n');
    const first = await importCsv(csv);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      rows: 8,
      created: ['RDAT1001', 'RDAT1002'],
      changed: [],
      unchanged: 1,
    });
    expect(first.body.rejected).toEqual([
      { row: 4, column: 'code', reason: 'must be an HKUST course code like HUMA1103' },
      { row: 5, column: 'credits', reason: 'must be a number from 0 to 12' },
      { row: 6, column: 'exclusions', reason: 'ZZZZ9999 is not an HKUST course' },
      { row: 7, column: 'code', reason: 'RDAT1001 is on row 2 already' },
      { row: 8, column: 'row', reason: 'has 2 columns; 5 expected' },
    ]);
    const { body: imported } = await course('RDAT1002');
    expect(imported.course).toMatchObject({
      title: 'Catalogs, Imports and Audits',
      credits: 4,
      exclusions: ['RDAT1001'],
      status: 'Offered',
      version: 1,
    });
    expect(imported.history[0]).toMatchObject({ actor: 'aro-001' });
    const found = await api<{ courses: { code: string }[] }>('GET', '/courses?title=audits', {
      token: student,
    });
    expect(found.body.courses.map((c) => c.code)).toContain('RDAT1002');

    // The same file again changes nothing
    const second = await importCsv(csv);
    expect(second.body).toMatchObject({ created: [], changed: [], unchanged: 3, flaggedForReReview: [] });
    expect((await course('RDAT1002')).body.course.version).toBe(1);

    // A changed exclusion is material: the course's Approved mappings (none here) would be flagged
    const third = await importCsv(
      ['code,title,credits,subjectArea,exclusions', 'RDAT1002,Catalogs and Imports,4,RDAT,'].join('\n'),
    );
    expect(third.body).toMatchObject({ changed: ['RDAT1002'], flaggedForReReview: ['RDAT1002'] });

    // A wrong header, another content type, a file too large: refused whole, with the reason
    const header = await importCsv('code,name,credits\nRDAT1009,X,3\n');
    expect(header.status).toBe(400);
    expect(header.body.issues[0]).toEqual({
      field: 'body',
      reason:
        'the file is refused whole: the header must be exactly code,title,credits,subjectArea,exclusions (found code,name,credits)',
    });
    const json = await importCsv('{"code":"RDAT1009"}', 'application/json');
    expect(json.status).toBe(400);
    expect(json.body.issues[0]?.field).toBe('body');
    // A file saved in Latin-1 ("Café" as one byte 0xE9), not UTF-8
    const latin1 = await fetch(`${inject('apiUrl')}/admin/catalog-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${aro}`, 'content-type': 'text/csv' },
      body: Buffer.from(
        'code,title,credits,subjectArea,exclusions\nRDAT1009,Caf\xe9 Studies,3,RDAT,\n',
        'latin1',
      ),
    });
    expect(latin1.status).toBe(400);
    expect(((await latin1.json()) as Issues).issues[0]).toEqual({
      field: 'body',
      reason: 'is not UTF-8 text: save the file as CSV UTF-8 and send it again',
    });
    const big = await importCsv(
      `code,title,credits,subjectArea,exclusions\n${'X'.repeat(2.5 * 1024 * 1024)}`,
    );
    expect(big.status).toBe(413);
  });

  it('imports a file of 500 rows with 5 bad ones, and imports it again without a write', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => {
      const code = `BULK${String(1000 + i)}`;
      // Every 100th row is bad: a credit the catalog cannot hold
      return i % 100 === 7 ? `${code},Bulk course ${i},twelve,BULK,` : `${code},Bulk course ${i},3,BULK,`;
    });
    const file = ['code,title,credits,subjectArea,exclusions', ...rows].join('\n');
    const started = Date.now();
    const first = await importCsv(file);
    const firstMs = Date.now() - started;
    expect(first.status).toBe(200);
    expect(first.body.created).toHaveLength(495);
    expect(first.body.rejected).toHaveLength(5);
    expect(first.body.rejected[0]).toEqual({
      row: 9,
      column: 'credits',
      reason: 'must be a number from 0 to 12',
    });
    const again = Date.now();
    const second = await importCsv(file);
    const secondMs = Date.now() - again;
    expect(second.body).toMatchObject({ created: [], changed: [], unchanged: 495 });
    expect(second.body.rejected).toHaveLength(5);
    console.info(`catalog import, 500 rows: ${firstMs} ms new, ${secondMs} ms again (unchanged)`);
    const page = await api<{ courses: CatalogCourse[]; nextCursor?: string }>(
      'GET',
      '/admin/courses?code=BULK&limit=100',
      { token: aro },
    );
    expect(page.body.courses).toHaveLength(100);
    const next = await api<{ courses: CatalogCourse[] }>(
      'GET',
      `/admin/courses?code=BULK&limit=100&cursor=${page.body.nextCursor}`,
      { token: aro },
    );
    // BULK1007 was a bad row: the first page ends at BULK1100
    expect(page.body.courses.at(-1)?.code).toBe('BULK1100');
    expect(next.body.courses[0]?.code).toBe('BULK1101');
  }, 120_000);
});

describe('institutions and the term calendar (issue 10 item 3)', () => {
  it('shows an institution with its grading and trusted issuers, and finds it by a new alias', async () => {
    const search = await api<{ institutions: { institutionId: string; name: string }[] }>(
      'GET',
      '/institutions?q=polytechnic',
      { token: student },
    );
    const polyu = search.body.institutions.find((i) => i.name === 'The Hong Kong Polytechnic University');
    expect(polyu).toBeDefined();
    const id = polyu?.institutionId as string;

    const read = await api<InstitutionDetail>('GET', `/admin/institutions/${id}`, { token: aro });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ name: polyu?.name, aliases: [], version: 0 });
    expect(read.body.grading?.creditSystem.name).toBeTruthy();
    expect(read.body.grading?.href).toBe(`/admin/institutions/${id}/grading`);
    expect(read.body.trustedIssuers).toMatchObject({ href: `/admin/institutions/${id}/trust-list` });

    const changed = await api<InstitutionDetail>('PUT', `/admin/institutions/${id}`, {
      token: aro,
      body: {
        name: read.body.name,
        country: read.body.country,
        aliases: ['PolyU', 'Zorblatt Poly'],
        version: 0,
      },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      aliases: ['PolyU', 'Zorblatt Poly'],
      version: 1,
      updatedBy: 'aro-001',
    });
    expect(changed.body.grading).toEqual(read.body.grading);

    // Students find it by the alias, alone or with its country
    for (const q of ['zorblatt', 'polyu', 'zorb poly']) {
      const byAlias = await api<{ institutions: { institutionId: string }[] }>(
        'GET',
        `/institutions?q=${encodeURIComponent(q)}&country=hong`,
        { token: student },
      );
      expect(
        byAlias.body.institutions.map((i) => i.institutionId),
        q,
      ).toContain(id);
    }
    // A dropped alias finds it no more
    await api('PUT', `/admin/institutions/${id}`, {
      token: aro,
      body: { name: read.body.name, country: read.body.country, aliases: ['PolyU'], version: 1 },
    });
    const dropped = await api<{ institutions: { institutionId: string }[] }>(
      'GET',
      '/institutions?q=zorblatt',
      {
        token: student,
      },
    );
    expect(dropped.body.institutions.map((i) => i.institutionId)).not.toContain(id);

    const stale = await api<Issues>('PUT', `/admin/institutions/${id}`, {
      token: aro,
      body: { name: read.body.name, country: read.body.country, aliases: [], version: 0 },
    });
    expect(stale.status).toBe(409);
    const twice = await api<Issues>('PUT', `/admin/institutions/${id}`, {
      token: aro,
      body: { name: read.body.name, country: read.body.country, aliases: ['PolyU', 'polyu'], version: 2 },
    });
    expect(twice.status).toBe(400);
    expect(twice.body.issues[0]?.field).toBe('body.aliases.1');
    expect((await api('GET', '/admin/institutions/no-such-place', { token: aro })).status).toBe(404);

    const trail = await auditOf(`INSTITUTION#${id}`, id);
    expect(trail.filter((e) => e.action.startsWith('Institution changed')).map((e) => e.actor)).toEqual([
      'aro-001',
      'aro-001',
    ]);
  });

  it('lists the seeded term calendar with each application deadline, and sets a term', async () => {
    const calendar = await api<{ terms: CalendarTermView[] }>('GET', '/admin/terms', { token: aro });
    expect(calendar.status).toBe(200);
    const fall = calendar.body.terms.find((t) => t.term === '2024-25 Fall');
    expect(fall).toMatchObject({ startDate: '2024-09-01', endDate: '2024-12-31', version: 1 });
    expect(fall?.applicationDeadline).toEqual({ deadline: expect.any(String), isDefault: true });
    const names = calendar.body.terms.map((t) => t.term);
    expect(names.indexOf('2024-25 Fall')).toBeLessThan(names.indexOf('2024-25 Winter'));
    expect(names.indexOf('2024-25 Winter')).toBeLessThan(names.indexOf('2024-25 Spring'));

    const term = '2034-35 Fall';
    const path = `/admin/terms/${encodeURIComponent(term)}`;
    const set = await api<CalendarTermView>('PUT', path, {
      token: aro,
      body: { startDate: '2034-09-01', endDate: '2034-12-20', version: 0 },
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ term, version: 1, updatedBy: 'aro-001' });
    // The deadline kept by applications shows beside it
    const deadline = await api('PUT', `${path}/application-deadline`, {
      token: aro,
      body: { deadline: '2035-01-31' },
    });
    expect(deadline.status).toBe(200);
    const listed = await api<{ terms: CalendarTermView[] }>('GET', '/admin/terms', { token: aro });
    expect(listed.body.terms.at(-1)).toMatchObject({
      term,
      applicationDeadline: { deadline: '2035-01-31', isDefault: false },
    });

    const bad = await api<Issues>('PUT', path, {
      token: aro,
      body: { startDate: '2034-12-20', endDate: '2034-02-30', version: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([{ field: 'body.endDate', reason: 'must be a date like 2024-12-20' }]);
    const backwards = await api<Issues>('PUT', path, {
      token: aro,
      body: { startDate: '2034-12-20', endDate: '2034-09-01', version: 1 },
    });
    expect(backwards.body.issues).toEqual([
      { field: 'body.endDate', reason: 'must not be before startDate' },
    ]);
    const notATerm = await api<Issues>('PUT', `/admin/terms/${encodeURIComponent('2034 Autumn')}`, {
      token: aro,
      body: { startDate: '2034-09-01', endDate: '2034-12-20', version: 0 },
    });
    expect(notATerm.status).toBe(400);
    expect(notATerm.body.issues[0]?.field).toBe('path.term');
    const stale = await api<Issues>('PUT', path, {
      token: aro,
      body: { startDate: '2034-09-02', endDate: '2034-12-20', version: 0 },
    });
    expect(stale.status).toBe(409);
    const trail = await auditOf(`TERM#${term}`, term);
    expect(trail.map((e) => e.actor)).toEqual(['aro-001', 'aro-001']);
  });

  it('refuses students every reference-data admin route', async () => {
    const attempts: [string, string, unknown?][] = [
      ['GET', '/admin/courses'],
      ['GET', `/admin/courses/${changedCode}`],
      [
        'PUT',
        `/admin/courses/${changedCode}`,
        { title: 'x', credits: 3, subjectArea: 'MGMT', exclusions: [], version: 0 },
      ],
      ['POST', `/admin/courses/${changedCode}/retire`, { version: 0, reason: 'x' }],
      ['GET', '/admin/re-reviews'],
      ['POST', '/admin/mappings/B000001-01/re-review', { outcome: 'Keep', note: 'x', version: 1 }],
      ['GET', '/admin/institutions/hku'],
      ['PUT', '/admin/institutions/hku', { name: 'x', country: 'y', aliases: [], version: 0 }],
      ['GET', '/admin/terms'],
      [
        'PUT',
        `/admin/terms/${encodeURIComponent('2024-25 Fall')}`,
        { startDate: '2024-09-01', endDate: '2024-12-31', version: 1 },
      ],
    ];
    for (const [method, path, body] of attempts) {
      const r = await api(method, path, { token: student, ...(body ? { body } : {}) });
      expect(r.status, `${method} ${path}`).toBe(403);
    }
    const csv = await api('POST', '/admin/catalog-imports', {
      token: student,
      rawBody: 'code,title,credits,subjectArea,exclusions\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(csv.status).toBe(403);
    expect((await api('GET', '/admin/courses')).status).toBe(401);
  });
});
