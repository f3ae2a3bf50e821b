// An esbuild plugin: the AWS SDK's modules import each other through barrels (@smithy/core/protocols,
// @aws-sdk/core/protocols, …) that re-export a whole submodule. With code splitting, esbuild puts a
// module in the init chunk when a barrel the entry reaches re-exports it, even if only a lazily
// imported chunk uses it: the S3 client's XML protocol, checksums and streams (~35 KB) were read at
// init by every function that loads S3 on first use, because the DynamoDB client imports the same
// barrels for its JSON protocol. So a named import from a barrel that only re-exports (no code of its
// own) is rewritten to import each name from the module that declares it; nothing else changes.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Plugin } from 'esbuild';

const sdkModule = /\/node_modules\/@(?:aws-sdk|smithy)\/[^/]+\/dist-es\/.*\.js$/;
const barrelSpecifier = /^@(?:aws-sdk|smithy)\/core(?:\/[\w-]+)?$/;
const namedImport = /import\s*\{([^}]*)\}\s*from\s*"([^"]+)";/g;

interface Declared {
  file: string;
  name: string;
}

type Declarations = Map<string, Declared> | undefined;
type Resolve = (spec: string, fromFile: string) => Promise<string | undefined>;

export const sdkBarrelsToModules: Plugin = {
  name: 'sdk-barrels-to-modules',
  setup(b) {
    const resolve: Resolve = async (spec, fromFile) => {
      const r = await b.resolve(spec, { kind: 'import-statement', resolveDir: dirname(fromFile) });
      return r.errors.length > 0 || r.external ? undefined : r.path;
    };
    // Each module and barrel is read once per build, however many modules import it.
    const memo = (read: (file: string) => Promise<Declarations>) => {
      const known = new Map<string, Promise<Declarations>>();
      return (file: string) => {
        let found = known.get(file);
        if (!found) {
          found = read(file);
          known.set(file, found);
        }
        return found;
      };
    };
    const exportsOf = memo((file) => declaredExports(file, resolve, exportsOf));
    const barrelExports = memo(async (file) => ((await isPureBarrel(file)) ? exportsOf(file) : undefined));

    b.onLoad({ filter: sdkModule }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('"@smithy/core') && !source.includes('"@aws-sdk/core')) return undefined;
      let rewritten = source;
      for (const [statement, names, spec] of source.matchAll(namedImport)) {
        if (!spec || !names || !barrelSpecifier.test(spec)) continue;
        const barrel = await resolve(spec, args.path);
        const declared = barrel ? await barrelExports(barrel) : undefined;
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
      return rewritten === source
        ? undefined
        : { contents: rewritten, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/** Whether a module only re-exports (`export … from` and nothing else: no code of its own to skip). */
async function isPureBarrel(file: string): Promise<boolean> {
  const statements = (await readFile(file, 'utf8'))
    .split(';')
    .map((s) => s.replace(/\/\/.*$/gm, '').trim())
    .filter(Boolean);
  return statements.every((s) => /^export\s*(\*|\{[^}]*\})\s*from\s*"[^"]+"$/.test(s));
}

/** Every name a module exports, mapped to the module that declares it (through its re-exports). */
async function declaredExports(
  file: string,
  resolve: Resolve,
  exportsOf: (file: string) => Promise<Declarations>,
): Promise<Declarations> {
  const source = await readFile(file, 'utf8');
  const names = new Map<string, Declared>();
  for (const [, name] of source.matchAll(
    /export\s+(?:const|let|var|class|function\*?|async\s+function\*?)\s+([\w$]+)/g,
  ))
    if (name) names.set(name, { file, name });
  for (const [, list, spec] of source.matchAll(/export\s*\{([^}]*)\}\s*(?:from\s*"([^"]+)")?\s*;/g)) {
    const target = spec ? await resolve(spec, file) : undefined;
    const targetNames = target ? await exportsOf(target) : undefined;
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
    const targetNames = target ? await exportsOf(target) : undefined;
    if (!targetNames) return undefined;
    for (const [name, at] of targetNames) if (name !== 'default' && !names.has(name)) names.set(name, at);
  }
  return names;
}
