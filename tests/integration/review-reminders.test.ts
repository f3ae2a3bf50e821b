import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Application, ApplicationEntity } from '../../functions/applications/entities/application.js';
import { AwaitedStepEntity } from '../../functions/human-steps/entities/awaited-step.js';
import { type Mapping, MappingEntity } from '../../functions/mappings/entities/mapping.js';
import { StudentEntity } from '../../functions/records/entities/student.js';
import { aroTriageStep, departmentStep, mappingSubject } from '../../functions/reviews/human-steps/steps.js';
import { localClient } from '../../local/dynamodb.js';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime.js';
import type { SentMail } from '../support/aws.js';

// "After N days a reminder goes out; after M days the step escalates to ARO", with the waits shortened:
// a runtime of its own whose 7 days last 3 seconds. The rest of the review is tested in
// mapping-review.test.ts; here triage is answered straight through its task token.

const week = 7 * 86_400;
const weekInSeconds = 3;
let runtime: LocalRuntime;
let db: DynamoDBDocumentClient;
let sfn: SFNClient;

const mapping: Mapping = {
  ref: 'B777777-01',
  groupRef: 'B777777',
  institutionId: 'reminder-university',
  institutionName: 'Reminder University',
  incomingCourses: [{ code: 'RM101', title: 'Patience', credits: 3, creditUnit: 'CREDIT' }],
  homeCourses: [{ code: 'MECH2310', title: 'Thermodynamics', credits: 3, subjectArea: 'MECH' }],
  status: 'Request Initiated',
  requestedBy: '20990001',
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  version: 1,
};

async function mails(): Promise<SentMail[]> {
  const response = await fetch(new URL('/store', runtime.urls.mailbox));
  return ((await response.json()) as { emails: SentMail[] }).emails;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  runtime = await startLocalRuntime({ ports: 'ephemeral', seed: false, timeoutScale: weekInSeconds / week });
  const endpoint = runtime.env.AWS_ENDPOINT_URL_SFN;
  db = DynamoDBDocumentClient.from(localClient(runtime.urls.dynamodb));
  sfn = new SFNClient({
    endpoint,
    region: runtime.env.AWS_REGION,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const table = runtime.env.TABLE_NAME;
  await db.send(new PutCommand({ TableName: table, Item: MappingEntity.toItem(mapping) }));
  await db.send(
    new PutCommand({
      TableName: table,
      Item: StudentEntity.toItem({
        studentId: mapping.requestedBy,
        name: 'Pat Ience',
        email: 'patience@connect.ust.hk',
        program: 'BEng',
        cohortTerm: '2024-25 Fall',
        academicYear: 'Year 2',
        programStatus: 'Active in Program',
        degreeCheckout: 'Not Started',
      }),
    }),
  );
}, 60_000);

afterAll(async () => {
  db?.destroy();
  sfn?.destroy();
  await runtime?.stop();
});

describe('reminders and escalation of a waiting step', () => {
  it('reminds, then escalates to ARO, and a link from the first mail still decides', async () => {
    const aro = runtime.env.ARO_EMAIL as string;
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: runtime.env.MAPPING_REVIEW_STATE_MACHINE_ARN,
        name: `${mapping.ref}-v1`,
        input: JSON.stringify({ ref: mapping.ref, submission: 'new' }),
      }),
    );
    // Triage waits too: ARO is asked, then reminded after "7 days"
    await until(
      async () =>
        (await mails()).filter((m) => m.destination.to.includes(aro)).length >= 2 ? true : undefined,
      'the triage request and its reminder',
    );
    const triage = await until(async () => {
      const { Item } = await db.send(
        new GetCommand({
          TableName: runtime.env.TABLE_NAME,
          Key: AwaitedStepEntity.key(mappingSubject(mapping.ref), aroTriageStep),
        }),
      );
      return Item?.phase === 'reminder' ? AwaitedStepEntity.fromItem(Item) : undefined;
    }, 'the triage wait in its reminder phase');
    await sfn.send(
      new SendTaskSuccessCommand({
        taskToken: triage.taskToken,
        output: JSON.stringify({ route: 'departments' }),
      }),
    );

    // MECH has no reviewer configured: the registry receives the request, the reminders (each with a
    // fresh link) and, after "14 days", the escalation
    const departmentMails = await until(async () => {
      const about = (await mails()).filter(
        (m) => m.destination.to.includes(aro) && m.subject.includes('MECH'),
      );
      return about.some((m) => m.subject.startsWith('Overdue')) ? about : undefined;
    }, 'the MECH request, reminder and escalation');
    const [request, reminder] = departmentMails;
    expect(request?.subject).toMatch(/review requested/i);
    expect(reminder?.subject).toMatch(/remind/i);
    const escalation = departmentMails.find((m) => m.subject.startsWith('Overdue'));
    expect(escalation?.body.text).toContain('MECH department review');
    const awaited = await db.send(
      new GetCommand({
        TableName: runtime.env.TABLE_NAME,
        Key: AwaitedStepEntity.key(mappingSubject(mapping.ref), departmentStep('MECH')),
      }),
    );
    expect(awaited.Item?.phase).toBe('escalation');

    // The link of the first mail still answers the step, whose token has changed twice since
    const firstLink =
      /https?:\/\/[^\s"<>]+\/review\/[A-Za-z0-9_-]{43}/.exec(request?.body.text ?? '')?.[0] ?? '';
    const decided = await fetch(firstLink, {
      method: 'POST',
      body: new URLSearchParams({
        decision: 'approve',
        validFrom: '2024-25 Fall',
        validTo: '2027-28 Summer',
      }),
    });
    expect(decided.status).toBe(200);
    const approved = await until(async () => {
      const { Item } = await db.send(
        new GetCommand({
          TableName: runtime.env.TABLE_NAME,
          Key: MappingEntity.key(mapping.ref),
          ConsistentRead: true,
        }),
      );
      return Item?.status === 'Approved' ? Item : undefined;
    }, 'the mapping to be Approved');
    expect(approved.validTo).toBe('2027-28 Summer');
  }, 60_000);

  it('reminds a program office of an endorsement, escalates to ARO, and its first link still endorses', async () => {
    const aro = runtime.env.ARO_EMAIL as string;
    const office = 'slow-office@ust.hk';
    const at = new Date().toISOString();
    const application: Application = {
      studentId: mapping.requestedBy,
      applicationId: '22222222-2222-4222-8222-222222222222',
      recordId: 'SR-REMIND',
      ref: mapping.ref,
      institutionId: mapping.institutionId,
      institutionName: mapping.institutionName,
      incomingCourses: [
        { ...mapping.incomingCourses[0], finalGrade: 'A' } as Application['incomingCourses'][number],
      ],
      homeCourses: mapping.homeCourses,
      transferTerm: '2026-27 Spring',
      status: 'Pending Program Office Endorsement',
      attempt: 1,
      submittedAt: at,
      routing: {
        ruleVersion: 1,
        matchedRows: ['slow'],
        endorsers: [{ officeId: 'SLOW', name: 'Slow Office', emails: [office] }],
        outcome: 'endorsement',
        reason: 'Rule table v1, row "slow": endorsement by Slow Office.',
        failClosed: [],
        notes: [],
      },
      endorsements: [],
      createdAt: at,
      updatedAt: at,
      version: 2,
    };
    await db.send(
      new PutCommand({ TableName: runtime.env.TABLE_NAME, Item: ApplicationEntity.toItem(application) }),
    );
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: runtime.env.CT_APPLICATION_STATE_MACHINE_ARN,
        name: `${application.applicationId}-1`,
        input: JSON.stringify({
          studentId: application.studentId,
          applicationId: application.applicationId,
          attempt: 1,
        }),
      }),
    );
    // The office is asked, reminded after "7 days" (with a fresh link), and ARO told after "14 days"
    const officeMails = await until(async () => {
      const to = (await mails()).filter((m) => m.destination.to.includes(office));
      return to.length >= 2 ? to : undefined;
    }, 'the endorsement request and its reminder');
    expect(officeMails[1]?.subject).toMatch(/^Reminder: credit transfer application/);
    const escalation = await until(
      async () =>
        (await mails()).find(
          (m) =>
            m.destination.to.includes(aro) &&
            m.subject === `Overdue: credit transfer application ${mapping.ref} at Slow Office endorsement`,
        ),
      'the escalation to ARO',
    );
    expect(escalation.body.text).toContain('Slow Office');

    // The first mail's link still endorses, though the step's token has changed since
    const firstLink =
      /https?:\/\/[^\s"<>]+\/endorse\/[A-Za-z0-9_-]{43}/.exec(officeMails[0]?.body.text ?? '')?.[0] ?? '';
    const decided = await fetch(firstLink, {
      method: 'POST',
      body: new URLSearchParams({ decision: 'endorse' }),
    });
    expect(decided.status).toBe(200);
    await until(async () => {
      const { Item } = await db.send(
        new GetCommand({
          TableName: runtime.env.TABLE_NAME,
          Key: ApplicationEntity.key(application.studentId, application.applicationId),
          ConsistentRead: true,
        }),
      );
      return Item?.status === 'Submitted' ? Item : undefined;
    }, 'the application to be Submitted');
  }, 60_000);
});
