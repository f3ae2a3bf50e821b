// esbuild bundles every Lambda of the function catalog (minified ESM, AWS SDK bundled, source maps)
// into dist/functions/<name>/ (index.mjs and its chunks), and the web front end into dist/web. CDK deploys these very
// files and the benchmarks import them, so what is measured is what ships.
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { type FunctionName, functionCatalog } from '../functions/catalog.js';
import { buildApiDocs } from './api-docs.js';
import { sdkBarrelsToModules } from './sdk-barrels.js';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = join(projectRoot, 'dist');
export const functionBundleDir = (name: string): string => join(distDir, 'functions', name);
export const webDistDir = join(distDir, 'web');

// Some bundled CommonJS dependencies call require(); ESM output needs one.
const requireShim = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

// In Lambda, credentials come from the environment only; see functions/commons/lambda-credentials.ts.
const lambdaAliases = {
  '@aws-sdk/credential-provider-node': join(projectRoot, 'functions/commons/lambda-credentials.ts'),
  '@digitalbazaar/http-client': join(projectRoot, 'functions/transcripts/verification/no-http-client.ts'),
};

// @aws-sdk/s3-presigned-post pins its own @aws-sdk/client-s3 (an exact older version, nested under
// it), which put a second S3 client of ~145 KB in every bundle that signs or reads documents. It
// takes only PutObjectCommand's endpoint parameters from it (the signing uses the S3Client it is
// given), which are the same in the project's client-s3, so the bundles use that one copy.
const oneS3Client: Plugin = {
  name: 'one-s3-client',
  setup(b) {
    b.onResolve({ filter: /^@aws-sdk\/client-s3$/ }, (args) =>
      args.resolveDir !== projectRoot
        ? b.resolve(args.path, { kind: args.kind, resolveDir: projectRoot, importer: args.importer })
        : undefined,
    );
  },
};

// @cantoo/pdf-lib declares no "sideEffects", so esbuild kept all of it: page drawing, forms, SVG,
// fonts and the HTML, colour and HTML-entity packages they use, though the upload check only parses
// (functions/uploads/domain/pdf.ts). Its modules only declare classes, functions and constants, so
// marking them free of side effects lets esbuild keep just what the parser reaches (~450 KB → ~210).
// Whoever touches this: run the built upload hook on the upload corpus, not only the unit tests,
// which import the sources.
const pdfLibWithoutSideEffects: Plugin = {
  name: 'pdf-lib-without-side-effects',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (
        args.pluginData === 'resolved' ||
        (!isPdfLib(args.importer) && !args.path.startsWith('@cantoo/pdf-lib'))
      )
        return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'resolved',
      });
      return isPdfLib(resolved.path) ? { ...resolved, sideEffects: false } : resolved;
    });
  },
};
const isPdfLib = (path: string) => path.includes('/node_modules/@cantoo/pdf-lib/');

// bowser (33 KB) parses a browser's user agent for the SDK's browser runtime. esbuild bundles it
// because @aws-sdk/core names it in a dynamic import(), but on Node that code reads it only when
// `window` exists, and falls back to no parser when the module has none: an empty module.
const noBrowserUserAgentParser: Plugin = {
  name: 'no-browser-user-agent-parser',
  setup(b) {
    b.onResolve({ filter: /^bowser$/ }, () => ({ path: 'bowser', namespace: 'empty' }));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export default {};' }));
  },
};

export interface FunctionBundle {
  name: string;
  /** Every chunk of the bundle: what is deployed. */
  bytes: number;
  /** The entry chunk and the chunks it imports statically: what Node reads and compiles at init. */
  initBytes: number;
  /** Those chunks' paths. */
  initFiles: string[];
  outFile: string;
}

/**
 * Bundles one function into `outDir`: index.mjs plus chunks. Code the function reaches only by a
 * dynamic import() (an SDK client most requests never use, see functions/commons/clients.ts) goes to
 * a chunk of its own, which Node reads only when that import first runs. CDK deploys the whole
 * folder (lib/constructs/cts-function.ts).
 */
export async function bundleFunction(
  name: string,
  entry: string,
  outDir = functionBundleDir(name),
): Promise<FunctionBundle> {
  await rm(outDir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { index: join(projectRoot, entry) },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: '[name]-[hash]',
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    // A package's ES module build first. esbuild's default on Node is main before module, which
    // took the SDK packages' CommonJS builds: whole clients with every command, nothing tree-shaken
    // (the DynamoDB client alone went from 88 KB to 32). Same SDK release, the other build of it.
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'none',
    banner: { js: requireShim },
    alias: lambdaAliases,
    plugins: [oneS3Client, pdfLibWithoutSideEffects, noBrowserUserAgentParser, sdkBarrelsToModules],
    logLevel: 'warning',
  });
  const outFile = join(outDir, 'index.mjs');
  return { name, ...bundleBytes(result.metafile, outFile), outFile };
}

function bundleBytes(
  metafile: Metafile,
  outFile: string,
): { bytes: number; initBytes: number; initFiles: string[] } {
  const outputs = Object.entries(metafile.outputs)
    .filter(([path]) => path.endsWith('.mjs'))
    .map(([path, output]) => [resolve(projectRoot, path), output] as const);
  const byPath = new Map(outputs);
  const atInit = new Set<string>();
  const visit = (path: string) => {
    const output = byPath.get(path);
    if (!output || atInit.has(path)) return;
    atInit.add(path);
    for (const imported of output.imports)
      if (imported.kind === 'import-statement') visit(resolve(projectRoot, imported.path));
  };
  visit(outFile);
  let bytes = 0;
  let initBytes = 0;
  for (const [path, output] of outputs) {
    bytes += output.bytes;
    if (atInit.has(path)) initBytes += output.bytes;
  }
  if (!atInit.has(outFile)) throw new Error(`esbuild wrote no ${outFile}`);
  return { bytes, initBytes, initFiles: [...atInit] };
}

export async function buildFunctions(): Promise<FunctionBundle[]> {
  return Promise.all(
    (Object.keys(functionCatalog) as FunctionName[]).map((name) =>
      bundleFunction(name, functionCatalog[name].entry),
    ),
  );
}

export async function buildWeb() {
  await rm(webDistDir, { recursive: true, force: true });
  await mkdir(webDistDir, { recursive: true });
  await build({
    entryPoints: [join(projectRoot, 'web/src/main.tsx')],
    outfile: join(webDistDir, 'app.js'),
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'esm',
    minify: true,
    sourcemap: 'linked',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
  });
  await cp(join(projectRoot, 'web/public'), webDistDir, { recursive: true });
  // The API documentation page for ARO staff, deployed with the SPA (scripts/api-docs.ts).
  await buildApiDocs(projectRoot, join(webDistDir, 'api-docs'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const bundles = await buildFunctions();
  await buildWeb();
  await writeFile(join(distDir, 'bundles.json'), JSON.stringify(bundles, null, 2));
  for (const b of bundles)
    console.log(
      `  ${b.name.padEnd(24)} ${(b.bytes / 1024).toFixed(0).padStart(5)} KB, ${(b.initBytes / 1024).toFixed(0).padStart(5)} KB of it loaded at init`,
    );
  console.log(`Built ${bundles.length} functions and the web front end in ${Date.now() - started} ms`);
}
