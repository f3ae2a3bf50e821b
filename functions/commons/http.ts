import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import type * as z from 'zod/mini';
import type { FunctionName } from '../catalog.js';
import type { ContractOf, Operation } from '../contracts.js';
import { type OperationOf, type Route, type RouteDefinition, routeKey, routes } from '../routes.js';
import { type Actor, actorFromClaims, type Claims } from './auth.js';
import type { ErrorStatus, OperationContract, RequestOutput, SuccessStatus } from './contracts.js';
import { CtsError, ValidationError } from './errors.js';
import { logger } from './logger.js';
import './zod.js';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

// Every route has a contract and every contract a route: a mismatch either way fails to compile here.
type Unrouted = Exclude<Operation, Route['operation']>;
type Uncontracted = Exclude<Route['operation'], Operation>;
export const everyRouteHasItsContract: [Unrouted | Uncontracted] extends [never]
  ? true
  : Unrouted | Uncontracted = true;

/** What a route's `run` sees: the validated request and the verified caller. */
export interface RouteContext<I> {
  input: I;
  actor: Actor;
  event: HttpEvent;
}

/** An answer with a status other than 200 (or headers of its own); its body is checked like any other. */
export class Reply<S extends number = number, B = unknown> {
  constructor(
    readonly statusCode: S,
    readonly body: B,
    readonly headers: Record<string, string> = {},
  ) {}
  static created<B>(body: B): Reply<201, B> {
    return new Reply(201, body);
  }
}

/**
 * A JSON operation's answer in another format the request asked for (a report as CSV): sent as is,
 * with its own content type. The contract's schema describes the JSON form of the same answer; the
 * operation builds the text from the same rows, so the two cannot say different things.
 */
export class TextReply {
  constructor(
    readonly statusCode: 200,
    readonly text: string,
    readonly contentType: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

type InputOf<T> = T extends z.ZodMiniType ? z.input<T> : never;
type Replies<M> = { [S in keyof M & number]: Reply<S, InputOf<M[S]>> }[keyof M & number];
type Plain<M> = 200 extends keyof M ? InputOf<M[200]> : never;

/**
 * What an operation's `run` may return, from its contract: the 200 body as is, or a Reply with any
 * status and body the contract declares (a 201, a 204, a 409 DuplicateRequest). A page answers HTML
 * with whatever status says what happened.
 */
export type RunResult<O extends Operation> = ContractOf<O>['content'] extends 'text/html'
  ? Reply<number, string>
  :
      | Plain<ContractOf<O>['responses']>
      | Replies<ContractOf<O>['responses']>
      | Replies<ContractOf<O>['errors']>
      | TextReply;

export interface RouteImpl<O extends Operation = Operation> {
  operation: O;
  run: (ctx: RouteContext<never>) => Promise<unknown>;
}

/**
 * Declares one operation's implementation: the request is parsed with its contract's schema, and
 * `run` must answer what the contract says (a mismatch fails to compile).
 */
export function route<O extends Operation>(
  operation: O,
  run: (ctx: RouteContext<RequestOutput<ContractOf<O>>>) => Promise<RunResult<O>>,
): RouteImpl<O> {
  return { operation, run: run as RouteImpl<O>['run'] };
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

export const htmlPage = (statusCode: number, html: string): Reply<number, string> =>
  new Reply(statusCode, html, pageHeaders);

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8' };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { ...jsonHeaders, ...headers }, body: JSON.stringify(body) };
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

function readBody(event: HttpEvent, format: OperationContract['bodyFormat']): unknown {
  if (format === 'csv') return readCsvBody(event);
  if (event.body === undefined || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (format === 'form') return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    throw ValidationError.of('body', 'is not valid JSON');
  }
}

/** A CSV file sent as itself: its text, refused whole when it is not text/csv or not UTF-8. */
function readCsvBody(event: HttpEvent): string {
  const type = (event.headers?.['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('text/csv')) {
    throw ValidationError.of('body', 'must be a CSV file (content-type text/csv)');
  }
  const notUtf8 = () =>
    ValidationError.of('body', 'is not UTF-8 text: save the file as CSV UTF-8 and send it again');
  const bytes = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notUtf8();
  }
  // A body the gateway passed on as text was decoded there, a byte that is not UTF-8 becoming U+FFFD.
  if (text.includes('\uFFFD')) throw notUtf8();
  return text;
}

export function parseRequest<S extends z.ZodMiniType>(
  schema: S,
  event: HttpEvent,
  bodyFormat: OperationContract['bodyFormat'] = 'json',
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

/**
 * The answer as the contract declares it: the body parsed with the status's schema, so nothing the
 * contract does not name (an internal field of an entity) leaves the API. A body that does not fit is
 * our bug: it becomes a logged 500, never a half-right answer.
 */
export function toResult(operation: Operation, contract: OperationContract, value: unknown): HttpResult {
  if (value instanceof TextReply) {
    return {
      statusCode: value.statusCode,
      headers: { 'content-type': value.contentType, 'x-content-type-options': 'nosniff', ...value.headers },
      body: value.text,
    };
  }
  const reply = value instanceof Reply ? value : new Reply(200, value);
  const { statusCode, headers } = reply;
  if (statusCode === 204) return { statusCode, headers, body: '' };
  if (contract.content === 'text/html') {
    return {
      statusCode,
      headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
      body: String(reply.body),
    };
  }
  const schema =
    contract.responses[statusCode as SuccessStatus] ?? contract.errors[statusCode as ErrorStatus];
  if (!schema) throw new Error(`${operation} answered ${statusCode}, which its contract does not declare`);
  const parsed = schema.safeParse(reply.body);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new Error(`${operation}'s ${statusCode} answer does not match its contract (${where})`);
  }
  return json(statusCode, parsed.data, headers);
}

/** The contracts of a function's operations: its capabilities' contract maps, spread together. */
export type ContractsOf<F extends FunctionName> = { readonly [O in OperationOf<F>]: ContractOf<O> };

/**
 * The Lambda handler of one function of the HTTP API. It must implement exactly the operations the
 * route table gives that function; a route added to the table without an implementation fails to compile.
 * It is given the contracts of those operations (its capabilities' maps, missing one fails to
 * compile) rather than reading the index of all, so a function loads the schemas of its own
 * capabilities only and its cold start does not grow with every capability added.
 */
export function httpApi<F extends FunctionName>(
  fn: F,
  contracts: ContractsOf<F>,
  impls: { [O in OperationOf<F>]: RouteImpl<O> },
) {
  const byRouteKey = new Map<
    string,
    { def: RouteDefinition; impl: RouteImpl; contract: OperationContract }
  >();
  for (const def of routes as readonly RouteDefinition[]) {
    if (def.fn !== fn) continue;
    const operation = def.operation as OperationOf<F>;
    byRouteKey.set(routeKey(def), {
      def,
      impl: impls[operation] as RouteImpl,
      contract: contracts[operation] as unknown as OperationContract,
    });
  }

  return middy<HttpEvent, APIGatewayProxyResultV2>().handler(async (event) => {
    const requestId = event.requestContext?.requestId ?? 'unknown';
    try {
      const target = byRouteKey.get(event.routeKey);
      if (!target) return json(404, { error: 'NotFound', message: `No route ${event.routeKey}` });
      const claims = event.requestContext.authorizer?.jwt?.claims as Claims | undefined;
      const actor = actorFromClaims(claims, target.def.auth);
      const input = parseRequest(target.contract.request, event, target.contract.bodyFormat) as never;
      return toResult(target.impl.operation, target.contract, await target.impl.run({ input, actor, event }));
    } catch (error) {
      return errorToResult(error, requestId);
    }
  });
}
