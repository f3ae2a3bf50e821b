import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mapping, MappingEntity } from '../../functions/mappings/entities/mapping.js';
import { StudentEntity } from '../../functions/records/entities/student.js';
import type { AroMappingResponse, TriageQueueResponse } from '../../functions/reviews/contracts.js';
import { localClient } from '../../local/dynamodb.js';
import { freePort } from '../../local/ports.js';
import { type LocalRuntime, type Ports, startLocalRuntime } from '../../local/runtime.js';
import { demoAroStaff } from '../../local/seed/people.js';
import { signInLocally } from '../../local/sign-in-client.js';
import type { SentMail } from '../support/aws.js';

// The handler modules load once per process and keep the AWS clients of the first runtime that used
// them, so every runtime this file starts (one worker process) listens on the same free ports.
let filePorts: Ports | undefined;
async function samePorts(): Promise<Ports> {
  if (!filePorts) {
    const [web, api, dynamodb, s3, ses, stepFunctions, events] = await Promise.all(
      Array.from({ length: 7 }, freePort),
    );
    filePorts = { web, api, dynamodb, s3, ses, stepFunctions, events } as Ports;
  }
  return filePorts;
}

// `npm start` keeps its data in a folder; a second start finds what the first one wrote and does not
// seed over it. Runs a runtime of its own (on other free ports) beside the suite's in-memory one.
describe('local runtime restart', () => {
  it('keeps the data created in the previous run', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cts-restart-'));
    const key = { pk: 'RESTART#probe', sk: 'PROBE' };
    try {
      // Given a first run that seeds and then records something
      const first = await startLocalRuntime({ dataDir, ports: await samePorts(), seed: true });
      expect(first.seeded?.skipped).toBe(false);
      const db = DynamoDBDocumentClient.from(localClient(first.urls.dynamodb));
      await db.send(
        new PutCommand({ TableName: first.env.TABLE_NAME, Item: { ...key, type: 'Probe', note: 'kept' } }),
      );
      db.destroy();
      await first.stop();

      // When the runtime starts again on the same folder
      const second = await startLocalRuntime({ dataDir, ports: await samePorts(), seed: true });
      try {
        // Then the data is there and the seed did not run again
        expect(second.seeded?.skipped).toBe(true);
        const again = DynamoDBDocumentClient.from(localClient(second.urls.dynamodb));
        const { Item } = await again.send(new GetCommand({ TableName: second.env.TABLE_NAME, Key: key }));
        again.destroy();
        expect(Item?.note).toBe('kept');
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    // The whole demo seed on a disk-backed table, and the seeded reviews started and journaled: about
    // a minute alone, and twice that while the other suites run beside it (CI's 2 cores).
  }, 300_000);
});

// Issue 7 item 3: Step Functions is durable, so a restart of `npm start` must not lose a waiting
// review. Reviews are in flight when the first runtime stops; the second, on the same folder and the
// same ports (as `npm start` uses fixed ones, and links mailed before point at them), must finish
// them. A "week" lasts `weekSeconds`, so that a reminder falls due around the restart. The mailbox
// (the SES emulator) lives in memory: links are read from it before the stop. (Its store is module
// state, which outlives a stop within one process; mails sent since the restart are told by their time.)
describe('waiting reviews across a restart of the local runtime', () => {
  const week = 7 * 86_400;
  const weekSeconds = 30;
  const staff = demoAroStaff[0];
  const student = { studentId: '20990077', email: 'restart-student@connect.ust.hk' };
  const mappingOf = (ref: string): Mapping => ({
    ref,
    groupRef: ref.slice(0, 7),
    institutionId: 'restart-university',
    institutionName: 'Restart University',
    incomingCourses: [
      { code: `RS${ref.slice(1, 7)}`, title: 'Resilience', credits: 3, creditUnit: 'CREDIT' },
    ],
    homeCourses: [{ code: 'MECH2310', title: 'Thermodynamics', credits: 3, subjectArea: 'MECH' }],
    status: 'Request Initiated',
    requestedBy: student.studentId,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    version: 1,
  });
  // One request per assertion: decided by a link after the restart, triaged after it, reminded after it
  const linked = mappingOf('B881001-01');
  const untriaged = mappingOf('B881002-01');
  const reminded = mappingOf('B881003-01');

  let dataDir: string;
  let runtime: LocalRuntime | undefined;
  let aroToken: string;
  const linksMailedBefore = new Map<string, string>();
  let restartedAt = 0;

  const start = (ports: Ports) =>
    startLocalRuntime({ dataDir, ports, seed: false, timeoutScale: weekSeconds / week });

  const current = (): LocalRuntime => {
    if (!runtime) throw new Error('the runtime is not running');
    return runtime;
  };

  async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${current().urls.api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${aroToken}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  const mails = async (): Promise<SentMail[]> => {
    const response = await fetch(new URL('/store', current().urls.mailbox));
    return ((await response.json()) as { emails: SentMail[] }).emails;
  };
  const mailsAbout = async (ref: string) => (await mails()).filter((m) => m.subject.includes(ref));
  const mailsSinceRestartAbout = async (ref: string) =>
    (await mailsAbout(ref)).filter((m) => m.at > restartedAt);
  const linkIn = (mail: SentMail | undefined) =>
    /https?:\/\/[^\s"<>]+\/review\/[A-Za-z0-9_-]{43}/.exec(mail?.body.text ?? '')?.[0];

  const awaitingTriage = async (ref: string) =>
    (await api<TriageQueueResponse>('GET', '/admin/triage')).body.requests.some((r) => r.ref === ref);

  async function submitted(mapping: Mapping): Promise<void> {
    const { env, urls } = current();
    const db = DynamoDBDocumentClient.from(localClient(urls.dynamodb));
    const sfn = new SFNClient({
      endpoint: env.AWS_ENDPOINT_URL_SFN,
      region: env.AWS_REGION,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    try {
      await db.send(new PutCommand({ TableName: env.TABLE_NAME, Item: MappingEntity.toItem(mapping) }));
      // As a submission starts its review: one execution per submitted version
      await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: env.MAPPING_REVIEW_STATE_MACHINE_ARN,
          name: `${mapping.ref}-v${mapping.version}`,
          input: JSON.stringify({ ref: mapping.ref, submission: 'new' }),
        }),
      );
    } finally {
      db.destroy();
      sfn.destroy();
    }
    await until(
      async () => ((await awaitingTriage(mapping.ref)) ? true : undefined),
      `${mapping.ref} in triage`,
    );
  }

  async function routedWithLink(mapping: Mapping): Promise<void> {
    expect((await api('POST', `/admin/mappings/${mapping.ref}/triage`, { action: 'route' })).status).toBe(
      202,
    );
    const link = await until(
      async () => linkIn((await mailsAbout(mapping.ref)).find((m) => /review requested/i.test(m.subject))),
      `the MECH review link for ${mapping.ref}`,
    );
    linksMailedBefore.set(mapping.ref, link);
  }

  const timelineOf = async (ref: string) =>
    (await api<AroMappingResponse>('GET', `/admin/mappings/${ref}`)).body;

  beforeAll(async () => {
    if (!staff) throw new Error('the seed needs a demo ARO staff member');
    dataDir = await mkdtemp(join(tmpdir(), 'cts-restart-reviews-'));
    runtime = await start(await samePorts());
    const { env, urls } = current();
    const db = DynamoDBDocumentClient.from(localClient(urls.dynamodb));
    await db.send(
      new PutCommand({
        TableName: env.TABLE_NAME,
        Item: StudentEntity.toItem({
          ...student,
          name: 'Re Start',
          program: 'BEng',
          cohortTerm: '2024-25 Fall',
          academicYear: 'Year 2',
          programStatus: 'Active in Program',
          degreeCheckout: 'Not Started',
        }),
      }),
    );
    db.destroy();
    aroToken = await signInLocally(urls.web, staff.staffId);

    // Given, before the restart: one request at its department with the link mailed, one awaiting
    // triage, and one whose department review was requested last, so its reminder falls due after the stop
    await submitted(linked);
    await submitted(untriaged);
    await routedWithLink(linked);
    await submitted(reminded);
    await routedWithLink(reminded);

    // When the runtime is stopped and started again with its data kept
    const ports: Ports = {
      web: Number(new URL(urls.web).port),
      api: Number(new URL(urls.api).port),
      dynamodb: Number(new URL(urls.dynamodb).port),
      s3: Number(new URL(urls.s3).port),
      ses: Number(new URL(urls.mailbox).port),
      stepFunctions: Number(new URL(urls.stepFunctions).port),
      events: Number(new URL(urls.events).port),
    };
    await current().stop();
    runtime = undefined;
    restartedAt = Math.floor(Date.now() / 1000);
    runtime = await start(ports);
    aroToken = await signInLocally(current().urls.web, staff.staffId);
  }, 300_000);

  afterAll(async () => {
    await runtime?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('decides a department review through a link mailed before the restart', async () => {
    // When the reviewer posts the approval from the link's confirmation page
    const link = linksMailedBefore.get(linked.ref) ?? '';
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const decided = await fetch(link, {
      method: 'POST',
      body: new URLSearchParams({
        decision: 'approve',
        validFrom: '2024-25 Fall',
        validTo: '2027-28 Summer',
      }),
    });
    // Then it is accepted and the request is Approved for the terms chosen
    expect(decided.status).toBe(200);
    const approved = await until(async () => {
      const body = await timelineOf(linked.ref);
      return body.mapping.status === 'Approved' ? body : undefined;
    }, `${linked.ref} to be Approved`);
    expect(approved.mapping).toMatchObject({ validFrom: '2024-25 Fall', validTo: '2027-28 Summer' });
    expect(approved.timeline.map((e) => e.action)).toContain('Decision: Approved');
  }, 120_000);

  it('triages a request that was awaiting triage before the restart', async () => {
    // When ARO routes the request on
    const triaged = await api('POST', `/admin/mappings/${untriaged.ref}/triage`, { action: 'route' });
    // Then it is accepted, the request goes Under Review and leaves the queue, with one triage on record
    expect(triaged.status).toBe(202);
    const moved = await until(async () => {
      const body = await timelineOf(untriaged.ref);
      return body.mapping.status !== 'Request Initiated' ? body : undefined;
    }, `${untriaged.ref} to leave Request Initiated`);
    expect(moved.mapping.status).toBe('Under Review');
    expect(await awaitingTriage(untriaged.ref)).toBe(false);
    expect(moved.timeline.filter((e) => e.action.startsWith('Triage'))).toHaveLength(1);
  }, 120_000);

  it('still sends the reminder of a review that was waiting at the restart, and asks nothing twice', async () => {
    // Then the department is reminded, by a mail the new runtime sent
    const reminder = await until(
      async () => (await mailsSinceRestartAbout(reminded.ref)).find((m) => /^Reminder/.test(m.subject)),
      `the reminder about ${reminded.ref}`,
      4 * weekSeconds * 1000,
    );
    expect(reminder.subject).toContain('MECH');
    expect(linkIn(reminder)).toBeTruthy();
    // And neither the request mail nor the triage request was sent again after the restart
    const resent = (await mailsSinceRestartAbout(reminded.ref)).filter((m) =>
      /review requested|awaiting triage/i.test(m.subject),
    );
    expect(resent).toEqual([]);
  }, 180_000);
});
