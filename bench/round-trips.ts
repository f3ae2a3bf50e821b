// DynamoDB requests and sequential round trips per student route.
//
// Every route of the route table a student calls is invoked, in this process, through the very
// handler module that ships (imported unbundled, as the local runtime does), against DynamoDB Local
// holding the local seed. The handlers reach DynamoDB through a counting proxy, so what is counted is
// what went over the wire: each request, its operation, and when it was sent and answered. Sequential
// round trips ("waves") are the longest chain of requests where each was sent only after an earlier
// one had answered: requests sent together in one Promise.all share a wave ("sent" as the client
// stamped it: bench/support/recording-proxy.ts says why).
//
// The bar (issue 7): every student read in at most 2 sequential round trips. The run fails (exit 1)
// when a read needs more. Run: npm run bench:round-trips
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type FunctionName, workflowCatalog } from '../functions/catalog.js';
import { type Route, routes } from '../functions/routes.js';
import { ensureDecisionSigningKey } from '../local/decision-key.js';
import { ensureTable, localClient, startDynamoDbLocal } from '../local/dynamodb.js';
import { LocalLambdas } from '../local/lambdas.js';
import { freePort } from '../local/ports.js';
import { seedTable } from '../local/seed/index.js';
import { demoStudents } from '../local/seed/people.js';
import { projectRoot } from '../scripts/build.js';
import { inWaves, recordingProxy, stampRequestsTo } from './support/recording-proxy.js';

const table = 'cts-bench-round-trips';
const maxReadWaves = 2;
type Operation = Route['operation'];

function eventFor(
  operation: Operation,
  studentId: string,
  params: Record<string, string>,
  query: Record<string, string> = {},
  body?: unknown,
) {
  const def = routes.find((r) => r.operation === operation) as Route;
  const rawPath = def.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const student = demoStudents.find((s) => s.studentId === studentId);
  return {
    fn: def.fn as FunctionName,
    event: {
      version: '2.0',
      routeKey: `${def.method} ${def.path}`,
      rawPath,
      rawQueryString: new URLSearchParams(query).toString(),
      headers: { 'content-type': 'application/json' },
      ...(Object.keys(params).length ? { pathParameters: params } : {}),
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      isBase64Encoded: false,
      requestContext: {
        requestId: randomUUID(),
        routeKey: `${def.method} ${def.path}`,
        http: {
          method: def.method,
          path: rawPath,
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'bench',
        },
        authorizer: {
          jwt: {
            claims: {
              'cognito:groups': '[student]',
              'custom:student_id': studentId,
              email: student?.email ?? 'bench@connect.ust.hk',
              name: student?.name ?? 'Bench',
            },
            scopes: [],
          },
        },
      },
    },
  };
}

interface Row {
  operation: Operation;
  what: string;
  read: boolean;
  status: number;
  requests: number;
  waves: number;
  items: number;
  operations: string;
}

async function main() {
  const cleanUps: (() => Promise<void>)[] = [];
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const proxy = await recordingProxy(dynamo.endpoint);
  // The handlers run in this process: their every DynamoDB request is stamped as it is built.
  stampRequestsTo(proxy.host);
  try {
    await ensureTable(dynamo.endpoint, table);
    const db = DynamoDBDocumentClient.from(localClient(dynamo.endpoint), {
      marshallOptions: { removeUndefinedValues: true },
    });
    await seedTable(db, table);
    db.destroy();
    // The signed-decisions function checks its signer at cold start, like every handler its config.
    const keyDir = await mkdtemp(join(tmpdir(), 'cts-bench-decision-key-'));
    cleanUps.push(() => rm(keyDir, { recursive: true, force: true }));
    const decisionKey = join(keyDir, 'decision-signing-key.json');
    await ensureDecisionSigningKey(decisionKey);

    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_ENDPOINT_URL_DYNAMODB: proxy.url,
      // Reads never reach these; the handlers only need them configured to start.
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_SESV2: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_SFN: 'http://127.0.0.1:9',
      S3_FORCE_PATH_STYLE: 'true',
      TABLE_NAME: table,
      UPLOADS_BUCKET: 'cts-bench-uploads',
      MAIL_FROM: 'cts-noreply@ust.hk',
      WEB_ORIGIN: 'http://localhost:3000',
      REVIEW_LINK_BASE_URL: 'http://localhost:3001',
      ARO_EMAIL: 'aro-cts@ust.hk',
      EVENT_BUS_NAME: 'cts-bench-integration',
      DECISION_SIGNER: 'local',
      DECISION_SIGNING_KEY_FILE: decisionKey,
      DECISION_ISSUER: 'hkust-cts:bench',
      // Every workflow of the catalog: the handlers that start or answer them need their ARNs.
      ...Object.fromEntries(
        Object.values(workflowCatalog).map((w) => [
          w.arnEnv,
          `arn:aws:states:us-east-1:000000000000:stateMachine:bench-${w.arnEnv}`,
        ]),
      ),
      CTS_LOG_LEVEL: 'silent',
    });
    const lambdas = new LocalLambdas(projectRoot);
    await lambdas.warmAll();

    const rows: Row[] = [];
    const call = async (
      what: string,
      read: boolean,
      operation: Operation,
      studentId: string,
      params: Record<string, string>,
      query?: Record<string, string>,
      body?: unknown,
    ) => {
      const { fn, event } = eventFor(operation, studentId, params, query, body);
      proxy.take();
      const result = (await lambdas.invoke(fn, event)) as { statusCode: number; body?: string };
      const recorded = proxy.take();
      rows.push({
        operation,
        what,
        read,
        status: result.statusCode,
        requests: recorded.length,
        waves: inWaves(recorded).length,
        items: recorded.reduce((n, r) => n + r.items, 0),
        operations: [...new Set(recorded.map((r) => r.operation))].join(', '),
      });
      return JSON.parse(result.body ?? 'null') as Record<string, unknown>;
    };

    // The first demo student: three records, a Need Further Info request, drafts.
    const student = (demoStudents[0] as { studentId: string }).studentId;
    const dashboard = await call('Student Dashboard', true, 'getStudentDashboard', student, {});
    const records = (dashboard.institutions ?? []) as { recordId: string }[];
    const recordId = (records[0] as { recordId: string }).recordId;
    const record = await call('Study Record', true, 'getStudyRecord', student, { recordId });
    const requests = (record.myMappingRequests ?? []) as { ref: string }[];
    const ref = (requests[0] as { ref: string } | undefined)?.ref;
    await call('My Course Mapping Requests', true, 'listMyMappingRequests', student, { recordId });
    await call('Search Existing Mappings (default view)', true, 'searchExistingMappings', student, {
      recordId,
    });
    await call(
      'Search Existing Mappings (keyword)',
      true,
      'searchExistingMappings',
      student,
      { recordId },
      { q: 'calculus' },
    );
    await call('My Credit Transfer Applications', true, 'listMyApplications', student, { recordId });
    await call(
      '+ Add Another Institution (search)',
      true,
      'searchInstitutions',
      student,
      {},
      { q: 'university', country: 'United States' },
    );
    await call('Help: the §6 contacts', true, 'getHelpContacts', student, {});
    await call('HKUST course search (code)', true, 'searchHomeCourses', student, {}, { code: 'COMP' });
    await call(
      'HKUST course search (title words only)',
      true,
      'searchHomeCourses',
      student,
      {},
      { title: 'linear algebra' },
    );
    await call('Reverse lookup', true, 'getApprovedMappingsToCourse', student, { code: 'MATH1013' });
    if (ref) {
      await call('Mapping detail', true, 'getMapping', student, { recordId, ref });
      await call('Precedents', true, 'getPrecedents', student, { ref });
    }
    const draft = await call(
      'Save as Draft (new)',
      false,
      'createMappingRequest',
      student,
      { recordId },
      undefined,
      {
        submit: false,
        incomingCourses: [{ code: 'BENCH 101', title: 'Bench Course', credits: 3 }],
        homeCourseCodes: [],
      },
    );
    const draftId = String(draft.draftId ?? '');
    if (draftId) {
      await call('A saved draft', true, 'getMappingRequestDraft', student, { recordId, draftId });
      await call(
        'Save as Draft (again)',
        false,
        'updateMappingRequestDraft',
        student,
        { recordId, draftId },
        undefined,
        {
          submit: false,
          incomingCourses: [{ code: 'BENCH 101', title: 'Bench Course II', credits: 3 }],
          homeCourseCodes: [],
        },
      );
    }

    console.log(
      '\nDynamoDB requests per student route (seeded data, one call each; a wave is one sequential round trip)\n',
    );
    console.log(
      '| route | operation | status | requests | sequential round trips | items read | DynamoDB operations |',
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const r of rows) {
      console.log(
        `| ${r.what} | ${r.operation} | ${r.status} | ${r.requests} | ${r.waves}${r.read && r.waves > maxReadWaves ? ' ✗' : ''} | ${r.items} | ${r.operations} |`,
      );
    }
    const failing = rows.filter((r) => r.read && r.waves > maxReadWaves);
    const broken = rows.filter((r) => r.status >= 400);
    for (const r of broken)
      console.log(`\n${r.what} answered ${r.status}: the bench's inputs need updating.`);
    if (failing.length > 0) {
      console.log(
        `\n${failing.length} student read(s) need more than ${maxReadWaves} sequential round trips.`,
      );
    }
    process.exitCode = failing.length > 0 || broken.length > 0 ? 1 : 0;
  } finally {
    await proxy.close();
    await dynamo.stop();
    for (const cleanUp of cleanUps) await cleanUp();
  }
}

await main();
