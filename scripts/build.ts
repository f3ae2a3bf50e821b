// esbuild bundles every Lambda of the function catalog (minified ESM, AWS SDK bundled, source maps)
// into dist/functions/<name>/index.mjs, and the web front end into dist/web. CDK deploys these very
// files and the benchmarks import them, so what is measured is what ships.
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type FunctionName, functionCatalog } from '../functions/catalog.js';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = join(projectRoot, 'dist');
export const functionBundleDir = (name: string): string => join(distDir, 'functions', name);
export const webDistDir = join(distDir, 'web');

// Some bundled CommonJS dependencies call require(); ESM output needs one.
const requireShim = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

export async function bundleFunction(name: string, entry: string, outDir = functionBundleDir(name)) {
  await rm(outDir, { recursive: true, force: true });
  const result = await build({
    entryPoints: [join(projectRoot, entry)],
    outfile: join(outDir, 'index.mjs'),
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'none',
    banner: { js: requireShim },
    logLevel: 'warning',
  });
  const bytes = Object.values(result.metafile.outputs).reduce(
    (sum, o) => sum + (o.entryPoint ? o.bytes : 0),
    0,
  );
  return { name, bytes, outFile: join(outDir, 'index.mjs') };
}

export async function buildFunctions() {
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
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const bundles = await buildFunctions();
  await buildWeb();
  await writeFile(join(distDir, 'bundles.json'), JSON.stringify(bundles, null, 2));
  for (const b of bundles)
    console.log(`  ${b.name.padEnd(24)} ${(b.bytes / 1024).toFixed(0).padStart(5)} KB`);
  console.log(`Built ${bundles.length} functions and the web front end in ${Date.now() - started} ms`);
}
