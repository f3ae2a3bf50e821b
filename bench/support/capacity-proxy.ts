import { createServer, request as httpRequest, type Server } from 'node:http';
import { freePort } from '../../local/ports.js';

/** One DynamoDB request as the proxy saw it: the operation, the request sent and the answer's text. */
export type OnDynamoRequest = (operation: string, answer: string, request: Record<string, unknown>) => void;

/**
 * DynamoDB Local behind a proxy that asks each request for its consumed capacity
 * (ReturnConsumedCapacity TOTAL) and hands the bench each request with its answer, to sum.
 */
export async function capacityProxy(
  target: string,
  onRequest: OnDynamoRequest,
): Promise<{ url: string; server: Server }> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? '').replace('DynamoDB_20120810.', '');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        json.ReturnConsumedCapacity = 'TOTAL';
        body = Buffer.from(JSON.stringify(json));
      } catch {
        // not JSON: forwarded as it came
      }
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, 'content-length': String(body.length) },
        },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            const text = Buffer.concat(parts);
            onRequest(operation, text.toString('utf8'), json);
            res.writeHead(answer.statusCode ?? 500, {
              ...answer.headers,
              'content-length': String(text.length),
            });
            res.end(text);
          });
        },
      );
      forward.on('error', (e) => res.destroy(e));
      forward.end(body);
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, server };
}
