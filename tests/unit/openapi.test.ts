import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import { buildOpenApi, openApiFile } from '../../scripts/openapi.js';

// docs/openapi.json is derived from the route table and the handlers' request schemas; it must say
// what the API accepts today. When this fails, run `npm run openapi` and commit the result.
describe('the OpenAPI document', () => {
  it('is current with the route table and the request schemas', async () => {
    const written = JSON.parse(await readFile(openApiFile, 'utf8')) as unknown;
    expect(written).toEqual(JSON.parse(JSON.stringify(await buildOpenApi())));
  });

  it('documents every route, with the public ones open and the rest behind the bearer token', async () => {
    const doc = (await buildOpenApi()) as {
      paths: Record<string, Record<string, { operationId: string; security?: unknown[] }>>;
    };
    for (const route of routes) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(op?.operationId, `${route.method} ${route.path}`).toBe(route.operation);
      if (route.auth === 'public') expect(op?.security).toEqual([]);
      else expect(op?.security).toBeUndefined();
    }
  });
});
