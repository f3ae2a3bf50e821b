import * as z from 'zod';
import type { Actor } from '../commons/auth.js';
import { dynamoClient } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { ForbiddenError } from '../commons/errors.js';
import { httpApi, route } from '../commons/http.js';
import { DynamoMappingSearchStore } from '../mappings/adapters/mapping-search-store.js';
import type { ValidityFilter } from '../mappings/domain/mapping-validity.js';
import { refPattern } from '../mappings/entities/mapping.js';
import {
  approvedMappingsToCourse,
  precedents,
  searchExistingMappings,
  searchHomeCourses,
} from '../mappings/use-cases/mapping-search.js';

const config = loadConfig({ TABLE_NAME: z.string().min(1) });
const store = new DynamoMappingSearchStore(dynamoClient(), config.TABLE_NAME);

function studentIdOf(actor: Actor): string {
  if (actor.kind !== 'student') throw new ForbiddenError('This page is for students');
  return actor.studentId;
}

const validityFilters = ['valid', 'expired', 'ready'] as const satisfies readonly ValidityFilter[];
// API Gateway joins repeated query parameters with commas, so a comma list is the one portable form.
const filters = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(z.enum(validityFilters, { message: `each filter must be one of ${validityFilters.join(', ')}` })),
  )
  .transform((list) => [...new Set(list)])
  .describe('Comma list of valid, expired, ready; none (or valid,expired) shows every mapping');
const page = z.coerce
  .number({ message: 'must be a page number' })
  .int('must be a whole number')
  .min(1, 'must be 1 or more')
  .max(10_000, 'must be at most 10000')
  .default(1);
const homeCourseCode = z
  .string()
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{4}\d{4}[A-Z]*$/, 'must be an HKUST course code like HUMA1103'));

export const handler = httpApi('mapping-search-api', {
  searchExistingMappings: route(
    z.object({
      path: z.object({ recordId: z.string().min(1).max(64) }),
      query: z.object({
        q: z.string().max(100, 'must be at most 100 characters').default(''),
        filters,
        page,
      }),
    }),
    ({ input, actor }) =>
      searchExistingMappings(store, studentIdOf(actor), input.path.recordId, {
        keyword: input.query.q.trim(),
        filters: input.query.filters,
        page: input.query.page,
      }),
  ),

  searchHomeCourses: route(
    z.object({
      query: z.object({
        code: z.string().max(20, 'must be at most 20 characters').default(''),
        title: z.string().max(100, 'must be at most 100 characters').default(''),
      }),
    }),
    ({ input }) => searchHomeCourses(store, input.query),
  ),

  getApprovedMappingsToCourse: route(z.object({ path: z.object({ code: homeCourseCode }) }), ({ input }) =>
    approvedMappingsToCourse(store, input.path.code),
  ),

  getPrecedents: route(
    z.object({
      path: z.object({ ref: z.string().regex(refPattern, 'must be a D.B. Ref. No. like B006711-01') }),
    }),
    ({ input }) => precedents(store, input.path.ref),
  ),
});
