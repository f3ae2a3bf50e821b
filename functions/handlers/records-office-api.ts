import * as z from 'zod/mini';
import type { Actor } from '../commons/auth.js';
import { dynamoClient, loadedOnFirstCall, s3ClientOf } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { ForbiddenError } from '../commons/errors.js';
import { httpApi, Reply, route } from '../commons/http.js';
import { DynamoProvisioningStore } from '../provisioning/adapters/provisioning-store.js';
import { provisioningContracts } from '../provisioning/contracts.js';
import type { OfficeActor, ProvisioningDeps } from '../provisioning/use-cases/provision-records.js';
import {
  createOfficeStudyRecord,
  OfficeRecordConflictError,
} from '../provisioning/use-cases/provision-records.js';
import {
  getRecordImport,
  type ImportFiles,
  startRecordImport,
} from '../provisioning/use-cases/record-import.js';
import { newStudyRecordId } from '../records/adapters/study-record-writer.js';

const config = loadConfig({
  TABLE_NAME: z.string().check(z.minLength(1)),
  UPLOADS_BUCKET: z.string().check(z.minLength(1)),
});
const store = new DynamoProvisioningStore(dynamoClient(), config.TABLE_NAME);
const deps: ProvisioningDeps = {
  store,
  now: () => new Date(),
  newRecordId: newStudyRecordId,
  pause: (attempt) => new Promise<void>((r) => setTimeout(r, 20 * attempt + Math.random() * 30)),
};
// Only starting an import signs a form: S3 loads on that first call, not in every cold start.
const files: ImportFiles = loadedOnFirstCall(['presignPost', 'open', 'remove'], async () => {
  const [{ S3ImportFiles }, sdk] = await Promise.all([
    import('../provisioning/adapters/import-files.js'),
    import('@aws-sdk/client-s3'),
  ]);
  return new S3ImportFiles(s3ClientOf(sdk), config.UPLOADS_BUCKET);
});

function officeOf(actor: Actor): OfficeActor {
  if (actor.kind !== 'records-office')
    throw new ForbiddenError('This is for the offices that provision study records (URAO, OGL)');
  return { office: actor.office, staffId: actor.staffId };
}

export const handler = httpApi('records-office-api', provisioningContracts, {
  createOfficeStudyRecord: route('createOfficeStudyRecord', async ({ input, actor }) => {
    try {
      const { created, body } = await createOfficeStudyRecord(deps, officeOf(actor), input.body);
      return created ? Reply.created(body) : body;
    } catch (error) {
      // The record that stands in the way is named, so the office can look it up.
      if (error instanceof OfficeRecordConflictError)
        return new Reply(409, {
          error: 'Conflict',
          message: error.message,
          ...(error.recordId ? { recordId: error.recordId } : {}),
        });
      throw error;
    }
  }),

  startRecordImport: route('startRecordImport', async ({ input, actor }) =>
    Reply.created(
      await startRecordImport({ jobs: store, files, now: deps.now }, officeOf(actor), input.body),
    ),
  ),

  getRecordImport: route('getRecordImport', async ({ input, actor }) =>
    getRecordImport(store, officeOf(actor).office, input.path.jobId, input.query.rejectedAfter),
  ),
});
