// The dependency audit's speed on a warm index: a lock-sized requirements.txt
// (200 exact pins by default, most of them packages the advisory data knows)
// audited against the shared OSV snapshot, as ratios against a bare
// `node -e ''` measured in the same run.
//   audit in-process: auditManifests() alone, in a fresh Node process each run
//                     (database opened from its index, records read, matched, folded)
//   scan --staged:    the whole CLI on a repository where only that file is staged
// Usage: npm run build && node bench/deps.js [--runs 15] [--pins 200] [--database ../shared/osv/PyPI.zip]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { unzipSync } from 'fflate';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    pins: { type: 'string', default: '200' },
    database: { type: 'string', default: join(root, '..', 'shared', 'osv', 'PyPI.zip') },
  },
});
const runs = Number(values.runs);
const pins = Number(values.pins);
const database = resolve(values.database);
if (!existsSync(database)) {
  console.error(`bench: no advisory database at ${database}; pass --database <OSV PyPI all.zip>.`);
  process.exit(3);
}
const bin = join(root, 'bin', 'secgate.js');
if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.error('bench: dist/ is not built; run `npm run build` first.');
  process.exit(3);
}

const base = mkdtempSync(join(tmpdir(), 'secgate-bench-deps-'));
const home = join(base, 'home');
const repo = join(base, 'repo');
const env = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_') && !key.startsWith('SECGATE_') && key !== 'CI'),
  ),
  HOME: home,
  XDG_CACHE_HOME: join(home, '.cache'),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: join(base, 'gitconfig'),
  NO_COLOR: '1',
};
writeFileSync(env.GIT_CONFIG_GLOBAL, '[init]\n\tdefaultBranch = main\n[gc]\n\tauto = 0\n');

/**
 * The pins: three in four name packages with advisories (alternately a
 * version an advisory lists and a version past every fix, so both answers are
 * exercised), the rest names the data does not know.
 */
function lockLines(count) {
  const known = new Map();
  for (const [name, bytes] of Object.entries(unzipSync(readFileSync(database)))) {
    if (!name.endsWith('.json')) continue;
    const record = JSON.parse(Buffer.from(bytes).toString('utf8'));
    if (record.withdrawn) continue;
    for (const affected of record.affected ?? []) {
      const pkg = affected.package?.name?.toLowerCase();
      if (affected.package?.ecosystem !== 'PyPI' || !pkg || known.has(pkg) || !affected.versions?.length) continue;
      const fixes = (affected.ranges ?? []).flatMap((range) => range.events.map((event) => event.fixed)).filter(Boolean);
      known.set(pkg, { listed: affected.versions.at(-1), fixed: fixes.at(-1) });
    }
  }
  const inData = Math.round(count * 0.75);
  const names = [...known.keys()].sort().slice(0, inData);
  const lines = names.map((name, i) => {
    const { listed, fixed } = known.get(name);
    return `${name}==${i % 2 === 1 && fixed ? fixed : listed}`;
  });
  for (let i = lines.length; i < count; i++) lines.push(`not-in-the-data-${i}==1.${i}.0`);
  return lines;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repo, env, encoding: 'utf8', ...options });
  if (result.status !== 0 && result.status !== 1) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall time in ms of one run of a command, in a new process. */
function wall(command, args) {
  const start = process.hrtime.bigint();
  run(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

// The audit module bundled on its own, as the CLI loads it (one file, no module resolution).
const probeEntry = join(base, 'probe-entry.ts');
writeFileSync(
  probeEntry,
  `import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { auditManifests } from ${JSON.stringify(join(root, 'src', 'deps', 'audit.ts'))};
import { defaultConfig } from ${JSON.stringify(join(root, 'src', 'config', 'defaults.ts'))};
const [manifest, database] = process.argv.slice(2);
const config = defaultConfig();
config.deps.database = database;
const start = performance.now();
const result = await auditManifests({
  manifests: [{ path: 'requirements.txt', content: readFileSync(manifest) }],
  readFile: async () => undefined,
  listFiles: async () => ['requirements.txt'],
  config, root: process.cwd(), env: process.env, now: new Date(),
});
const auditMs = performance.now() - start;
process.stdout.write(JSON.stringify({ auditMs, findings: result.findings.length }));
`,
);
const probe = join(base, 'probe.mjs');
await build({
  entryPoints: [probeEntry],
  outfile: probe,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __probeRequire } from 'node:module'; const require = __probeRequire(import.meta.url);" },
});

run('git', ['init', '-q', repo], { cwd: base });
const lines = lockLines(pins);
writeFileSync(join(repo, 'requirements.txt'), `${lines.join('\n')}\n`);
writeFileSync(join(repo, '.secgaterc.json'), JSON.stringify({ deps: { database } }));
run('git', ['add', 'requirements.txt', '.secgaterc.json']);

// Warm up: the first open builds the compact index in the private cache.
const first = JSON.parse(run(process.execPath, [bin, 'scan', '--staged', '--format', 'json']).stdout);
// The three measures take turns, so that a busy machine slows each of them alike.
const times = { node: [], audit: [], scan: [] };
let findings;
for (let i = 0; i < runs; i++) {
  times.node.push(wall(process.execPath, ['-e', '']));
  const answer = JSON.parse(run(process.execPath, [probe, join(repo, 'requirements.txt'), database]).stdout);
  times.audit.push(answer.auditMs);
  findings = answer.findings;
  times.scan.push(wall(process.execPath, [bin, 'scan', '--staged']));
}
const node = median(times.node);
const audit = median(times.audit);
const scan = median(times.scan);

// The parsers on hostile and 10 MB inputs, in-process: each must be linear (issue 12 item 7).
const parseEntry = join(base, 'parse-entry.ts');
writeFileSync(
  parseEntry,
  `import { performance } from 'node:perf_hooks';
import { parseManifest } from ${JSON.stringify(join(root, 'src', 'deps', 'manifests', 'index.ts'))};
const cases = [
  ['requirements.txt', 'name + 100k spaces', () => 'django' + ' '.repeat(100000) + 'x'],
  ['requirements.txt', 'name + 400k spaces', () => 'django' + ' '.repeat(400000) + 'x'],
  ['requirements.txt', '-r + 200k spaces', () => '-r' + ' '.repeat(200000) + 'x'],
  ['requirements.txt', '100k continuation lines', () => 'a \\\\\\n'.repeat(100000) + 'b'],
  ['requirements.txt', '10 MB of pins', () => 'django==2.2.0 --hash=sha256:abc  # c\\n'.repeat(280000)],
  ['pyproject.toml', '10 MB dependency list', () => '[project]\\nname = "x"\\ndependencies = [\\n' + '  "django==2.2.0",\\n'.repeat(500000) + ']\\n'],
  ['poetry.lock', '10 MB lock', () => Array.from({ length: 200000 }, (_, i) => '[[package]]\\nname = "a' + i + '"\\nversion = "1.0"\\n').join('\\n')],
  ['setup.cfg', '10 MB install_requires', () => '[options]\\ninstall_requires =\\n' + '    django==2.2.0\\n'.repeat(600000)],
];
const out = [];
for (const [path, name, make] of cases) {
  const content = Buffer.from(make());
  const start = performance.now();
  await parseManifest(path, content, async () => undefined, {});
  out.push({ path, name, mb: content.length / 1e6, ms: performance.now() - start });
}
process.stdout.write(JSON.stringify(out));
`,
);
const parseProbe = join(base, 'parse-probe.mjs');
await build({
  entryPoints: [parseEntry],
  outfile: parseProbe,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
const parses = JSON.parse(run(process.execPath, [parseProbe]).stdout);
rmSync(base, { recursive: true, force: true });

const ms = (value) => `${value.toFixed(1)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;
console.log(
  `secgate deps bench: medians of ${runs} runs; ${lines.length} pins (${Math.round(pins * 0.75)} of packages in the data); ${database}`,
);
console.log(`findings: ${findings} (scan --staged: ${first.summary.blocking} blocking, ${first.summary.warnings} warnings)`);
console.log('');
console.log("| measure | median | node -e '' | ratio |");
console.log('| --- | ---: | ---: | ---: |');
console.log(`| audit in-process (warm index) | ${ms(audit)} | ${ms(node)} | ${ratio(audit, node)} |`);
console.log(`| secgate scan --staged (end to end) | ${ms(scan)} | ${ms(node)} | ${ratio(scan, node)} |`);
console.log('');
console.log('| parser input | size | parse |');
console.log('| --- | ---: | ---: |');
for (const { path, name, mb, ms: took } of parses) console.log(`| ${path}: ${name} | ${mb.toFixed(1)} MB | ${ms(took)} |`);
