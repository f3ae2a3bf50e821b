import * as z from 'zod/mini';
import './zod.js';

// What an operation contract is (DESIGN decision 10): the request schema over `{ path, query, body }`,
// a response schema per 2xx status, and the error bodies. Each capability declares its operations in
// its own contracts.ts; functions/contracts.ts keys them by the route table's operation names. The
// handlers (commons/http.ts), the OpenAPI document (scripts/openapi.ts) and the web client
// (web/src/api.ts) all derive from these objects, so this module and every contracts.ts may import
// only zod (configured in commons/zod.ts) and other contracts: the web bundle reaches them, and must
// never reach entities or domain.

// Zod builds a schema in about 0.05 ms, and the API has some 300: built at import, every cold start
// of every function would pay about 20 ms (a third of its init) for operations it never serves. So a
// schema declared at module level is declared with `lazySchema`, and an operation's with a function:
// each is built the first time something reads it, and a Lambda builds only what its requests reach.

function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}

// zod's JSON Schema generator tells schemas apart by identity, which a stand-in does not keep, so
// the OpenAPI generator (scripts/openapi.ts) builds them at import instead.
const schemasBuiltAtImport = globalThis.process?.env?.CTS_SCHEMAS === 'built-at-import';

/**
 * The schema `build` returns, built on first use. What is returned stands for it everywhere (parse,
 * extend, nest in another schema, describe), forwarding every read to the built schema.
 */
export function lazySchema<T extends z.ZodMiniType>(build: () => T): T {
  if (schemasBuiltAtImport) return build();
  const schema = once(build);
  const standIn = new Proxy({} as T, {
    get: (_, key) => Reflect.get(schema(), key),
    has: (_, key) => Reflect.has(schema(), key),
    getPrototypeOf: () => Object.getPrototypeOf(schema()),
  });
  return standIn;
}

/** An object whose `lazy` properties are computed on first read; the rest are as given. */
function builtOnFirstUse<L extends Record<string, unknown>, P extends Record<string, unknown>>(
  lazy: { [K in keyof L]: () => L[K] },
  plain: P,
): L & P {
  const value = { ...plain } as L & P;
  for (const [key, build] of Object.entries(lazy) as [keyof L & string, () => unknown][]) {
    const get = once(build);
    Object.defineProperty(value, key, { get, enumerable: true });
  }
  return value;
}

export const successStatuses = [200, 201, 202, 204] as const;
export type SuccessStatus = (typeof successStatuses)[number];
export const errorStatuses = [400, 401, 403, 404, 409, 410, 413, 500, 503] as const;
export type ErrorStatus = (typeof errorStatuses)[number];

/** One problem of a 400: the dotted path of the field in the request, and the reason. */
export const fieldIssue = lazySchema(() =>
  z.object({
    field: z.string().check(z.describe('Dotted path in the request, e.g. body.incomingCourses.0.credits')),
    reason: z.string(),
  }),
);

/**
 * The body that asks for a presigned form: the file's name, trimmed, 1–200 characters and `nameRule`
 * where the kind of file matters, and its size in bytes, at most `maxBytes` (said as `maxSize`).
 */
export function fileToPostBody(limits: {
  maxBytes: number;
  maxSize: string;
  nameRule?: z.core.$ZodCheck<string>;
}) {
  return z.object(
    {
      fileName: z
        .string()
        .check(
          z.trim(),
          z.minLength(1, 'is required'),
          z.maxLength(200, 'must be at most 200 characters'),
          ...(limits.nameRule ? [limits.nameRule] : []),
        ),
      sizeBytes: z
        .number({ message: 'must be a number of bytes' })
        .check(
          z.int(),
          z.positive('must be more than 0'),
          z.lte(limits.maxBytes, `must be at most ${limits.maxSize}`),
        ),
    },
    { message: 'must be a JSON object with fileName and sizeBytes' },
  );
}

/** Every error the API answers has at least these (commons/http.ts maps typed errors to them). */
export const errorBody = lazySchema(() =>
  z.object({
    error: z.string().check(z.describe('Unauthorized, Forbidden, NotFound, Conflict, PayloadTooLarge, …')),
    message: z.string(),
  }),
);

export const validationErrorBody = lazySchema(() =>
  z.object({
    error: z.literal('ValidationError'),
    message: z.string(),
    issues: z.array(fieldIssue),
  }),
);

/** A 500 says nothing of the cause; the request id finds it in the logs. */
export const internalErrorBody = lazySchema(() => z.extend(errorBody, { requestId: z.string() }));

/** The body of a text/html answer (the reviewer pages), and a 204's lack of one. */
export const htmlPage = lazySchema(() => z.string().check(z.describe('An HTML page')));
export const noContent = lazySchema(() => z.undefined().check(z.describe('No body')));

type RequestShape = { path?: z.ZodMiniType; query?: z.ZodMiniType; body?: z.ZodMiniType };
export type RequestSchema = z.ZodMiniObject<RequestShape>;
export type Responses = { [S in SuccessStatus]?: z.ZodMiniType };
export type Errors = { [S in ErrorStatus]?: z.ZodMiniType };

export interface OperationContract {
  /** zod over `{ path, query, body }`; its issue paths become the field names of a 400. */
  request: RequestSchema;
  responses: Responses;
  errors: Errors;
  /** What every answer of the operation is: JSON for the SPA, or a page for people from email. */
  content: 'application/json' | 'text/html';
  /**
   * The body as JSON, an HTML form's fields (the reviewer pages post plain forms), or a CSV file's
   * text (text/csv, UTF-8: an import ARO sends as the file itself).
   */
  bodyFormat: 'json' | 'form' | 'csv';
}

const noInput = lazySchema(() => z.object({}));

// What any JSON operation may answer besides its own 2xx; an operation overrides a status with a
// more particular body (a 409 DuplicateRequest carries the existing mapping's ref).
const jsonErrors = {
  400: validationErrorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  500: internalErrorBody,
  503: errorBody,
} as const satisfies Errors;

type Merged<Base, Own> = Omit<Base, keyof Own> & Own;

/** An operation of the JSON API, declared as a function so its schemas are built on first use. */
export function jsonOperation<
  R extends RequestSchema = typeof noInput,
  S extends Responses = Responses,
  E extends Errors = Record<never, never>,
>(
  declare: () => {
    request?: R;
    responses: S;
    errors?: E;
  },
  bodyFormat: 'json' | 'csv' = 'json',
): {
  request: R;
  responses: S;
  errors: Merged<typeof jsonErrors, E>;
  content: 'application/json';
  bodyFormat: 'json' | 'csv';
} {
  const declared = once(declare);
  return builtOnFirstUse(
    {
      request: () => (declared().request ?? noInput) as R,
      responses: () => declared().responses,
      errors: () => ({ ...jsonErrors, ...(declared().errors ?? {}) }) as Merged<typeof jsonErrors, E>,
    },
    { content: 'application/json' as const, bodyFormat },
  );
}

// A page explains its own failure in words, with the status a browser and a scanner understand.
const pageErrors = { 400: htmlPage, 404: htmlPage, 409: htmlPage, 410: htmlPage, 500: htmlPage } as const;

/** An operation answering an HTML page, whatever happens (people reach it from an email link). */
export function pageOperation<R extends RequestSchema>(
  declare: () => {
    request: R;
  },
  bodyFormat: 'json' | 'form' = 'json',
): {
  request: R;
  responses: { 200: typeof htmlPage };
  errors: typeof pageErrors;
  content: 'text/html';
  bodyFormat: 'json' | 'form';
} {
  return builtOnFirstUse(
    { request: () => declare().request },
    { responses: { 200: htmlPage }, errors: pageErrors, content: 'text/html' as const, bodyFormat },
  );
}

// Types an operation's parts from its contract: the server sees the parsed request and produces the
// responses' input; a client sends the request's input and reads the responses' output.
export type RequestInput<C extends OperationContract> = z.input<C['request']>;
export type RequestOutput<C extends OperationContract> = z.output<C['request']>;
type ValueOf<T> = T[keyof T];
export type SuccessBody<C extends OperationContract> = ValueOf<{
  [S in keyof C['responses']]: C['responses'][S] extends z.ZodMiniType ? z.output<C['responses'][S]> : never;
}>;
export type ErrorBody<
  C extends OperationContract,
  S extends keyof C['errors'] = keyof C['errors'],
> = ValueOf<{
  [K in S]: C['errors'][K] extends z.ZodMiniType ? z.output<C['errors'][K]> : never;
}>;

/** An audit event as ARO reads it: who, when, what, why (internal notes included). */
export const auditEvent = lazySchema(() =>
  z.object({
    subjectPk: z.string(),
    subjectId: z.string(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    reason: z.optional(z.string()).check(z.describe('Shown to students')),
    internalNote: z.optional(z.string()).check(z.describe('ARO only')),
    from: z.optional(z.string()),
    to: z.optional(z.string()),
    eventId: z.string(),
  }),
);
