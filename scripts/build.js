// Builds dist/: the config validator compiled ahead of time (so a hook never
// loads Ajv) and the CLI bundled with esbuild (one parse instead of hundreds of
// module resolutions; heavy parts stay in lazily loaded chunks).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
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

await rm(`${root}dist`, { recursive: true, force: true });
await build({
  entryPoints: [`${root}src/cli.ts`],
  outdir: `${root}dist`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // cosmiconfig reaches for typescript only for .ts configs, which we never allow.
  external: ['typescript'],
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __secgateCreateRequire } from 'node:module'; const require = __secgateCreateRequire(import.meta.url);",
  },
  chunkNames: 'chunks/[name]-[hash]',
});
