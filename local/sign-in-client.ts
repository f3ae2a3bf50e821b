import { createHash, randomBytes } from 'node:crypto';

// Signs a demo user in through the local sign-in page the way the SPA does (authorization code +
// PKCE) and returns the ID token. Tests use it to call the API as a user; `npm run local:token`
// prints one for calling the admin API by hand.
export async function signInLocally(webUrl: string, userId: string): Promise<string> {
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
