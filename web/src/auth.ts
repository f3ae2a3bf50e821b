import type { AppConfig } from './config';

// Sign-in is the OAuth 2.0 authorization code flow with PKCE (S256), exactly as Cognito's hosted UI
// expects it; locally the same flow runs against the local runtime's sign-in page. The ID token is
// kept in sessionStorage (gone with the tab) and sent to the API as a bearer token.

const sessionKey = 'cts.session';
const pendingKey = 'cts.signin';
const lastSignInKey = 'cts.lastSignIn';
/** Tokens this close to their expiry count as expired: a request must not race the expiry. */
const expirySkewMs = 30_000;

/** The signed-in user, from the ID token's claims (not verified here: the API verifies the token). */
export interface SignedInUser {
  name: string;
  email: string;
  groups: string[];
}

export interface Session {
  idToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  user: SignedInUser;
}

interface PendingSignIn {
  state: string;
  codeVerifier: string;
  /** The hash route to open once signed in, e.g. `#/dashboard`. */
  returnTo: string;
}

function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlDecode(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

const randomUrlSafe = (byteLength: number): string =>
  base64UrlEncode(crypto.getRandomValues(new Uint8Array(byteLength)));

async function codeChallengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64UrlEncode(new Uint8Array(digest));
}

/** The claims of a JWT, decoded without verification; undefined when it is not a JWT. */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(base64UrlDecode(payload));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// Cognito puts groups in the ID token as an array; accept a space/comma separated string too.
function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  return typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : [];
}

function sessionFromIdToken(idToken: string, expiresInSeconds: number | undefined): Session | undefined {
  const claims = decodeJwtPayload(idToken);
  if (!claims) return undefined;
  const expiries = [
    typeof claims.exp === 'number' ? claims.exp * 1000 : Number.POSITIVE_INFINITY,
    typeof expiresInSeconds === 'number' ? Date.now() + expiresInSeconds * 1000 : Number.POSITIVE_INFINITY,
  ];
  const expiresAt = Math.min(...expiries);
  const email = typeof claims.email === 'string' ? claims.email : '';
  const name = typeof claims.name === 'string' && claims.name !== '' ? claims.name : email;
  return {
    idToken,
    expiresAt: Number.isFinite(expiresAt) ? expiresAt : Date.now() + 60 * 60_000,
    user: { name, email, groups: groupsOf(claims['cognito:groups']) },
  };
}

function readJson<T>(key: string): T | undefined {
  const text = sessionStorage.getItem(key);
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    sessionStorage.removeItem(key);
    return undefined;
  }
}

/** The current session, or undefined when signed out or when the token has (nearly) expired. */
export function currentSession(): Session | undefined {
  const session = readJson<Session>(sessionKey);
  if (!session || typeof session.idToken !== 'string') return undefined;
  if (session.expiresAt - expirySkewMs <= Date.now()) {
    sessionStorage.removeItem(sessionKey);
    return undefined;
  }
  return session;
}

export function clearSession(): void {
  sessionStorage.removeItem(sessionKey);
}

/** Redirects the browser to the sign-in page; comes back to `returnTo` (a hash route) once signed in. */
export async function beginSignIn(config: AppConfig, returnTo = '#/dashboard'): Promise<never> {
  const pending: PendingSignIn = { state: randomUrlSafe(16), codeVerifier: randomUrlSafe(48), returnTo };
  sessionStorage.setItem(pendingKey, JSON.stringify(pending));
  const url = new URL(config.auth.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.auth.clientId,
    redirect_uri: config.auth.redirectUri,
    scope: 'openid email profile',
    state: pending.state,
    code_challenge: await codeChallengeOf(pending.codeVerifier),
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
  // The page is being replaced; nothing after this should run.
  return new Promise<never>(() => {});
}

export type CallbackResult =
  | { kind: 'none' }
  | { kind: 'signed-in'; returnTo: string }
  | { kind: 'failed'; message: string };

/**
 * Completes a sign-in when the page was opened as the OAuth redirect (`?code=..&state=..`): checks
 * the state, redeems the code with the PKCE verifier and keeps the ID token. Removes the query
 * either way, so a reload does not replay the code.
 */
export async function completeSignIn(config: AppConfig): Promise<CallbackResult> {
  const query = new URLSearchParams(window.location.search);
  const code = query.get('code');
  const error = query.get('error');
  if (code === null && error === null) return { kind: 'none' };

  const pending = readJson<PendingSignIn>(pendingKey);
  sessionStorage.removeItem(pendingKey);
  const cleanUrl = (hash: string) =>
    window.history.replaceState(null, '', `${window.location.pathname}${hash}`);
  cleanUrl(window.location.hash);

  if (error !== null) {
    const description = query.get('error_description');
    return { kind: 'failed', message: `Sign-in did not complete: ${description ?? error}` };
  }
  if (!pending || pending.state !== query.get('state')) {
    return {
      kind: 'failed',
      message:
        'Sign-in could not be verified (it was started in another tab, or has expired). Please try again.',
    };
  }

  let response: Response;
  try {
    response = await fetch(config.auth.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: config.auth.clientId,
        code: code ?? '',
        redirect_uri: config.auth.redirectUri,
        code_verifier: pending.codeVerifier,
      }),
    });
  } catch {
    return { kind: 'failed', message: 'Could not reach the sign-in service. Please try again.' };
  }
  const body = (await response.json().catch(() => ({}))) as { id_token?: unknown; expires_in?: unknown };
  const session =
    response.ok && typeof body.id_token === 'string'
      ? sessionFromIdToken(body.id_token, typeof body.expires_in === 'number' ? body.expires_in : undefined)
      : undefined;
  if (!session) return { kind: 'failed', message: 'Sign-in was not accepted. Please try again.' };

  sessionStorage.setItem(sessionKey, JSON.stringify(session));
  sessionStorage.setItem(lastSignInKey, String(Date.now()));
  cleanUrl(pending.returnTo);
  return { kind: 'signed-in', returnTo: pending.returnTo };
}

/**
 * Whether a sign-in completed moments ago. When the API rejects a brand-new token, signing in again
 * would only loop (the hosted UI remembers the user and redirects straight back), so the caller
 * shows an error instead.
 */
export function signedInMomentsAgo(withinMs = 60_000): boolean {
  const at = Number(sessionStorage.getItem(lastSignInKey));
  return Number.isFinite(at) && at > 0 && Date.now() - at < withinMs;
}

/** Forgets the token and ends the hosted UI's session too, then comes back to the welcome page. */
export function signOut(config: AppConfig): void {
  clearSession();
  sessionStorage.removeItem(lastSignInKey);
  const url = new URL(config.auth.logoutUrl);
  url.search = new URLSearchParams({
    client_id: config.auth.clientId,
    logout_uri: config.auth.redirectUri,
  }).toString();
  window.location.assign(url.toString());
}
