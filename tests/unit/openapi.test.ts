import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import { buildOpenApi, openApiFile } from '../../scripts/openapi.js';

// docs/openapi.json is derived from the route table and the operations' contracts; it must say what
// the API accepts and answers today. When this fails, run `npm run openapi` and commit the result.

interface Answer {
  description: string;
  content?: Record<string, { schema?: Record<string, unknown> }>;
}
interface Doc {
  paths: Record<
    string,
    Record<string, { operationId: string; security?: unknown[]; responses: Record<string, Answer> }>
  >;
  components: { schemas: Record<string, unknown> };
}

const operations = () => {
  const doc = buildOpenApi() as unknown as Doc;
  return routes.map((route) => ({ route, op: doc.paths[route.path]?.[route.method.toLowerCase()] }));
};

describe('the OpenAPI document', () => {
  it('is current with the route table and the contracts', async () => {
    // Prepare
    const written = JSON.parse(await readFile(openApiFile, 'utf8')) as unknown;
    // Act
    const built = JSON.parse(JSON.stringify(buildOpenApi()));
    // Assess
    expect(written).toEqual(built);
  });

  it('documents every route, with the public ones open and the rest behind the bearer token', () => {
    for (const { route, op } of operations()) {
      expect(op?.operationId, `${route.method} ${route.path}`).toBe(route.operation);
      if (route.auth === 'public') expect(op?.security).toEqual([]);
      else expect(op?.security).toBeUndefined();
    }
  });

  it('gives every 2xx answer a schema (204 excepted: it has no body)', () => {
    for (const { route, op } of operations()) {
      const success = Object.entries(op?.responses ?? {}).filter(([status]) => status.startsWith('2'));
      expect(success.length, route.operation).toBeGreaterThan(0);
      for (const [status, answer] of success) {
        if (status === '204') {
          expect(answer.content, `${route.operation} ${status}`).toBeUndefined();
          continue;
        }
        const media = Object.values(answer.content ?? {});
        expect(media.length, `${route.operation} ${status}`).toBe(1);
        expect(media[0]?.schema, `${route.operation} ${status}`).toEqual(expect.any(Object));
      }
    }
  });

  it('describes the error bodies: a 400 names each field, the rest say error and message', () => {
    const doc = buildOpenApi() as unknown as Doc;
    expect(doc.components.schemas.ValidationError).toMatchObject({
      required: expect.arrayContaining(['error', 'message', 'issues']),
    });
    expect(doc.components.schemas.Error).toMatchObject({ required: ['error', 'message'] });
    for (const { route, op } of operations()) {
      if (route.fn === 'review-links') continue; // pages: every answer is text/html
      expect(op?.responses['400']?.content?.['application/json']?.schema, route.operation).toEqual({
        $ref: '#/components/schemas/ValidationError',
      });
      expect(op?.responses['404']?.content?.['application/json']?.schema, route.operation).toEqual({
        $ref: '#/components/schemas/Error',
      });
    }
    // A duplicate request is a 409 that carries the existing mapping to Notify Me on.
    const create = operations().find(({ route }) => route.operation === 'createMappingRequest')?.op;
    expect(JSON.stringify(create?.responses['409'])).toContain('existingRef');
  });
});
