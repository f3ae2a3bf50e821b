import * as z from 'zod';
import type { Actor } from '../commons/auth.js';
import { dynamoClient, loadedOnFirstCall, sfnClientOf } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { ForbiddenError } from '../commons/errors.js';
import { httpApi, Reply, route } from '../commons/http.js';
import { DynamoHumanStepStore } from '../human-steps/adapters/human-step-store.js';
import { DynamoReviewAdminStore } from '../reviews/adapters/mapping-review-store.js';
import { mappingReviewSteps } from '../reviews/human-steps/steps.js';
import { triageMapping } from '../reviews/use-cases/review-actions.js';
import {
  getDepartmentReviewers,
  getMappingForAro,
  listAwaitingTriage,
  setDepartmentReviewers,
} from '../reviews/use-cases/review-admin.js';

const config = loadConfig({ TABLE_NAME: z.string().min(1) });
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
const now = () => new Date();

function staffOf(actor: Actor): { staffId: string; name: string } {
  if (actor.kind !== 'aro') throw new ForbiddenError('This is for ARO staff');
  return { staffId: actor.staffId, name: actor.name };
}

export const handler = httpApi('aro-api', {
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
});
