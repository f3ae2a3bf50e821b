import * as z from 'zod';
import { S3DocumentStorage } from '../adapters/document-storage.js';
import { StudentRepository } from '../adapters/student-repository.js';
import { DynamoUploadStore } from '../adapters/upload-store.js';
import type { Actor } from '../commons/auth.js';
import { dynamoClient, s3Client } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { ForbiddenError } from '../commons/errors.js';
import { httpApi, Reply, route, withoutInput } from '../commons/http.js';
import { getStudentDashboard } from '../use-cases/get-student-dashboard.js';
import { getUpload, requestUpload, type UploadDeps } from '../use-cases/uploads.js';

const config = loadConfig({ TABLE_NAME: z.string().min(1), UPLOADS_BUCKET: z.string().min(1) });
const students = new StudentRepository(dynamoClient(), config.TABLE_NAME);
const uploadDeps: UploadDeps = {
  uploads: new DynamoUploadStore(dynamoClient(), config.TABLE_NAME),
  storage: new S3DocumentStorage(s3Client(), config.UPLOADS_BUCKET),
  now: () => new Date(),
};

function studentIdOf(actor: Actor): string {
  if (actor.kind !== 'student') throw new ForbiddenError('This page is for students');
  return actor.studentId;
}

const uploadId = z.uuid({ message: 'must be an upload id' });

export const handler = httpApi('student-api', {
  getStudentDashboard: withoutInput(({ actor }) => getStudentDashboard({ students }, studentIdOf(actor))),

  createUpload: route(
    z.object({
      body: z.object(
        {
          fileName: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
          sizeBytes: z.number({ message: 'must be a number of bytes' }).int().positive('must be more than 0'),
        },
        { message: 'must be a JSON object with fileName and sizeBytes' },
      ),
    }),
    async ({ input, actor }) => {
      const { upload, post, maxBytes } = await requestUpload(uploadDeps, studentIdOf(actor), input.body);
      return Reply.created({ upload, post, maxBytes });
    },
  ),

  getUpload: route(z.object({ path: z.object({ uploadId }) }), ({ input, actor }) =>
    getUpload(uploadDeps, studentIdOf(actor), input.path.uploadId),
  ),
});
