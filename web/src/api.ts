import type {
  ErrorBody,
  OperationContract,
  RequestInput,
  SuccessBody,
} from '../../functions/commons/contracts.js';
import { type ContractOf, contracts, type Operation } from '../../functions/contracts.js';
import { routes } from '../../functions/routes.js';
import type { AppConfig } from './config';

// The one HTTP client of the SPA, typed from the operations' contracts (DESIGN decision 10):
// `call('notifyMe', { path: { recordId, ref } })` builds the URL from the route table, sends the body
// with the ID token as a bearer token, and answers the contract's response type. Every failure is an
// ApiError carrying the API's own `message` and `issues`; `errorBody` reads a failure as the body the
// contract declares for its status (a 409 DuplicateRequest's existing ref).

export type { Operation };
/** What the page sends: `{ path, query, body }` as the operation's request schema takes it. */
export type Input<O extends Operation> = RequestInput<ContractOf<O>>;
/** What the page gets back: any of the operation's 2xx bodies (undefined for a 204). */
export type Output<O extends Operation> = SuccessBody<ContractOf<O>>;

export interface ApiIssue {
  field: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the API could not be reached at all. */
    readonly status: number,
    /** The API's error code (e.g. `NotFound`), or `NetworkError` / `BadResponse` from this client. */
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
    /** The whole error body as it came. */
    readonly body: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The failure as `operation`'s contract declares its `status` (parsed, so its type is true), or
 * undefined when the failure is something else.
 */
export function errorBody<O extends Operation, S extends keyof ContractOf<O>['errors'] & number>(
  error: ApiError,
  operation: O,
  status: S,
): ErrorBody<ContractOf<O>, S> | undefined {
  if (error.status !== status) return undefined;
  const schema = (contracts[operation] as OperationContract).errors[
    status as keyof OperationContract['errors']
  ];
  const parsed = schema?.safeParse(error.body);
  return parsed?.success ? (parsed.data as ErrorBody<ContractOf<O>, S>) : undefined;
}

/** Any failure as an ApiError, so pages show one kind of error. */
export const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError
    ? error
    : new ApiError(0, 'ClientError', error instanceof Error ? error.message : String(error));

const routeOf = new Map(routes.map((r) => [r.operation as string, r]));

/** Method and URL path (with its query) of one call: the route table's path with the input filled in. */
export function requestLine<O extends Operation>(
  operation: O,
  input: Input<O>,
): { method: string; url: string } {
  const route = routeOf.get(operation);
  if (!route) throw new Error(`No route for ${operation}`);
  const { path = {}, query = {} } = input as {
    path?: Record<string, unknown>;
    query?: Record<string, unknown>;
  };
  const filled = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = path[name];
    if (value === undefined || value === '') throw new Error(`${operation} needs path.${name}`);
    return encodeURIComponent(String(value));
  });
  // An empty parameter is the same as none to the API (its schemas default them), and reads cleaner.
  const params = new URLSearchParams(
    Object.entries(query).flatMap(([name, value]) =>
      value === undefined || value === '' ? [] : [[name, String(value)]],
    ),
  );
  const search = params.toString();
  return { method: route.method, url: search ? `${filled}?${search}` : filled };
}

export interface ApiClientOptions {
  config: AppConfig;
  /** The current ID token, or undefined when signed out. */
  idToken: () => string | undefined;
  /** Called on a 401: the token is missing, expired or rejected. */
  onUnauthorized: () => void;
}

export interface CallInit {
  signal?: AbortSignal;
}

/** Operations that take no input may be called without one. */
type CallArgs<O extends Operation> =
  Record<string, never> extends Input<O>
    ? [input?: Input<O>, init?: CallInit]
    : [input: Input<O>, init?: CallInit];

export interface ApiClient {
  call<O extends Operation>(operation: O, ...args: CallArgs<O>): Promise<Output<O>>;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => undefined)) as
    | { error?: unknown; message?: unknown; issues?: unknown }
    | undefined;
  const message =
    typeof body?.message === 'string' && body.message !== ''
      ? body.message
      : `The CTS service answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const code = typeof body?.error === 'string' ? body.error : `HTTP${response.status}`;
  const issues = Array.isArray(body?.issues) ? (body.issues as ApiIssue[]) : [];
  return new ApiError(response.status, code, message, issues, body);
}

export function createApiClient({ config, idToken, onUnauthorized }: ApiClientOptions): ApiClient {
  async function call<O extends Operation>(operation: O, ...[input, init = {}]: CallArgs<O>) {
    const { method, url } = requestLine(operation, (input ?? {}) as Input<O>);
    const body = (input as { body?: unknown } | undefined)?.body;
    const token = idToken();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(`${config.apiUrl}${url}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(init.signal ? { signal: init.signal } : {}),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(
        0,
        'NetworkError',
        'Could not reach the CTS service. Check your connection and try again.',
      );
    }

    if (response.status === 401) {
      onUnauthorized();
      throw await errorFrom(response);
    }
    if (!response.ok) throw await errorFrom(response);
    if (response.status === 204) return undefined as Output<O>;
    try {
      return (await response.json()) as Output<O>;
    } catch {
      throw new ApiError(
        response.status,
        'BadResponse',
        'The CTS service sent an answer that could not be read.',
      );
    }
  }

  return { call };
}
