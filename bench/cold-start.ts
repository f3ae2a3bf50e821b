// Bundle size and cold start of every Lambda bundle, against a hello-world bundle holding one
// DynamoDB client, in the same run on the same machine.
//
// A cold start here is a fresh Node 24 process that imports the bundle (module init: clients,
// config) and serves its first request against DynamoDB Local. Each bundle is started `runs` times;
// the report gives the median and the worst. Run: npm run bench:cold-start
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type FunctionName, functionCatalog } from '../functions/catalog.js';
import { type Mapping, MappingEntity } from '../functions/mappings/entities/mapping.js';
import { mappingSearchItems } from '../functions/mappings/entities/mapping-search.js';
import { StudentEntity, StudyRecordEntity } from '../functions/records/entities/student.js';
import { UploadEntity } from '../functions/uploads/entities/upload.js';
import { ensureTable, localClient, startDynamoDbLocal } from '../local/dynamodb.js';
import { freePort } from '../local/ports.js';
import { buildFunctions, bundleFunction, distDir, projectRoot } from '../scripts/build.js';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const run = promisify(execFile);

const eventFor: Record<FunctionName | 'hello-world', string> = {
  'hello-world': 'events/student-api/get-dashboard.json',
  'student-api': 'events/student-api/get-dashboard.json',
  'upload-hook': 'events/upload-hook/object-created.json',
  'mapping-review-tasks': 'events/mapping-review-tasks/mark-under-review.json',
  'mapping-search-api': 'events/mapping-search-api/search-existing-mappings.json',
  'review-links': 'events/review-links/show-unknown-link.json',
  'aro-api': 'events/aro-api/list-awaiting-triage.json',
};

async function fixtures(endpoint: string, table: string): Promise<void> {
  const db = DynamoDBDocumentClient.from(localClient(endpoint));
  const put = (Item: Record<string, unknown>) => db.send(new PutCommand({ TableName: table, Item }));
  await put(
    StudentEntity.toItem({
      studentId: '20190001',
      name: 'Chan Tai Man',
      email: 'tmchan@connect.ust.hk',
      program: 'BBA4',
      cohortTerm: '2019-20 Fall',
      academicYear: 'Year 3',
      programStatus: 'Active in Program',
      degreeCheckout: 'Not Started',
    }),
  );
  for (const [i, name] of [
    'Boston University',
    'Beijing Institute of Technology',
    'University of Toronto',
  ].entries()) {
    await put(
      StudyRecordEntity.toItem({
        studentId: '20190001',
        recordId: `SR-${i}`,
        institutionId: `inst-${i}`,
        institutionName: name,
        category: 'hkust-organized-study-abroad',
        transferTerm: '2021-22 Spring',
        studyPeriod: '2021-22 Spring',
        createdBy: 'OGL',
        createdAt: '2021-01-01T00:00:00.000Z',
      }),
    );
  }
  // The hook's sample event names an upload already checked: it reads the record and stops, so the
  // first request touches DynamoDB only (the bench has no S3).
  await put(
    UploadEntity.toItem({
      studentId: '20190001',
      uploadId: '00000000-0000-4000-8000-000000000000',
      fileName: 'syllabus.pdf',
      objectKey: 'uploads/20190001/00000000-0000-4000-8000-000000000000.pdf',
      status: 'Verified',
      sizeBytes: 12288,
      createdAt: '2026-11-22T12:00:00.000Z',
      checkedAt: '2026-11-22T12:00:01.000Z',
    }),
  );
  // The search event looks up "intro" at Boston University: the mapping with its search entries.
  const mapping: Mapping = {
    ref: 'B999999-01',
    groupRef: 'B999999',
    institutionId: 'inst-0',
    institutionName: 'Boston University',
    incomingCourses: [{ code: 'CS101', title: 'Intro to Computing', credits: 4, creditUnit: 'CREDIT' }],
    homeCourses: [
      { code: 'COMP1021', title: 'Introduction to Computer Science', credits: 3, subjectArea: 'COMP' },
    ],
    status: 'Under Review',
    requestedBy: '20190001',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 2,
  };
  for (const Item of [MappingEntity.toItem(mapping), ...mappingSearchItems(mapping)]) await put(Item);
  db.destroy();
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

const port = await freePort();
const dynamo = await startDynamoDbLocal({ port });
try {
  const table = 'cts-bench';
  await ensureTable(dynamo.endpoint, table);
  await fixtures(dynamo.endpoint, table);

  const bundles = [
    await bundleFunction(
      'hello-world',
      'bench/hello-world/handler.ts',
      join(distDir, 'bench', 'hello-world'),
    ),
    ...(await buildFunctions()),
  ];
  const env = {
    ...process.env,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
    AWS_ENDPOINT_URL_SESV2: 'http://127.0.0.1:9',
    TABLE_NAME: table,
    UPLOADS_BUCKET: 'cts-bench-uploads',
    MAIL_FROM: 'cts-noreply@ust.hk',
    MAPPING_REVIEW_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:bench',
    REVIEW_LINK_BASE_URL: 'https://api.example.edu',
    ARO_EMAIL: 'aro-cts@ust.hk',
    CTS_LOG_LEVEL: 'silent',
  };

  const rows: string[] = [];
  for (const bundle of bundles) {
    const bytes = await readFile(bundle.outFile);
    const samples: { importMs: number; firstInvokeMs: number; outcome: string }[] = [];
    for (let i = 0; i < runs; i++) {
      const { stdout } = await run(
        process.execPath,
        [
          join(projectRoot, 'bench/cold-start-child.mjs'),
          bundle.outFile,
          join(projectRoot, eventFor[bundle.name as FunctionName]),
        ],
        { env },
      );
      samples.push(JSON.parse(stdout));
    }
    const totals = samples.map((s) => s.importMs + s.firstInvokeMs);
    const outcomes = [...new Set(samples.map((s) => s.outcome))].join(', ');
    rows.push(
      `| ${bundle.name} | ${(bytes.length / 1024).toFixed(0)} KB | ${(gzipSync(bytes).length / 1024).toFixed(0)} KB | ${median(samples.map((s) => s.importMs)).toFixed(0)} ms | ${median(samples.map((s) => s.firstInvokeMs)).toFixed(0)} ms | ${median(totals).toFixed(0)} ms | ${Math.max(...totals).toFixed(0)} ms | ${outcomes} |`,
    );
  }
  console.log(
    `\nCold start: fresh Node ${process.versions.node} process, import + first request against DynamoDB Local; ${runs} runs each (median, worst)\n`,
  );
  console.log(
    '| bundle | size | gzip | import (init) | first request | total median | total worst | outcome |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(
    `\n(${Object.keys(functionCatalog).length} CTS functions; hello-world is one DynamoDB client and one GetItem)`,
  );
} finally {
  await dynamo.stop();
}
