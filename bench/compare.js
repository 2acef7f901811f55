// Two builds of secgate and the pre-commit framework on one generated tree, in
// interleaved rounds (each round runs all three, in a rotating order, so the
// load of a shared machine hits them alike): cold `scan --staged` (cache
// removed before each run) against `pre-commit run` with a `language: system`
// Bandit hook. Prints medians of wall time, of CPU time (the programs and all
// they started) and of each round's ratio to the framework.
// Usage: node bench/compare.js --before /path/to/old/bin/secgate.js [--sizes 300] [--shape uniform|varied] [--rounds 5]
// (an old build: `git archive <commit> | tar -x -C /tmp/old`, link node_modules, `node scripts/build.js` there)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchEnv } from './env.js';
import { generateRepo } from './generate.js';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    sizes: { type: 'string', default: '300' },
    shape: { type: 'string', default: 'uniform' },
    rounds: { type: 'string', default: '5' },
  },
});
if (!values.before) {
  console.error('bench: --before names the bin/secgate.js of the build to compare with');
  process.exit(2);
}
const after = fileURLToPath(new URL('../bin/secgate.js', import.meta.url));
const base = mkdtempSync(join(tmpdir(), 'secgate-compare-'));
const env = benchEnv(base);

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const timeFile = join(base, 'time');

/** Wall and CPU ms of one run, CPU from /usr/bin/time (the program and its children). */
function measured(argv, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%U %S', ...argv], { cwd, env, stdio: 'ignore' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${argv.join(' ')} exited ${result.status}`);
  const [user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: (user + system) * 1000 };
}

for (const n of values.sizes.split(',').map(Number)) {
  const repo = join(base, `repo-${n}`);
  generateRepo(repo, n, env, values.shape);
  writeFileSync(
    join(repo, '.pre-commit-config.yaml'),
    'repos:\n  - repo: local\n    hooks:\n      - id: bandit\n        name: bandit\n        entry: bandit\n        language: system\n        types: [python]\n',
  );
  spawnSync('git', ['add', '.pre-commit-config.yaml'], { cwd: repo, env });
  const runners = {
    before: () => measured(['node', values.before, 'scan', '--staged'], repo),
    after: () => measured(['node', after, 'scan', '--staged'], repo),
    framework: () => measured(['pre-commit', 'run'], repo),
  };
  // The framework's first run sets up its store: not a figure.
  runners.framework();
  const names = Object.keys(runners);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < Number(values.rounds); round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length];
      rmSync(join(repo, '.git', 'secgate', 'cache'), { recursive: true, force: true });
      times[name].push(runners[name]());
    }
  }
  console.log(`N=${n} (${values.shape}), ${values.rounds} interleaved rounds, medians:`);
  for (const name of names) {
    const ratio = median(times[name].map((t, i) => t.wall / times.framework[i].wall));
    console.log(
      `  ${name.padEnd(9)} wall ${median(times[name].map((t) => t.wall)).toFixed(0)} ms, cpu ${median(times[name].map((t) => t.cpu)).toFixed(0)} ms, / framework ${ratio.toFixed(2)}x`,
    );
  }
  rmSync(repo, { recursive: true, force: true });
}
rmSync(base, { recursive: true, force: true });
