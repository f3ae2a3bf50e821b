import { mkdir } from 'node:fs/promises';
import type { S3Event, S3EventRecord } from 'aws-lambda';
// @ts-expect-error s3rver ships no type declarations
import S3rver from 's3rver';
import { uploadTriggers } from '../functions/catalog.js';
import type { LocalLambdas } from './lambdas.js';

// s3rver as the S3 endpoint, plus the bridge that plays S3 event notifications: its raw events are
// normalised into real S3 event records (region, bucket ARN, URL-encoded key) and dispatched with the
// prefix/suffix filters of `uploadTriggers`, the same list CDK turns into bucket notifications.
// Delivery is asynchronous with Lambda's retry policy for async invokes: two retries, then the event
// is reported as dead-lettered.

export interface LocalS3 {
  endpoint: string;
  stop(): Promise<void>;
  /** Resolves once every dispatched event has been handled (for tests). */
  idle(): Promise<void>;
}

interface RawS3Event {
  Records: {
    eventName: string;
    eventTime: string;
    s3: {
      bucket: { name: string };
      object: { key: string; size?: number; eTag?: string; sequencer?: string };
    };
  }[];
}

function corsXml(origins: string[]): string {
  const allowed = origins.map((o) => `<AllowedOrigin>${o}</AllowedOrigin>`).join('');
  return `<CORSConfiguration><CORSRule>${allowed}<AllowedMethod>GET</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>`;
}

// S3 encodes keys in notifications like a URL query value, spaces as '+'.
const encodeKey = (key: string): string => encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');

export function toS3EventRecord(raw: RawS3Event['Records'][number], region: string): S3EventRecord {
  const bucket = raw.s3.bucket.name;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: region,
    eventTime: raw.eventTime,
    eventName: raw.eventName,
    userIdentity: { principalId: 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': 'LOCAL', 'x-amz-id-2': 'LOCAL' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'cts-local',
      bucket: { name: bucket, ownerIdentity: { principalId: 'LOCAL' }, arn: `arn:aws:s3:::${bucket}` },
      object: {
        key: encodeKey(raw.s3.object.key),
        size: raw.s3.object.size ?? 0,
        eTag: raw.s3.object.eTag ?? '',
        sequencer: raw.s3.object.sequencer ?? '',
      },
    },
  };
}

/**
 * The upload triggers an s3rver event fires, filtered as S3 filters notifications: object-created
 * events only, by prefix and suffix. The hook's own pinned copies (verified/...) match none.
 */
export function triggersFor(eventName: string, key: string): typeof uploadTriggers {
  if (!eventName.startsWith('ObjectCreated:')) return [];
  return uploadTriggers.filter((t) => key.startsWith(t.prefix) && key.endsWith(t.suffix));
}

export async function startLocalS3(options: {
  port: number;
  directory: string;
  uploadsBucket: string;
  webOrigins: string[];
  lambdas: LocalLambdas;
  region: string;
  log: (line: string) => void;
}): Promise<LocalS3> {
  await mkdir(options.directory, { recursive: true });
  const server = new S3rver({
    port: options.port,
    address: '127.0.0.1',
    silent: true,
    directory: options.directory,
    configureBuckets: [{ name: options.uploadsBucket, configs: [corsXml(options.webOrigins)] }],
  });
  const inFlight = new Set<Promise<void>>();

  const deliver = async (record: S3EventRecord, fn: (typeof uploadTriggers)[number]['fn']) => {
    const event: S3Event = { Records: [record] };
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        await options.lambdas.invoke(fn, event);
        return;
      } catch (error) {
        if (attempt === 3) {
          options.log(
            `S3 event for ${record.s3.object.key} failed 3 times in ${fn}; dead-lettered: ${String(error)}`,
          );
          return;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  };

  server.on('event', (raw: RawS3Event) => {
    for (const rawRecord of raw.Records) {
      if (rawRecord.s3.bucket.name !== options.uploadsBucket) continue;
      for (const trigger of triggersFor(rawRecord.eventName, rawRecord.s3.object.key)) {
        const delivery = deliver(toS3EventRecord(rawRecord, options.region), trigger.fn);
        inFlight.add(delivery);
        void delivery.finally(() => inFlight.delete(delivery));
      }
    }
  });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    stop: () => server.close(),
    idle: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
