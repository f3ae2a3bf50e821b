import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { claimNames } from '../functions/commons/auth.js';

// The local stand-in for Cognito: an authorization-code + PKCE sign-in against a picker of seeded
// users, issuing RS256 ID tokens with the claims Cognito would put there. The API gateway verifies
// them as API Gateway's JWT authorizer does (see `verify`).

export type DemoUser =
  | { kind: 'student'; studentId: string; name: string; email: string; description?: string }
  | { kind: 'aro'; staffId: string; name: string; email: string; description?: string }
  | {
      kind: 'records-office';
      office: 'URAO' | 'OGL';
      staffId: string;
      name: string;
      email: string;
      description?: string;
    };

export const localClientId = 'cts-local-web';
const signingKeyId = 'cts-local';
const tokenLifetimeSeconds = 8 * 60 * 60;

interface PendingCode {
  user: DemoUser;
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
}

export const userId = (u: DemoUser): string => (u.kind === 'student' ? u.studentId : u.staffId);

export class LocalAuth {
  private readonly codes = new Map<string, PendingCode>();

  private constructor(
    readonly issuer: string,
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly users: DemoUser[],
  ) {}

  /** Keeps its signing key in `keyFile` when given, so sign-ins survive a restart of `npm start`. */
  static async create(issuer: string, users: DemoUser[], keyFile?: string): Promise<LocalAuth> {
    let jwk: JWK | undefined;
    if (keyFile)
      jwk = await readFile(keyFile, 'utf8').then(
        (t) => JSON.parse(t) as JWK,
        () => undefined,
      );
    if (!jwk) {
      const pair = await generateKeyPair('RS256', { extractable: true });
      jwk = await exportJWK(pair.privateKey);
      if (keyFile) await writeFile(keyFile, JSON.stringify(jwk), { mode: 0o600 });
    }
    const privateKey = (await importJWK(jwk, 'RS256')) as CryptoKey;
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
    const publicKey = (await importJWK(publicJwk, 'RS256')) as CryptoKey;
    return new LocalAuth(issuer, privateKey, publicKey, users);
  }

  issueCode(user: DemoUser, redirectUri: string, codeChallenge: string): string {
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { user, redirectUri, codeChallenge, expiresAt: Date.now() + 5 * 60_000 });
    return code;
  }

  /** The token endpoint: checks the code, its redirect URI and the PKCE verifier, once. */
  async redeemCode(code: string, redirectUri: string, codeVerifier: string): Promise<string | undefined> {
    const pending = this.codes.get(code);
    this.codes.delete(code);
    if (!pending || pending.expiresAt < Date.now() || pending.redirectUri !== redirectUri) return undefined;
    const challenge = createHash('sha256').update(codeVerifier).digest('base64url');
    if (challenge !== pending.codeChallenge) return undefined;
    return this.idToken(pending.user);
  }

  async idToken(user: DemoUser, lifetimeSeconds = tokenLifetimeSeconds): Promise<string> {
    const claims: Record<string, unknown> = {
      token_use: 'id',
      [claimNames.groups]: [user.kind === 'records-office' ? user.office.toLowerCase() : user.kind],
      [claimNames.email]: user.email,
      [claimNames.name]: user.name,
      'cognito:username': userId(user),
      ...(user.kind === 'student'
        ? { [claimNames.studentId]: user.studentId }
        : { [claimNames.staffId]: user.staffId }),
    };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: signingKeyId })
      .setIssuer(this.issuer)
      .setAudience(localClientId)
      .setSubject(`local-${userId(user)}`)
      .setIssuedAt()
      .setExpirationTime(`${lifetimeSeconds}s`)
      .sign(this.privateKey);
  }

  /**
   * The claims of a valid token, or undefined: what API Gateway's JWT authorizer decides. It accepts
   * only RSA signatures by a key of the issuer's JWKS named by `kid`, and checks iss; aud, or client_id
   * when there is no aud (Cognito access tokens); exp, which must be present and in the future; nbf and
   * iat, when present, in the past.
   */
  async verify(token: string): Promise<Record<string, unknown> | undefined> {
    try {
      const { payload } = await jwtVerify(
        token,
        (header) => {
          if (header.kid !== signingKeyId) throw new Error(`no signing key ${String(header.kid)}`);
          return this.publicKey;
        },
        { issuer: this.issuer, algorithms: ['RS256'], requiredClaims: ['exp'] },
      );
      const audiences =
        payload.aud === undefined ? [payload.client_id] : ([] as unknown[]).concat(payload.aud);
      if (!audiences.includes(localClientId)) return undefined;
      // jose checks iat only against a maximum age; a token from the future is refused all the same.
      if (typeof payload.iat === 'number' && payload.iat > Math.floor(Date.now() / 1000)) return undefined;
      return payload as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }

  findUser(id: string): DemoUser | undefined {
    return this.users.find((u) => userId(u) === id);
  }
}
