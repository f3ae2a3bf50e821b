// An esbuild plugin: the AWS SDK's modules import each other through barrels (@smithy/core/protocols,
// @aws-sdk/core/protocols, …) that re-export a whole submodule. With code splitting, esbuild puts a
// module in the init chunk when a barrel the entry reaches re-exports it, even if only a lazily
// imported chunk uses it: the S3 client's XML protocol, checksums and streams (~35 KB) were read at
// init by every function that loads S3 on first use, because the DynamoDB client imports the same
// barrels for its JSON protocol. So a named import from a barrel that only re-exports (no code of its
// own) is rewritten to import each name from the module that declares it; nothing else changes.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Plugin, PluginBuild } from 'esbuild';

const sdkModule = /\/node_modules\/@(?:aws-sdk|smithy)\/[^/]+\/dist-es\/.*\.js$/;
const barrelSpecifier = /^@(?:aws-sdk|smithy)\/core(?:\/[\w-]+)?$/;
const namedImport = /import\s*\{([^}]*)\}\s*from\s*"([^"]+)";/g;

interface Declared {
  file: string;
  name: string;
}

export const sdkBarrelsToModules: Plugin = {
  name: 'sdk-barrels-to-modules',
  setup(b) {
    const exportsOf = new Map<string, Promise<Map<string, Declared> | undefined>>();
    const resolve = async (spec: string, fromFile: string) => {
      const r = await b.resolve(spec, { kind: 'import-statement', resolveDir: dirname(fromFile) });
      return r.errors.length > 0 || r.external ? undefined : r.path;
    };
    const modulesOf = (file: string) => {
      let known = exportsOf.get(file);
      if (!known) {
        known = declaredExports(b, file, resolve, modulesOf);
        exportsOf.set(file, known);
      }
      return known;
    };

    b.onLoad({ filter: sdkModule }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('"@smithy/core') && !source.includes('"@aws-sdk/core')) return undefined;
      let rewritten = source;
      for (const [statement, names, spec] of source.matchAll(namedImport)) {
        if (!spec || !names || !barrelSpecifier.test(spec)) continue;
        const barrel = await resolve(spec, args.path);
        const declared = barrel ? await barrelExports(barrel, modulesOf) : undefined;
        if (!declared) continue;
        const imports = names
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean)
          .map((n) => {
            const [imported = '', local = imported] = n.split(/\s+as\s+/);
            const at = declared.get(imported);
            return at ? `import { ${at.name} as ${local} } from ${JSON.stringify(at.file)};` : undefined;
          });
        if (imports.some((i) => i === undefined)) continue;
        rewritten = rewritten.replace(statement, imports.join(''));
      }
      return { contents: rewritten, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/** A barrel's names and where each is declared, or undefined when the barrel has code of its own. */
async function barrelExports(
  file: string,
  modulesOf: (file: string) => Promise<Map<string, Declared> | undefined>,
): Promise<Map<string, Declared> | undefined> {
  const source = await readFile(file, 'utf8');
  const statements = source
    .split(';')
    .map((s) => s.replace(/\/\/.*$/gm, '').trim())
    .filter(Boolean);
  if (!statements.every((s) => /^export\s*(\*|\{[^}]*\})\s*from\s*"[^"]+"$/.test(s))) return undefined;
  return modulesOf(file);
}

/** Every name a module exports, mapped to the module that declares it (through its re-exports). */
async function declaredExports(
  b: PluginBuild,
  file: string,
  resolve: (spec: string, fromFile: string) => Promise<string | undefined>,
  modulesOf: (file: string) => Promise<Map<string, Declared> | undefined>,
): Promise<Map<string, Declared> | undefined> {
  void b;
  const source = await readFile(file, 'utf8');
  const names = new Map<string, Declared>();
  for (const [, name] of source.matchAll(
    /export\s+(?:const|let|var|class|function\*?|async\s+function\*?)\s+([\w$]+)/g,
  ))
    if (name) names.set(name, { file, name });
  for (const [, list, spec] of source.matchAll(/export\s*\{([^}]*)\}\s*(?:from\s*"([^"]+)")?\s*;/g)) {
    const target = spec ? await resolve(spec, file) : undefined;
    const targetNames = target ? await modulesOf(target) : undefined;
    if (spec && !targetNames) return undefined;
    for (const entry of (list ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)) {
      const [inner = '', outer = inner] = entry.split(/\s+as\s+/);
      if (!spec) names.set(outer, { file, name: outer });
      else {
        const at = targetNames?.get(inner);
        if (!at) return undefined;
        names.set(outer, at);
      }
    }
  }
  for (const [, spec] of source.matchAll(/export\s*\*\s*from\s*"([^"]+)"\s*;/g)) {
    const target = spec ? await resolve(spec, file) : undefined;
    const targetNames = target ? await modulesOf(target) : undefined;
    if (!targetNames) return undefined;
    for (const [name, at] of targetNames) if (name !== 'default' && !names.has(name)) names.set(name, at);
  }
  return names;
}
