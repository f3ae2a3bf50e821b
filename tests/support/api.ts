import { createHash, randomBytes } from 'node:crypto';
import { inject } from 'vitest';

// Test clients that go through the same doors a user does: the local sign-in (authorization code +
// PKCE) and the HTTP API.

export async function signIn(userId: string): Promise<string> {
  const webUrl = inject('webUrl');
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = `${webUrl}/`;
  const authorize = await fetch(`${webUrl}/oauth2/authorize`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({
      user: userId,
      redirect_uri: redirectUri,
      state: 's',
      code_challenge: challenge,
    }),
  });
  const code = new URL(authorize.headers.get('location') ?? '', webUrl).searchParams.get('code');
  if (!code) throw new Error(`Sign-in as ${userId} failed (${authorize.status})`);
  const token = await fetch(`${webUrl}/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: 'cts-local-web',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  const body = (await token.json()) as { id_token?: string };
  if (!body.id_token) throw new Error(`Token exchange for ${userId} failed: ${JSON.stringify(body)}`);
  return body.id_token;
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = unknown>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const response = await fetch(`${inject('apiUrl')}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined || options.rawBody !== undefined
        ? { 'content-type': 'application/json' }
        : {}),
      ...options.headers,
    },
    ...(options.rawBody !== undefined ? { body: options.rawBody } : {}),
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: body as T, headers: response.headers };
}
