import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { workflowCatalog } from '../functions/catalog.js';
import { decisionSigningEnv } from '../functions/decisions/signing-env.js';
import { StepFunctionsReviewStarter } from '../functions/reviews/adapters/review-starter.js';
import { projectRoot, webDistDir } from '../scripts/build.js';
import { LocalAuth } from './auth.js';
import { ensureDecisionSigningKey } from './decision-key.js';
import { ensureTable, localClient, startDynamoDbLocal } from './dynamodb.js';
import { startLocalEventBus } from './eventbridge.js';
import { LocalGateway } from './gateway.js';
import { LocalLambdas } from './lambdas.js';
import { LocalOutboxFeeder } from './outbox.js';
import { ensurePortFree, freePort } from './ports.js';
import { startLocalS3 } from './s3.js';
import { seededMappings, seedTable } from './seed/index.js';
import { demoAroStaff, demoOfficeStaff, demoStudents } from './seed/people.js';
import { startLocalSes } from './ses.js';
import { LocalStepFunctions, localStateMachineArn } from './stepfunctions.js';

// The whole of CTS on one machine: AWS's own SDK clients in the same handler code, pointed at local
// emulators through the SDK's standard AWS_ENDPOINT_URL_<SERVICE> variables.

export interface Ports {
  web: number;
  api: number;
  dynamodb: number;
  s3: number;
  ses: number;
  stepFunctions: number;
  events: number;
}

export const defaultPorts = (base = Number(process.env.CTS_PORT_BASE ?? 0)): Ports =>
  base
    ? {
        web: base,
        api: base + 1,
        dynamodb: base + 2,
        s3: base + 3,
        ses: base + 4,
        stepFunctions: base + 5,
        events: base + 6,
      }
    : { web: 3000, api: 3001, dynamodb: 8000, s3: 4569, ses: 8005, stepFunctions: 8083, events: 8084 };

export interface LocalRuntimeOptions {
  /** Keep data in this folder across restarts; without it everything lives in memory / a temp dir. */
  dataDir?: string;
  /** Fixed ports (npm start) or free ports picked by the OS (tests, so they never clash). */
  ports?: Ports | 'ephemeral';
  seed?: boolean;
  /** Scales workflow TimeoutSeconds, so days of waiting can be tested in seconds. */
  timeoutScale?: number;
  log?: (line: string) => void;
  onSeedProgress?: (done: number, total: number) => void;
  /**
   * Where the functions reach DynamoDB, when not DynamoDB Local itself: a benchmark's counting proxy
   * in front of it, given DynamoDB Local's URL.
   */
  functionsDynamoDb?: (dynamodbUrl: string) => Promise<string>;
}

export interface LocalRuntime {
  urls: {
    web: string;
    api: string;
    mailbox: string;
    dynamodb: string;
    s3: string;
    stepFunctions: string;
    /** The integration bus's event log page. */
    events: string;
  };
  env: Record<string, string>;
  auth: LocalAuth;
  seeded: { written: number; skipped: boolean } | undefined;
  /** Waits until every S3 event dispatched so far has been handled. */
  s3Idle(): Promise<void>;
  stop(): Promise<void>;
}

export const localNames = {
  table: 'cts-local',
  uploadsBucket: 'cts-local-uploads',
  mailFrom: 'cts-noreply@ust.hk',
  aroEmail: 'aro-cts@ust.hk',
  eventBus: 'cts-local-integration',
  region: 'us-east-1',
};

async function resolvePorts(option: LocalRuntimeOptions['ports']): Promise<Ports> {
  if (option === 'ephemeral') {
    const [web, api, dynamodb, s3, ses, stepFunctions, events] = await Promise.all(
      Array.from({ length: 7 }, freePort),
    );
    return { web, api, dynamodb, s3, ses, stepFunctions, events } as Ports;
  }
  const ports = option ?? defaultPorts();
  for (const [what, port] of Object.entries(ports)) await ensurePortFree(port, what);
  return ports;
}

async function startSeededReviews(endpoint: string, env: Record<string, string>): Promise<void> {
  const sfn = new SFNClient({
    endpoint,
    region: localNames.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const reviews = new StepFunctionsReviewStarter(sfn, env.MAPPING_REVIEW_STATE_MACHINE_ARN as string);
  try {
    for (const mapping of seededMappings()) {
      if (mapping.status === 'Request Initiated') await reviews.startReview(mapping, 'new');
      if (mapping.status === 'Under Review') await reviews.resumeAtDepartments(mapping);
    }
  } finally {
    sfn.destroy();
  }
}

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const log = options.log ?? (() => {});
  const ports = await resolvePorts(options.ports);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e) => log(`stop failed: ${String(e)}`));
  };

  try {
    const dataDir = options.dataDir;
    const s3Dir = dataDir
      ? join(dataDir, 's3')
      : join(process.env.TMPDIR ?? '/tmp', `cts-s3-${process.pid}-${ports.s3}`);
    if (dataDir) await mkdir(join(dataDir, 'dynamodb'), { recursive: true });

    const webUrl = `http://localhost:${ports.web}`;
    const urls = {
      web: webUrl,
      api: `http://localhost:${ports.api}`,
      mailbox: `http://localhost:${ports.ses}/`,
      dynamodb: `http://127.0.0.1:${ports.dynamodb}`,
      s3: `http://localhost:${ports.s3}`,
      stepFunctions: `http://127.0.0.1:${ports.stepFunctions}`,
      events: `http://localhost:${ports.events}/`,
    };
    const env: Record<string, string> = {
      AWS_REGION: localNames.region,
      // s3rver accepts only this key pair; DynamoDB Local (-sharedDb) and the SES emulator take any.
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_ENDPOINT_URL_DYNAMODB: urls.dynamodb,
      AWS_ENDPOINT_URL_S3: urls.s3,
      AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${ports.ses}`,
      AWS_ENDPOINT_URL_SFN: urls.stepFunctions,
      AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${ports.events}`,
      // s3rver stores aws-chunked bodies verbatim; send plain bodies.
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      S3_FORCE_PATH_STYLE: 'true',
      TABLE_NAME: localNames.table,
      UPLOADS_BUCKET: localNames.uploadsBucket,
      MAIL_FROM: localNames.mailFrom,
      WEB_ORIGIN: webUrl,
      // Reviewer action links point at the local API; ARO's mail lands in the local mailbox too.
      REVIEW_LINK_BASE_URL: urls.api,
      ARO_EMAIL: localNames.aroEmail,
      EVENT_BUS_NAME: localNames.eventBus,
    };
    for (const [name, workflow] of Object.entries(workflowCatalog)) {
      env[workflow.arnEnv] = localStateMachineArn(name as keyof typeof workflowCatalog);
    }
    // Signed decisions: a key file in the data dir stands in for the KMS key, so they survive a restart.
    const decisionKeyFile = dataDir
      ? join(dataDir, 'decision-signing-key.json')
      : join(process.env.TMPDIR ?? '/tmp', `cts-decision-key-${process.pid}-${ports.api}.json`);
    await ensureDecisionSigningKey(decisionKeyFile);
    if (!dataDir) stops.push(() => rm(decisionKeyFile, { force: true }));
    env[decisionSigningEnv.signer] = 'local';
    env[decisionSigningEnv.keyFile] = decisionKeyFile;
    env[decisionSigningEnv.issuer] = 'hkust-cts:local';
    // The handlers run in this process and read their configuration from process.env at import.
    Object.assign(process.env, env);

    const dynamo = await startDynamoDbLocal({
      port: ports.dynamodb,
      ...(dataDir ? { dataDir: join(dataDir, 'dynamodb') } : {}),
    });
    stops.push(dynamo.stop);
    if (options.functionsDynamoDb) {
      process.env.AWS_ENDPOINT_URL_DYNAMODB = await options.functionsDynamoDb(dynamo.endpoint);
    }
    log(`DynamoDB Local: table ${localNames.table} ${await ensureTable(dynamo.endpoint, localNames.table)}`);

    let seeded: LocalRuntime['seeded'];
    if (options.seed !== false) {
      const db = DynamoDBDocumentClient.from(localClient(dynamo.endpoint), {
        marshallOptions: { removeUndefinedValues: true },
      });
      seeded = await seedTable(db, localNames.table, options.onSeedProgress);
      db.destroy();
    }

    const lambdas = new LocalLambdas(projectRoot);
    const ses = await startLocalSes({ port: ports.ses });
    stops.push(ses.stop);
    const bus = await startLocalEventBus({
      port: ports.events,
      ...(dataDir ? { dataDir: join(dataDir, 'eventbridge') } : {}),
    });
    stops.push(bus.stop);
    const s3 = await startLocalS3({
      port: ports.s3,
      directory: s3Dir,
      uploadsBucket: localNames.uploadsBucket,
      webOrigins: [webUrl, webUrl.replace('localhost', '127.0.0.1')],
      lambdas,
      region: localNames.region,
      log,
    });
    stops.push(s3.stop);
    const stepFunctions = new LocalStepFunctions({
      port: ports.stepFunctions,
      projectRoot,
      lambdas,
      ...(options.timeoutScale ? { timeoutScale: options.timeoutScale } : {}),
      // Waiting reviews outlive a restart only if their executions and task tokens do, as in AWS.
      ...(dataDir ? { dataDir: join(dataDir, 'stepfunctions') } : {}),
    });
    await stepFunctions.start();
    stops.push(() => stepFunctions.stop());

    const auth = await LocalAuth.create(
      webUrl,
      [...demoStudents, ...demoAroStaff, ...demoOfficeStaff],
      dataDir ? join(dataDir, 'auth-signing-key.json') : undefined,
    );
    const gateway = new LocalGateway({
      apiPort: ports.api,
      webPort: ports.web,
      webRoot: webDistDir,
      lambdas,
      auth,
      region: localNames.region,
    });
    await gateway.start();
    stops.push(() => gateway.stop());
    await lambdas.warmAll();
    // The outbox of state changes (workflow starts), delivered as the table stream would in AWS;
    // its first pass delivers whatever a crash left pending.
    const outbox = new LocalOutboxFeeder({
      dynamodbEndpoint: dynamo.endpoint,
      tableName: localNames.table,
      region: localNames.region,
      lambdas,
      log,
    });
    outbox.start();
    stops.push(() => outbox.stop());
    // Freshly seeded requests start their review: Request Initiated ones as a submission would (ARO's
    // triage queue), Under Review ones at their departments (review links in the mailbox).
    if (seeded && !seeded.skipped) await startSeededReviews(urls.stepFunctions, env);

    return { urls, env, auth, seeded, s3Idle: () => s3.idle(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
