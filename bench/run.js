// The speed figures of secgate, as ratios against baselines measured in the
// same run, interleaved with them: a bare `node -e ''`, Bandit alone on the same files, and the
// pre-commit framework running the same Bandit as a `language: system` hook.
// Beside the warm figure, its floor (bench/floor.js: a Node start, the hook's git calls, one cache read).
// Usage: npm run bench [-- --sizes 1,50,500 --runs 15 --shape uniform|varied]
//        npm run bench -- --warnings [--runs 15]: the warm hook at 500 files (about 2,000 LOW
//        warnings, printed grouped) against the warm hook at 1 file, interleaved (issue 14).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchEnv, CA_BUNDLE } from './env.js';
import { generateRepo } from './generate.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1,50,500' },
    runs: { type: 'string', default: '15' },
    // varied: module sizes drawn as in a real tree (bench/generate.js variedModule), not all alike.
    shape: { type: 'string', default: 'uniform' },
    warnings: { type: 'boolean' },
  },
});
if (values.shape !== 'uniform' && values.shape !== 'varied') {
  console.error(`bench: --shape is uniform or varied, not ${values.shape}`);
  process.exit(2);
}
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const coldRunsAt = (n) => (n >= 200 ? Math.max(3, Math.ceil(runs / 3)) : runs);
const bin = fileURLToPath(new URL('../bin/secgate.js', import.meta.url));
const rssProbe = fileURLToPath(new URL('./maxrss.js', import.meta.url));
const floorScript = fileURLToPath(new URL('./floor.js', import.meta.url));
const base = mkdtempSync(join(tmpdir(), 'secgate-bench-'));
const callerCaBundle = process.env[CA_BUNDLE];
// No resident Bandit but the one the cold scenario starts in its own folder (and stops).
const env = { ...benchEnv(base), SECGATE_WORKER: '0' };
const PRE_COMMIT_CONFIG =
  'repos:\n  - repo: local\n    hooks:\n      - id: bandit\n        name: bandit\n        entry: bandit\n        language: system\n        types: [python]\n';

function which(name) {
  const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}
const bandit = which('bandit');
const preCommit = which('pre-commit');
if (!bandit || !preCommit) {
  console.error(`bench: ${bandit ? 'pre-commit' : 'bandit'} is not on PATH; install it (apt-get install bandit pre-commit) to measure.`);
  process.exit(3);
}

function run(command, args, cwd, extraEnv = {}) {
  return spawnSync(command, args, {
    cwd,
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 28,
  });
}

/** Wall time in ms of one run; `check` sees its output. */
function timed(command, args, cwd, { okCodes = [0, 1], check, env: extraEnv } = {}) {
  const start = process.hrtime.bigint();
  const result = run(command, args, cwd, extraEnv);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!okCodes.includes(result.status)) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  check?.(`${result.stdout}\n${result.stderr}`);
  return ms;
}

/**
 * Medians of `count` rounds; each round runs every task once, in turn, so a
 * change in the machine's load (this is a shared 2-core box) hits the
 * numerator and the denominator of a ratio alike.
 */
function interleaved(count, tasks) {
  const times = Object.fromEntries(Object.keys(tasks).map((name) => [name, []]));
  for (let i = 0; i < count; i++) for (const [name, task] of Object.entries(tasks)) times[name].push(task());
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  return Object.fromEntries(Object.entries(times).map(([name, list]) => [name, median(list)]));
}

/** secgate's own peak RSS in MB (not Bandit's), from the probe module. */
function ownPeakRssMb(args, cwd, before) {
  before();
  const file = join(base, 'maxrss');
  rmSync(file, { force: true });
  const result = run(process.execPath, ['--import', rssProbe, bin, ...args], cwd, { SECGATE_BENCH_RSS_FILE: file });
  if (result.status !== 0 && result.status !== 1) throw new Error(`secgate ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return Number(readFileSync(file, 'utf8')) / 1024;
}

/** The framework must have run Bandit on the staged files, not skipped them (pre-commit run checks staged files only). */
function frameworkRan(output) {
  if (/\(no files to check\)|Skipped/.test(output) || !/^bandit\.+(Failed|Passed)$/m.test(output)) {
    throw new Error(`bench: the pre-commit framework did not run its bandit hook:\n${output.slice(0, 2000)}`);
  }
}

/** Once, verbosely: every generated file must appear in Bandit's findings as the framework ran it. */
function verifyFramework(repo, files) {
  const result = run(preCommit, ['run', '--verbose'], repo);
  const output = `${result.stdout}\n${result.stderr}`;
  frameworkRan(output);
  const located = new Set([...output.matchAll(/Location: (\S+?):\d+/g)].map((match) => match[1]));
  const missing = files.filter((file) => !located.has(file));
  if (missing.length > 0)
    throw new Error(`bench: the framework's bandit did not report on ${missing.length} staged files, e.g. ${missing[0]}`);
}

/** With the caller's CA bundle: what a bare Node start costs where it is set (once, before the table). */
const caBundleCost = callerCaBundle
  ? interleaved(runs, {
      without: () => timed(process.execPath, ['-e', ''], base),
      with: () => timed(process.execPath, ['-e', ''], base, { env: { [CA_BUNDLE]: callerCaBundle } }),
    })
  : undefined;

/**
 * The warm hook's cost of many warnings: 500 generated modules carry about four LOW
 * findings each (B404, B101, B603, B607), all warnings, so the report is the 2,000-warning
 * case. Grouped, it must cost no more than 1.25x the warm hook on one file.
 */
if (values.warnings) {
  const repos = {};
  for (const n of [1, 500]) {
    const repo = join(base, `warn-${n}`);
    generateRepo(repo, n, env);
    run(process.execPath, [bin, 'run', 'pre-commit'], repo);
    repos[n] = repo;
  }
  const lines = {};
  const warmAt = (n) => () =>
    timed(process.execPath, [bin, 'run', 'pre-commit'], repos[n], {
      okCodes: [0],
      check: (output) => {
        if (!output.includes(`(${n} from cache)`)) throw new Error(`bench: the warm run at ${n} was not all from cache`);
        lines[n] = output.trimEnd().split('\n').length;
      },
    });
  const { node, warm1, warm500 } = interleaved(runs, {
    node: () => timed(process.execPath, ['-e', ''], base),
    warm1: warmAt(1),
    warm500: warmAt(500),
  });
  const warnings = JSON.parse(run(process.execPath, [bin, 'scan', '--staged', '--format', 'json'], repos[500]).stdout).summary.warnings;
  rmSync(base, { recursive: true, force: true });
  console.log(`secgate bench --warnings: medians of ${runs} interleaved runs; ${availableParallelism()} cores`);
  console.log('');
  console.log("| case | warm pre-commit | lines printed | / node -e '' | / warm at 1 file |");
  console.log('| --- | ---: | ---: | ---: | ---: |');
  console.log(`| node -e '' | ${node.toFixed(0)} ms | | | |`);
  console.log(`| 1 file | ${warm1.toFixed(0)} ms | ${lines[1]} | ${(warm1 / node).toFixed(2)}x | 1.00x |`);
  console.log(
    `| 500 files, ${warnings} warnings | ${warm500.toFixed(0)} ms | ${lines[500]} | ${(warm500 / node).toFixed(2)}x | ${(warm500 / warm1).toFixed(2)}x |`,
  );
  console.log('');
  console.log(`${warm500 / warm1 <= 1.25 ? 'met   ' : 'MISSED'}  500 files, ${warnings} warnings: warm / warm at 1 file <= 1.25x`);
  process.exit(0);
}

const rows = [];
for (const n of sizes) {
  const repo = join(base, `repo-${n}`);
  const files = generateRepo(repo, n, env, values.shape);
  // The framework reads its config from the index too: staged, it is one more (non-Python) staged file for everyone.
  writeFileSync(join(repo, '.pre-commit-config.yaml'), PRE_COMMIT_CONFIG);
  run('git', ['add', '.pre-commit-config.yaml'], repo);
  const clearCache = () => rmSync(join(repo, '.git', 'secgate', 'cache'), { recursive: true, force: true });
  const coldRuns = coldRunsAt(n);

  const allFromCache = (output) => {
    if (!output.includes(`(${n} from cache)`)) throw new Error(`bench: the warm run was not all from cache:\n${output.slice(-500)}`);
  };
  const noneFromCache = (output) => {
    if (!output.includes('(0 from cache)')) throw new Error(`bench: the cold run used the cache:\n${output.slice(-500)}`);
  };
  run(process.execPath, [bin, 'run', 'pre-commit'], repo);
  const { node, warm, floor } = interleaved(runs, {
    node: () => timed(process.execPath, ['-e', ''], repo),
    floor: () => timed(process.execPath, [floorScript], repo, { okCodes: [0] }),
    warm: () => timed(process.execPath, [bin, 'run', 'pre-commit'], repo, { check: allFromCache }),
  });

  verifyFramework(repo, files);
  // Cold with the resident worker alive (issue 15): started by a first run, then every cold run asks it.
  const workerEnv = { SECGATE_WORKER: '1', SECGATE_WORKER_DIR: join(base, 'worker') };
  const servedByWorker = () => {
    const status = run(process.execPath, [bin, 'worker', 'status'], repo, workerEnv).stdout;
    return Number(/(\d+) scans?/.exec(status)?.[1] ?? 0);
  };
  // A scan, not an answer from the cache: it is what starts the worker.
  clearCache();
  run(process.execPath, [bin, 'scan', '--staged'], repo, workerEnv);
  for (
    let i = 0;
    i < 100 && servedByWorker() === 0 && !/running: pid/.test(run(process.execPath, [bin, 'worker', 'status'], repo, workerEnv).stdout);
    i++
  ) {
    spawnSync('sleep', ['0.1']);
  }
  const servedBefore = servedByWorker();
  const { banditAlone, cold, coldWorker, coldNode, framework } = interleaved(coldRuns, {
    banditAlone: () => timed(bandit, ['-q', '-f', 'json', '-o', join(base, `bandit-${n}.json`), ...files], repo),
    // A cold commit: the hook itself, with nothing in the cache.
    cold: () => {
      clearCache();
      return timed(process.execPath, [bin, 'run', 'pre-commit'], repo, { env: { SECGATE_WORKER: '0' }, check: noneFromCache });
    },
    coldWorker: () => {
      clearCache();
      const took = timed(process.execPath, [bin, 'run', 'pre-commit'], repo, { env: workerEnv, check: noneFromCache });
      // The worker makes its child for the next request once a scan has ended (a core busy for about
      // 20 ms): let it, outside the timing, so that it slows neither the next task nor the next round.
      spawnSync('sleep', ['0.08']);
      return took;
    },
    coldNode: () => timed(process.execPath, ['-e', ''], repo),
    framework: () => timed(preCommit, ['run'], repo, { check: frameworkRan }),
  });
  // Every cold run with the worker was served by it (none fell back to one-shot Bandit unseen).
  const served = servedByWorker() - servedBefore;
  run(process.execPath, [bin, 'worker', 'stop'], repo, workerEnv);
  const rss = n === Math.max(...sizes) ? ownPeakRssMb(['scan', '--staged'], repo, clearCache) : undefined;
  rows.push({ n, node, warm, floor, cold, coldWorker, coldNode, served, banditAlone, framework, rss });
  rmSync(repo, { recursive: true, force: true });
}
rmSync(base, { recursive: true, force: true });

const ms = (value) => (value === undefined ? 'n/a' : `${value.toFixed(0)} ms`);
const ratio = (a, b) => (a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(2)}x`);
console.log(
  `secgate bench: medians of ${runs} runs (cold runs at N >= 200: ${coldRunsAt(200)}); ${values.shape} modules; ${availableParallelism()} cores; bandit ${bandit}; pre-commit ${preCommit}`,
);
if (caBundleCost) {
  console.log(
    `${CA_BUNDLE} is set here: node -e '' takes ${ms(caBundleCost.with)} with it, ${ms(caBundleCost.without)} without. ` +
      'Every run below goes without it, as the hooks start secgate (a hook makes no network call).',
  );
}
console.log('');
console.log(
  "| N | warm pre-commit | node -e '' | warm / node | floor | warm / floor | cold pre-commit | Bandit alone | cold / Bandit | pre-commit framework | warm / framework | cold / framework | secgate peak RSS, cold |",
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  console.log(
    `| ${row.n} | ${ms(row.warm)} | ${ms(row.node)} | ${ratio(row.warm, row.node)} | ${ms(row.floor)} | ${ratio(row.warm, row.floor)} | ${ms(row.cold)} | ${ms(row.banditAlone)} | ${ratio(row.cold, row.banditAlone)} | ${ms(row.framework)} | ${ratio(row.warm, row.framework)} | ${ratio(row.cold, row.framework)} | ${row.rss === undefined ? 'n/a' : `${row.rss.toFixed(0)} MB`} |`,
  );
}

console.log('');
console.log(
  "| N | cold, worker alive | cold, one-shot | Bandit alone | worker / Bandit | node -e '' (same rounds) | worker / node | pre-commit framework | worker / framework | batches served by the worker |",
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  console.log(
    `| ${row.n} | ${ms(row.coldWorker)} | ${ms(row.cold)} | ${ms(row.banditAlone)} | ${ratio(row.coldWorker, row.banditAlone)} | ${ms(row.coldNode)} | ${ratio(row.coldWorker, row.coldNode)} | ${ms(row.framework)} | ${ratio(row.coldWorker, row.framework)} | ${row.served} |`,
  );
}

// The goals, checked against this run's figures.
const goals = [];
for (const row of rows) {
  goals.push([`N=${row.n}: warm / node <= 1.5x`, row.warm / row.node <= 1.5]);
  if (row.n === 1) goals.push(['N=1: cold / Bandit <= 1.1x', row.cold / row.banditAlone <= 1.1]);
  if (row.n >= 200) goals.push([`N=${row.n}: cold / Bandit <= 0.75x`, row.cold / row.banditAlone <= 0.75]);
  if (row.n >= 300) goals.push([`N=${row.n}: cold / pre-commit framework <= 0.9x`, row.cold / row.framework <= 0.9]);
  if (row.n === 1) goals.push(['N=1: cold with the worker / Bandit <= 0.5x', row.coldWorker / row.banditAlone <= 0.5]);
  if (row.n === 1) goals.push(["N=1: cold with the worker / node -e '' <= 3x", row.coldWorker / row.coldNode <= 3]);
  if (row.n === 50) goals.push(['N=50: cold with the worker / Bandit <= 0.5x', row.coldWorker / row.banditAlone <= 0.5]);
  if (row.n >= 300) goals.push([`N=${row.n}: cold with the worker / pre-commit framework <= 0.9x`, row.coldWorker / row.framework <= 0.9]);
  if (row.rss !== undefined) goals.push([`N=${row.n}: secgate peak RSS <= 150 MB`, row.rss <= 150]);
}
console.log('');
for (const [goal, met] of goals) console.log(`${met ? 'met   ' : 'MISSED'}  ${goal}`);
