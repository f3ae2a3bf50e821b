// The API documentation page for ARO staff: Swagger UI (the swagger-ui-dist package, pinned in
// package.json) over docs/openapi.json, built into dist/web/api-docs/ beside the SPA, so the local
// web host serves it and the web bucket deployment ships it with the rest. Nothing is loaded from a
// CDN: the page runs under the web host's own security headers (lib/web-security-headers.ts), with
// its one script of ours in a file (no inline script), and "Try it out" calls the API this
// deployment's /config.json names, with the bearer token the user pastes under Authorize.
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/** Where the page is, on the web host: linked from the start banner and the README. */
export const apiDocsPath = '/api-docs/index.html';

const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
/** What the page takes from swagger-ui-dist: the bundle (React and all), its styles, its licences. */
const swaggerUiFiles = [
  'swagger-ui-bundle.js',
  'swagger-ui-bundle.js.LICENSE.txt',
  'swagger-ui.css',
  'LICENSE',
  'NOTICE',
];

/**
 * Writes the page's generated files into `outDir` (the web build's api-docs/, where its index.html
 * and styles come from web/public/api-docs/): Swagger UI's files, the OpenAPI document as generated,
 * and the page's start-up script.
 */
export async function buildApiDocs(projectRoot: string, outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await Promise.all([
    ...swaggerUiFiles.map((file) => copyFile(join(swaggerUiDir, file), join(outDir, file))),
    copyFile(join(projectRoot, 'docs/openapi.json'), join(outDir, 'openapi.json')),
    build({
      entryPoints: [join(projectRoot, 'web/src/api-docs/main.ts')],
      outfile: join(outDir, 'api-docs.js'),
      bundle: true,
      platform: 'browser',
      target: 'es2022',
      format: 'esm',
      minify: true,
      sourcemap: 'linked',
      logLevel: 'warning',
    }),
  ]);
}
