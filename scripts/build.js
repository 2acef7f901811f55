// Builds dist/: the config validator compiled ahead of time (so a hook never
// loads Ajv) and the CLI bundled with esbuild (one parse instead of hundreds of
// module resolutions; heavy parts stay in lazily loaded modules).
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { relative, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const generated = `${root}src/config/generated`;

const schema = JSON.parse(await readFile(`${root}src/config/schema.json`, 'utf8'));
const ajv = new Ajv({ allErrors: true, verbose: true, code: { source: true, esm: true } });
const validate = ajv.compile(schema);
await mkdir(generated, { recursive: true });
await writeFile(`${generated}/validate.js`, standaloneCode(ajv, validate));
await writeFile(
  `${generated}/validate.d.ts`,
  `import type { ErrorObject } from 'ajv';\n` +
    `declare const validate: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };\n` +
    `export default validate;\n`,
);

// Built beside dist/ and swapped in, so a hook or test running meanwhile never finds dist/ half written.
const staging = `${root}dist.${process.pid}.tmp`;
await rm(staging, { recursive: true, force: true });

/**
 * Bundled CommonJS dependencies (cosmiconfig) require() node builtins, and an
 * ESM bundle has no require(). Rather than a createRequire banner in every
 * chunk (it loads node:module and costs each chunk a CommonJS module object,
 * ~8 ms on a warm hook), each such require() gets a tiny ESM module that
 * imports the builtin: only the chunks that need a builtin import it.
 */
const builtinRequiresAsImports = {
  name: 'builtin-requires-as-imports',
  setup(plugin) {
    plugin.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind === 'require-call' && isBuiltin(args.path) ? { path: args.path.replace(/^node:/, ''), namespace: 'builtin' } : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: `export * from 'node:${args.path}';\nexport { default } from 'node:${args.path}';\n`,
      loader: 'js',
    }));
  },
};
/**
 * Two bundles. The hooks' path (cli, run, scan, and what they import
 * statically) is one CommonJS file, dist/cli.cjs, that bin/ requires: a commit
 * then never starts Node's ES module loader (about 8 ms of a warm commit's 30
 * over a bare Node start). Every module the CLI imports dynamically (the other
 * commands, the dependency audit, the config loader, listr2) is an ES module
 * under dist/lazy/, built with code splitting, and loaded only when called.
 */
const src = `${root}src/`;
const lazyEntries = new Set();
const LAZY_PACKAGES = new Set(['listr2']);
/**
 * Libraries the hooks' path imports dynamically and only sometimes (globs,
 * a `[tool.bandit]` table): each its own CommonJS file, required when first
 * imported, so a commit that needs neither does not even compile them.
 */
const VENDOR_PACKAGES = ['picocolors', 'picomatch', 'smol-toml'];
const dynamicImportsToLazy = {
  name: 'dynamic-imports-to-lazy',
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\/vendor\// }, (args) => ({ path: args.path, external: true }));
    plugin.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => ({
      contents: `module.exports = require('./vendor/${args.path}.cjs');\n`,
      loader: 'js',
    }));
    plugin.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'dynamic-import' || args.path.startsWith('node:')) return undefined;
      if (VENDOR_PACKAGES.includes(args.path)) return { path: args.path, namespace: 'vendor' };
      if (LAZY_PACKAGES.has(args.path)) {
        lazyEntries.add(args.path);
        return { path: `./lazy/${args.path}.js`, external: true };
      }
      if (!args.path.startsWith('.')) return undefined;
      const source = resolvePath(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      const name = relative(src, source).replace(/\.ts$/, '');
      lazyEntries.add(name);
      return { path: `./lazy/${name}.js`, external: true };
    });
  },
};
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // cosmiconfig reaches for typescript only for .ts configs, which we never allow.
  external: ['typescript'],
};
await build({
  ...common,
  entryPoints: [`${src}cli.ts`],
  outfile: `${staging}/cli.cjs`,
  format: 'cjs',
  // What esbuild does anyway in CommonJS, said outright (no warning): code here that also runs as an
  // ES module (the worker client, under test) uses __dirname when it is defined, import.meta.url otherwise.
  define: { 'import.meta.url': 'undefined' },
  plugins: [dynamicImportsToLazy],
});
await routeDynamicImports(`${staging}/cli.cjs`);
// The loader bin/ requires first: dist/cli.cjs compiled with a V8 code cache (src/boot/code-cache.ts).
await build({
  ...common,
  entryPoints: [`${src}boot/code-cache.ts`],
  outfile: `${staging}/boot.cjs`,
  format: 'cjs',
});
await build({
  ...common,
  entryPoints: VENDOR_PACKAGES.map((name) => ({ in: name, out: name })),
  outdir: `${staging}/vendor`,
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
});
await build({
  ...common,
  entryPoints: [...lazyEntries].map((name) => ({ in: LAZY_PACKAGES.has(name) ? name : `${src}${name}.ts`, out: name })),
  outdir: `${staging}/lazy`,
  splitting: true,
  format: 'esm',
  plugins: [builtinRequiresAsImports],
  chunkNames: 'chunks/[name]-[hash]',
});

/**
 * The hooks' bundle is compiled by src/boot/code-cache.ts with vm.Script, and
 * such code cannot import() on Node 20 (and loses the loader it was given
 * when it comes from a code cache). So each import("...") in it becomes
 * __secgateImport("..."): the loader's importer when it provides one
 * (module.secgateImport), a plain import() when the bundle is required as usual.
 * On the first line, so the source map's lines stay right.
 */
async function routeDynamicImports(file) {
  const text = await readFile(file, 'utf8');
  let routed = 0;
  const body = text.replace(/\bimport\((?=")/g, () => {
    routed += 1;
    return '__secgateImport(';
  });
  if (routed === 0 || /\bimport\(/.test(body) || !body.startsWith('"use strict";\n')) {
    throw new Error(`${file}: its dynamic imports are not all import("...") with a literal name; the code-cache loader needs them so.`);
  }
  const prologue = 'var __secgateImport = module.secgateImport ?? ((specifier) => import(specifier));';
  await writeFile(file, body.replace('"use strict";\n', `"use strict";${prologue}\n`));
}

/** A guard on the hooks' bundle: an import that drags a large library into every commit fails the build. */
const HOT_BUNDLE_LIMIT = 256 * 1024;
const hotSize = (await stat(`${staging}/cli.cjs`)).size;
if (hotSize > HOT_BUNDLE_LIMIT) {
  throw new Error(
    `dist/cli.cjs is ${hotSize} bytes, over ${HOT_BUNDLE_LIMIT}: import the new dependency dynamically so hooks do not load it.`,
  );
}

const previous = `${root}dist.${process.pid}.old`;
await rename(`${root}dist`, previous).catch((error) => {
  if (error.code !== 'ENOENT') throw error;
});
await rename(staging, `${root}dist`);
await rm(previous, { recursive: true, force: true });
