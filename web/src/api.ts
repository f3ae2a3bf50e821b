import type { AppConfig } from './config';

// The one HTTP client of the SPA: every call goes to `apiUrl + path` with the ID token as a bearer
// token, and every failure becomes an ApiError carrying the API's own `message` (commons/http.ts
// answers errors as `{ error, message, issues? }`).

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
    /** The whole error body, for errors that carry more than a message (a duplicate's `existingRef`). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClientOptions {
  config: AppConfig;
  /** The current ID token, or undefined when signed out. */
  idToken: () => string | undefined;
  /** Called on a 401: the token is missing, expired or rejected. */
  onUnauthorized: () => void;
}

export interface ApiClient {
  get<T>(path: string, init?: { signal?: AbortSignal }): Promise<T>;
  post<T>(path: string, body: unknown, init?: { signal?: AbortSignal }): Promise<T>;
  request<T>(method: string, path: string, init?: { body?: unknown; signal?: AbortSignal }): Promise<T>;
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
  return new ApiError(response.status, code, message, issues, typeof body === 'object' && body ? body : {});
}

export function createApiClient({ config, idToken, onUnauthorized }: ApiClientOptions): ApiClient {
  async function request<T>(
    method: string,
    path: string,
    init: { body?: unknown; signal?: AbortSignal } = {},
  ) {
    const token = idToken();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(`${config.apiUrl}${path}`, {
        method,
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
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
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch {
      throw new ApiError(
        response.status,
        'BadResponse',
        'The CTS service sent an answer that could not be read.',
      );
    }
  }

  return {
    request,
    get: (path, init) => request('GET', path, init),
    post: (path, body, init) => request('POST', path, { ...init, body }),
  };
}
