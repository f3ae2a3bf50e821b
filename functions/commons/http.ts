import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import * as z from 'zod';
import type { FunctionName } from '../catalog.js';
import { type OperationOf, type RouteDefinition, routeKey, routes } from '../routes.js';
import { type Actor, actorFromClaims, type Claims } from './auth.js';
import { CtsError, ValidationError } from './errors.js';
import { logger } from './logger.js';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** What a route's `run` sees: the validated request and the verified caller. */
export interface RouteContext<I> {
  input: I;
  actor: Actor;
  event: HttpEvent;
}

/** A result with a status other than 200, or a non-JSON body (the reviewer pages answer HTML). */
export class Reply {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
  static created(body: unknown): Reply {
    return new Reply(201, body);
  }
}

export interface RouteImpl {
  /** zod schema over `{ path, query, body }`; its issue paths become the field names of a 400. */
  request: z.ZodType;
  run: (ctx: RouteContext<never>) => Promise<unknown>;
  /** JSON from the SPA, or an HTML form's fields (the reviewer pages post plain forms). */
  bodyFormat: 'json' | 'form';
}

/** Declares one operation: the request schema and the use-case call behind it. */
export function route<S extends z.ZodType>(
  request: S,
  run: (ctx: RouteContext<z.infer<S>>) => Promise<unknown>,
  options: { bodyFormat?: RouteImpl['bodyFormat'] } = {},
): RouteImpl {
  return { request, run: run as RouteImpl['run'], bodyFormat: options.bodyFormat ?? 'json' };
}

// Pages for people without the SPA (reviewers from email): no scripts, nothing loaded from elsewhere,
// not framed, not cached, and the link id in the URL never sent on as a referrer.
const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export const htmlPage = (statusCode: number, html: string): Reply => new Reply(statusCode, html, pageHeaders);

const noInput = z.object({});
export const withoutInput = (
  run: (ctx: RouteContext<Record<string, never>>) => Promise<unknown>,
): RouteImpl => route(noInput, run as (ctx: RouteContext<object>) => Promise<unknown>);

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8' };

export function json(statusCode: number, body: unknown): HttpResult {
  return { statusCode, headers: jsonHeaders, body: JSON.stringify(body) };
}

/** Maps every error to HTTP in one place. Unknown errors become a 500 that leaks nothing. */
export function errorToResult(error: unknown, requestId: string): HttpResult {
  if (error instanceof ValidationError) {
    return json(400, { error: error.code, message: error.message, issues: error.issues });
  }
  if (error instanceof CtsError) return json(error.status, { error: error.code, message: error.message });
  logger.error('Unhandled error', { requestId, error });
  return json(500, { error: 'InternalError', message: 'Something went wrong on our side', requestId });
}

function readBody(event: HttpEvent, format: RouteImpl['bodyFormat']): unknown {
  if (event.body === undefined || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (format === 'form') return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    throw ValidationError.of('body', 'is not valid JSON');
  }
}

export function parseRequest<S extends z.ZodType>(
  schema: S,
  event: HttpEvent,
  bodyFormat: RouteImpl['bodyFormat'] = 'json',
): z.infer<S> {
  const raw = {
    path: event.pathParameters ?? {},
    query: event.queryStringParameters ?? {},
    body: readBody(event, bodyFormat),
  };
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    parsed.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || 'request',
      reason: issue.message,
    })),
  );
}

function toResult(value: unknown): HttpResult {
  if (value instanceof Reply) {
    const isText = typeof value.body === 'string';
    return {
      statusCode: value.statusCode,
      headers: { ...(isText ? {} : jsonHeaders), ...value.headers },
      body: isText ? (value.body as string) : JSON.stringify(value.body),
    };
  }
  return json(200, value);
}

/**
 * The Lambda handler of one function of the HTTP API. It must implement exactly the operations the
 * route table gives that function; a route added to the table without an implementation fails to compile.
 */
export function httpApi<F extends FunctionName>(fn: F, impls: Record<OperationOf<F>, RouteImpl>) {
  const byRouteKey = new Map<string, { def: RouteDefinition; impl: RouteImpl }>();
  for (const def of routes as readonly RouteDefinition[]) {
    if (def.fn !== fn) continue;
    byRouteKey.set(routeKey(def), { def, impl: impls[def.operation as OperationOf<F>] });
  }

  const handler = middy<HttpEvent, APIGatewayProxyResultV2>().handler(async (event) => {
    const requestId = event.requestContext?.requestId ?? 'unknown';
    try {
      const target = byRouteKey.get(event.routeKey);
      if (!target) return json(404, { error: 'NotFound', message: `No route ${event.routeKey}` });
      const claims = event.requestContext.authorizer?.jwt?.claims as Claims | undefined;
      const actor = actorFromClaims(claims, target.def.auth);
      const input = parseRequest(target.impl.request, event, target.impl.bodyFormat) as never;
      return toResult(await target.impl.run({ input, actor, event }));
    } catch (error) {
      return errorToResult(error, requestId);
    }
  });
  // The operations' request schemas, for the OpenAPI document (scripts/openapi.ts).
  return Object.assign(handler, { routes: impls });
}
