// The OpenAPI 3.1 document of the HTTP API, derived from the route table and each operation's zod
// request schema (DESIGN decision 1), so it cannot drift from what the handlers accept.
// `npm run openapi` writes docs/openapi.json; a unit test fails while that file is out of date.
// Responses are described, not typed: their shapes are the TypeScript contracts in functions/*/contracts.ts.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { functionCatalog } from '../functions/catalog.js';
import type { RouteImpl } from '../functions/commons/http.js';
import { type RouteDefinition, routes } from '../functions/routes.js';

const projectRoot = join(import.meta.dirname, '..');
export const openApiFile = join(projectRoot, 'docs', 'openapi.json');

// The handlers read their configuration when imported; these placeholders only let them load.
const placeholderEnv = {
  TABLE_NAME: 'openapi',
  UPLOADS_BUCKET: 'openapi',
  MAIL_FROM: 'openapi@example.edu',
  MAPPING_REVIEW_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:openapi',
  REVIEW_LINK_BASE_URL: 'https://api.example.edu',
  ARO_EMAIL: 'aro@example.edu',
  CTS_LOG_LEVEL: 'silent',
};

type JsonSchema = { properties?: Record<string, JsonSchema>; required?: string[] } & Record<string, unknown>;

const errorBody = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'ValidationError, Unauthorized, Forbidden, NotFound, Conflict, …' },
    message: { type: 'string' },
    issues: {
      type: 'array',
      description: 'On a 400: each field (dotted path, e.g. body.incomingCourses.0.credits) and the reason',
      items: {
        type: 'object',
        required: ['field', 'reason'],
        properties: { field: { type: 'string' }, reason: { type: 'string' } },
      },
    },
  },
};

function operation(def: RouteDefinition, impl: RouteImpl) {
  const request = z.toJSONSchema(impl.request, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const part = (name: string) => request.properties?.[name];
  const parameters = (['path', 'query'] as const).flatMap((location) =>
    Object.entries(part(location)?.properties ?? {}).map(([name, schema]) => ({
      name,
      in: location,
      required: location === 'path' || (part(location)?.required ?? []).includes(name),
      schema,
    })),
  );
  const body = part('body');
  const html = def.fn === 'review-links';
  return {
    operationId: def.operation,
    summary: def.summary,
    tags: [def.fn],
    ...(def.auth === 'public' ? { security: [] } : { 'x-cts-group': def.auth }),
    ...(parameters.length ? { parameters } : {}),
    ...(body
      ? {
          requestBody: {
            required: (request.required ?? []).includes('body'),
            content: {
              [impl.bodyFormat === 'form' ? 'application/x-www-form-urlencoded' : 'application/json']: {
                schema: body,
              },
            },
          },
        }
      : {}),
    responses: {
      '2XX': {
        description: def.summary,
        content: html ? { 'text/html': {} } : { 'application/json': {} },
      },
      '4XX': {
        description: html
          ? 'A page saying why: not recognised (404), already decided (409), expired (410), or the form with its problems (400)'
          : 'What was wrong with the request, naming the field',
        content: html
          ? { 'text/html': {} }
          : { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
  };
}

export async function buildOpenApi(): Promise<Record<string, unknown>> {
  Object.assign(process.env, { ...placeholderEnv, ...process.env });
  const paths: Record<string, Record<string, unknown>> = {};
  const functions = [...new Set(routes.map((r) => r.fn))].sort();
  for (const fn of functions) {
    const module = (await import(pathToFileURL(join(projectRoot, functionCatalog[fn].entry)).href)) as {
      handler: { routes: Record<string, RouteImpl> };
    };
    for (const def of routes as readonly RouteDefinition[]) {
      if (def.fn !== fn) continue;
      const impl = module.handler.routes[def.operation];
      if (!impl) throw new Error(`${fn} does not implement ${def.operation}`);
      paths[def.path] ??= {};
      (paths[def.path] as Record<string, unknown>)[def.method.toLowerCase()] = operation(def, impl);
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'CTS, the Credit Transfer System: HTTP API',
      version: '1',
      description:
        "Students (Cognito group student) and ARO staff (group aro) call it with their ID token as a bearer token; reviewers reach the public /review pages from their email. Generated from functions/routes.ts and the handlers' zod schemas by scripts/openapi.ts.",
    },
    components: {
      securitySchemes: { cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: errorBody },
    },
    security: [{ cognito: [] }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
  };
}

export const renderOpenApi = async (): Promise<string> =>
  `${JSON.stringify(await buildOpenApi(), null, 2)}\n`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await writeFile(openApiFile, await renderOpenApi());
  console.log(`Wrote ${openApiFile}`);
}
