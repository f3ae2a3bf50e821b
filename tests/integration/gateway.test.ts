import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { claimNames } from '../../functions/commons/auth.js';
import { localWebOrigins, webSecurityHeaders } from '../../lib/web-security-headers.js';
import { LocalAuth, localClientId } from '../../local/auth.js';
import { LocalGateway } from '../../local/gateway.js';
import { demoAroStaff, demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { runtimeEnv } from '../support/aws.js';

const studentId = demoStudents[0]?.studentId ?? '';
const staffId = demoAroStaff[0]?.staffId ?? '';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A request whose body the client holds back: it sends `head` bytes of it (or, with `endless`, keeps
 * sending) and waits for an answer. A gateway that reads the body before deciding never answers.
 */
function withheldBody(
  base: string,
  path: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    head?: number;
    endless?: boolean;
    waitMs?: number;
  },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(new URL(path, base), { method: options.method ?? 'POST', headers: options.headers });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${options.waitMs ?? 3000} ms while the body was held back`));
    }, options.waitMs ?? 3000);
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        });
      });
    });
    // The gateway may close the connection under a client that keeps sending; the answer came first.
    req.on('error', (error) => {
      if (!answered) {
        clearTimeout(timer);
        reject(error);
      }
    });
    req.flushHeaders();
    if (options.head) req.write(Buffer.alloc(options.head, 0x7b));
    if (options.endless) {
      const chunk = Buffer.alloc(256 * 1024, 0x7b);
      const pump = () => {
        while (!answered && !req.destroyed && req.write(chunk));
        if (!answered && !req.destroyed) req.once('drain', pump);
      };
      pump();
    }
  });
}

describe('API edge (the local gateway as API Gateway HTTP API)', () => {
  let studentToken: string;
  beforeAll(async () => {
    studentToken = await signIn(studentId);
  });

  it('refuses a protected route without a token with a 401 JSON answer', async () => {
    const response = await api('GET', '/students/me/dashboard');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ message: 'Unauthorized' });
  });

  it('refuses a forged token', async () => {
    const [header, payload] = studentToken.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(40)}`;
    const response = await api('GET', '/students/me/dashboard', { token: forged });
    expect(response.status).toBe(401);
  });

  it('answers 404 JSON for an unknown route', async () => {
    const response = await api('GET', '/students/me/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ message: 'Not Found' });
  });

  it('names the field and the reason when a body is malformed', async () => {
    const response = await api<{ issues: { field: string; reason: string }[] }>(
      'POST',
      '/students/me/uploads',
      { token: studentToken, body: { fileName: 42, sizeBytes: 1000 } },
    );
    expect(response.status).toBe(400);
    expect(response.body.issues).toEqual([
      { field: 'body.fileName', reason: expect.stringMatching(/string/i) },
    ]);
  });

  it('says the body is not JSON when it is not', async () => {
    const response = await api<{ issues: { field: string }[] }>('POST', '/students/me/uploads', {
      token: studentToken,
      rawBody: '{"fileName": ',
    });
    expect(response.status).toBe(400);
    expect(response.body.issues[0]?.field).toBe('body');
  });

  it('turns away a body over 10 MB with 413 before any handler runs', async () => {
    const response = await api('POST', '/students/me/uploads', {
      token: studentToken,
      rawBody: JSON.stringify({ fileName: 'x'.repeat(10 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({ message: 'Request Entity Too Large' });
  });

  it('keeps ARO staff out of student routes', async () => {
    const token = await signIn(staffId);
    const response = await api('GET', '/students/me/dashboard', { token });
    expect(response.status).toBe(403);
  });

  describe('given a path whose percent-encoding is malformed', () => {
    it.each(['/students/me/records/%ZZ', '/students/me/records/%E0%A4%A', '/students/me/%ZZ/dashboard'])(
      'when %s is requested, then it answers 400 Bad Request, not a server error',
      async (path) => {
        const response = await api('GET', path, { token: studentToken });
        expect(response.status).toBe(400);
        expect(response.body).toEqual({ message: 'Bad Request' });
      },
    );
  });

  it('given a trailing slash, when a route is called, then it is routed as without one', async () => {
    const response = await api<{ creditTransferSummary: unknown[] }>('GET', '/students/me/dashboard/', {
      token: studentToken,
    });
    expect(response.status).toBe(200);
    expect(response.body.creditTransferSummary).toBeInstanceOf(Array);
  });

  describe('given a client that holds its body back', () => {
    const apiUrl = () => inject('apiUrl');

    it('when the route is unknown, then it gets 404 without sending the body', async () => {
      const answer = await withheldBody(apiUrl(), '/students/me/nothing-here', {
        headers: { 'content-type': 'application/json', 'content-length': '100000' },
        head: 10,
      });
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.body)).toEqual({ message: 'Not Found' });
    });

    it('when it has no token, then it gets 401 without sending the body', async () => {
      const answer = await withheldBody(apiUrl(), '/students/me/uploads', {
        headers: { 'content-type': 'application/json', 'content-length': '100000' },
        head: 10,
      });
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toEqual({ message: 'Unauthorized' });
    });

    it('when its token is forged, then it gets 401 without sending the body', async () => {
      const [header, payload] = studentToken.split('.');
      const answer = await withheldBody(apiUrl(), '/students/me/uploads', {
        headers: {
          authorization: `Bearer ${header}.${payload}.${'A'.repeat(40)}`,
          'content-type': 'application/json',
          'content-length': '100000',
        },
      });
      expect(answer.status).toBe(401);
    });

    it('when it declares more than 10 MB on an unknown route or without a token, then the route and the token are answered first', async () => {
      const big = { 'content-type': 'application/json', 'content-length': String(20 * 1024 * 1024) };
      const unknown = await withheldBody(apiUrl(), '/students/me/nothing-here', { headers: big });
      const anonymous = await withheldBody(apiUrl(), '/students/me/uploads', { headers: big });
      expect([unknown.status, anonymous.status]).toEqual([404, 401]);
    });

    it('when a signed-in student streams a body without end, then it gets 413 while still sending', async () => {
      const answer = await withheldBody(apiUrl(), '/students/me/uploads', {
        headers: { authorization: `Bearer ${studentToken}`, 'content-type': 'application/json' },
        endless: true,
        waitMs: 15_000,
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toEqual({ message: 'Request Entity Too Large' });
    });
  });

  it('answers CORS preflight for the web origin only, on any path, with the API configuration', async () => {
    const preflight = (origin: string, path = '/students/me/dashboard') =>
      fetch(`${inject('apiUrl')}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    const own = await preflight(inject('webUrl'));
    expect(own.status).toBe(204);
    expect(own.headers.get('access-control-allow-origin')).toBe(inject('webUrl'));
    expect(own.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect(own.headers.get('access-control-max-age')).toBe('3600');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const anywhere = await preflight(inject('webUrl'), '/no/such/route');
    expect(anywhere.status).toBe(204);
  });
});

// The suite's runtime keeps its signing key in its own process, so the authorizer's claim rules are
// tried on a gateway of this file's own: the same LocalGateway and LocalAuth, with a key this test
// holds and a stand-in function that says what it was given.
describe("API edge: the JWT authorizer's rules", () => {
  const issuer = 'https://cognito-idp.local.test/cts';
  let dir: string;
  let gateway: LocalGateway;
  let privateKey: CryptoKey;
  const invocations: {
    routeKey: string;
    claims: unknown;
    authorizer: unknown;
    cookies: unknown;
    query: unknown;
  }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cts-gateway-'));
    const keyFile = join(dir, 'key.json');
    const auth = await LocalAuth.create(issuer, [...demoStudents, ...demoAroStaff], keyFile);
    privateKey = (await importJWK(JSON.parse(await readFile(keyFile, 'utf8')) as JWK, 'RS256')) as CryptoKey;
    gateway = new LocalGateway({
      apiPort: 0,
      webPort: 0,
      webRoot: dir,
      auth,
      region: 'us-east-1',
      lambdas: {
        invoke: async (_fn, event) => {
          const e = event as {
            routeKey: string;
            cookies?: string[];
            queryStringParameters?: Record<string, string>;
            requestContext: { authorizer?: { jwt: { claims: unknown } } };
          };
          invocations.push({
            routeKey: e.routeKey,
            claims: e.requestContext.authorizer?.jwt.claims,
            authorizer: e.requestContext.authorizer,
            cookies: e.cookies,
            query: e.queryStringParameters,
          });
          return { statusCode: 200, body: '{"ok":true}', headers: { 'content-type': 'application/json' } };
        },
      },
    });
    await gateway.start();
  });

  afterAll(async () => {
    await gateway?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const now = () => Math.floor(Date.now() / 1000);
  const studentClaims = {
    [claimNames.groups]: ['student'],
    [claimNames.studentId]: studentId,
    [claimNames.email]: 's@example.edu',
    token_use: 'id',
  };
  const sign = (payload: JWTPayload, header: { alg?: string; kid?: string } = {}): Promise<string> =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: header.alg ?? 'RS256', kid: header.kid ?? 'cts-local' })
      .sign(privateKey);
  const valid = (): JWTPayload => ({
    ...studentClaims,
    iss: issuer,
    aud: localClientId,
    sub: 'local-student',
    iat: now() - 10,
    exp: now() + 600,
  });
  const call = (token: string, path = '/students/me/dashboard') =>
    fetch(`${gateway.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('given a well-formed token, when it calls a student route, then the function runs', async () => {
    const response = await call(await sign(valid()));
    expect(response.status).toBe(200);
  });

  it.each<[string, () => JWTPayload, { kid?: string }?]>([
    ['has no exp', () => ({ ...valid(), exp: undefined })],
    ['has expired', () => ({ ...valid(), exp: now() - 1 })],
    ['is not valid yet (nbf)', () => ({ ...valid(), nbf: now() + 600 })],
    ['was issued in the future (iat)', () => ({ ...valid(), iat: now() + 600 })],
    ['comes from another issuer', () => ({ ...valid(), iss: 'https://evil.example' })],
    ['is for another audience', () => ({ ...valid(), aud: 'another-client' })],
    ['has neither aud nor client_id', () => ({ ...valid(), aud: undefined })],
    ['names a key the issuer does not publish', valid, { kid: 'someone-else' }],
  ])(
    'given a token that %s, when it calls a student route, then it gets 401 and no function runs',
    async (_, payload, header) => {
      const before = invocations.length;
      const response = await call(await sign(payload(), header));
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: 'Unauthorized' });
      expect(invocations).toHaveLength(before);
    },
  );

  it('given an access token with client_id instead of aud (as Cognito issues), then it is accepted', async () => {
    const response = await call(await sign({ ...valid(), aud: undefined, client_id: localClientId }));
    expect(response.status).toBe(200);
  });

  it('given a signed-in call, then the function gets the claims as API Gateway passes them: strings, arrays as "[a b]"', async () => {
    await call(await sign(valid()));
    const claims = invocations.at(-1)?.claims as Record<string, unknown>;
    expect(claims[claimNames.groups]).toBe('[student]');
    expect(typeof claims.exp).toBe('string');
  });

  it('given a public route, then the function gets no authorizer context, cookies in their own field and repeated query parameters joined', async () => {
    await fetch(`${gateway.apiUrl}/review/abc?x=1&x=2`, { headers: { cookie: 'a=1; b=2' } });
    const last = invocations.at(-1);
    expect(last?.routeKey).toBe('GET /review/{linkId}');
    expect(last?.authorizer).toBeUndefined();
    expect(last?.cookies).toEqual(['a=1', 'b=2']);
    expect(last?.query).toEqual({ x: '1,2' });
  });
});

describe('web host (the local stand-in for CloudFront + S3)', () => {
  const expected = webSecurityHeaders(localWebOrigins);
  const headersOf = (response: Response) =>
    Object.fromEntries(Object.keys(expected).map((name) => [name, response.headers.get(name)]));

  it('given a malformed percent-encoding, when a page is asked for, then it answers a plain 400', async () => {
    const response = await fetch(`${inject('webUrl')}/%ZZ`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('Bad Request');
  });

  it.each([
    '/',
    '/mappings/B000001-01',
    '/app.js',
    '/config.json',
    '/oauth2/authorize?response_type=token',
    '/no-such-file.png',
    '/%ZZ',
  ])('given %s, then the answer carries the security headers CloudFront adds', async (path) => {
    const response = await fetch(`${inject('webUrl')}${path}`);
    expect(headersOf(response)).toEqual(expected);
  });

  it('given the security headers, then their CSP lets the SPA load its own files and reach the API and the uploads bucket', async () => {
    const page = await (await fetch(`${inject('webUrl')}/`)).text();
    const config = (await (await fetch(`${inject('webUrl')}/config.json`)).json()) as { apiUrl: string };
    const csp = parseCsp(expected['content-security-policy'] ?? '');
    const ownFiles = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(ownFiles.length).toBeGreaterThan(0);
    for (const file of ownFiles) expect(new URL(file, inject('webUrl')).origin).toBe(inject('webUrl'));
    expect(csp['script-src']).toContain("'self'");
    expect(csp['style-src']).toContain("'self'");
    const reachable = (url: string) => (csp['connect-src'] ?? []).some((source) => allows(source, url));
    expect(reachable(config.apiUrl)).toBe(true);
    expect(reachable(runtimeEnv().AWS_ENDPOINT_URL_S3 ?? '')).toBe(true);
    expect(reachable('https://evil.example')).toBe(false);
  });

  it('given a POST to a static path, then it is refused as the distribution refuses methods it does not allow', async () => {
    const response = await fetch(`${inject('webUrl')}/index.html`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(403);
  });
});

const parseCsp = (policy: string): Record<string, string[]> =>
  Object.fromEntries(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name, ...sources]) => [name as string, sources]),
  );

/** Enough of CSP source matching for the sources the policy uses: scheme://host[:port|:*]. */
function allows(source: string, url: string): boolean {
  const match = /^(https?):\/\/([^:/]+)(?::(\d+|\*))?$/.exec(source);
  if (!match) return false;
  const target = new URL(url);
  const [, scheme, host, port] = match;
  const hostMatches = host?.startsWith('*.')
    ? target.hostname.endsWith(host.slice(1))
    : target.hostname === host;
  const portMatches = port === '*' || (port ?? '') === target.port;
  return target.protocol === `${scheme}:` && hostMatches && portMatches;
}
