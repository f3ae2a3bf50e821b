import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FunctionName, functionCatalog } from '../../functions/catalog.js';
import { distDir, type FunctionBundle } from '../../scripts/build.js';
import { assertBuilt } from './support.js';

// What each deployed bundle reads at a cold start: index.mjs and the chunks it imports statically
// (what Node reads and compiles before the first request, as the build lists them in
// dist/bundles.json), by the sources their maps name. The
// cold-start bench says how long that takes; this says what must stay out of it, so that a static
// import added to a shared module, or a dependency's barrel, cannot quietly put it back.

const functionNames = Object.keys(functionCatalog) as FunctionName[];

/** The sources (node_modules paths and the project's own) of every chunk read at init. */
function sourcesReadAtInit(name: FunctionName): string[] {
  assertBuilt();
  const built = JSON.parse(readFileSync(join(distDir, 'bundles.json'), 'utf8')) as FunctionBundle[];
  const bundle = built.find((b) => b.name === name);
  if (!bundle) throw new Error(`dist/bundles.json has no ${name}: run npm run build`);
  return bundle.initFiles.flatMap((chunk) => {
    const map = `${chunk}.map`;
    return existsSync(map) ? (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources : [];
  });
}

const loadedOnFirstUse = {
  'the S3 client': /@aws-sdk\/client-s3\//,
  "S3's XML protocol": /@aws-sdk\/xml-builder\/|protocols\/xml\//,
  'the Step Functions client': /@aws-sdk\/client-sfn\//,
  'the SES client': /@aws-sdk\/client-sesv2\//,
  'the EventBridge client': /@aws-sdk\/client-eventbridge\//,
  'the KMS client': /@aws-sdk\/client-kms\//,
  'the PDF parser': /pdf-lib/,
  'the certificate and signature verifier': /node_modules\/(pkijs|asn1js)\//,
  'the JSON-LD canonicaliser': /jsonld/,
};
type Library = keyof typeof loadedOnFirstUse;

/** What a function's every request needs, and so may read at init. */
const readAtInitByDesign: Partial<Record<FunctionName, Library[]>> = {
  'upload-hook': ['the S3 client', "S3's XML protocol", 'the PDF parser'],
  'transcript-hook': ['the S3 client', "S3's XML protocol"],
  'record-import-hook': ['the S3 client', "S3's XML protocol"],
  // Most of what the dispatcher delivers starts or stops a workflow.
  'outbox-dispatcher': ['the Step Functions client'],
};

describe('what a cold start reads', () => {
  it.each(functionNames)('%s reads at init no client or library only some requests use', (name) => {
    const sources = sourcesReadAtInit(name);
    expect(sources.length).toBeGreaterThan(0);
    const allowed: Library[] = readAtInitByDesign[name] ?? [];
    const found = (Object.entries(loadedOnFirstUse) as [Library, RegExp][])
      .filter(([what, pattern]) => !allowed.includes(what) && sources.some((s) => pattern.test(s)))
      .map(([what]) => what);
    expect(found).toEqual([]);
  });

  it.each(functionNames)("%s reads zod's functional build only, never its JSON Schema generator", (name) => {
    const sources = sourcesReadAtInit(name);
    expect(sources.some((s) => s.includes('zod/v4/mini/'))).toBe(true);
    expect(sources.filter((s) => /zod\/v4\/classic\/|to-json-schema|json-schema-processors/.test(s))).toEqual(
      [],
    );
  });
});
