import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { actorFromClaims, parseGroups } from '../../functions/commons/auth.js';
import { ConflictError, ForbiddenError, UnauthorizedError } from '../../functions/commons/errors.js';
import { errorToResult, parseRequest } from '../../functions/commons/http.js';

const event = (body?: string) =>
  ({
    body,
    pathParameters: { id: 'abc' },
    queryStringParameters: { page: 'x' },
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

describe('HTTP edge', () => {
  it('names every offending field by its path in the request', () => {
    const schema = z.object({
      query: z.object({ page: z.coerce.number({ message: 'must be a number' }) }),
      body: z.object({ fileName: z.string({ message: 'is required' }) }),
    });
    try {
      parseRequest(schema, event('{}'));
      expect.unreachable();
    } catch (error) {
      expect(errorToResult(error, 'r1')).toMatchObject({ statusCode: 400 });
      expect(JSON.parse(errorToResult(error, 'r1').body as string).issues).toEqual([
        { field: 'query.page', reason: 'must be a number' },
        { field: 'body.fileName', reason: 'is required' },
      ]);
    }
  });

  it("gives zod's own reasons in English where a contract words none", () => {
    const schema = z.object({
      body: z.object({ code: z.string().check(z.minLength(3)), credits: z.number() }),
    });
    try {
      parseRequest(schema, event('{"code":"ab","credits":"3"}'));
      expect.unreachable();
    } catch (error) {
      expect(JSON.parse(errorToResult(error, 'r1').body as string).issues).toEqual([
        { field: 'body.code', reason: 'Too small: expected string to have >=3 characters' },
        { field: 'body.credits', reason: 'Invalid input: expected number, received string' },
      ]);
    }
  });

  it('maps typed errors to their status and hides unknown ones behind a 500', () => {
    expect(errorToResult(new ConflictError('Mapping is Approved'), 'r').statusCode).toBe(409);
    expect(errorToResult(new ForbiddenError('no'), 'r').statusCode).toBe(403);
    const hidden = errorToResult(new Error('secret table name'), 'r9');
    expect(hidden.statusCode).toBe(500);
    expect(hidden.body).not.toContain('secret');
    expect(JSON.parse(hidden.body as string).requestId).toBe('r9');
  });

  it("reads Cognito groups as API Gateway passes them ('[aro student]') and as arrays", () => {
    expect(parseGroups('[aro student]')).toEqual(['aro', 'student']);
    expect(parseGroups(['student'])).toEqual(['student']);
    expect(parseGroups(undefined)).toEqual([]);
  });

  it('lets only students into student routes and only ARO into ARO routes', () => {
    const studentClaims = {
      'cognito:groups': '[student]',
      'custom:student_id': '20190001',
      email: 'a@b',
      name: 'A',
    };
    expect(actorFromClaims(studentClaims, 'student')).toMatchObject({
      kind: 'student',
      studentId: '20190001',
    });
    expect(() => actorFromClaims(studentClaims, 'aro')).toThrow(ForbiddenError);
    expect(() => actorFromClaims(undefined, 'student')).toThrow(UnauthorizedError);
    expect(actorFromClaims(undefined, 'public')).toEqual({ kind: 'anonymous' });
  });
});
