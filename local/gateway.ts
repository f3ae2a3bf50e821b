import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { escapeHtml } from '../functions/commons/html.js';
import { type RouteDefinition, routeKey, routes } from '../functions/routes.js';
import { localWebOrigins, webSecurityHeaders } from '../lib/web-security-headers.js';
import { type DemoUser, type LocalAuth, localClientId, userId } from './auth.js';
import type { LocalLambdas } from './lambdas.js';

// The local API Gateway (HTTP API, payload format 2.0) and the web host (CloudFront + S3). Routes come
// from the same route table CDK deploys; answers follow API Gateway's own: 400/401/404/413 JSON,
// decided in its order (path, route, token, size) before the body is read; CORS for the web origin.
// The web host sends the security headers of CloudFront's response headers policy.

export const maxRequestBytes = 10 * 1024 * 1024;

interface CompiledRoute {
  def: RouteDefinition;
  pattern: RegExp;
  params: string[];
}

function compile(def: RouteDefinition): CompiledRoute {
  const params: string[] = [];
  const source = def.path
    .split('/')
    .map((segment) => {
      const match = /^\{(\w+)(\+?)\}$/.exec(segment);
      if (!match) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(match[1] as string);
      return match[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { def, pattern: new RegExp(`^${source}$`), params };
}

const compiledRoutes = (routes as readonly RouteDefinition[]).map(compile);

/** The path decoded, or undefined when its percent-encoding is malformed (API Gateway's 400). */
export function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

export function matchRoute(method: string, path: string) {
  // API Gateway routes /a/b/ as /a/b (rawPath keeps the slash the client sent).
  const routed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  for (const route of compiledRoutes) {
    if (route.def.method !== method) continue;
    const match = route.pattern.exec(routed);
    if (!match) continue;
    const values = route.params.map((_, i) => decodePath(match[i + 1] as string));
    if (values.some((v) => v === undefined)) return 'malformed' as const;
    const pathParameters = Object.fromEntries(route.params.map((name, i) => [name, values[i] as string]));
    return { def: route.def, pathParameters };
  }
  return undefined;
}

class TooLarge extends Error {}

const declaresBody = (req: IncomingMessage) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/** Reads the body up to `limit` bytes, refusing a longer one as soon as it says or shows so. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) return reject(new TooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    // Listeners rather than for-await: leaving a for-await early destroys the request, and with it
    // the connection the 413 has to go out on.
    const done = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      done();
      reject(new TooLarge());
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/**
 * After an answer given without the body: drops what the client still sends, buffering none of it,
 * so the connection can serve its next request; past `limit` bytes it is closed instead. (Closing at
 * once would reset the connection under the answer before a client that is still sending reads it.)
 */
function discardBody(req: IncomingMessage, limit: number): void {
  if (req.complete || !declaresBody(req)) return;
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) req.socket.destroy();
  });
  req.resume();
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, headers);
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });

// The preflight answer of the CDK HTTP API's corsPreflight (lib/constructs/http-api.ts): the route
// table's methods, the two headers the SPA sends, cached for an hour.
const corsPreflightHeaders: Record<string, string> = {
  'access-control-allow-methods': [...new Set(routes.map((r) => r.method)), 'OPTIONS'].join(','),
  'access-control-allow-headers': 'authorization,content-type',
  'access-control-max-age': '3600',
};

/**
 * Claims as API Gateway hands them to Lambda: every value a string, an array as "[a b]", so the
 * handlers parse locally what they parse in AWS.
 */
function authorizerClaims(claims: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? `[${value.join(' ')}]`
        : typeof value === 'object' && value !== null
          ? JSON.stringify(value)
          : String(value),
    ]),
  );
}

const isTextual = (contentType: string) =>
  /^(text\/|application\/(json|x-www-form-urlencoded|xml))/.test(contentType);

export interface GatewayOptions {
  /** 0 picks a free port. */
  apiPort: number;
  webPort: number;
  webRoot: string;
  lambdas: Pick<LocalLambdas, 'invoke'>;
  auth: LocalAuth;
  region: string;
}

export class LocalGateway {
  private apiServer: Server | undefined;
  private webServer: Server | undefined;

  constructor(private readonly options: GatewayOptions) {}

  get apiUrl(): string {
    return `http://localhost:${portOf(this.apiServer) ?? this.options.apiPort}`;
  }

  get webUrl(): string {
    return `http://localhost:${portOf(this.webServer) ?? this.options.webPort}`;
  }

  async start(): Promise<void> {
    this.apiServer = await listen(this.options.apiPort, (req, res) => this.handleApi(req, res));
    this.webServer = await listen(this.options.webPort, (req, res) => this.handleWeb(req, res));
  }

  async stop(): Promise<void> {
    await Promise.all([close(this.apiServer), close(this.webServer)]);
  }

  // ---- API ------------------------------------------------------------------------------------

  private corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (origin !== this.webUrl && origin !== this.webUrl.replace('localhost', '127.0.0.1')) return {};
    return { 'access-control-allow-origin': origin, vary: 'Origin' };
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cors = this.corsHeaders(req);
    const url = new URL(req.url ?? '/', this.apiUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    // Path, route and token are decided from the request line and headers alone: a client without a
    // route or a token gets its answer without the body being read, let alone buffered.
    const refuse = (status: number, message: string) => {
      sendJson(res, status, { message }, cors);
      discardBody(req, maxRequestBytes);
    };

    // API Gateway answers every preflight itself, on any path, from the API's CORS configuration.
    if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
      send(res, 204, '', {
        ...cors,
        ...(cors['access-control-allow-origin'] ? corsPreflightHeaders : {}),
      });
      return discardBody(req, maxRequestBytes);
    }

    if (decodePath(url.pathname) === undefined) return refuse(400, 'Bad Request');
    const matched = matchRoute(method, url.pathname);
    if (matched === 'malformed') return refuse(400, 'Bad Request');
    if (!matched) return refuse(404, 'Not Found');

    let claims: Record<string, unknown> | undefined;
    if (matched.def.auth !== 'public') {
      // The identity source is the Authorization header: the token alone, or after "Bearer ".
      const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      claims = token ? await this.options.auth.verify(token) : undefined;
      if (!claims) return refuse(401, 'Unauthorized');
    }

    let body: Buffer;
    try {
      body = await readBody(req, maxRequestBytes);
    } catch (error) {
      if (error instanceof TooLarge) return refuse(413, 'Request Entity Too Large');
      throw error;
    }

    const event = this.buildEvent(req, url, matched, body, claims);
    let result: unknown;
    try {
      result = await this.options.lambdas.invoke(matched.def.fn, event);
    } catch (error) {
      console.error(`[gateway] ${matched.def.fn} failed on ${routeKey(matched.def)}:`, error);
      return sendJson(res, 500, { message: 'Internal Server Error' }, cors);
    }
    this.writeResult(res, result, cors);
  }

  private buildEvent(
    req: IncomingMessage,
    url: URL,
    matched: Exclude<ReturnType<typeof matchRoute>, 'malformed' | undefined>,
    body: Buffer,
    claims: Record<string, unknown> | undefined,
  ): APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer {
    // Payload 2.0: names in lower case, repeated headers joined with commas, cookies in their own field.
    const headers: Record<string, string> = {};
    for (const [name, values] of Object.entries(req.headersDistinct)) {
      if (values && name !== 'cookie') headers[name] = values.join(',');
    }
    const cookies = (req.headersDistinct.cookie ?? [])
      .flatMap((header) => header.split(';'))
      .map((cookie) => cookie.trim())
      .filter(Boolean);
    // API Gateway tells the function how it was reached; locally that is plain HTTP.
    headers['x-forwarded-proto'] = 'http';
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams)
      query[name] = name in query ? `${query[name]},${value}` : value;
    const contentType = headers['content-type'] ?? '';
    const textual = body.length === 0 || isTextual(contentType);
    const now = new Date();
    const key = routeKey(matched.def);
    return {
      version: '2.0',
      routeKey: key,
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      ...(cookies.length ? { cookies } : {}),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(Object.keys(matched.pathParameters).length ? { pathParameters: matched.pathParameters } : {}),
      ...(body.length ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: !textual,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: url.host,
        domainPrefix: 'local',
        http: {
          method: matched.def.method,
          path: url.pathname,
          protocol: 'HTTP/1.1',
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey: key,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        // A route without an authorizer gets no authorizer context at all.
        ...(claims
          ? {
              authorizer: {
                principalId: '',
                integrationLatency: 0,
                jwt: { claims: authorizerClaims(claims), scopes: [] },
              },
            }
          : {}),
      },
    };
  }

  private writeResult(res: ServerResponse, result: unknown, cors: Record<string, string>) {
    // API Gateway's reading of a payload 2.0 response: a structured result, or any JSON value as a 200.
    if (result && typeof result === 'object' && 'statusCode' in result) {
      const r = result as APIGatewayProxyStructuredResultV2;
      const body = r.body ? Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8') : '';
      const headers: Record<string, string> = { ...cors };
      for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
      if (r.cookies?.length) res.setHeader('set-cookie', r.cookies);
      return send(res, r.statusCode ?? 200, body, headers);
    }
    sendJson(res, 200, result ?? null, cors);
  }

  // ---- Web host and the local sign-in ----------------------------------------------------------

  private webConfig() {
    const web = this.webUrl;
    return {
      apiUrl: this.apiUrl,
      auth: {
        authorizeUrl: `${web}/oauth2/authorize`,
        tokenUrl: `${web}/oauth2/token`,
        logoutUrl: `${web}/logout`,
        clientId: localClientId,
        redirectUri: `${web}/`,
      },
    };
  }

  private async handleWeb(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // CloudFront's response headers policy applies to every answer, errors and sign-in pages included.
    for (const [name, value] of Object.entries(localSecurityHeaders)) res.setHeader(name, value);
    const url = new URL(req.url ?? '/', this.webUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      const path = decodePath(url.pathname);
      if (path === undefined) {
        send(res, 400, 'Bad Request', { 'content-type': 'text/plain' });
        return discardBody(req, 64 * 1024);
      }
      if (url.pathname === '/config.json')
        return sendJson(res, 200, this.webConfig(), { 'cache-control': 'no-store' });
      if (url.pathname === '/oauth2/authorize' && method === 'GET')
        return this.signInPage(res, url.searchParams);
      if (url.pathname === '/oauth2/authorize' && method === 'POST') {
        return this.signIn(res, new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8')));
      }
      if (url.pathname === '/oauth2/token' && method === 'POST') {
        return this.token(res, new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8')));
      }
      if (url.pathname === '/logout') {
        const target = url.searchParams.get('logout_uri') ?? `${this.webUrl}/`;
        return send(res, 302, '', { location: this.isOwnUrl(target) ? target : `${this.webUrl}/` });
      }
      // The distribution allows GET, HEAD and OPTIONS only; CloudFront refuses the rest with a 403.
      if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
        send(res, 403, 'Forbidden', { 'content-type': 'text/plain' });
        return discardBody(req, 64 * 1024);
      }
      return this.staticFile(res, path);
    } catch (error) {
      if (error instanceof TooLarge) {
        send(res, 413, 'Payload Too Large', { 'content-type': 'text/plain' });
        return discardBody(req, 64 * 1024);
      }
      console.error('[web] request failed:', error);
      send(res, 500, 'Internal Server Error', { 'content-type': 'text/plain' });
    }
  }

  private isOwnUrl(target: string): boolean {
    return (
      target.startsWith(`${this.webUrl}/`) ||
      target.startsWith(`${this.webUrl.replace('localhost', '127.0.0.1')}/`)
    );
  }

  private signInPage(res: ServerResponse, params: URLSearchParams) {
    const redirectUri = params.get('redirect_uri') ?? '';
    const problem =
      params.get('response_type') !== 'code'
        ? 'response_type must be code'
        : params.get('client_id') !== localClientId
          ? 'unknown client_id'
          : !this.isOwnUrl(redirectUri)
            ? 'redirect_uri is not registered'
            : params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge')
              ? 'PKCE (S256) is required'
              : undefined;
    if (problem)
      return send(res, 400, `Sign-in request rejected: ${problem}`, { 'content-type': 'text/plain' });

    const hidden = ['redirect_uri', 'state', 'code_challenge']
      .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name) ?? '')}">`)
      .join('');
    const entry = (u: DemoUser) =>
      `<li><button type="submit" name="user" value="${escapeHtml(userId(u))}"><strong>${escapeHtml(u.name)}</strong> <span class="id">${escapeHtml(userId(u))}</span>${u.description ? `<span class="about">${escapeHtml(u.description)}</span>` : ''}</button></li>`;
    const students = this.options.auth.users.filter((u) => u.kind === 'student');
    const staff = this.options.auth.users.filter((u) => u.kind === 'aro');
    const offices = this.options.auth.users.filter((u) => u.kind === 'records-office');
    send(
      res,
      200,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · CTS (local)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f9;color:#1d2733}header{background:#003366;color:#fff;padding:16px 24px}main{max-width:720px;margin:24px auto;padding:0 16px}ul{list-style:none;padding:0}li{margin:8px 0}button{width:100%;text-align:left;padding:12px 16px;border:1px solid #c9d3df;border-radius:6px;background:#fff;cursor:pointer;font-size:15px}button:hover{border-color:#003366}.id{color:#56657a;margin-left:8px}.about{display:block;color:#56657a;font-size:13px;margin-top:4px}p.note{color:#56657a}</style></head>
<body><header><h1>Credit Transfer System · Sign in</h1></header><main>
<p class="note">Local sign-in stands in for the university's single sign-on (Cognito in AWS). Choose a demo user.</p>
<form method="post" action="/oauth2/authorize">${hidden}
<h2>Students</h2><ul>${students.map(entry).join('')}</ul>
<h2>Academic Registry (ARO) staff</h2><ul>${staff.map(entry).join('')}</ul>
${offices.length ? `<h2>Study record offices (URAO, OGL)</h2><ul>${offices.map(entry).join('')}</ul>` : ''}
</form></main></body></html>`,
      { 'content-type': 'text/html; charset=utf-8' },
    );
  }

  private signIn(res: ServerResponse, form: URLSearchParams) {
    const user = this.options.auth.findUser(form.get('user') ?? '');
    const redirectUri = form.get('redirect_uri') ?? '';
    if (!user || !this.isOwnUrl(redirectUri) || !form.get('code_challenge')) {
      return send(res, 400, 'Sign-in rejected: unknown user or redirect', { 'content-type': 'text/plain' });
    }
    const code = this.options.auth.issueCode(user, redirectUri, form.get('code_challenge') ?? '');
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const state = form.get('state');
    if (state) target.searchParams.set('state', state);
    send(res, 302, '', { location: target.toString() });
  }

  private async token(res: ServerResponse, form: URLSearchParams): Promise<void> {
    if (form.get('grant_type') !== 'authorization_code' || form.get('client_id') !== localClientId) {
      return sendJson(res, 400, { error: 'unsupported_grant_type' });
    }
    const idToken = await this.options.auth.redeemCode(
      form.get('code') ?? '',
      form.get('redirect_uri') ?? '',
      form.get('code_verifier') ?? '',
    );
    if (!idToken) return sendJson(res, 400, { error: 'invalid_grant' });
    sendJson(res, 200, {
      id_token: idToken,
      access_token: idToken,
      token_type: 'Bearer',
      expires_in: 8 * 3600,
    });
  }

  private async staticFile(res: ServerResponse, decodedPath: string): Promise<void> {
    const root = this.options.webRoot;
    const relative = normalize(decodedPath).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, relative === '/' ? 'index.html' : relative);
    if (!file.startsWith(root)) return send(res, 404, 'Not Found');
    const content = await readFile(file).catch(() => undefined);
    if (content)
      return send(res, 200, content, {
        'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      });
    // A single-page app: unknown paths without an extension get the app, as CloudFront's error response does.
    if (extname(relative) === '') {
      const index = await readFile(join(root, 'index.html')).catch(() => undefined);
      if (index) return send(res, 200, index, { 'content-type': contentTypes['.html'] as string });
      return send(res, 503, 'The web front end is not built: run npm run build', {
        'content-type': 'text/plain',
      });
    }
    send(res, 404, 'Not Found', { 'content-type': 'text/plain' });
  }
}

const localSecurityHeaders = webSecurityHeaders(localWebOrigins);

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

async function listen(
  port: number,
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Promise<Server> {
  const server = createServer((req, res) => {
    handler(req, res).catch((error) => {
      console.error('[local] request failed:', error);
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal Server Error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

const portOf = (server: Server | undefined): number | undefined => {
  const address = server?.address();
  return address && typeof address === 'object' ? address.port : undefined;
};

export async function close(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
