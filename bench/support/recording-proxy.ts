import { subscribe } from 'node:diagnostics_channel';
import {
  type ClientRequest,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
} from 'node:http';
import { freePort } from '../../local/ports.js';

/** One DynamoDB request as it went over the wire. */
export interface Recorded {
  operation: string;
  /** The request's JSON, as sent: what a bare client sends again to do the same work. */
  request: string;
  /** When the client sent it and when the answer was in, in ms since the epoch. */
  start: number;
  end: number;
  /** Items the answer held (Query Count, GetItem 0 or 1, BatchGetItem responses). */
  items: number;
}

/**
 * The header a client stamps on each request as it builds it. "Sent" is read from it, not at the
 * proxy: a request of a Promise.all that has to open a new connection reaches the proxy late, after a
 * sibling on a kept-alive one may have been answered, and timed there a two-wave read looked like
 * three. bench/cold-start-child.mjs stamps the same header when the bench asks it to.
 */
export const sentAtHeader = 'x-bench-sent-at';

const now = () => performance.timeOrigin + performance.now();

/** Stamps every request this process sends to `host` (host:port) with the time it was built. */
export function stampRequestsTo(host: string): void {
  subscribe('http.client.request.created', (message) => {
    const { request } = message as { request: ClientRequest };
    if (request.getHeader('host') === host) request.setHeader(sentAtHeader, String(now()));
  });
}

function itemsIn(body: string): number {
  try {
    const answer = JSON.parse(body) as {
      Count?: number;
      Item?: unknown;
      Responses?: Record<string, unknown[]>;
    };
    if (typeof answer.Count === 'number') return answer.Count;
    if (answer.Responses) return Object.values(answer.Responses).reduce((n, r) => n + r.length, 0);
    return answer.Item ? 1 : 0;
  } catch {
    return 0;
  }
}

/** A proxy in front of DynamoDB Local that records every request it forwards. */
export async function recordingProxy(
  target: string,
): Promise<{ url: string; host: string; take(): Recorded[]; close(): Promise<void> }> {
  const upstream = new URL(target);
  let recorded: Recorded[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const sentAt = Number(req.headers[sentAtHeader]);
    const start = Number.isFinite(sentAt) ? sentAt : now();
    const operation = String(req.headers['x-amz-target'] ?? '?').replace('DynamoDB_20120810.', '');
    const sent: Buffer[] = [];
    req.on('data', (chunk: Buffer) => sent.push(chunk));
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.pipe(res);
        answer.on('end', () =>
          recorded.push({
            operation,
            request: Buffer.concat(sent).toString('utf8'),
            start,
            end: now(),
            items: itemsIn(Buffer.concat(chunks).toString('utf8')),
          }),
        );
      },
    );
    forward.on('error', (e) => res.destroy(e));
    req.pipe(forward);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    take: () => {
      const taken = recorded;
      recorded = [];
      return taken;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The requests in sequential round trips ("waves"): a request joins the wave after the latest one
 * answered before it was sent; requests sent together in one Promise.all share a wave.
 */
export function inWaves(requests: readonly Recorded[]): Recorded[][] {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  for (const [i, r] of sorted.entries()) {
    let d = 1;
    for (let j = 0; j < i; j++) {
      if ((sorted[j] as Recorded).end <= r.start) d = Math.max(d, (depth[j] ?? 1) + 1);
    }
    depth.push(d);
  }
  const waves: Recorded[][] = [];
  for (const [i, r] of sorted.entries()) {
    const d = depth[i] ?? 1;
    while (waves.length < d) waves.push([]);
    waves[d - 1]?.push(r);
  }
  return waves;
}
