// What one whole credit transfer costs in AWS: a mapping request → ARO triage → the department's
// review → Apply for CT and Submit → a program office's endorsement → the official transcript
// received and Verified → ARO's approval (issue 9, "cost of one full lifecycle").
//
// The whole local runtime runs in this process (the functions, workflows, S3 and mail emulators),
// and each step goes through the door a person uses (the API, an emailed link). What the lifecycle
// consumes is measured, not assumed:
// - DynamoDB read and write request units: the functions reach DynamoDB Local through a proxy that
//   asks every request for its ReturnConsumedCapacity and adds up the answers (the bench's own
//   waits read the table directly, past the proxy, and are not counted);
// - Lambda invocations and their duration (GB-seconds at each function's catalog memory);
// - Step Functions state transitions: every state entered, counted from the executions' event logs;
// - mails the SES emulator received; API requests the steps made; S3 PUT and GET requests.
// Prices are AWS list prices (us-east-1, on-demand), written below with their source units.
//
// Run: npm run bench:lifecycle-cost

import { randomInt } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { StateMachine } from 'aws-local-stepfunctions';
import type { ApplicationView } from '../functions/applications/contracts.js';
import { ApplicationEntity } from '../functions/applications/entities/application.js';
import { type FunctionName, functionCatalog } from '../functions/catalog.js';
import type { SubmittedMappingRequest } from '../functions/mappings/contracts.js';
import { MappingEntity } from '../functions/mappings/entities/mapping.js';
import { type StudyRecord, StudyRecordEntity } from '../functions/records/entities/student.js';
import { InstitutionEntity } from '../functions/reference-data/entities/catalog.js';
import type { Keys } from '../functions/store/item.js';
import { TranscriptEntity } from '../functions/transcripts/entities/transcript.js';
import { UploadEntity } from '../functions/uploads/entities/upload.js';
import { localClient } from '../local/dynamodb.js';
import { LocalLambdas } from '../local/lambdas.js';
import { localNames, startLocalRuntime } from '../local/runtime.js';
import { demoAroStaff, demoStudents } from '../local/seed/people.js';
import { signInLocally } from '../local/sign-in-client.js';
import { validPdf } from '../tests/support/pdf-corpus.js';
import { capacityProxy } from './support/capacity-proxy.js';

/** AWS list prices, us-east-1. */
const prices = {
  /** DynamoDB on-demand: $0.625 per million write request units, $0.125 per million read request units. */
  writeUnit: 0.625 / 1e6,
  readUnit: 0.125 / 1e6,
  /** Lambda (x86): $0.20 per million requests, $0.0000166667 per GB-second. */
  lambdaRequest: 0.2 / 1e6,
  gbSecond: 0.0000166667,
  /** Step Functions Standard: $0.025 per 1,000 state transitions. */
  transition: 0.025 / 1e3,
  /** SES: $0.10 per 1,000 emails. */
  mail: 0.1 / 1e3,
  /** API Gateway HTTP API: $1.00 per million requests. */
  apiRequest: 1 / 1e6,
  /** S3 Standard: $0.005 per 1,000 PUT/POST/COPY, $0.0004 per 1,000 GET. */
  s3Put: 0.005 / 1e3,
  s3Get: 0.0004 / 1e3,
};

const readOperations = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

const counts = {
  readUnits: 0,
  writeUnits: 0,
  dynamoRequests: 0,
  unreported: 0,
  lambda: new Map<FunctionName, { invocations: number; ms: number }>(),
  transitions: 0,
  apiRequests: 0,
  /** S3 requests: the browser's presigned POSTs, and every command the functions send. */
  s3Writes: 0,
  s3Reads: 0,
};
let counting = false;

function record(operation: string, answer: string): void {
  counts.dynamoRequests++;
  let consumed: { CapacityUnits?: number }[] = [];
  try {
    const parsed = JSON.parse(answer) as { ConsumedCapacity?: unknown; CancellationReasons?: unknown };
    const c = parsed.ConsumedCapacity;
    consumed = (Array.isArray(c) ? c : c ? [c] : []) as { CapacityUnits?: number }[];
  } catch {
    // an error body: nothing consumed is reported
  }
  const units = consumed.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
  if (consumed.length === 0) counts.unreported++;
  if (readOperations.has(operation)) counts.readUnits += units;
  else counts.writeUnits += units;
}

// Every S3 command the functions send (the hooks' reads, pins and removals): writes and reads bill apart.
const send = S3Client.prototype.send;
S3Client.prototype.send = function (this: S3Client, ...args: unknown[]) {
  if (counting) {
    const name = (args[0] as { constructor: { name: string } }).constructor.name;
    if (/^(Get|Head)Object/.test(name)) counts.s3Reads++;
    else counts.s3Writes++;
  }
  return (send as (...a: unknown[]) => unknown).apply(this, args);
} as typeof send;

// Every Lambda invocation of the runtime, with its duration.
const invoke = LocalLambdas.prototype.invoke;
LocalLambdas.prototype.invoke = async function (this: LocalLambdas, name: FunctionName, event: unknown) {
  const start = performance.now();
  try {
    return await invoke.call(this, name, event);
  } finally {
    if (counting) {
      const c = counts.lambda.get(name) ?? { invocations: 0, ms: 0 };
      c.invocations++;
      c.ms += performance.now() - start;
      counts.lambda.set(name, c);
    }
  }
};

// Every state entered by every execution (Step Functions Standard bills state transitions).
const run = StateMachine.prototype.run;
StateMachine.prototype.run = function (this: StateMachine, ...args: Parameters<typeof run>) {
  const execution = run.apply(this, args);
  void (async () => {
    for await (const event of execution.eventLogs) {
      if (counting && event.type === 'StateEntered') counts.transitions++;
    }
  })().catch(() => {});
  return execution;
} as typeof run;

async function main(): Promise<void> {
  const runtime = await startLocalRuntime({
    ports: 'ephemeral',
    functionsDynamoDb: async (dynamodbUrl) =>
      (
        await capacityProxy(dynamodbUrl, (operation, answer) => {
          if (counting) record(operation, answer);
        })
      ).url,
  });
  const direct = DynamoDBDocumentClient.from(localClient(runtime.urls.dynamodb));
  const table = localNames.table;
  const get = async (key: Keys) =>
    (await direct.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
  const until = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const mails = async () =>
    (
      (await (await fetch(new URL('/store', runtime.urls.mailbox))).json()) as {
        emails: { destination: { to: string[] }; subject: string; body: { text?: string } }[];
      }
    ).emails;
  const api = async <T>(method: string, path: string, token: string, body?: unknown) => {
    if (counting) counts.apiRequests++;
    const response = await fetch(`${runtime.urls.api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const linkIn = async (to: string, about: string, path: string) =>
    until(async () => {
      const mail = (await mails()).find((m) => m.destination.to.includes(to) && m.subject.includes(about));
      return new RegExp(`https?://[^\\s"<>]+/${path}/[A-Za-z0-9_-]{43}`).exec(mail?.body.text ?? '')?.[0];
    }, `a ${path} link to ${to}`);
  const postFile = async (post: { url: string; fields: Record<string, string> }, name: string) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(post.fields)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(validPdf)], { type: 'application/pdf' }), name);
    if (counting) counts.s3Writes++;
    const response = await fetch(post.url, { method: 'POST', body: form });
    if (response.status >= 300) throw new Error(`S3 POST ${response.status}`);
  };

  try {
    const student = demoStudents[5];
    const staff = demoAroStaff[0];
    if (!student || !staff) throw new Error('the seed needs a student and ARO staff');
    const [token, aro] = await Promise.all([
      signInLocally(runtime.urls.web, student.studentId),
      signInLocally(runtime.urls.web, staff.staffId),
    ]);
    // The setting, before counting: a study record at an institution with its grade scale, the
    // department's reviewer and a rule that asks one program office to endorse.
    const suffix = randomInt(100_000, 999_999);
    const record: StudyRecord = {
      studentId: student.studentId,
      recordId: `SR-BENCH-${suffix}`,
      institutionId: `bench-${suffix}`,
      institutionName: `Bench University ${suffix}`,
      category: 'hkust-organized-study-abroad',
      transferTerm: '2026-27 Spring',
      studyPeriod: '2026-27 Spring',
      createdBy: 'OGL',
      createdAt: new Date().toISOString(),
    };
    await direct.send(new PutCommand({ TableName: table, Item: StudyRecordEntity.toItem(record) }));

    await direct.send(
      new PutCommand({
        TableName: table,
        Item: InstitutionEntity.toItem({
          institutionId: record.institutionId,
          name: record.institutionName,
          country: 'United States',
        }),
      }),
    );
    await api('PUT', `/admin/institutions/${record.institutionId}/grading`, aro, {
      creditSystem: { name: 'US semester credits', unit: 'CREDIT', creditsPerSemester: 15 },
      gradeScale: {
        id: 'us-letter',
        grades: [
          { grade: 'A', ucts: 'A' },
          { grade: 'B', ucts: 'B' },
          { grade: 'C', ucts: 'C' },
          { grade: 'F', ucts: 'F' },
        ],
      },
      version: 0,
    });
    const reviewer = `mech-${suffix}@ust.hk`;
    await api('PUT', '/admin/subject-areas/MECH/reviewers', aro, {
      reviewers: [{ name: 'MECH reviewer', email: reviewer }],
    });
    const office = `po-${suffix}@ust.hk`;
    const rules = await api<{ version: number; rows: unknown[] }>('GET', '/admin/endorsement-rules', aro);
    await api('PUT', '/admin/endorsement-rules', aro, {
      version: rules.version,
      rows: [
        ...rules.rows,
        {
          ruleId: `bench-${suffix}`,
          conditions: { courseCodes: ['MECH2310'], transferTerms: [record.transferTerm] },
          endorsers: [{ officeId: `PO-${suffix}`, name: 'Program Office', emails: [office] }],
        },
      ],
    });
    // Let the seeded reviews started with the runtime settle, so their work is not counted.
    await new Promise((r) => setTimeout(r, 3000));

    counting = true;
    const started = performance.now();
    const mailsBefore = (await mails()).length;

    // 1. The student uploads a syllabus and requests a mapping.
    const ticket = await api<{
      upload: { uploadId: string };
      post: { url: string; fields: Record<string, string> };
    }>('POST', '/students/me/uploads', token, { fileName: 'syllabus.pdf', sizeBytes: validPdf.length });
    await postFile(ticket.post, 'syllabus.pdf');
    await until(
      async () =>
        (await get(UploadEntity.key(student.studentId, ticket.upload.uploadId)))?.status === 'Verified'
          ? true
          : undefined,
      'the syllabus verified',
    );
    const request = await api<SubmittedMappingRequest>(
      'POST',
      `/students/me/records/${record.recordId}/mapping-requests`,
      token,
      {
        submit: true,
        incomingCourses: [
          {
            code: `BN${suffix}`,
            title: 'Thermodynamics',
            credits: 3,
            creditUnit: 'CREDIT',
            documentIds: [ticket.upload.uploadId],
          },
        ],
        homeCourseCodes: ['MECH2310'],
      },
    );
    const mappingStatus = async () =>
      (await get(MappingEntity.key(request.ref)))?.status as string | undefined;
    // 2. ARO triages; 3. the department approves from its link.
    await until(
      async () =>
        (await get({ pk: `AWAIT#mapping#${request.ref}`, sk: 'STEP#aro-triage' })) ? true : undefined,
      'the triage wait',
    );
    await api('POST', `/admin/mappings/${request.ref}/triage`, aro, { action: 'route' });
    const review = await linkIn(reviewer, request.ref, 'review');
    counts.apiRequests++; // the reviewer's POST from the link page reaches the API too
    await fetch(review, {
      method: 'POST',
      body: new URLSearchParams({
        decision: 'approve',
        validFrom: '2025-26 Fall',
        validTo: '2028-29 Spring',
      }),
    });
    await until(
      async () => ((await mappingStatus()) === 'Approved' ? true : undefined),
      'the mapping approved',
    );

    // 4. Apply for CT and Submit; 5. the program office endorses from its link.
    const draft = await api<ApplicationView>(
      'POST',
      `/students/me/records/${record.recordId}/applications`,
      token,
      { ref: request.ref },
    );
    const submitted = await api<ApplicationView>(
      'POST',
      `/students/me/applications/${draft.applicationId}/submit`,
      token,
      {
        finalGrades: draft.incomingCourses.map((c) => ({ code: c.code, grade: 'A' })),
        version: draft.version,
      },
    );
    const endorse = await linkIn(office, request.ref, 'endorse');
    counts.apiRequests++;
    await fetch(endorse, { method: 'POST', body: new URLSearchParams({ decision: 'endorse' }) });
    const applicationKey = ApplicationEntity.key(student.studentId, submitted.applicationId);
    const applicationStatus = async () => (await get(applicationKey))?.status as string | undefined;
    await until(
      async () => ((await applicationStatus()) === 'Submitted' ? true : undefined),
      'the endorsement',
    );

    // 6. ARO receives the official transcript (the hook checks it) and verifies it.
    const received = await api<{
      transcript: { transcriptId: string };
      post: { url: string; fields: Record<string, string> };
    }>('POST', `/admin/students/${student.studentId}/records/${record.recordId}/transcripts`, aro, {
      fileName: 'transcript.pdf',
      sizeBytes: validPdf.length,
      source: 'Presented at ARO',
    });
    await postFile(received.post, 'transcript.pdf');
    const transcriptKey = TranscriptEntity.key(student.studentId, received.transcript.transcriptId);
    const checked = await until(async () => {
      const t = await get(transcriptKey);
      return t && t.status !== 'Awaiting Upload' ? t : undefined;
    }, 'the transcript checked');
    await api(
      'PUT',
      `/admin/students/${student.studentId}/transcripts/${received.transcript.transcriptId}/status`,
      aro,
      { status: 'Verified', version: checked.version },
    );
    // 7. ARO approves once the application waits for its decision.
    await until(
      async () =>
        (await get({
          pk: `AWAIT#application#${student.studentId}:${submitted.applicationId}`,
          sk: 'STEP#aro-decision',
        }))
          ? true
          : undefined,
      'the ARO decision wait',
    );
    await api('POST', `/admin/applications/${submitted.applicationId}/decision`, aro, { action: 'approve' });
    await until(async () => ((await applicationStatus()) === 'Approved' ? true : undefined), 'the approval');
    // Let the last mails of the outbox go out.
    await new Promise((r) => setTimeout(r, 2000));
    const mailed = (await mails()).length - mailsBefore;
    counting = false;
    const seconds = (performance.now() - started) / 1000;

    const lambdaRows = [...counts.lambda.entries()].sort(([a], [b]) => a.localeCompare(b));
    const invocations = lambdaRows.reduce((n, [, c]) => n + c.invocations, 0);
    const gbSeconds = lambdaRows.reduce(
      (n, [name, c]) => n + (c.ms / 1000) * (functionCatalog[name].memoryMb / 1024),
      0,
    );
    const s3Puts = counts.s3Writes;
    const s3Gets = counts.s3Reads;
    const cost = {
      'DynamoDB writes': counts.writeUnits * prices.writeUnit,
      'DynamoDB reads': counts.readUnits * prices.readUnit,
      'Lambda requests': invocations * prices.lambdaRequest,
      'Lambda duration': gbSeconds * prices.gbSecond,
      'Step Functions': counts.transitions * prices.transition,
      SES: mailed * prices.mail,
      'API Gateway': counts.apiRequests * prices.apiRequest,
      S3: s3Puts * prices.s3Put + s3Gets * prices.s3Get,
    };
    const total = Object.values(cost).reduce((a, b) => a + b, 0);
    const lines = [
      `One lifecycle (mapping request → approved credit transfer) in ${seconds.toFixed(1)} s of local run time:`,
      '',
      '| what | measured | list price | USD |',
      '|---|---|---|---|',
      `| DynamoDB write request units | ${counts.writeUnits.toFixed(1)} (${counts.dynamoRequests} requests in all${counts.unreported ? `, ${counts.unreported} without capacity reported` : ''}) | $0.625 / M | ${cost['DynamoDB writes'].toFixed(7)} |`,
      `| DynamoDB read request units | ${counts.readUnits.toFixed(1)} | $0.125 / M | ${cost['DynamoDB reads'].toFixed(7)} |`,
      `| Lambda invocations | ${invocations} (${lambdaRows.map(([n, c]) => `${n} ${c.invocations}`).join(', ')}) | $0.20 / M | ${cost['Lambda requests'].toFixed(7)} |`,
      `| Lambda duration | ${gbSeconds.toFixed(2)} GB-s (local, warm; at catalog memory) | $0.0000166667 / GB-s | ${cost['Lambda duration'].toFixed(7)} |`,
      `| Step Functions state transitions | ${counts.transitions} | $0.025 / 1,000 | ${cost['Step Functions'].toFixed(7)} |`,
      `| SES mails | ${mailed} | $0.10 / 1,000 | ${cost.SES.toFixed(7)} |`,
      `| API Gateway HTTP requests | ${counts.apiRequests} | $1.00 / M | ${cost['API Gateway'].toFixed(7)} |`,
      `| S3 requests | ${s3Puts} PUT/POST/COPY/DELETE, ${s3Gets} GET/HEAD | $0.005 / 1,000 PUT, $0.0004 / 1,000 GET | ${cost.S3.toFixed(7)} |`,
      `| **total** | | | **${total.toFixed(6)}** (${(total * 1000).toFixed(3)} USD per 1,000 lifecycles) |`,
    ];
    console.log(lines.join('\n'));
    if (counts.dynamoRequests > 0 && counts.unreported === counts.dynamoRequests) {
      throw new Error('DynamoDB Local reported no consumed capacity: the unit counts are not measured');
    }
  } finally {
    direct.destroy();
    await runtime.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
