import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { escapeHtml } from '../functions/commons/html.js';

// A stand-in for the EventBridge integration bus (no AWS emulator of it runs here): it takes
// PutEvents as @aws-sdk/client-eventbridge sends it (JSON 1.1, `AWSEvents.PutEvents`) and keeps each
// event, in order, in memory and, with a data folder, in a journal that survives a restart, as the
// bus's archive does. Its page is the event log the start banner links to; `/events` is the same
// as JSON, for tests and for anyone building a consumer.

export interface PublishedEvent {
  id: string;
  time: string;
  source: string;
  detailType: string;
  bus: string;
  detail: unknown;
}

export interface LocalEventBus {
  endpoint: string;
  logUrl: string;
  stop(): Promise<void>;
}

interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Time?: number | string;
}

function page(events: readonly PublishedEvent[]): string {
  const rows = [...events]
    .reverse()
    .map(
      (e) =>
        `<tr><td>${escapeHtml(e.time)}</td><td>${escapeHtml(e.detailType)}</td><td><code>${escapeHtml(
          String((e.detail as { eventId?: string })?.eventId ?? e.id),
        )}</code></td><td><pre>${escapeHtml(JSON.stringify(e.detail, null, 2))}</pre></td></tr>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CTS integration events</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:14px system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}pre{margin:0;white-space:pre-wrap}</style>
</head><body><h1>CTS integration events</h1>
<p>What the student information system would receive on the EventBridge bus, newest first (${events.length} in all). Consumers de-duplicate by <code>detail.eventId</code>; <a href="/events">as JSON</a>.</p>
<table><thead><tr><th scope="col">Time</th><th scope="col">Detail type</th><th scope="col">Event id</th><th scope="col">Detail</th></tr></thead>
<tbody>${rows || '<tr><td colspan="4">No events yet.</td></tr>'}</tbody></table></body></html>`;
}

export async function startLocalEventBus(options: {
  port: number;
  dataDir?: string;
}): Promise<LocalEventBus> {
  const events: PublishedEvent[] = [];
  const journal = options.dataDir ? join(options.dataDir, 'events.jsonl') : undefined;
  if (journal && options.dataDir) {
    await mkdir(options.dataDir, { recursive: true });
    const kept = await readFile(journal, 'utf8').catch(() => '');
    for (const line of kept.split('\n')) if (line.trim()) events.push(JSON.parse(line) as PublishedEvent);
  }

  const server: Server = createServer((req, res) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method === 'GET') {
      if (req.url === '/events') return send(200, 'application/json', JSON.stringify({ events }));
      return send(200, 'text/html; charset=utf-8', page(events));
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (req.headers['x-amz-target'] !== 'AWSEvents.PutEvents') {
          return send(
            400,
            'application/x-amz-json-1.1',
            JSON.stringify({ __type: 'UnknownOperationException' }),
          );
        }
        const { Entries = [] } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          Entries?: PutEventsEntry[];
        };
        const answered = [];
        for (const entry of Entries) {
          const event: PublishedEvent = {
            id: randomUUID(),
            time: new Date(
              typeof entry.Time === 'number' ? entry.Time * 1000 : (entry.Time ?? Date.now()),
            ).toISOString(),
            source: entry.Source ?? '',
            detailType: entry.DetailType ?? '',
            bus: entry.EventBusName ?? 'default',
            detail: JSON.parse(entry.Detail ?? '{}'),
          };
          // Journaled before it is acknowledged: an acknowledged event is never lost to a restart.
          if (journal) await appendFile(journal, `${JSON.stringify(event)}\n`);
          events.push(event);
          answered.push({ EventId: event.id });
        }
        send(200, 'application/x-amz-json-1.1', JSON.stringify({ FailedEntryCount: 0, Entries: answered }));
      })().catch((error: unknown) =>
        send(
          500,
          'application/x-amz-json-1.1',
          JSON.stringify({ __type: 'InternalException', message: String(error) }),
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    logUrl: `http://localhost:${options.port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
