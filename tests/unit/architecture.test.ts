import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The dependency rules of docs/architecture.md, read off the import statements of the tree.

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every module a file imports: project files as paths from the root, packages by name. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gms),
    ...text.matchAll(/^\s*import\s+'([^']+)'/gm),
    ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
  ].map((m) => m[1] as string);
  return specifiers.map((s) =>
    s.startsWith('.') ? relative(root, resolve(dirname(join(root, file)), s)).replace(/\.js$/, '.ts') : s,
  );
}

type Role = 'contract' | 'domain' | 'entity' | 'use-case' | 'adapter' | 'handler' | 'other';

function roleOf(path: string): Role {
  if (!path.startsWith('functions/')) return 'other';
  if (path.startsWith('functions/handlers/')) return 'handler';
  if (/(^|\/)contracts(\/|\.ts$)/.test(path)) return 'contract';
  if (path.includes('/domain/')) return 'domain';
  if (path.includes('/entities/')) return 'entity';
  if (path.includes('/use-cases/')) return 'use-case';
  if (path.includes('/adapters/')) return 'adapter';
  return 'other';
}

const functionsFiles = sourceFiles('functions');
const violations = (files: string[], allowed: (target: string, file: string) => boolean) =>
  files.flatMap((file) =>
    importsOf(file).flatMap((target) => (allowed(target, file) ? [] : [`${file} → ${target}`])),
  );

describe('dependency rules (docs/architecture.md)', () => {
  it('domain, entities and use cases import no AWS SDK, adapter or handler', () => {
    const pure = functionsFiles.filter((f) => ['domain', 'entity', 'use-case'].includes(roleOf(f)));
    expect(pure.length).toBeGreaterThan(10);
    expect(
      violations(
        pure,
        (target) => !target.startsWith('@aws-sdk/') && !['adapter', 'handler'].includes(roleOf(target)),
      ),
    ).toEqual([]);
  });

  it('domain rules import only domain, entities, contracts, the pure commons and pure libraries', () => {
    const domain = functionsFiles.filter((f) => roleOf(f) === 'domain');
    // Libraries that compute and touch nothing (no I/O, no clock, no environment).
    const pureLibraries = ['@cantoo/pdf-lib', 'node:crypto'];
    const pureShared = [
      'functions/commons/errors.ts',
      'functions/commons/ordering.ts',
      'functions/store/transitions.ts',
    ];
    expect(
      violations(
        domain,
        (target) =>
          pureLibraries.includes(target) ||
          ['domain', 'entity', 'contract'].includes(roleOf(target)) ||
          pureShared.includes(target),
      ),
    ).toEqual([]);
  });

  it('contracts import only zod, its configuration and other contracts', () => {
    const contracts = functionsFiles.filter((f) => roleOf(f) === 'contract');
    expect(contracts.length).toBeGreaterThan(0);
    expect(
      violations(
        contracts,
        (target) =>
          target === 'zod/mini' || target === 'functions/commons/zod.ts' || roleOf(target) === 'contract',
      ),
    ).toEqual([]);
  });

  it('the web front end takes only contracts and the route table from functions/', () => {
    const web = sourceFiles('web/src');
    expect(
      violations(
        web,
        (target) =>
          !target.startsWith('functions/') ||
          roleOf(target) === 'contract' ||
          target === 'functions/routes.ts',
      ),
    ).toEqual([]);
  });

  it("every Lambda reads its config at cold start, which also sets zod's English messages", () => {
    // commons/config.ts loads commons/zod.ts: a function that parsed without it would answer its
    // 400s with zod/mini's bare "Invalid input".
    const handlers = functionsFiles.filter((f) => roleOf(f) === 'handler');
    expect(handlers.length).toBeGreaterThan(10);
    expect(handlers.filter((f) => !importsOf(f).includes('functions/commons/config.ts'))).toEqual([]);
    expect(importsOf('functions/commons/config.ts')).toContain('functions/commons/zod.ts');
    expect(importsOf('functions/commons/contracts.ts')).toContain('functions/commons/zod.ts');
    expect(importsOf('functions/commons/http.ts')).toContain('functions/commons/zod.ts');
  });

  it('nothing imports a handler (the runtime loads them by the catalog)', () => {
    const everything = [
      ...functionsFiles,
      ...sourceFiles('local'),
      ...sourceFiles('lib'),
      ...sourceFiles('web/src'),
      ...sourceFiles('scripts'),
    ];
    expect(violations(everything, (target) => roleOf(target) !== 'handler')).toEqual([]);
  });

  it('the shared modules know no capability', () => {
    const shared = functionsFiles.filter((f) =>
      ['functions/commons/', 'functions/store/', 'functions/outbox/', 'functions/human-steps/'].some((p) =>
        f.startsWith(p),
      ),
    );
    const capabilities = [
      'records',
      'mappings',
      'reviews',
      'uploads',
      'reference-data',
      'transcripts',
      'applications',
      'conversion',
      'integration',
      'provisioning',
      'help',
      'reports',
      'decisions',
    ].map((c) => `functions/${c}/`);
    expect(violations(shared, (target) => !capabilities.some((c) => target.startsWith(c)))).toEqual([]);
  });
});
