// The floor under a warm `secgate run pre-commit`: what no warm hook can do
// without, and nothing else. A Node start, the git calls the hook makes on a
// warm commit, in the same way (synchronous, with the same flags and
// environment: src/git/exec.ts), and one read of the cache (the batch file the
// hook reads, or one entry for a run too small for a batch). The hook's own
// work is the rest: its modules, its small state files, parsing, the policy and
// the report. bench/run.js prints the warm hook's time against this.
// Usage (in a repository where the warm hook has run): node bench/floor.js
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

// src/git/exec.ts: GIT_FIXED_FLAGS and GIT_FIXED_ENV.
const FLAGS = ['-c', 'core.quotepath=off', '--no-pager', '--no-optional-locks'];
const env = {
  ...process.env,
  GIT_NO_REPLACE_OBJECTS: '1',
  GIT_GRAFT_FILE: '/dev/null/secgate-no-grafts',
  GIT_NO_LAZY_FETCH: '1',
  GIT_ALLOW_PROTOCOL: 'secgate_never',
};
// src/config/search-places.ts: the names the config is looked for at in the index.
const CONFIG_NAMES = [
  'package.json',
  '.secgaterc',
  '.secgaterc.json',
  '.secgaterc.yaml',
  '.secgaterc.yml',
  'pyproject.toml',
  '.secgaterc.js',
  '.secgaterc.cjs',
  '.secgaterc.mjs',
  '.secgaterc.ts',
  '.secgaterc.mts',
  '.secgaterc.cts',
  '.bandit',
];

function git(cwd, args) {
  const result = spawnSync('git', [...FLAGS, ...args], { cwd, env, maxBuffer: 1024 * 1024 * 1024 });
  if (result.error || (result.status !== 0 && result.status !== 1)) throw new Error(`floor: git ${args[0]} failed`);
  return result.stdout;
}

// src/git/repo.ts openRepo, src/git/entries.ts stagedEntries, src/config/tree.ts indexTree.
const [root, commonDir] = git(process.cwd(), [
  'rev-parse',
  '--show-toplevel',
  '--git-common-dir',
  '--show-object-format',
  '-q',
  '--verify',
  'HEAD^{commit}',
])
  .toString('utf8')
  .split('\n');
git(root, ['diff-index', '--cached', '--raw', '-z', '--no-renames', '--no-ext-diff', 'HEAD', '--']);
git(root, ['--literal-pathspecs', 'ls-files', '-s', '-z', '--', ...CONFIG_NAMES]);

// src/cache/store.ts getMany: the newest batch file, else one entry.
// --git-common-dir is relative to the cwd unless absolute (src/git/repo.ts).
const cache = join(resolve(commonDir), 'secgate', 'cache');
const newest = (dir, names) => names.map((name) => join(dir, name)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
const batches = join(cache, 'batches');
let file;
try {
  file = newest(batches, readdirSync(batches));
} catch {
  const shard = readdirSync(cache).find((name) => /^[0-9a-f]{2}$/.test(name));
  if (shard) file = newest(join(cache, shard), readdirSync(join(cache, shard)));
}
if (!file) throw new Error('floor: no cache entry; run the warm hook once first');
JSON.parse(readFileSync(file, 'utf8'));
