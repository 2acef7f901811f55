// The speed figures of secgate, as ratios against baselines measured in the
// same run: a bare `node -e ''`, Bandit alone on the same files, and the
// pre-commit framework running Bandit (when `pre-commit` is installed).
// Usage: npm run bench [-- --sizes 1,50,500 --runs 15]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateRepo } from './generate.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1,50,500' }, runs: { type: 'string', default: '15' } } });
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const bin = fileURLToPath(new URL('../bin/secgate.js', import.meta.url));
const base = mkdtempSync(join(tmpdir(), 'secgate-bench-'));
const home = join(base, 'home');
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_') && !key.startsWith('SECGATE_'))),
  HOME: home,
  XDG_CACHE_HOME: join(home, '.cache'),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: join(base, 'gitconfig'),
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  PRE_COMMIT_HOME: join(base, 'pre-commit-home'),
  NO_COLOR: '1',
};
writeFileSync(env.GIT_CONFIG_GLOBAL, '[init]\n\tdefaultBranch = main\n[gc]\n\tauto = 0\n');

function which(name) {
  const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}
const bandit = which('bandit');
const preCommit = which('pre-commit');
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
if (!bandit) {
  console.error('bench: bandit is not on PATH; install it (apt-get install bandit) to measure.');
  process.exit(3);
}

/** Median wall time in ms of `count` runs of a command; `before` runs untimed before each. */
function median(command, args, cwd, { count = runs, before, okCodes = [0, 1] } = {}) {
  const times = [];
  for (let i = 0; i < count; i++) {
    before?.();
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (!okCodes.includes(result.status)) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function peakRssMb(command, args, cwd, before) {
  if (!gnuTime) return undefined;
  before?.();
  const result = spawnSync(gnuTime, ['-f', '%M', command, ...args], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const kb = Number(result.stderr.trim().split('\n').pop());
  return Number.isFinite(kb) ? kb / 1024 : undefined;
}

const rows = [];
for (const n of sizes) {
  const repo = join(base, `repo-${n}`);
  const files = generateRepo(repo, n, env);
  const clearCache = () => rmSync(join(repo, '.git', 'secgate', 'cache'), { recursive: true, force: true });
  const coldRuns = n >= 200 ? Math.max(3, Math.ceil(runs / 3)) : runs;

  const node = median(process.execPath, ['-e', ''], repo);
  const banditAlone = median(bandit, ['-q', '-f', 'json', '-o', join(base, `bandit-${n}.json`), ...files], repo, { count: coldRuns });
  const cold = median(process.execPath, [bin, 'scan', '--staged'], repo, { count: coldRuns, before: clearCache });
  spawnSync(process.execPath, [bin, 'run', 'pre-commit'], { cwd: repo, env });
  const warm = median(process.execPath, [bin, 'run', 'pre-commit'], repo);
  const rss = n === Math.max(...sizes) ? peakRssMb(process.execPath, [bin, 'scan', '--staged'], repo, clearCache) : undefined;

  let framework;
  if (preCommit) {
    writeFileSync(
      join(repo, '.pre-commit-config.yaml'),
      'repos:\n  - repo: local\n    hooks:\n      - id: bandit\n        name: bandit\n        entry: bandit\n        language: system\n        types: [python]\n',
    );
    framework = median(preCommit, ['run'], repo, { count: coldRuns });
  }
  rows.push({ n, node, warm, cold, banditAlone, framework, rss });
  rmSync(repo, { recursive: true, force: true });
}
rmSync(base, { recursive: true, force: true });

const ms = (value) => (value === undefined ? 'n/a' : `${value.toFixed(0)} ms`);
const ratio = (a, b) => (a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(2)}x`);
console.log(
  `secgate bench: medians of ${runs} runs (cold runs at N >= 200: ${Math.max(3, Math.ceil(runs / 3))}); bandit ${bandit}; pre-commit ${preCommit ?? 'not installed'}`,
);
console.log('');
console.log(
  "| N | warm pre-commit | node -e '' | warm / node | cold scan | Bandit alone | cold / Bandit | pre-commit framework | warm / framework | cold / framework | peak RSS cold |",
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  console.log(
    `| ${row.n} | ${ms(row.warm)} | ${ms(row.node)} | ${ratio(row.warm, row.node)} | ${ms(row.cold)} | ${ms(row.banditAlone)} | ${ratio(row.cold, row.banditAlone)} | ${ms(row.framework)} | ${ratio(row.warm, row.framework)} | ${ratio(row.cold, row.framework)} | ${row.rss === undefined ? 'n/a' : `${row.rss.toFixed(0)} MB`} |`,
  );
}
