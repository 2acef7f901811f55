// Builds dist/: the config validator compiled ahead of time (so a hook never
// loads Ajv) and the CLI bundled with esbuild (one parse instead of hundreds of
// module resolutions; heavy parts stay in lazily loaded chunks).
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
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
await build({
  entryPoints: [`${root}src/cli.ts`],
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // cosmiconfig reaches for typescript only for .ts configs, which we never allow.
  external: ['typescript'],
  plugins: [builtinRequiresAsImports],
  chunkNames: 'chunks/[name]-[hash]',
});

const previous = `${root}dist.${process.pid}.old`;
await rename(`${root}dist`, previous).catch((error) => {
  if (error.code !== 'ENOENT') throw error;
});
await rename(staging, `${root}dist`);
await rm(previous, { recursive: true, force: true });
