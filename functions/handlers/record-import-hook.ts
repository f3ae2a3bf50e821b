import { S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import * as z from 'zod/mini';
import { dynamoClient, s3ClientOf } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { logger } from '../commons/logger.js';
import { objectKeyOf } from '../commons/s3-event.js';
import { S3ImportFiles } from '../provisioning/adapters/import-files.js';
import { DynamoProvisioningStore } from '../provisioning/adapters/provisioning-store.js';
import { parseImportObjectKey } from '../provisioning/entities/import-job.js';
import { type RecordImportDeps, runRecordImport } from '../provisioning/use-cases/record-import.js';
import { newStudyRecordId } from '../records/adapters/study-record-writer.js';

const config = loadConfig({
  TABLE_NAME: z.string().check(z.minLength(1)),
  UPLOADS_BUCKET: z.string().check(z.minLength(1)),
});
const store = new DynamoProvisioningStore(dynamoClient(), config.TABLE_NAME);
const deps: RecordImportDeps = {
  store,
  jobs: store,
  files: new S3ImportFiles(s3ClientOf({ S3Client }), config.UPLOADS_BUCKET),
  now: () => new Date(),
  newRecordId: newStudyRecordId,
  pause: (attempt) => new Promise<void>((r) => setTimeout(r, 25 * 2 ** attempt + Math.random() * 25)),
};

// S3 invokes this asynchronously when an office's CSV arrives. A file's own faults (its header, its
// encoding, its rows) are the job's result, not errors; only a failure of S3 or DynamoDB throws,
// which makes Lambda retry the event (then the failure destination keeps it): the retry resumes
// after the job's checkpoint, and the rows written after it are found by their claims.
export async function handler(event: S3Event): Promise<void> {
  for (const record of event.Records) {
    const key = objectKeyOf(record.s3.object.key);
    const target = parseImportObjectKey(key);
    if (!target) {
      logger.warn('Not an import job object', { key });
      continue;
    }
    const result = await runRecordImport(deps, key, target.jobId);
    logger.info('Record import run', {
      key,
      ...(result.ran
        ? { status: result.job.status, progress: result.job.progress }
        : { skipped: result.reason }),
    });
  }
}
