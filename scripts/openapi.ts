// The OpenAPI 3.1 document of the HTTP API, derived from the route table and each operation's
// contract (DESIGN decisions 1 and 10): the request schema, a response schema per 2xx status and the
// error bodies, so it cannot drift from what the handlers accept and answer.
// `npm run openapi` writes docs/openapi.json; a unit test fails while that file is out of date.
import './schemas-built-at-import.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as z from 'zod/mini';
import {
  errorBody,
  htmlPage,
  internalErrorBody,
  type OperationContract,
  validationErrorBody,
} from '../functions/commons/contracts.js';
import { contracts } from '../functions/contracts.js';
import { integrationEvents, integrationSource } from '../functions/integration/contracts.js';
import { type RouteDefinition, routes } from '../functions/routes.js';

const projectRoot = join(import.meta.dirname, '..');
export const openApiFile = join(projectRoot, 'docs', 'openapi.json');

type JsonSchema = { properties?: Record<string, JsonSchema>; required?: string[] } & Record<string, unknown>;

// The document's own `$schema` says which dialect; each embedded schema needs no `$schema` of its own.
function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const statusText: Record<number, string> = {
  400: 'The request is malformed: each issue names the field and the reason',
  401: 'No valid sign-in token',
  403: 'Signed in, but not allowed this object or route',
  404: 'Not found, or not yours',
  409: 'Not allowed in the current state, or a concurrent change won',
  410: 'Expired',
  413: 'Too large',
  500: 'Something went wrong on our side; the request id finds it in the logs',
  503: 'A service CTS depends on failed; nothing was changed, and the request may be sent again',
};

// The error bodies every operation shares are written once, under components, and referred to.
const sharedSchemas = new Map<z.ZodMiniType, string>([
  [errorBody, 'Error'],
  [validationErrorBody, 'ValidationError'],
  [internalErrorBody, 'InternalError'],
]);

function content(contract: OperationContract, status: number, schema: z.ZodMiniType) {
  if (status === 204) return {};
  if (contract.content === 'text/html') return { content: { 'text/html': { schema: { type: 'string' } } } };
  const shared = sharedSchemas.get(schema);
  return {
    content: {
      'application/json': {
        schema: shared ? { $ref: `#/components/schemas/${shared}` } : jsonSchema(schema, 'output'),
      },
    },
  };
}

const bodyMediaType: Record<OperationContract['bodyFormat'], string> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  csv: 'text/csv',
};

function operation(def: RouteDefinition, contract: OperationContract) {
  const request = jsonSchema(contract.request, 'input');
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
  const answers = [
    ...Object.entries(contract.responses),
    ...Object.entries(contract.errors).filter(
      // Public pages need no sign-in: they never answer 401 or 403.
      ([status]) => def.auth !== 'public' || (status !== '401' && status !== '403'),
    ),
  ] as [string, z.ZodMiniType][];
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
              [bodyMediaType[contract.bodyFormat]]: {
                schema: body,
              },
            },
          },
        }
      : {}),
    responses: Object.fromEntries(
      answers.map(([status, schema]) => [
        status,
        {
          // A 2xx says what it holds (or what the operation does); an error says what went wrong.
          description: status.startsWith('2')
            ? ((schema !== htmlPage ? z.globalRegistry.get(schema)?.description : undefined) ?? def.summary)
            : (statusText[Number(status)] ?? status),
          ...content(contract, Number(status), schema),
        },
      ]),
    ),
  };
}

export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of routes as readonly RouteDefinition[]) {
    const contract = (contracts as Record<string, OperationContract>)[def.operation];
    if (!contract) throw new Error(`No contract for ${def.operation}`);
    paths[def.path] ??= {};
    (paths[def.path] as Record<string, unknown>)[def.method.toLowerCase()] = operation(def, contract);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'CTS, the Credit Transfer System: HTTP API',
      version: '1',
      description:
        "Students (Cognito group student) and ARO staff (group aro) call it with their ID token as a bearer token; reviewers reach the public /review pages from their email. Every error body has at least `error` and `message`; a 400 adds `issues`, each naming the field and the reason. Generated from functions/routes.ts and the operations' contracts (functions/contracts.ts) by scripts/openapi.ts.",
    },
    components: {
      securitySchemes: { cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: Object.fromEntries(
        [...sharedSchemas].map(([schema, name]) => [name, jsonSchema(schema, 'output')]),
      ),
    },
    security: [{ cognito: [] }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
  };
}

export const renderOpenApi = (): string => `${JSON.stringify(buildOpenApi(), null, 2)}\n`;

/** Where each integration event's JSON Schema is written: docs/events/<detail-type>.v1.schema.json. */
export const eventSchemaFile = (detailType: string): string =>
  join(projectRoot, 'docs', 'events', `${detailType.toLowerCase().replaceAll(' ', '-')}.v1.schema.json`);

/** The JSON Schema of each integration event's EventBridge envelope, with its detail. */
export function buildEventSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [detailType, detail] of Object.entries(integrationEvents)) {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: `CTS integration event: ${detailType} (version 1)`,
      type: 'object',
      required: ['source', 'detail-type', 'detail'],
      properties: {
        source: { const: integrationSource },
        'detail-type': { const: detailType },
        detail: jsonSchema(detail, 'output'),
      },
    };
    files.set(eventSchemaFile(detailType), `${JSON.stringify(schema, null, 2)}\n`);
  }
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await writeFile(openApiFile, renderOpenApi());
  await mkdir(join(projectRoot, 'docs', 'events'), { recursive: true });
  for (const [file, text] of buildEventSchemas()) await writeFile(file, text);
  console.log(`Wrote ${openApiFile}`);
}
