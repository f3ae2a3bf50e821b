// Verification of a signed PDF transcript at the upload limit (10 MB): time, peak RSS and heap.
//
// The transcript is the corpus's valid signed one (timestamp, embedded CRL), padded to the limit by
// a scanned-page image (an incompressible stream object), so the work is what the hook does with the
// largest file a student can upload: hash it, read its structure, digest the signed ranges, verify
// the CMS, the chain, the timestamp and the CRL. Each run is a fresh Node process (module loaded,
// nothing verified yet), as in a Lambda cold start; the process then verifies the same bytes once
// more, warm. Memory is measured around the first verification: peak RSS (the kernel's high-water
// mark) and V8 heap used, each against its value just before.
//
// Run: npm run bench:transcript-verify. Quick run: BENCH_RUNS=3 npm run bench:transcript-verify
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { maxUploadBytes } from '../functions/uploads/contracts.js';

const runs = Number(process.env.BENCH_RUNS ?? 10);
const targetBytes = Number(process.env.BENCH_BYTES ?? maxUploadBytes);
const run = promisify(execFile);

interface Measurement {
  coldMs: number;
  warmMs: number;
  rssBefore: number;
  peakRssIncrease: number;
  heapUsedIncrease: number;
  recommendation: string;
}

/** In the child: verify the file once cold, once warm, and print the measurement as JSON. */
async function child(dir: string): Promise<void> {
  const { verifyPdfTranscript } = await import('../functions/transcripts/verification/signed-pdf.js');
  const bytes = new Uint8Array(await readFile(join(dir, 'transcript.pdf')));
  const { trust, now } = JSON.parse(await readFile(join(dir, 'trust.json'), 'utf8'));
  const clock = new Date(now);
  // The file read is the hook's too (from S3), but not the verifier's: let its garbage go first.
  globalThis.gc?.();
  const rssBefore = process.memoryUsage.rss();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const report = await verifyPdfTranscript(bytes, trust, clock);
  const coldMs = performance.now() - t0;
  const heapAfter = process.memoryUsage().heapUsed;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const t1 = performance.now();
  await verifyPdfTranscript(bytes, trust, clock);
  const warmMs = performance.now() - t1;
  const measurement: Measurement = {
    coldMs,
    warmMs,
    rssBefore,
    peakRssIncrease: Math.max(0, peakRss - rssBefore),
    heapUsedIncrease: heapAfter - heapBefore,
    recommendation: report.recommendation,
  };
  process.stdout.write(JSON.stringify(measurement));
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function main(): Promise<void> {
  const { signedPdfOfSize } = await import('../tests/support/transcript-corpus/signed-pdf.js');
  const { bytes, trust, now } = await signedPdfOfSize(targetBytes);
  const dir = await mkdtemp(join(tmpdir(), 'cts-bench-transcript-'));
  try {
    await writeFile(join(dir, 'transcript.pdf'), bytes);
    await writeFile(join(dir, 'trust.json'), JSON.stringify({ trust, now: now.toISOString() }));
    const script = fileURLToPath(import.meta.url);
    const measurements: Measurement[] = [];
    for (let i = 0; i < runs; i++) {
      const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', script], {
        env: { ...process.env, BENCH_TRANSCRIPT_CHILD: dir },
        maxBuffer: 1024 * 1024,
      });
      measurements.push(JSON.parse(stdout) as Measurement);
    }
    const recommendations = [...new Set(measurements.map((m) => m.recommendation))];
    if (recommendations.length !== 1 || recommendations[0] !== 'Verified')
      throw new Error(`the benchmark transcript did not verify: ${recommendations.join(', ')}`);
    const of = (pick: (m: Measurement) => number) => measurements.map(pick);
    const worst = (values: number[]) => Math.max(...values);
    console.log(
      `Signed PDF transcript verification, ${runs} fresh processes, Node ${process.versions.node}\n`,
    );
    console.log(
      '| File size | Verification, median | Worst | Warm (2nd in process), median | Peak RSS increase, median / worst | Heap used increase, median / worst |',
    );
    console.log('|---|---|---|---|---|---|');
    console.log(
      `| ${mb(bytes.length)} (${bytes.length} bytes) | ${ms(median(of((m) => m.coldMs)))} | ${ms(worst(of((m) => m.coldMs)))} | ${ms(median(of((m) => m.warmMs)))} | ${mb(median(of((m) => m.peakRssIncrease)))} / ${mb(worst(of((m) => m.peakRssIncrease)))} | ${mb(median(of((m) => m.heapUsedIncrease)))} / ${mb(worst(of((m) => m.heapUsedIncrease)))} |`,
    );
    console.log(
      `\nRSS before the first verification (module loaded, file read): median ${mb(median(of((m) => m.rssBefore)))}.`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const childDir = process.env.BENCH_TRANSCRIPT_CHILD;
await (childDir ? child(childDir) : main());
