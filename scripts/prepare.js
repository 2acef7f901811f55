// npm's `prepare`: builds dist/. npm runs it after `npm ci` in a clone, before
// `npm pack`, and when it packs secgate from a git URL (having installed the
// dependencies into the fresh clone first).
//
// One route cannot work: `npm install -g git+…`. npm then runs its git
// preparation with the global setting inherited (npm/cli#8440), so it installs
// no dependencies into the clone and links the clone itself into the global
// prefix, where it is deleted once npm is done. Building there fails (no Ajv,
// no esbuild); this script says so in a sentence and names the route that
// works, instead of an ERR_MODULE_NOT_FOUND from build.js.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(`${root}package.json`);

/** The packages scripts/build.js imports, resolved from the package's own folder. */
function missingBuildDependencies() {
  return ['ajv', 'esbuild'].filter((name) => {
    try {
      require.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}

const missing = missingBuildDependencies();
if (missing.length > 0) {
  const global = process.env.npm_config_global === 'true' || process.env.npm_config_location === 'global';
  console.error(
    global
      ? 'secgate: npm cannot install secgate globally straight from a git URL (npm/cli#8440: it builds the clone without its dependencies). ' +
          'Pack it first, then install the tarball: `npm pack git+https://…/secgate.git` and `npm install -g ./secgate-<version>.tgz`. ' +
          `(From a clone of your own: run \`npm ci\` in ${root} before \`npm install -g .\`.)`
      : `secgate: building dist/ needs ${missing.join(' and ')}: run \`npm ci\` in ${root} first.`,
  );
  process.exit(1);
}

await import('./build.js');
