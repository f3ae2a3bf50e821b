import * as z from 'zod/mini';
import type { Actor } from '../commons/auth.js';
import { dynamoClient } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { ForbiddenError } from '../commons/errors.js';
import { httpApi, route } from '../commons/http.js';
import { DynamoMappingSearchStore } from '../mappings/adapters/mapping-search-store.js';
import { mappingContracts } from '../mappings/contracts.js';
import {
  approvedMappingsToCourse,
  precedents,
  searchExistingMappings,
  searchHomeCourses,
} from '../mappings/use-cases/mapping-search.js';

const config = loadConfig({ TABLE_NAME: z.string().check(z.minLength(1)) });
const store = new DynamoMappingSearchStore(dynamoClient(), config.TABLE_NAME);

function studentIdOf(actor: Actor): string {
  if (actor.kind !== 'student') throw new ForbiddenError('This page is for students');
  return actor.studentId;
}

// Request schemas are the operations' contracts (functions/mappings/contracts.ts).
export const handler = httpApi('mapping-search-api', mappingContracts, {
  searchExistingMappings: route('searchExistingMappings', ({ input, actor }) =>
    searchExistingMappings(store, studentIdOf(actor), input.path.recordId, {
      keyword: input.query.q.trim(),
      filters: input.query.filters,
      page: input.query.page,
    }),
  ),

  searchHomeCourses: route('searchHomeCourses', ({ input }) => searchHomeCourses(store, input.query)),

  getApprovedMappingsToCourse: route('getApprovedMappingsToCourse', ({ input }) =>
    approvedMappingsToCourse(store, input.path.code),
  ),

  getPrecedents: route('getPrecedents', ({ input }) => precedents(store, input.path.ref)),
});
