// Time of `secgate run pre-push` for a first push of a long history: every commit
// changes a note, version.txt (a file a requirements file could include) and one
// of 100 Python modules, and every 500th commit requirements.txt. Cold (empty
// cache: Bandit sees every Python blob) and warm (the cache answers).
// Usage: npm run build && node bench/push-history.js [--commits 2000]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { commits: { type: 'string', default: '2000' } } });
const count = Number(values.commits);
const bin = fileURLToPath(new URL('../bin/secgate.js', import.meta.url));
const zip = fileURLToPath(new URL('../../shared/osv/PyPI.zip', import.meta.url));
const base = mkdtempSync(join(tmpdir(), 'secgate-bench-push-'));
const home = join(base, 'home');
const repo = join(base, 'repo');
const remote = join(base, 'remote.git');
mkdirSync(home);
writeFileSync(join(home, '.gitconfig'), '[init]\n\tdefaultBranch = main\n[gc]\n\tauto = 0\n');
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_') && !key.startsWith('SECGATE_'))),
  HOME: home,
  XDG_CACHE_HOME: join(home, '.cache'),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
};

try {
  execFileSync('git', ['init', '-q', repo], { env });
  execFileSync('git', ['init', '-q', '--bare', remote], { env });
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  let stream = '';
  for (let i = 0; i < count; i++) {
    stream += `commit refs/heads/main\ncommitter Bench <b@example.com> ${1_700_000_000 + i} +0000\n${data(`c${i}`)}`;
    if (i === 0) stream += `M 100644 inline .secgaterc.json\n${data(JSON.stringify({ deps: { database: zip } }))}`;
    stream += `M 100644 inline notes/${i % 50}.md\n${data(`note ${i}\n`)}`;
    stream += `M 100644 inline version.txt\n${data(`${i}\n`)}`;
    stream += `M 100644 inline pkg/mod${i % 100}.py\n${data(`def f${i}():\n    return ${i}\n`)}`;
    if (i % 500 === 0) stream += `M 100644 inline requirements.txt\n${data(`idna==3.${7 + i / 500}\n`)}`;
    stream += '\n';
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo, env, input: stream });
  execFileSync('git', ['checkout', '-q', 'main'], { cwd: repo, env });
  execFileSync('git', ['remote', 'add', 'origin', remote], { cwd: repo, env });
  const tip = execFileSync('git', ['rev-parse', 'main'], { cwd: repo, env, encoding: 'utf8' }).trim();
  const input = `refs/heads/main ${tip} refs/heads/main ${'0'.repeat(40)}\n`;
  for (const run of ['cold', 'warm', 'warm']) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [bin, 'run', 'pre-push', 'origin', remote], { cwd: repo, env, input, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const summary = /in \d+ files? \(\d+ from cache\)/.exec(result.stdout)?.[0] ?? result.stderr.trim().split('\n')[0];
    console.log(`${count} commits, ${run}: ${seconds.toFixed(2)} s, exit ${result.status}, ${summary}`);
  }
} finally {
  rmSync(base, { recursive: true, force: true });
}
