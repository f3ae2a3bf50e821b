import { S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import * as z from 'zod/mini';
import { dynamoClient, s3ClientOf } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { logger } from '../commons/logger.js';
import { objectKeyOf } from '../commons/s3-event.js';
import { S3TranscriptFiles } from '../transcripts/adapters/transcript-files.js';
import { DynamoTranscriptStore } from '../transcripts/adapters/transcript-store.js';
import {
  type CheckTranscriptDeps,
  checkUploadedTranscript,
} from '../transcripts/use-cases/check-transcript.js';
import { prepareVerifier, verifyTranscriptFile } from '../transcripts/verification/verify.js';

const config = loadConfig({
  TABLE_NAME: z.string().check(z.minLength(1)),
  UPLOADS_BUCKET: z.string().check(z.minLength(1)),
});
const deps: CheckTranscriptDeps = {
  store: new DynamoTranscriptStore(dynamoClient(), config.TABLE_NAME),
  files: new S3TranscriptFiles(s3ClientOf({ S3Client }), config.UPLOADS_BUCKET),
  verify: verifyTranscriptFile,
  prepareVerifier,
  now: () => new Date(),
};

// S3 invokes this asynchronously for every object under transcripts/. Whatever the file holds, the
// check gives an outcome; only a failure of S3 or DynamoDB throws, which makes Lambda retry, then
// the failure destination keeps the event, so no transcript is left unchecked silently.
export async function handler(event: S3Event): Promise<void> {
  for (const record of event.Records) {
    const key = objectKeyOf(record.s3.object.key);
    const transcript = await checkUploadedTranscript(deps, key);
    logger.info('Transcript checked', {
      key,
      status: transcript?.status ?? 'unknown transcript (removed)',
      ...(transcript?.report ? { recommendation: transcript.report.recommendation } : {}),
    });
  }
}
