import { S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import * as z from 'zod/mini';
import { dynamoClient, s3ClientOf } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { logger } from '../commons/logger.js';
import { objectKeyOf } from '../commons/s3-event.js';
import { S3DocumentStorage } from '../uploads/adapters/document-storage.js';
import { DynamoUploadStore } from '../uploads/adapters/upload-store.js';
import { checkUploadedDocument } from '../uploads/use-cases/check-upload.js';
import type { UploadDeps } from '../uploads/use-cases/uploads.js';

const config = loadConfig({
  TABLE_NAME: z.string().check(z.minLength(1)),
  UPLOADS_BUCKET: z.string().check(z.minLength(1)),
});
const deps: UploadDeps = {
  uploads: new DynamoUploadStore(dynamoClient(), config.TABLE_NAME),
  storage: new S3DocumentStorage(s3ClientOf({ S3Client }), config.UPLOADS_BUCKET),
  now: () => new Date(),
};

// S3 invokes this asynchronously. Whatever the file holds, the check gives a verdict; only a failure
// of S3 or DynamoDB throws, which makes Lambda retry, then the failure destination keeps the event,
// so no upload is left unchecked silently.
export async function handler(event: S3Event): Promise<void> {
  for (const record of event.Records) {
    const key = objectKeyOf(record.s3.object.key);
    const upload = await checkUploadedDocument(deps, key);
    logger.info('Upload checked', {
      key,
      status: upload?.status ?? 'unknown upload (removed)',
      ...(upload?.rejectionReason ? { reason: upload.rejectionReason } : {}),
    });
  }
}
