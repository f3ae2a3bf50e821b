import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// AWS clients, created once per container and only when first used. Endpoints come from the SDK's
// standard AWS_ENDPOINT_URL_<SERVICE> variables, which the local runtime sets to its emulators, so
// no code here knows whether it runs in AWS or locally.
//
// Each SDK client is a few hundred KB that Node must read and compile before a function's first
// request, so this module imports none but DynamoDB's (every function's): a handler passes the SDK
// module to the `…Of` getter, imported statically when every request needs the client
// (`sesClientOf({ SESv2Client })`), or with import() when only some do. The bundler puts what is
// imported with import() in a chunk of its own, read on that first use (scripts/build.ts splits).
// Two things keep such a chunk out of the cold start: no module the handler imports statically may
// import that SDK package, even unused (esbuild then keeps the import, and the chunk loads at init);
// and the import() must be written in the handler, not here, because esbuild bundles the target of
// every import() it sees, so every function would carry every client.

let dynamo: DynamoDBDocumentClient | undefined;
let s3: S3Client | undefined;
let ses: SESv2Client | undefined;
let sfn: SFNClient | undefined;
let events: EventBridgeClient | undefined;

export function dynamoClient(): DynamoDBDocumentClient {
  dynamo ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return dynamo;
}

/** The S3 client, from `await import('@aws-sdk/client-s3')`. */
export function s3ClientOf(sdk: { S3Client: typeof S3Client }): S3Client {
  // Path-style addressing is what s3rver understands; AWS accepts either.
  s3 ??= new sdk.S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' });
  return s3;
}

/** The SES client, from `await import('@aws-sdk/client-sesv2')`. */
export function sesClientOf(sdk: { SESv2Client: typeof SESv2Client }): SESv2Client {
  ses ??= new sdk.SESv2Client({});
  return ses;
}

/** The EventBridge client, from `await import('@aws-sdk/client-eventbridge')`. */
export function eventsClientOf(sdk: { EventBridgeClient: typeof EventBridgeClient }): EventBridgeClient {
  events ??= new sdk.EventBridgeClient({});
  return events;
}

/** The Step Functions client, from `await import('@aws-sdk/client-sfn')`. */
export function sfnClientOf(sdk: { SFNClient: typeof SFNClient }): SFNClient {
  sfn ??= new sdk.SFNClient({});
  return sfn;
}

type AsyncMethodOf<T> = {
  [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof T];

/**
 * A port whose adapter is loaded on the first call of one of its `methods`, not at init: `load`
 * imports the adapter module and its SDK module dynamically, so a cold start that never calls the
 * port never reads that code. Only async methods can wait for the load; a failed load fails that
 * call and is tried again by the next.
 */
export function loadedOnFirstCall<T, M extends AsyncMethodOf<T>>(
  methods: readonly M[],
  load: () => Promise<T>,
): Pick<T, M> {
  let loading: Promise<T> | undefined;
  const adapter = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  return Object.fromEntries(
    methods.map((method) => [
      method,
      async (...args: unknown[]) => {
        const target = await adapter();
        return (target[method] as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      },
    ]),
  ) as Pick<T, M>;
}
