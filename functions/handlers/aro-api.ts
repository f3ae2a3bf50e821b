import * as z from 'zod/mini';
import { DynamoApplicationStore } from '../applications/adapters/application-store.js';
import { DynamoEndorsementRuleStore } from '../applications/adapters/endorsement-rule-store.js';
import { applicationContracts } from '../applications/contracts.js';
import { applicationSteps } from '../applications/human-steps/steps.js';
import {
  type ApplicationAdminDeps,
  decideApplication,
  getApplicationForAro,
  getTermDeadline,
  listApplicationsForAro,
  setTermDeadline,
} from '../applications/use-cases/application-admin.js';
import {
  type EndorsementRuleDeps,
  getEndorsementRules,
  publishEndorsementRules,
} from '../applications/use-cases/endorsement-rules.js';
import type { Actor } from '../commons/auth.js';
import { dynamoClient, loadedOnFirstCall, s3ClientOf, sfnClientOf } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { ForbiddenError } from '../commons/errors.js';
import { httpApi, Reply, route } from '../commons/http.js';
import { DynamoGradingStore } from '../conversion/adapters/grading-store.js';
import { conversionContracts } from '../conversion/contracts.js';
import {
  type GradingDeps,
  getInstitutionGrading,
  publishInstitutionGrading,
} from '../conversion/use-cases/institution-grading.js';
import { DynamoHumanStepStore } from '../human-steps/adapters/human-step-store.js';
import { DynamoStudyRecordWriter } from '../records/adapters/study-record-writer.js';
import { recordContracts } from '../records/contracts.js';
import { confirmInstitution, listProposedInstitutions } from '../records/use-cases/add-institution.js';
import { DynamoReviewAdminStore } from '../reviews/adapters/mapping-review-store.js';
import { reviewContracts } from '../reviews/contracts.js';
import { mappingReviewSteps } from '../reviews/human-steps/steps.js';
import { triageMapping } from '../reviews/use-cases/review-actions.js';
import {
  getDepartmentReviewers,
  getMappingForAro,
  listAwaitingTriage,
  setDepartmentReviewers,
} from '../reviews/use-cases/review-admin.js';
import { DynamoTranscriptStore } from '../transcripts/adapters/transcript-store.js';
import { transcriptContracts } from '../transcripts/contracts.js';
import {
  downloadTranscript,
  getTranscriptForAro,
  listTranscriptsForAro,
  recordReceivedTranscript,
  setTranscriptStatus,
  type TranscriptDeps,
} from '../transcripts/use-cases/transcripts.js';

const config = loadConfig({
  TABLE_NAME: z.string().check(z.minLength(1)),
  UPLOADS_BUCKET: z.string().check(z.minLength(1)),
});
const db = dynamoClient();
const store = new DynamoReviewAdminStore(db, config.TABLE_NAME);
const steps = new DynamoHumanStepStore(db, config.TABLE_NAME);
// Only a triage decision completes a workflow task; the read routes never load Step Functions.
const tasks = loadedOnFirstCall(['succeed', 'fail'], async () => {
  const [{ StepFunctionsTaskResponder }, sdk] = await Promise.all([
    import('../human-steps/adapters/task-responder.js'),
    import('@aws-sdk/client-sfn'),
  ]);
  return new StepFunctionsTaskResponder(sfnClientOf(sdk));
});
const declared = mappingReviewSteps({ mappings: store });
const transcriptStore = new DynamoTranscriptStore(db, config.TABLE_NAME);
const transcripts: TranscriptDeps = {
  store: transcriptStore,
  files: loadedOnFirstCall(['presignPost', 'presignDownload'], async () => {
    const [{ S3TranscriptFiles }, sdk] = await Promise.all([
      import('../transcripts/adapters/transcript-files.js'),
      import('@aws-sdk/client-s3'),
    ]);
    return new S3TranscriptFiles(s3ClientOf(sdk), config.UPLOADS_BUCKET);
  }),
  now: () => new Date(),
};
const endorsementRules: EndorsementRuleDeps = {
  store: new DynamoEndorsementRuleStore(db, config.TABLE_NAME),
  now: () => new Date(),
};
const now = () => new Date();
const gradings: GradingDeps = { store: new DynamoGradingStore(db, config.TABLE_NAME), now };

// ARO's decisions on applications complete the application workflow's tasks (same lazy responder).
const applicationStore = new DynamoApplicationStore(db, config.TABLE_NAME);
const applicationAdmin: ApplicationAdminDeps = {
  store: applicationStore,
  gradings: gradings.store,
  decide: { store: steps, tasks, now },
  declared: applicationSteps(),
  now,
};

function staffOf(actor: Actor): { staffId: string; name: string } {
  if (actor.kind !== 'aro') throw new ForbiddenError('This is for ARO staff');
  return { staffId: actor.staffId, name: actor.name };
}

const proposedInstitutions = new DynamoStudyRecordWriter(db, config.TABLE_NAME);

export const handler = httpApi(
  'aro-api',
  {
    ...reviewContracts,
    ...transcriptContracts,
    ...applicationContracts,
    ...conversionContracts,
    ...recordContracts,
  },
  {
    listAwaitingTriage: route('listAwaitingTriage', ({ actor }) => {
      staffOf(actor);
      return listAwaitingTriage({ store, steps });
    }),

    getMappingForAro: route('getMappingForAro', ({ input, actor }) => {
      staffOf(actor);
      return getMappingForAro({ store, steps }, input.path.ref);
    }),

    triageMapping: route(
      'triageMapping',
      async ({ input, actor }) =>
        new Reply(
          202,
          await triageMapping(
            { store: steps, tasks, now, mappings: store, declared },
            input.path.ref,
            staffOf(actor),
            input.body,
          ),
        ),
    ),

    getDepartmentReviewers: route('getDepartmentReviewers', ({ input, actor }) => {
      staffOf(actor);
      return getDepartmentReviewers(store, input.path.subjectArea);
    }),

    putDepartmentReviewers: route('putDepartmentReviewers', ({ input, actor }) =>
      setDepartmentReviewers(
        { store, now },
        input.path.subjectArea,
        input.body.reviewers,
        staffOf(actor).staffId,
      ),
    ),

    listTranscriptsForAro: route('listTranscriptsForAro', ({ input, actor }) => {
      staffOf(actor);
      return listTranscriptsForAro(transcripts, input.query.status);
    }),

    getTranscriptForAro: route('getTranscriptForAro', ({ input, actor }) => {
      staffOf(actor);
      return getTranscriptForAro(transcripts, input.path.studentId, input.path.transcriptId);
    }),

    downloadTranscriptForAro: route('downloadTranscriptForAro', ({ input, actor }) => {
      staffOf(actor);
      return downloadTranscript(transcripts, input.path.studentId, input.path.transcriptId);
    }),

    setTranscriptStatus: route('setTranscriptStatus', ({ input, actor }) =>
      setTranscriptStatus(
        transcripts,
        staffOf(actor).staffId,
        input.path.studentId,
        input.path.transcriptId,
        input.body,
      ),
    ),

    recordReceivedTranscript: route('recordReceivedTranscript', async ({ input, actor }) =>
      Reply.created(
        await recordReceivedTranscript(
          transcripts,
          staffOf(actor).staffId,
          input.path.studentId,
          input.path.recordId,
          input.body,
        ),
      ),
    ),

    getEndorsementRules: route('getEndorsementRules', ({ input, actor }) => {
      staffOf(actor);
      return getEndorsementRules(endorsementRules, input.query.version);
    }),

    publishEndorsementRules: route('publishEndorsementRules', ({ input, actor }) =>
      publishEndorsementRules(endorsementRules, staffOf(actor).staffId, input.body),
    ),

    getInstitutionGrading: route('getInstitutionGrading', ({ input, actor }) => {
      staffOf(actor);
      return getInstitutionGrading(gradings, input.path.institutionId, input.query.version);
    }),

    publishInstitutionGrading: route('publishInstitutionGrading', ({ input, actor }) =>
      publishInstitutionGrading(gradings, staffOf(actor).staffId, input.path.institutionId, input.body),
    ),

    listApplicationsForAro: route('listApplicationsForAro', ({ input, actor }) => {
      staffOf(actor);
      return listApplicationsForAro(applicationAdmin, input.query);
    }),

    getApplicationForAro: route('getApplicationForAro', ({ input, actor }) => {
      staffOf(actor);
      return getApplicationForAro(applicationAdmin, input.path.applicationId);
    }),

    decideApplication: route(
      'decideApplication',
      async ({ input, actor }) =>
        new Reply(
          202,
          await decideApplication(
            applicationAdmin,
            staffOf(actor).staffId,
            input.path.applicationId,
            input.body,
          ),
        ),
    ),

    getTermDeadline: route('getTermDeadline', ({ input, actor }) => {
      staffOf(actor);
      return getTermDeadline(applicationAdmin, input.path.term);
    }),

    setTermDeadline: route('setTermDeadline', ({ input, actor }) =>
      setTermDeadline(applicationAdmin, staffOf(actor).staffId, input.path.term, input.body.deadline),
    ),

    // The institutions students proposed with "+ Add Another Institution" (guide §3.1.2)
    listInstitutionsForAro: route('listInstitutionsForAro', async ({ actor }) => {
      staffOf(actor);
      return { institutions: await listProposedInstitutions(proposedInstitutions) };
    }),

    confirmInstitution: route('confirmInstitution', ({ input, actor }) =>
      confirmInstitution(
        { store: proposedInstitutions, now },
        staffOf(actor).staffId,
        input.path.institutionId,
      ),
    ),
  },
);
