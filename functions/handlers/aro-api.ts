import * as z from 'zod';
import type { Actor } from '../commons/auth.js';
import { dynamoClient, sfnClient } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { ForbiddenError } from '../commons/errors.js';
import { httpApi, Reply, route, withoutInput } from '../commons/http.js';
import { StepFunctionsTaskResponder } from '../human-steps/adapters/task-responder.js';
import { refPattern } from '../mappings/entities/mapping.js';
import { DynamoReviewAdminStore } from '../reviews/adapters/mapping-review-store.js';
import { triageMapping } from '../reviews/use-cases/review-actions.js';
import {
  getDepartmentReviewers,
  getMappingForAro,
  listAwaitingTriage,
  setDepartmentReviewers,
} from '../reviews/use-cases/review-admin.js';

const config = loadConfig({ TABLE_NAME: z.string().min(1) });
const store = new DynamoReviewAdminStore(dynamoClient(), config.TABLE_NAME);
const tasks = new StepFunctionsTaskResponder(sfnClient());
const now = () => new Date();

function staffOf(actor: Actor): { staffId: string; name: string } {
  if (actor.kind !== 'aro') throw new ForbiddenError('This is for ARO staff');
  return { staffId: actor.staffId, name: actor.name };
}

const ref = z.string().regex(refPattern, 'must be a D.B. Ref. No. like B006711-01');
const subjectArea = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{4}$/, 'must be a subject area like MECH'));

export const handler = httpApi('aro-api', {
  listAwaitingTriage: withoutInput(({ actor }) => {
    staffOf(actor);
    return listAwaitingTriage(store);
  }),

  getMappingForAro: route(z.object({ path: z.object({ ref }) }), ({ input, actor }) => {
    staffOf(actor);
    return getMappingForAro(store, input.path.ref);
  }),

  triageMapping: route(
    z.object({
      path: z.object({ ref }),
      body: z.object(
        {
          action: z.enum(['route', 'need-info', 'duplicate'], {
            message: 'must be route, need-info or duplicate',
          }),
          note: z.string().max(2000, 'must be at most 2000 characters').optional(),
          duplicateOf: ref.optional(),
          internalNote: z.string().max(2000, 'must be at most 2000 characters').optional(),
        },
        { message: 'must be a JSON object with action' },
      ),
    }),
    async ({ input, actor }) =>
      new Reply(202, await triageMapping({ store, tasks, now }, input.path.ref, staffOf(actor), input.body)),
  ),

  getDepartmentReviewers: route(z.object({ path: z.object({ subjectArea }) }), ({ input, actor }) => {
    staffOf(actor);
    return getDepartmentReviewers(store, input.path.subjectArea);
  }),

  putDepartmentReviewers: route(
    z.object({
      path: z.object({ subjectArea }),
      body: z.object({
        reviewers: z
          .array(
            z.object({
              name: z.string().trim().max(200).optional(),
              email: z.email({ message: 'must be an email address' }),
            }),
          )
          .max(20, 'at most 20 reviewers'),
      }),
    }),
    ({ input, actor }) =>
      setDepartmentReviewers(
        { store, now },
        input.path.subjectArea,
        input.body.reviewers,
        staffOf(actor).staffId,
      ),
  ),
});
