// Bundle size and cold start of every Lambda bundle, against a hello-world bundle holding one
// DynamoDB client, in the same run on the same machine.
//
// BENCH_BASELINE_DIR=<dir> measures bundles built earlier into <dir> (a dist with bundles.json) the
// same way, as the baseline, without checking out a revision.
// BENCH_BASELINE=<git revision> also builds that revision's bundles (in a temporary git worktree
// sharing this node_modules) and measures both sets in the same run, interleaved, so "before" and
// "after" see the same machine load: npm run bench:cold-start -- or BENCH_BASELINE=HEAD~3 npm run …
//
// A cold start here is a fresh Node 24 process that imports the bundle (module init: clients,
// config) and serves its first request against DynamoDB Local (and s3rver for S3). A bundle is its
// folder: index.mjs and the chunks it imports, statically (read at init) or by import() (read on
// the first request that needs one). It then serves the same work again, warm (the same GET; for a
// hook a second file like the first): the first request less the warm one is what being cold costs,
// apart from the work itself (a hook's PDF checks). "Its DynamoDB work alone" is the same first
// request's DynamoDB requests sent by hello-world's bare client (replays(), below): how much of the
// time is the reads and writes, how much the function's code. Each bundle is started `runs` times;
// the report gives the median and the worst. Run: npm run bench:cold-start
// The functions run as they are deployed: with no NODE_OPTIONS (lib/constructs/cts-function.ts says
// why not --enable-source-maps).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
// @ts-expect-error s3rver ships no type declarations
import S3rver from 's3rver';
import { ApplicationEntity } from '../functions/applications/entities/application.js';
import { type FunctionName, functionCatalog } from '../functions/catalog.js';
import { type Mapping, MappingEntity } from '../functions/mappings/entities/mapping.js';
import { mappingSearchItems } from '../functions/mappings/entities/mapping-search.js';
import { StudentEntity, StudyRecordEntity } from '../functions/records/entities/student.js';
import { type Transcript, TranscriptEntity } from '../functions/transcripts/entities/transcript.js';
import { TrustListEntity } from '../functions/transcripts/entities/trust-list.js';
import { type Upload, UploadEntity } from '../functions/uploads/entities/upload.js';
import { ensureDecisionSigningKey } from '../local/decision-key.js';
import { ensureTable, localClient, startDynamoDbLocal } from '../local/dynamodb.js';
import { freePort } from '../local/ports.js';
import { bundleFunction, projectRoot } from '../scripts/build.js';
import { validPdf } from '../tests/support/pdf-corpus.js';
import { signedPdfOfSize } from '../tests/support/transcript-corpus/signed-pdf.js';
import { inWaves, recordingProxy } from './support/recording-proxy.js';

const runs = Number(process.env.BENCH_RUNS ?? 7);
// BENCH_ONLY=student-api,upload-hook measures those functions (and hello-world) only.
const only = process.env.BENCH_ONLY?.split(',');
const profileDir = process.env.BENCH_PROFILE;
const run = promisify(execFile);

// A function without a sample event here is built but not started; the report names it.
const eventFor: Partial<Record<FunctionName | 'hello-world', string>> = {
  'hello-world': 'events/student-api/get-dashboard.json',
  'student-api': 'events/student-api/get-dashboard.json',
  'credit-transfer-api': 'events/credit-transfer-api/list-my-applications.json',
  'upload-hook': 'events/upload-hook/object-created.json',
  'transcript-hook': 'events/transcript-hook/object-created.json',
  'mapping-review-tasks': 'events/mapping-review-tasks/mark-under-review.json',
  'ct-application-tasks': 'events/ct-application-tasks/route.json',
  'mapping-search-api': 'events/mapping-search-api/search-existing-mappings.json',
  'review-links': 'events/review-links/show-unknown-link.json',
  'aro-api': 'events/aro-api/list-awaiting-triage.json',
  'outbox-dispatcher': 'events/outbox-dispatcher/outbox-insert.json',
  'records-office-api': 'events/records-office-api/get-unknown-import.json',
  'reference-data-api': 'events/reference-data-api/list-term-calendar.json',
  'help-api': 'events/help-api/get-contacts.json',
  'aro-reports-api': 'events/aro-reports-api/report-applications.json',
  'signed-decisions-api': 'events/signed-decisions-api/get-keys.json',
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
  // The application workflow's first task routes a submitted application.
  await put(
    ApplicationEntity.toItem({
      studentId: '20190001',
      applicationId: '00000000-0000-4000-8000-00000000a001',
      recordId: 'SR-0',
      ref: mapping.ref,
      institutionId: 'inst-0',
      institutionName: 'Boston University',
      incomingCourses: mapping.incomingCourses.map((c) => ({ ...c, finalGrade: 'A' })),
      homeCourses: mapping.homeCourses,
      transferTerm: '2021-22 Spring',
      status: 'Submitted',
      attempt: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      version: 2,
    }),
  );
  db.destroy();
}

// The hooks' sample events name an upload and a transcript CTS issued forms for, whose bytes were
// just posted: before each cold start of a hook, its record is put back to Awaiting Upload and the
// file posted again, so every run does a hook's real first request: read the record and the bytes,
// check them, pin them, record the verdict, remove the posted object. The upload is a one-page
// syllabus; the transcript a registrar-signed PDF (timestamp, CRL) checked against the institution's
// trust list, the kind of file the transcript hook exists for.
const studentId = '20190001';
const coldFileId = '00000000-0000-4000-8000-000000000000';
// The warm request's file: another one just like the first, so the warm request does the same work.
const warmFileId = '00000000-0000-4000-8000-000000000001';
const fileIds = [coldFileId, warmFileId];
const signedTranscript = await signedPdfOfSize(60_000);

async function hookFixtures(
  name: string,
  endpoint: string,
  table: string,
  s3: S3Client,
  bucket: string,
): Promise<void> {
  if (name !== 'upload-hook' && name !== 'transcript-hook') return;
  const db = DynamoDBDocumentClient.from(localClient(endpoint));
  const put = (Item: Record<string, unknown>) => db.send(new PutCommand({ TableName: table, Item }));
  for (const id of fileIds) {
    if (name === 'upload-hook') {
      const upload: Upload = {
        studentId,
        uploadId: id,
        fileName: 'syllabus.pdf',
        objectKey: `uploads/${studentId}/${id}.pdf`,
        status: 'Awaiting Upload',
        createdAt: '2026-11-22T12:00:00.000Z',
      };
      await put(UploadEntity.toItem(upload));
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `uploads/${studentId}/${id}.pdf`,
          Body: validPdf,
          ContentType: 'application/pdf',
        }),
      );
    } else {
      const transcript: Transcript = {
        studentId,
        recordId: 'SR-0',
        transcriptId: id,
        institutionId: 'inst-0',
        institutionName: 'Boston University',
        fileName: 'transcript.pdf',
        fileKind: 'pdf',
        objectKey: `transcripts/${studentId}/${id}.pdf`,
        source: 'Uploaded by Student',
        addedBy: studentId,
        addedAt: '2026-11-22T12:00:00.000Z',
        status: 'Awaiting Upload',
        updatedAt: '2026-11-22T12:00:00.000Z',
        version: 1,
      };
      // The last run's follow-up (the student's mail, keyed by transcript and version) goes, or this
      // run's commit would find it there.
      const { Items = [] } = await db.send(
        new ScanCommand({
          TableName: table,
          FilterExpression: '#type = :outbox AND contains(pk, :id)',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':outbox': 'OutboxItem', ':id': id },
        }),
      );
      for (const item of Items)
        await db.send(new DeleteCommand({ TableName: table, Key: { pk: item.pk, sk: item.sk } }));
      await put(TranscriptEntity.toItem(transcript));
      await put(TrustListEntity.toItem({ ...signedTranscript.trust, institutionId: 'inst-0', version: 1 }));
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `transcripts/${studentId}/${id}.pdf`,
          Body: signedTranscript.bytes,
          ContentType: 'application/pdf',
        }),
      );
    }
  }
  db.destroy();
}

/** What the hook recorded of each file (checked after each run, so a hook that skipped its work shows). */
async function hookVerdict(name: string, endpoint: string, table: string): Promise<string | undefined> {
  if (name !== 'upload-hook' && name !== 'transcript-hook') return undefined;
  const db = DynamoDBDocumentClient.from(localClient(endpoint));
  const verdicts: string[] = [];
  for (const id of fileIds) {
    const Key =
      name === 'upload-hook' ? UploadEntity.key(studentId, id) : TranscriptEntity.key(studentId, id);
    const { Item } = await db.send(new GetCommand({ TableName: table, Key }));
    verdicts.push(String(Item?.status));
  }
  db.destroy();
  return [...new Set(verdicts)].join(' / ');
}

/** The warm request's event: the same request, or for a hook the same event naming the warm file. */
async function warmEventFile(name: string, event: string, dir: string): Promise<string> {
  if (name !== 'upload-hook' && name !== 'transcript-hook') return event;
  const file = join(dir, `${name}-warm-event.json`);
  await writeFile(file, (await readFile(event, 'utf8')).replaceAll(coldFileId, warmFileId));
  return file;
}

/** The bundles in an order of round `round`'s own, the same on every run of the bench. */
function shuffled<T>(items: readonly T[], round: number): T[] {
  const out = [...items];
  let seed = 0x9e3779b9 ^ round;
  const next = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

interface Bundle {
  /** `replayed`: a function's DynamoDB requests sent again by a bare client (bench/hello-world/replay.ts). */
  set: 'baseline' | 'current' | 'replayed';
  name: string;
  outFile: string;
  /** What Node reads at init, when the build says (older builds wrote one file, all read at init). */
  initBytes?: number;
  event: string;
}

/** Every JavaScript file of a bundle's folder: what is deployed. */
async function bundleFiles(outFile: string): Promise<Buffer[]> {
  const dir = dirname(outFile);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.mjs'));
  return Promise.all(names.map((n) => readFile(join(dir, n))));
}

interface Sample {
  importMs: number;
  firstInvokeMs: number;
  warmInvokeMs: number;
  outcome: string;
}

/**
 * Bundles built earlier into `dir` (its bundles.json, as scripts/build.ts writes it): a baseline
 * kept from before a change, measured in the same run without checking a revision out.
 */
async function builtBundles(dir: string): Promise<{ bundles: Bundle[]; cleanUp: () => Promise<void> }> {
  const built = JSON.parse(await readFile(join(dir, 'bundles.json'), 'utf8')) as {
    name: string;
    outFile: string;
    initBytes?: number;
  }[];
  const bundles = built.flatMap((b) => {
    const event = eventFor[b.name as FunctionName];
    return event && (!only || only.includes(b.name) || b.name === 'hello-world')
      ? [
          {
            set: 'baseline' as const,
            name: b.name,
            outFile: b.outFile,
            ...(b.initBytes === undefined ? {} : { initBytes: b.initBytes }),
            event: join(projectRoot, event),
          },
        ]
      : [];
  });
  return { bundles, cleanUp: async () => undefined };
}

/** The baseline revision's bundles, built by its own build script in a throwaway worktree. */
async function baselineBundles(
  revision: string,
): Promise<{ bundles: Bundle[]; cleanUp: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'cts-bench-baseline-'));
  await run('git', ['worktree', 'add', '--detach', '--force', root, revision], { cwd: projectRoot });
  const cleanUp = async () => {
    await run('git', ['worktree', 'remove', '--force', root], { cwd: projectRoot }).catch(() => undefined);
  };
  try {
    await symlink(join(projectRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    await run(join(projectRoot, 'node_modules/.bin/tsx'), ['scripts/build.ts'], { cwd: root });
    const built = JSON.parse(await readFile(join(root, 'dist/bundles.json'), 'utf8')) as {
      name: string;
      outFile: string;
      initBytes?: number;
    }[];
    const bundles = built.flatMap((b) => {
      const event = eventFor[b.name as FunctionName];
      return event
        ? [
            {
              set: 'baseline' as const,
              name: b.name,
              outFile: b.outFile,
              ...(b.initBytes === undefined ? {} : { initBytes: b.initBytes }),
              event: join(projectRoot, event),
            },
          ]
        : [];
    });
    return { bundles, cleanUp };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

// A function's first request does DynamoDB work hello-world's one GetItem does not (a Query, a
// second round trip). To tell that work from the function's own code, each function whose sample
// touches DynamoDB only is run once more through a recording proxy, and its requests, in their round
// trips, become the event of a bare client that sends them again (bench/hello-world/replay.ts),
// measured like any bundle. The hooks (S3, the checks they exist for) and the dispatcher (Step
// Functions) do other work besides, so they have no replay.
const notReplayed = new Set<string>(['hello-world', 'upload-hook', 'transcript-hook', 'outbox-dispatcher']);

async function replays(
  functions: Bundle[],
  env: NodeJS.ProcessEnv,
  dynamoEndpoint: string,
  dir: string,
): Promise<Bundle[]> {
  const replay = await bundleFunction('replay', 'bench/hello-world/replay.ts', join(dir, 'replay'));
  const proxy = await recordingProxy(dynamoEndpoint);
  try {
    const found: Bundle[] = [];
    for (const fn of functions.filter((b) => !notReplayed.has(b.name))) {
      await run(process.execPath, [join(projectRoot, 'bench/cold-start-child.mjs'), fn.outFile, fn.event], {
        env: { ...env, AWS_ENDPOINT_URL_DYNAMODB: proxy.url, BENCH_RECORD: proxy.host },
      });
      const waves = inWaves(proxy.take()).map((wave) =>
        wave.map((r) => ({ operation: r.operation, input: JSON.parse(r.request) as object })),
      );
      const event = join(dir, `${fn.name}-replay-event.json`);
      await writeFile(event, JSON.stringify({ waves }));
      found.push({
        set: 'replayed',
        name: fn.name,
        outFile: replay.outFile,
        initBytes: replay.initBytes,
        event,
      });
    }
    return found;
  } finally {
    await proxy.close();
  }
}

const port = await freePort();
const dynamo = await startDynamoDbLocal({ port });
const uploadsBucket = 'cts-bench-uploads';
const s3Dir = await mkdtemp(join(tmpdir(), 'cts-bench-s3-'));
// With BENCH_PROFILE the bundles (and their source maps) stay beside the profiles, to read them.
const currentDir = profileDir
  ? join(profileDir, 'bundles')
  : await mkdtemp(join(tmpdir(), 'cts-bench-current-'));
const s3Port = await freePort();
const s3 = new S3rver({
  port: s3Port,
  address: '127.0.0.1',
  silent: true,
  directory: s3Dir,
  configureBuckets: [{ name: uploadsBucket, configs: [] }],
});
await s3.run();
const baselineRevision = process.env.BENCH_BASELINE ?? process.env.BENCH_BASELINE_DIR;
const baseline = process.env.BENCH_BASELINE
  ? await baselineBundles(process.env.BENCH_BASELINE)
  : process.env.BENCH_BASELINE_DIR
    ? await builtBundles(process.env.BENCH_BASELINE_DIR)
    : undefined;
try {
  const table = 'cts-bench';
  // The signed-decisions function checks its signer (a key file locally) at cold start.
  await mkdir(currentDir, { recursive: true });
  const decisionKey = join(currentDir, 'decision-signing-key.json');
  await ensureDecisionSigningKey(decisionKey);
  await ensureTable(dynamo.endpoint, table);
  await fixtures(dynamo.endpoint, table);

  // Built into a folder of the bench's own, so a build or test run alongside cannot swap the files
  // between runs.
  const current: Bundle[] = (
    await Promise.all(
      [
        { name: 'hello-world', entry: 'bench/hello-world/handler.ts' },
        ...(Object.keys(functionCatalog) as FunctionName[])
          .filter((name) => (!only || only.includes(name)) && eventFor[name] !== undefined)
          .map((name) => ({ name, entry: functionCatalog[name].entry })),
      ].map(({ name, entry }) => bundleFunction(name, entry, join(currentDir, name))),
    )
  ).map((b) => ({
    set: 'current',
    name: b.name,
    outFile: b.outFile,
    initBytes: b.initBytes,
    event: join(projectRoot, eventFor[b.name as FunctionName] ?? ''),
  }));
  const env = {
    ...process.env,
    AWS_REGION: 'us-east-1',
    // s3rver's key; DynamoDB Local (-sharedDb) takes any.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3Port}`,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    AWS_ENDPOINT_URL_SESV2: 'http://127.0.0.1:9',
    AWS_ENDPOINT_URL_SFN: 'http://127.0.0.1:9',
    TABLE_NAME: table,
    UPLOADS_BUCKET: uploadsBucket,
    MAIL_FROM: 'cts-noreply@ust.hk',
    MAPPING_REVIEW_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:bench',
    CT_APPLICATION_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:bench-ct',
    REVIEW_LINK_BASE_URL: 'https://api.example.edu',
    ARO_EMAIL: 'aro-cts@ust.hk',
    EVENT_BUS_NAME: 'cts-bench-integration',
    DECISION_SIGNER: 'local',
    DECISION_SIGNING_KEY_FILE: decisionKey,
    DECISION_ISSUER: 'hkust-cts:bench',
    CTS_LOG_LEVEL: 'silent',
  };
  const replayed = await replays(current, env, dynamo.endpoint, currentDir);
  const bundles = [...(baseline?.bundles ?? []), ...current, ...replayed].filter((b) => existsSync(b.event));

  // Interleaved: run i of every bundle before run i + 1 of any, so drift in machine load spreads evenly.
  const samples = new Map<Bundle, Sample[]>(bundles.map((b) => [b, []]));
  const benchS3 = new S3Client({
    region: 'us-east-1',
    endpoint: env.AWS_ENDPOINT_URL_S3,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  for (let i = 0; i < runs; i++) {
    // In a new order each round: in a fixed one each bundle always started after the same other, and
    // the same single GetItem took 52 ms as hello-world and 45 ms as a replay in one run, by place.
    for (const bundle of shuffled(bundles, i)) {
      // BENCH_PROFILE=<dir> writes a CPU profile of each cold start there (open it in Chrome DevTools).
      const profile = profileDir
        ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, `${bundle.set}-${bundle.name}`)}`]
        : [];
      await hookFixtures(bundle.name, dynamo.endpoint, table, benchS3, uploadsBucket);
      let sample: Sample;
      try {
        const { stdout } = await run(
          process.execPath,
          [
            ...profile,
            join(projectRoot, 'bench/cold-start-child.mjs'),
            bundle.outFile,
            bundle.event,
            await warmEventFile(bundle.name, bundle.event, s3Dir),
          ],
          { env },
        );
        sample = JSON.parse(stdout) as Sample;
      } catch (error) {
        // A bundle that cannot start (a broken config, a module that throws at init) is reported,
        // not timed, and the others are still measured.
        const stderr = String((error as { stderr?: string }).stderr ?? error);
        const reason = stderr.match(/^\w*Error: .*$/m)?.[0] ?? stderr.split('\n')[0];
        sample = {
          importMs: Number.NaN,
          firstInvokeMs: Number.NaN,
          warmInvokeMs: Number.NaN,
          outcome: `crashed: ${reason?.slice(0, 120)}`,
        };
      }
      const verdict = await hookVerdict(bundle.name, dynamo.endpoint, table);
      if (verdict) sample.outcome += ` (${verdict})`;
      samples.get(bundle)?.push(sample);
    }
  }

  const figures = new Map(
    await Promise.all(
      bundles.map(async (b) => {
        const files = await bundleFiles(b.outFile);
        const bytes = files.reduce((sum, f) => sum + f.length, 0);
        const s = samples.get(b) ?? [];
        const totals = s.map((x) => x.importMs + x.firstInvokeMs);
        const coldCosts = s.map((x) => x.importMs + x.firstInvokeMs - x.warmInvokeMs);
        return [
          `${b.set}:${b.name}`,
          {
            kb: bytes / 1024,
            initKb: (b.initBytes ?? bytes) / 1024,
            gzipKb: files.reduce((sum, f) => sum + gzipSync(f).length, 0) / 1024,
            importMs: median(s.map((x) => x.importMs)),
            firstMs: median(s.map((x) => x.firstInvokeMs)),
            warmMs: median(s.map((x) => x.warmInvokeMs)),
            // What being cold costs: the first request less the same work done warm.
            coldCostMs: median(coldCosts),
            totals,
            coldCosts,
            totalMs: median(totals),
            worstMs: Math.max(...totals),
            outcome: [...new Set(s.map((x) => x.outcome))].join(', '),
          },
        ] as const;
      }),
    ),
  );
  const hello = figures.get('current:hello-world');
  // A ratio to hello-world is taken round by round (each round starts every bundle once, close in
  // time), then the median of those: the machine's drift between rounds moves both sides alike.
  const ratio = (of: readonly number[] | undefined, to: readonly number[] | undefined) => {
    if (!of || !to) return '?';
    const each = of.map((x, i) => x / (to[i] ?? Number.NaN)).filter(Number.isFinite);
    return each.length > 0 ? median(each).toFixed(2) : '?';
  };
  console.log(
    `\nCold start: fresh Node ${process.versions.node} process, import + first request against DynamoDB Local, then the same work warm; ${runs} runs each, interleaved (median, worst; a ratio is the median of each round's)\n`,
  );
  console.log(
    '| bundle | size | read at init | gzip | import (init) | first request | total median | total worst | × hello-world | its DynamoDB work alone × hello-world | warm request | cold cost | cold cost × hello-world | outcome |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const b of current) {
    const f = figures.get(`current:${b.name}`);
    if (!f) continue;
    const before = figures.get(`baseline:${b.name}`);
    const alone = figures.get(`replayed:${b.name}`);
    const aloneRatio =
      alone && hello ? `${ratio(alone.totals, hello.totals)} (${alone.totalMs.toFixed(0)} ms)` : '–';
    const was = (now: number, then: number | undefined, unit: string) =>
      then === undefined ? `${now.toFixed(0)} ${unit}` : `${then.toFixed(0)} → ${now.toFixed(0)} ${unit}`;
    console.log(
      `| ${b.name} | ${was(f.kb, before?.kb, 'KB')} | ${was(f.initKb, before?.initKb, 'KB')} | ${was(f.gzipKb, before?.gzipKb, 'KB')} | ${was(f.importMs, before?.importMs, 'ms')} | ${was(f.firstMs, before?.firstMs, 'ms')} | ${was(f.totalMs, before?.totalMs, 'ms')} | ${f.worstMs.toFixed(0)} ms | ${ratio(f.totals, hello?.totals)} | ${aloneRatio} | ${f.warmMs.toFixed(0)} ms | ${f.coldCostMs.toFixed(0)} ms | ${ratio(f.coldCosts, hello?.coldCosts)} | ${f.outcome} |`,
    );
  }
  const unmeasured = (Object.keys(functionCatalog) as FunctionName[]).filter((n) => !eventFor[n]);
  if (unmeasured.length > 0) console.log(`\nNo sample event, not measured: ${unmeasured.join(', ')}`);
  console.log(
    `\n(${Object.keys(functionCatalog).length} CTS functions; size is every chunk deployed, gzip each file's; hello-world is one DynamoDB client and one GetItem, built like the functions; "its DynamoDB work alone" is hello-world's client sending the requests of the function's first request again, in the same round trips${baselineRevision ? `; "a → b" is ${baselineRevision} → this tree` : ''})`,
  );
} finally {
  await dynamo.stop();
  await s3.close();
  await rm(s3Dir, { recursive: true, force: true });
  if (!profileDir) await rm(currentDir, { recursive: true, force: true });
  await baseline?.cleanUp();
}
