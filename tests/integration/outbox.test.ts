import { randomInt } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SubmittedMappingRequest, TriageQueueResponse } from '../../functions/mappings/contracts.js';
import { OutboxEntity, type OutboxItem, workflowStart } from '../../functions/outbox/entities/outbox-item.js';
import { demoAroStaff, demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { documentClient, eventually, mailbox, runtimeEnv } from '../support/aws.js';
import { firstRecord, givenMapping } from '../support/fixtures.js';
import { verifiedPdf } from '../support/uploads.js';

// A failure after the commit can delay what follows, never lose it (DESIGN decision 7): the workflow
// start is an outbox item of the submission's own commit, delivered by the outbox dispatcher, which
// retries past failures. Faults are injected into the local Step Functions.

const student = demoStudents[2];
const staff = demoAroStaff[0];

let token: string;
let aroToken: string;
let record: Awaited<ReturnType<typeof firstRecord>>;
const base = () => `/students/me/records/${record.recordId}`;

const faults = () => new URL('/__faults', runtimeEnv().AWS_ENDPOINT_URL_SFN);

/** The next `count` StartExecution calls fail. */
async function startExecutionFails(count: number): Promise<void> {
  const response = await fetch(faults(), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ operation: 'StartExecution', count }),
  });
  expect(response.ok, `the local Step Functions takes fault injection (answered ${response.status})`).toBe(
    true,
  );
}

async function triageEntries(ref: string) {
  const { body } = await api<TriageQueueResponse>('GET', '/admin/triage', { token: aroToken });
  return body.requests.filter((r) => r.ref === ref);
}

async function outboxItem(ref: string, version: number): Promise<OutboxItem | undefined> {
  const key = workflowStart('mapping-review', `${ref}-v${version}`, {}).idempotencyKey;
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: runtimeEnv().TABLE_NAME, Key: OutboxEntity.key(key), ConsistentRead: true }),
  );
  return Item ? OutboxEntity.fromItem(Item) : undefined;
}

/** In triage exactly once, after the dispatcher's retries; nothing more arrives afterwards. */
async function reachesTriageOnce(ref: string, version: number): Promise<void> {
  await eventually(
    async () => (await triageEntries(ref)).length > 0 || undefined,
    `${ref} in triage`,
    20_000,
  );
  await new Promise((r) => setTimeout(r, 1000));
  expect(await triageEntries(ref)).toHaveLength(1);
  const item = await outboxItem(ref, version);
  // The delivery failed at least once before it went through: the dispatcher retried past the faults.
  expect(item?.attempts ?? 0).toBeGreaterThanOrEqual(1);
  expect(item?.lastError).toBeDefined();
  expect(item?.deliveredAt).toBeDefined();
}

beforeAll(async () => {
  if (!student || !staff) throw new Error('the seed needs demo students and ARO staff');
  token = await signIn(student.studentId);
  aroToken = await signIn(staff.staffId);
  record = await firstRecord(token);
});

afterEach(async () => {
  await fetch(faults(), { method: 'DELETE' });
});

describe('workflow starts through the outbox', () => {
  it('accepts a request at once while StartExecution fails three times, and the request still reaches triage exactly once', async () => {
    await startExecutionFails(3);
    const code = `OB${randomInt(100_000, 999_999)}`;

    const { status, body } = await api<SubmittedMappingRequest>('POST', `${base()}/mapping-requests`, {
      token,
      body: {
        submit: true,
        incomingCourses: [
          {
            code,
            title: 'Outbox Thermodynamics',
            credits: 4,
            creditUnit: 'ECTS',
            documentIds: [await verifiedPdf(token)],
          },
        ],
        homeCourseCodes: ['MECH2310'],
      },
    });

    expect(status).toBe(201);
    expect(body.status).toBe('Request Initiated');
    await reachesTriageOnce(body.ref, 1);
    const received = (await mailbox()).filter(
      (m) => m.subject === `Course mapping ${body.ref}: request received`,
    );
    expect(received).toHaveLength(1);
  });

  it('returns a Provide Info at once while StartExecution fails, and the review starts again', async () => {
    const mapping = await givenMapping({
      studentId: student?.studentId ?? '',
      recordId: record.recordId,
      institutionId: record.institutionId,
      institutionName: record.institutionName,
      status: 'Need Further Info',
      patch: { reviewerNote: 'Please provide the syllabus of this year.' },
    });
    await startExecutionFails(3);

    const done = await api('POST', `${base()}/mappings/${mapping.ref}/provide-info`, {
      token,
      body: { documentIds: [await verifiedPdf(token, 'syllabus-2025.pdf')] },
    });

    expect(done.status).toBe(200);
    expect(done.body).toEqual({ ref: mapping.ref, status: 'Request Initiated' });
    await reachesTriageOnce(mapping.ref, mapping.version + 1);
  });
});
