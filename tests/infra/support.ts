import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App } from 'aws-cdk-lib';
import { type FunctionName, functionCatalog } from '../../functions/catalog.js';
import { addCtsStacks, type CtsStacks } from '../../lib/app.js';
import { type StageConfig, type StageName, stageConfig } from '../../lib/config.js';
import { applyNagPacks } from '../../lib/nag.js';
import { functionBundleDir, projectRoot, webDistDir } from '../../scripts/build.js';

/** The infra tests synthesize the real bundles: say what to run when they are missing. */
export function assertBuilt(): void {
  const missing = [
    ...(Object.keys(functionCatalog) as FunctionName[]).map((name) =>
      join(functionBundleDir(name), 'index.mjs'),
    ),
    join(webDistDir, 'index.html'),
  ].filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `Missing build output: ${missing.map((f) => relative(projectRoot, f)).join(', ')}. ` +
        'Run `npm run build` first (`npm test` and `npm run test:infra` do).',
    );
  }
}

export interface CtsApp extends CtsStacks {
  app: App;
}

/**
 * One stage as `cdk synth` builds it: the context of cdk.json (feature flags), an env-agnostic
 * environment, and optionally the cdk-nag packs. Not yet synthesized: `Template.fromStack` or
 * `app.synth()` does that once, into a temporary directory.
 */
export function createApp(
  stage: StageName,
  options: { nag?: boolean; overrides?: Partial<StageConfig> } = {},
): CtsApp {
  assertBuilt();
  const { context } = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const app = new App({ context, outdir: mkdtempSync(join(tmpdir(), 'cts-cdk-')) });
  const config: StageConfig = { ...stageConfig(stage), env: {}, ...options.overrides };
  const stacks = addCtsStacks(app, config);
  if (options.nag) applyNagPacks(app);
  return { app, ...stacks };
}
