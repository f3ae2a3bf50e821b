// An office's CSV import of 5,000 study records (10 of them bad) against the local runtime: the wall
// time from the file's POST to S3 until the job answers Completed, and the DynamoDB write units it
// consumed; then the same file again (every row unchanged: reads, no record written).
//
// The whole local runtime runs in this process and the functions reach DynamoDB Local through a
// proxy that asks every request for its ReturnConsumedCapacity and adds up the answers, per
// operation. The import writes with TransactWriteItems (rows, several to a transaction; the job's
// progress), BatchWriteItem (rejected rows) and UpdateItem (taking the job); the outbox dispatcher,
// delivering the new records' mails and events meanwhile, writes only UpdateItem (marking items
// delivered), so its units are shown apart. The students are written before counting starts, as the
// student information system would have fed them.
//
// Run: npm run bench:record-import. Smaller: BENCH_ROWS=1000 npm run bench:record-import

import { randomInt } from 'node:crypto';
import type { Server } from 'node:http';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ImportJobResponse, ImportTicket } from '../functions/provisioning/contracts.js';
import { importColumns } from '../functions/provisioning/contracts.js';
import { csvLine } from '../functions/provisioning/domain/csv.js';
import { type Student, StudentEntity } from '../functions/records/entities/student.js';
import { localClient } from '../local/dynamodb.js';
import { localNames, startLocalRuntime } from '../local/runtime.js';
import { signInLocally } from '../local/sign-in-client.js';
import { capacityProxy } from './support/capacity-proxy.js';

const rowCount = Number(process.env.BENCH_ROWS ?? 5000);
const badRows = 10;
const readOperations = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

interface Tally {
  requests: number;
  /** As DynamoDB Local reports them (ReturnConsumedCapacity). */
  units: number;
  /** As AWS bills them, from the items sent: 1 unit per KB written, 2 in a transaction. */
  billed: number;
}
const tallies = new Map<string, Tally>();
let counting = false;

type Item = Record<string, unknown>;
const kb = (item: unknown) => Math.max(1, Math.ceil(JSON.stringify(item).length / 1024));

/** Write units as AWS bills the request: from its items (Update: at least one unit each). */
function billedUnits(operation: string, request: Item): number {
  if (operation === 'TransactWriteItems') {
    const items = (request.TransactItems ?? []) as { Put?: { Item: Item }; Update?: unknown }[];
    return items.reduce((sum, i) => sum + 2 * (i.Put ? kb(i.Put.Item) : 1), 0);
  }
  if (operation === 'BatchWriteItem') {
    const byTable = (request.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: Item } }[]>;
    return Object.values(byTable)
      .flat()
      .reduce((sum, r) => sum + (r.PutRequest ? kb(r.PutRequest.Item) : 1), 0);
  }
  if (operation === 'PutItem') return kb(request.Item);
  return operation === 'UpdateItem' || operation === 'DeleteItem' ? 1 : 0;
}

function record(operation: string, answer: string, request: Item): void {
  let consumed: { CapacityUnits?: number }[] = [];
  try {
    const c = (JSON.parse(answer) as { ConsumedCapacity?: unknown }).ConsumedCapacity;
    consumed = (Array.isArray(c) ? c : c ? [c] : []) as { CapacityUnits?: number }[];
  } catch {
    // an error body: nothing consumed is reported
  }
  const t = tallies.get(operation) ?? { requests: 0, units: 0, billed: 0 };
  t.requests++;
  t.units += consumed.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
  t.billed += billedUnits(operation, request);
  tallies.set(operation, t);
}

const institutions = [
  'polyu-hong-kong-community-college',
  'hku-space-community-college',
  'community-college-of-city-university',
  'hkbu-college-of-international-education',
  'hong-kong-metropolitan-university',
];

async function main(): Promise<void> {
  let proxy: Server | undefined;
  const runtime = await startLocalRuntime({
    ports: 'ephemeral',
    functionsDynamoDb: async (url) => {
      const started = await capacityProxy(url, (operation, answer, request) => {
        if (counting) record(operation, answer, request);
      });
      proxy = started.server;
      return started.url;
    },
  });
  try {
    const run = randomInt(10, 99);
    const students: Student[] = Array.from({ length: Math.ceil(rowCount / institutions.length) }, (_, i) => ({
      studentId: `28${run}${String(i).padStart(4, '0')}`,
      name: `Bench Student ${i}`,
      email: `bench.${i}@connect.ust.hk`,
      program: 'BSc MATH',
      cohortTerm: '2025-26 Fall',
      academicYear: 'Year 1',
      programStatus: 'Active in Program',
      degreeCheckout: 'Not Started',
    }));
    const direct = DynamoDBDocumentClient.from(localClient(runtime.urls.dynamodb));
    for (let i = 0; i < students.length; i += 25)
      await direct.send(
        new BatchWriteCommand({
          RequestItems: {
            [localNames.table]: students
              .slice(i, i + 25)
              .map((s) => ({ PutRequest: { Item: StudentEntity.toItem(s) } })),
          },
        }),
      );
    const rows = Array.from({ length: rowCount }, (_, i) => {
      const s = students[Math.floor(i / institutions.length)] as Student;
      const bad = i % Math.floor(rowCount / badRows) === 7;
      return csvLine([
        `URAO-BENCH-${run}-${i}`,
        s.studentId,
        s.name,
        s.email,
        'on-entry-disclosed',
        institutions[i % institutions.length] as string,
        'Associate Degree',
        '2023-2025',
        bad ? 'next fall' : '2025-26 Fall',
      ]);
    });
    const file = Buffer.from(csvLine(importColumns) + rows.join(''));
    const token = await signInLocally(runtime.urls.web, 'urao-001');

    const importOnce = async (label: string) => {
      const ticket = (await (
        await fetch(`${runtime.urls.api}/admin/record-imports`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ fileName: 'bench.csv', sizeBytes: file.length }),
        })
      ).json()) as ImportTicket;
      const form = new FormData();
      for (const [k, v] of Object.entries(ticket.post.fields)) form.append(k, v);
      form.append('file', new Blob([new Uint8Array(file)], { type: 'text/csv' }), 'bench.csv');
      tallies.clear();
      counting = true;
      const t0 = performance.now();
      const posted = await fetch(ticket.post.url, { method: 'POST', body: form });
      if (posted.status >= 300) throw new Error(`S3 POST ${posted.status}`);
      let job: ImportJobResponse;
      for (;;) {
        job = (await (
          await fetch(`${runtime.urls.api}/admin/record-imports/${ticket.job.jobId}`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).json()) as ImportJobResponse;
        if (job.status === 'Completed' || job.status === 'Refused') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const seconds = (performance.now() - t0) / 1000;
      counting = false;
      const byOp = [...tallies].sort(([a], [b]) => a.localeCompare(b));
      const ofImport = byOp.filter(([op]) => !readOperations.has(op) && op !== 'UpdateItem');
      const importWrites = ofImport.reduce((sum, [, t]) => sum + t.units, 0);
      const importBilled = ofImport.reduce((sum, [, t]) => sum + t.billed, 0);
      const reads = byOp.filter(([op]) => readOperations.has(op)).reduce((sum, [, t]) => sum + t.units, 0);
      console.log(
        `\n${label}: ${job.status} in ${seconds.toFixed(1)} s (${(rowCount / seconds).toFixed(0)} rows/s)`,
      );
      console.log(`  progress ${JSON.stringify(job.progress)}`);
      console.log(
        `  write units of the import (its transactions and batch writes): ${importBilled} as AWS bills them${job.progress.created > 0 ? ` (${(importBilled / job.progress.created).toFixed(1)} per created record)` : ''}; ${importWrites.toFixed(0)} as DynamoDB Local reports them`,
      );
      console.log(`  read units: ${reads.toFixed(0)}`);
      for (const [op, t] of byOp)
        console.log(
          `  ${op.padEnd(18)} ${String(t.requests).padStart(6)} requests ${t.units.toFixed(1).padStart(10)} units`,
        );
      console.log(
        '  (UpdateItem: taking the job, and the outbox dispatcher marking mails and events delivered)',
      );
    };

    console.log(
      `Record import bench: ${rowCount} rows (${badRows} bad), ${file.length} bytes, ${students.length} students`,
    );
    await importOnce('First import');
    await importOnce('Same file again');
    direct.destroy();
  } finally {
    await runtime.stop();
    proxy?.close();
  }
}

await main();
