// `npm start`: the whole system on this machine, data kept in .local/ across restarts.
import { join } from 'node:path';
import { apiDocsPath } from '../scripts/api-docs.js';
import { buildFunctions, buildWeb, projectRoot } from '../scripts/build.js';
import { startLocalRuntime } from './runtime.js';
import { seedSummary } from './seed/index.js';
import { demoAroStaff, demoStudents } from './seed/people.js';

const started = Date.now();
const dataDir = join(projectRoot, '.local');

// A terminal redraws one bar in place; a log (CI, a pipe) gets a line per tenth instead of thousands.
let lastTenth = -1;
function progress(done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const bar = `  Seeding  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} items`;
  if (process.stdout.isTTY) {
    process.stdout.write(`\r${bar}`);
    if (done === total) process.stdout.write('\n');
    return;
  }
  const tenth = Math.floor((done / total) * 10);
  if (tenth !== lastTenth) {
    lastTenth = tenth;
    console.log(bar);
  }
}

console.log('Starting CTS locally…');
// The web app must be built for the gateway to serve it; the bundles are built so that what runs in
// AWS is buildable from this tree (the local runtime itself runs the TypeScript handlers).
await Promise.all([buildWeb(), buildFunctions()]);

let runtime: Awaited<ReturnType<typeof startLocalRuntime>>;
try {
  runtime = await startLocalRuntime({
    dataDir,
    seed: true,
    // CTS_TIMEOUT_SCALE=0.0001 turns the review's 7-day reminder into a minute, to watch it happen.
    ...(process.env.CTS_TIMEOUT_SCALE ? { timeoutScale: Number(process.env.CTS_TIMEOUT_SCALE) } : {}),
    onSeedProgress: progress,
    log: (line) => console.log(`  ${line}`),
  });
} catch (error) {
  console.error(`\nCTS could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const summary = seedSummary();
const pad = (label: string) => label.padEnd(16);
const students = demoStudents.map(
  (s) => `    ${s.studentId}  ${s.name}${s.description ? ` (${s.description})` : ''}`,
);
const staff = demoAroStaff.map((s) => `    ${s.staffId}  ${s.name}`);
console.log(`
┌─ CTS is running (${((Date.now() - started) / 1000).toFixed(1)} s) ${'─'.repeat(40)}
  ${pad('Web app')}${runtime.urls.web}
  ${pad('API')}${runtime.urls.api}
  ${pad('Mailbox')}${runtime.urls.mailbox}   (every email CTS sends)
  ${pad('Event log')}${runtime.urls.events}   (integration events for the student information system)
  ${pad('API docs')}${runtime.urls.web}${apiDocsPath}   (for ARO: try the admin API with a token from npm run -s local:token -- aro-001)
  ${pad('DynamoDB Local')}${runtime.urls.dynamodb}   table cts-local
  ${pad('S3 (s3rver)')}${runtime.urls.s3}   bucket cts-local-uploads
  ${pad('Step Functions')}${runtime.urls.stepFunctions}
  ${pad('Data')}${dataDir} ${runtime.seeded?.skipped ? '(kept from the last run)' : '(freshly seeded)'}
  ${pad('Seed data')}${summary.courses} HKUST courses in ${summary.subjectAreas} subject areas, ${summary.institutions} institutions, ${summary.mappings} mappings

  Sign in at ${runtime.urls.web} → Start, then pick a demo user:
  Students
${students.join('\n')}
  ARO staff
${staff.join('\n')}
└─ Ctrl-C stops everything ${'─'.repeat(50)}
`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping CTS…');
  await runtime.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
