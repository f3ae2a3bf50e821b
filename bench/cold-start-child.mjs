// One cold start, in a fresh process: import the bundle, serve its first request, then a second one
// doing the same work warm (the same GET; for a hook, a second file just like the first).
// Prints {importMs, firstInvokeMs, warmInvokeMs} as JSON. Run by bench/cold-start.ts.
// BENCH_RECORD=<host:port>: the run that records a function's DynamoDB requests for its replay
// (bench/hello-world/replay.ts): each request to that proxy is stamped with the time it was built
// (bench/support/recording-proxy.ts says why), and only the first request is served.
import { subscribe } from 'node:diagnostics_channel';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

// The bench's emulators are plain http; in AWS every endpoint is https, which the SDK imports
// statically (counted in init). For http it imports node:http lazily, and building that module's ES
// facade reads its lazy getters (WebSocket and the like), which load undici: about 30 ms that a cold
// start in AWS never pays. So node:http is imported here, before the clock starts, for every bundle
// alike. That also loads what https shares with it (net, streams: about 10 ms that in AWS fall in
// init), so the times here are a little low, the same for every bundle, and each ratio to
// hello-world a little high, never flattered. (Reading `fetch`, as this did before, loads none of
// undici: every first request had carried those 30 ms, hello-world's too.)
await import('node:http');
const recordingProxy = process.env.BENCH_RECORD;
if (recordingProxy) {
  subscribe('http.client.request.created', ({ request }) => {
    if (request.getHeader('host') === recordingProxy)
      request.setHeader('x-bench-sent-at', String(performance.timeOrigin + performance.now()));
  });
}
const [bundle, eventFile, warmEventFile = eventFile] = process.argv.slice(2);
const event = JSON.parse(await readFile(eventFile, 'utf8'));
const warmEvent = JSON.parse(await readFile(warmEventFile, 'utf8'));
const context = { getRemainingTimeInMillis: () => 10_000, awsRequestId: 'bench' };
const t0 = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const t1 = performance.now();
let outcome = 'ok';
try {
  await handler(event, context);
} catch (error) {
  outcome = `error: ${error.name}: ${String(error.message).slice(0, 120)}`;
}
const t2 = performance.now();
if (!recordingProxy)
  try {
    await handler(warmEvent, context);
  } catch (error) {
    outcome = `warm error: ${error.name}: ${String(error.message).slice(0, 120)}`;
  }
const t3 = performance.now();
process.stdout.write(
  JSON.stringify({ importMs: t1 - t0, firstInvokeMs: t2 - t1, warmInvokeMs: t3 - t2, outcome }),
);
