// Search Existing Mappings at scale (issue 3): keyword search p50 and p95, and read units per search,
// at 100,000 mappings (5,000 at one institution), against one GetItem round trip in the same run.
//
// DynamoDB Local runs in memory with the table of functions/store/table.ts. The mappings
// (bench/mapping-search-data.ts) are written as production writes them: the mapping item and its
// search entries (functions/mappings/entities/mapping-search.ts). Each search is the real use case over the real
// adapter and SDK client, as the mapping-search-api Lambda runs it. A middleware on the client asks
// every read for its consumed capacity, also works the read units out from the item sizes returned
// (DynamoDB's rules), counts round trips, and fails the run if any request is a Scan.
//
// Run: npm run bench:mapping-search. Quick run: BENCH_MAPPINGS=10000 BENCH_RUNS=10 npm run bench:mapping-search
// Latency here is DynamoDB Local on this machine (a Java emulator over SQLite): read it relative to
// the GetItem baseline of the same run, not as DynamoDB's own latency. Read units carry over as they are.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { DynamoMappingSearchStore } from '../functions/mappings/adapters/mapping-search-store.js';
import { keywordWords, lookupWord } from '../functions/mappings/domain/mapping-search.js';
import type { ValidityFilter } from '../functions/mappings/domain/mapping-validity.js';
import { type Mapping, MappingEntity } from '../functions/mappings/entities/mapping.js';
import { mappingCountItem, mappingSearchItems } from '../functions/mappings/entities/mapping-search.js';
import { searchExistingMappings } from '../functions/mappings/use-cases/mapping-search.js';
import {
  MyMappingRequestEntity,
  StudentEntity,
  StudyRecordEntity,
} from '../functions/records/entities/student.js';
import type { StoredItem } from '../functions/store/item.js';
import { ensureTable, localClient, startDynamoDbLocal } from '../local/dynamodb.js';
import { freePort } from '../local/ports.js';
import { generateBenchMappings } from './mapping-search-data.js';

const totalMappings = Number(process.env.BENCH_MAPPINGS ?? 100_000);
const hotMappings = Math.min(5_000, totalMappings);
const runs = Number(process.env.BENCH_RUNS ?? 50);
const warmUpRuns = Math.max(3, Math.ceil(runs / 10));
const loadConcurrency = Number(process.env.BENCH_LOAD_CONCURRENCY ?? 16);
const table = 'cts-bench-search';
const studentId = '20250001';
const recordId = 'SR-BENCH';
const transferTerm = '2025-26 Fall';

// --- read accounting ------------------------------------------------------------------------------

/** DynamoDB's item size: attribute names plus values (numbers ~1 byte per 2 digits + 1; maps/lists 3 + 1 per element). */
function valueSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') {
    const digits = String(Math.abs(value)).replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    return Math.ceil(Math.max(1, digits.length) / 2) + 1;
  }
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value)) return 3 + value.reduce((s: number, v) => s + 1 + valueSize(v), 0);
  if (typeof value === 'object' && value) {
    return 3 + Object.entries(value).reduce((s, [k, v]) => s + 1 + Buffer.byteLength(k) + valueSize(v), 0);
  }
  throw new Error(`No size rule for ${typeof value}`);
}
const itemSize = (item: Record<string, unknown>): number =>
  Object.entries(item).reduce((s, [k, v]) => s + Buffer.byteLength(k) + valueSize(v), 0);

/** Read units of one read request: its items' total size in 4 KB steps (at least one), halved if eventually consistent. */
const readUnits = (bytes: number, consistent: boolean): number =>
  Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

interface Reads {
  requests: Record<string, number>;
  items: number;
  bytes: number;
  /** ConsumedCapacity.CapacityUnits as DynamoDB (Local) returned them; undefined when none came back. */
  reported: number | undefined;
  /** Worked out from the returned items' sizes. */
  computed: number;
}

const emptyReads = (): Reads => ({ requests: {}, items: 0, bytes: 0, reported: undefined, computed: 0 });

/** Counts every request of a client; asks reads for their capacity; refuses a Scan. */
class ReadMeter {
  reads = emptyReads();
  scans = 0;

  attach(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        this.reads.requests[command] = (this.reads.requests[command] ?? 0) + 1;
        if (command === 'Scan') {
          this.scans++;
          throw new Error('A Scan was sent: the search must only Query and GetItem');
        }
        const read = command === 'Query' || command === 'GetItem' || command === 'BatchGetItem';
        const input = args.input as Record<string, unknown>;
        if (read) input.ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        if (!read) return result;
        // The document client's unmarshalling sits inside this step: items arrive as plain values,
        // whose DynamoDB sizes follow from their types one for one.
        const output = result.output as unknown as Record<string, unknown>;
        const items: Record<string, unknown>[] =
          command === 'GetItem'
            ? output.Item
              ? [output.Item as Record<string, unknown>]
              : []
            : command === 'Query'
              ? ((output.Items as Record<string, unknown>[] | undefined) ?? [])
              : Object.values((output.Responses as Record<string, Record<string, unknown>[]>) ?? {}).flat();
        const bytes = items.reduce((s, i) => s + itemSize(i), 0);
        this.reads.items += items.length;
        this.reads.bytes += bytes;
        this.reads.computed += readUnits(bytes, input.ConsistentRead === true);
        const consumed = output.ConsumedCapacity as
          | { CapacityUnits?: number }
          | { CapacityUnits?: number }[]
          | undefined;
        const units = [consumed ?? []].flat().reduce((s, c) => s + (c.CapacityUnits ?? 0), 0);
        if (consumed !== undefined) this.reads.reported = (this.reads.reported ?? 0) + units;
        return result;
      },
      { step: 'initialize', priority: 'high', name: 'benchReadMeter' },
    );
  }

  take(): Reads {
    const reads = this.reads;
    this.reads = emptyReads();
    return reads;
  }
}

// --- load -----------------------------------------------------------------------------------------

function* batchesOf(mappings: readonly Mapping[]): Generator<StoredItem[]> {
  let batch: StoredItem[] = [];
  for (const m of mappings) {
    for (const item of [MappingEntity.toItem(m), ...mappingSearchItems(m)]) {
      batch.push(item);
      if (batch.length === 25) {
        yield batch;
        batch = [];
      }
    }
  }
  // Each institution's mapping count, as submissions keep it: the default view's total.
  for (const [institutionId, ms] of Map.groupBy(mappings, (m) => m.institutionId)) {
    batch.push(mappingCountItem(institutionId, ms.length));
    if (batch.length === 25) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function writeBatch(db: DynamoDBDocumentClient, items: StoredItem[]): Promise<void> {
  type WriteRequests = NonNullable<BatchWriteCommandInput['RequestItems']>[string];
  let pending: WriteRequests = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 10) throw new Error(`${pending.length} items still unprocessed after 10 attempts`);
    if (attempt > 1) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** (attempt - 2))));
    const result = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
    pending = result.UnprocessedItems?.[table] ?? [];
  }
}

async function load(db: DynamoDBDocumentClient, mappings: readonly Mapping[]): Promise<number> {
  const total = mappings.reduce((s, m) => s + 1 + mappingSearchItems(m).length, 0);
  const batches = batchesOf(mappings);
  const started = performance.now();
  let written = 0;
  let reported = started;
  const worker = async () => {
    for (let next = batches.next(); !next.done; next = batches.next()) {
      await writeBatch(db, next.value);
      written += next.value.length;
      const now = performance.now();
      if (now - reported > 15_000) {
        reported = now;
        const rate = written / ((now - started) / 1000);
        console.log(
          `  ${written.toLocaleString('en')} / ${total.toLocaleString('en')} items (${((100 * written) / total).toFixed(0)}%), ${rate.toFixed(0)} items/s, ~${((total - written) / rate / 60).toFixed(1)} min left`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: loadConcurrency }, worker));
  return total;
}

// --- measure --------------------------------------------------------------------------------------

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;

interface Sample {
  ms: number;
  /** CPU time of this process (SDK parsing, unmarshalling, filtering, sorting): the Lambda's own share. */
  cpuMs: number;
  reads: Reads;
  total: number;
}

async function measure(call: () => Promise<number>, meter: ReadMeter): Promise<Sample[]> {
  for (let i = 0; i < warmUpRuns; i++) await call();
  meter.take();
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const total = await call();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    samples.push({ ms, cpuMs: (used.user + used.system) / 1000, reads: meter.take(), total });
  }
  return samples;
}

function summary(samples: Sample[]) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const cpuMs = samples.map((s) => s.cpuMs).sort((a, b) => a - b);
  const first = samples[0] as Sample;
  const same = samples.every(
    (s) =>
      s.total === first.total &&
      s.reads.items === first.reads.items &&
      s.reads.reported === first.reads.reported &&
      s.reads.computed === first.reads.computed,
  );
  if (!same) throw new Error('Runs of one search differ in results or reads: the data changed mid-run');
  return {
    p50: percentile(ms, 0.5),
    p95: percentile(ms, 0.95),
    cpu50: percentile(cpuMs, 0.5),
    total: first.total,
    reads: first.reads,
  };
}

const fmtMs = (ms: number) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0));
const fmtRu = (ru: number | undefined) => (ru === undefined ? 'n/a' : ru.toFixed(1));
const roundTrips = (r: Reads) =>
  Object.entries(r.requests)
    .map(([c, n]) => `${n} ${c}`)
    .join(' + ');

// --- run ------------------------------------------------------------------------------------------

const generated = performance.now();
const data = generateBenchMappings(totalMappings, hotMappings);
const hot = data.mappings.filter((m) => m.institutionId === data.hot.institutionId);
console.log(
  `Generated ${data.mappings.length.toLocaleString('en')} mappings at ${data.institutions} institutions in ${((performance.now() - generated) / 1000).toFixed(1)} s; largest: ${data.largest.map((l) => `${l.name} ${l.count.toLocaleString('en')}`).join(', ')}`,
);

const port = await freePort();
const dynamo = await startDynamoDbLocal({ port });
const base = localClient(dynamo.endpoint);
const meter = new ReadMeter();
meter.attach(base);
const db = DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
try {
  await ensureTable(dynamo.endpoint, table);

  // The hot institution first: its partition is what the searches read.
  const loadStarted = performance.now();
  console.log(
    `Loading into DynamoDB Local (in memory), ${loadConcurrency} BatchWriteItem calls in flight...`,
  );
  const items = await load(db, [
    ...hot,
    ...data.mappings.filter((m) => m.institutionId !== data.hot.institutionId),
  ]);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const hotItems = hot.reduce((s, m) => s + 1 + mappingSearchItems(m).length, 0);
  console.log(
    `Loaded ${items.toLocaleString('en')} items (${(items / data.mappings.length).toFixed(1)} per mapping; ${hotItems.toLocaleString('en')} of them for the hot institution's mappings) in ${(loadSeconds / 60).toFixed(1)} min (${(items / loadSeconds).toFixed(0)} items/s)`,
  );
  meter.take();

  // The student searching: a study record at the hot institution and a few followed requests.
  const put = (Item: StoredItem) => db.send(new PutCommand({ TableName: table, Item }));
  await put(
    StudentEntity.toItem({
      studentId,
      name: 'Chan Ka Ming',
      email: 'kmchan@connect.ust.hk',
      program: 'BBA4',
      cohortTerm: transferTerm,
      academicYear: 'Year 1',
      programStatus: 'Active in Program',
      degreeCheckout: 'Not Started',
    }),
  );
  await put(
    StudyRecordEntity.toItem({
      studentId,
      recordId,
      institutionId: data.hot.institutionId,
      institutionName: data.hot.name,
      category: 'on-entry-disclosed',
      transferTerm,
      studyPeriod: '2023-2025',
      createdBy: 'URAO',
      createdAt: '2025-08-12T03:00:00.000Z',
    }),
  );
  const followed = hot
    .filter((m) => m.status === 'Under Review' || m.status === 'Request Initiated')
    .slice(0, 5);
  for (const [i, m] of followed.entries()) {
    await put(
      MyMappingRequestEntity.toItem({
        studentId,
        recordId,
        institutionId: data.hot.institutionId,
        ref: m.ref,
        relation: i === 0 ? 'requester' : 'notify-me',
        addedAt: '2025-09-01T03:00:00.000Z',
      }),
    );
  }
  meter.take();

  // Keywords drawn from the data, so each class means the same at any size.
  const middle = hot[Math.floor(hot.length / 2)] as Mapping;
  const rareCode =
    hot.slice(hot.length / 2).find((m) => /^CCN\d{4}$/.test(m.incomingCourses[0]?.code ?? ''))
      ?.incomingCourses[0]?.code ?? (middle.incomingCourses[0]?.code as string);
  const refPrefix = middle.ref.slice(0, 5);
  const classes: { name: string; keyword: string; filters?: ValidityFilter[]; page?: number }[] = [
    { name: 'course code (rare)', keyword: rareCode },
    { name: 'code prefix', keyword: 'CCN' },
    { name: 'common title word', keyword: 'introduction' },
    { name: 'two-word phrase', keyword: 'financial accounting' },
    { name: 'ref prefix', keyword: refPrefix },
    { name: 'status word', keyword: 'approved' },
    { name: 'empty keyword (Valid + Expired): page 1', keyword: '' },
    { name: 'empty keyword: page 50', keyword: '', page: 50 },
    { name: 'empty keyword: last page', keyword: '', page: Math.ceil(hot.length / 10) },
    { name: 'filter only', keyword: '', filters: ['ready'] },
    { name: 'one letter (as typed)', keyword: 'c' },
  ];

  const store = new DynamoMappingSearchStore(db, table);
  const rows: string[] = [];

  const getItem = summary(
    await measure(async () => {
      const { Item } = await db.send(
        new GetCommand({ TableName: table, Key: StudyRecordEntity.key(studentId, recordId) }),
      );
      if (!Item) throw new Error('The study record is missing');
      return 1;
    }, meter),
  );
  const ratio = (x: number, of: number) => `${(x / of).toFixed(0)}x`;
  const baselineRu = getItem.reads.reported ?? getItem.reads.computed;

  for (const c of classes) {
    const filters = c.filters ?? [];
    const s = summary(
      await measure(async () => {
        const result = await searchExistingMappings(store, studentId, recordId, {
          keyword: c.keyword,
          filters,
          page: c.page ?? 1,
        });
        return result.total;
      }, meter),
    );
    const words = keywordWords(c.keyword);
    const lookup = lookupWord(words);
    const listing = words.length === 0 && filters.every((f) => f !== 'ready');
    const key = listing
      ? `COUNT + LIST# up to page ${c.page ?? 1}`
      : lookup === undefined
        ? 'LIST# (every entry)'
        : `WORD#${lookup}`;
    const ru = s.reads.reported ?? s.reads.computed;
    rows.push(
      `| ${c.name} | \`${c.keyword}\`${filters.length ? ` +${filters.join(',')}` : ''} | ${key} | ${s.total.toLocaleString('en')} | ${fmtMs(s.p50)} | ${fmtMs(s.p95)} | ${fmtMs(s.cpu50)} | ${roundTrips(s.reads)} | ${s.reads.items.toLocaleString('en')} | ${(s.reads.bytes / 1024).toFixed(0)} | ${fmtRu(s.reads.reported)} | ${s.reads.computed.toFixed(1)} | ${ratio(s.p50, getItem.p50)} / ${ratio(ru, baselineRu)} |`,
    );
  }

  console.log(
    `\nSearch Existing Mappings: ${data.mappings.length.toLocaleString('en')} mappings (${hot.length.toLocaleString('en')} at ${data.hot.name}), record's transfer term ${transferTerm}, page 1.`,
  );
  console.log(
    `Node ${process.versions.node}, DynamoDB Local in memory; ${runs} runs per row after ${warmUpRuns} warm-up runs. Read units per search: all its requests (record GetItem, candidate Query pages, followed-requests Query), eventually consistent as the adapter reads.\n`,
  );
  console.log(
    '| search | keyword | candidates read | hits | p50 ms | p95 ms | Node CPU ms (p50) | round trips | items read | KB read | RCU (reported) | RCU (computed) | vs GetItem (p50 / RCU) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  console.log(
    `| **baseline: one GetItem** | study record | - | 1 | ${fmtMs(getItem.p50)} | ${fmtMs(getItem.p95)} | ${fmtMs(getItem.cpu50)} | ${roundTrips(getItem.reads)} | ${getItem.reads.items} | ${(getItem.reads.bytes / 1024).toFixed(1)} | ${fmtRu(getItem.reads.reported)} | ${getItem.reads.computed.toFixed(1)} | 1x / 1x |`,
  );
  for (const row of rows) console.log(row);
  console.log(
    `\nRCU (reported): ConsumedCapacity.CapacityUnits returned by DynamoDB Local with ReturnConsumedCapacity=TOTAL${getItem.reads.reported === undefined ? ' (none returned: n/a)' : ''}. RCU (computed): each response's item sizes by DynamoDB's rules, rounded up to 4 KB per request, x0.5 eventually consistent.`,
  );
  console.log(
    `Load: ${items.toLocaleString('en')} items in ${(loadSeconds / 60).toFixed(1)} min. Scan requests: ${meter.scans}.`,
  );
  if (meter.scans > 0) throw new Error(`${meter.scans} Scan request(s) were sent`);
} finally {
  db.destroy();
  await dynamo.stop();
}
