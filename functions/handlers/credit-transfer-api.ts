import * as z from 'zod/mini';
import { DynamoApplicationStore } from '../applications/adapters/application-store.js';
import { DynamoEndorsementRuleStore } from '../applications/adapters/endorsement-rule-store.js';
import { applicationContracts } from '../applications/contracts.js';
import {
  AlreadyAppliedError,
  applyForCreditTransfer,
  deleteApplicationDraft,
  getMyApplication,
  listMyApplications,
  saveApplicationDraft,
} from '../applications/use-cases/applications.js';
import {
  provideApplicationInfo,
  reopenApplication,
  type SubmitDeps,
  submitApplication,
  withdrawApplication,
} from '../applications/use-cases/submit-application.js';
import type { Actor } from '../commons/auth.js';
import { dynamoClient } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { ForbiddenError } from '../commons/errors.js';
import { httpApi, Reply, route } from '../commons/http.js';
import { DynamoGradingStore } from '../conversion/adapters/grading-store.js';
import { conversionContracts } from '../conversion/contracts.js';
import { previewConversion } from '../conversion/use-cases/conversion-preview.js';
import { DynamoStudyRecordReader } from '../records/adapters/study-record-reader.js';

// The student's credit transfer applications (guide §5.1) and the Conversion Preview (§5.4): a
// function of their own, so the endorsement rules and the UCTS conversion load in no other
// student route's cold start.

const config = loadConfig({ TABLE_NAME: z.string().check(z.minLength(1)) });
const db = dynamoClient();
const gradings = new DynamoGradingStore(db, config.TABLE_NAME);
const studyRecords = new DynamoStudyRecordReader(db, config.TABLE_NAME);
const applicationDeps: SubmitDeps = {
  store: new DynamoApplicationStore(db, config.TABLE_NAME),
  rules: new DynamoEndorsementRuleStore(db, config.TABLE_NAME),
  gradings: { current: (institutionId) => gradings.current(institutionId) },
  now: () => new Date(),
};

function studentIdOf(actor: Actor): string {
  if (actor.kind !== 'student') throw new ForbiddenError('This page is for students');
  return actor.studentId;
}

export const handler = httpApi(
  'credit-transfer-api',
  { ...applicationContracts, ...conversionContracts },
  {
    applyForCreditTransfer: route('applyForCreditTransfer', async ({ input, actor }) => {
      try {
        return Reply.created(
          await applyForCreditTransfer(
            applicationDeps,
            studentIdOf(actor),
            input.path.recordId,
            input.body.ref,
          ),
        );
      } catch (error) {
        // Apply for CT twice: the client is given the application that exists.
        if (error instanceof AlreadyAppliedError) {
          return new Reply(409, {
            error: 'AlreadyApplied' as const,
            message: error.message,
            applicationId: error.applicationId,
          });
        }
        throw error;
      }
    }),

    listMyApplications: route('listMyApplications', ({ input, actor }) =>
      listMyApplications(applicationDeps, studentIdOf(actor), input.path.recordId),
    ),

    getMyApplication: route('getMyApplication', ({ input, actor }) =>
      getMyApplication(applicationDeps, studentIdOf(actor), input.path.applicationId),
    ),

    saveApplicationDraft: route('saveApplicationDraft', ({ input, actor }) =>
      saveApplicationDraft(applicationDeps, studentIdOf(actor), input.path.applicationId, input.body),
    ),

    deleteApplicationDraft: route('deleteApplicationDraft', async ({ input, actor }) => {
      await deleteApplicationDraft(applicationDeps, studentIdOf(actor), input.path.applicationId);
      return new Reply(204, undefined);
    }),

    submitApplication: route('submitApplication', ({ input, actor }) =>
      submitApplication(applicationDeps, studentIdOf(actor), input.path.applicationId, input.body),
    ),

    provideApplicationInfo: route('provideApplicationInfo', ({ input, actor }) =>
      provideApplicationInfo(applicationDeps, studentIdOf(actor), input.path.applicationId, input.body),
    ),

    withdrawApplication: route('withdrawApplication', ({ input, actor }) =>
      withdrawApplication(applicationDeps, studentIdOf(actor), input.path.applicationId, input.body.version),
    ),

    reopenApplication: route('reopenApplication', ({ input, actor }) =>
      reopenApplication(applicationDeps, studentIdOf(actor), input.path.applicationId, input.body.version),
    ),

    previewConversion: route('previewConversion', ({ input, actor }) =>
      previewConversion(
        { reader: studyRecords, gradings },
        studentIdOf(actor),
        input.path.recordId,
        input.body,
      ),
    ),
  },
);
