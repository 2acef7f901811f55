import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeTool } from '../../helpers/fake-tool.js';
import { gitRepo, tempDir } from '../../helpers/git-repo.js';
import { BIN } from '../../helpers/run-cli.js';
import { BANDIT, CLEAN, HIGH_B602, preCommit, requireBanditAndBuild } from './support.js';

beforeAll(requireBanditAndBuild);

/** Answers `--version` like Bandit 1.6.2, then does `body` for a scan. */
const versionThen = (body: string) =>
  `if [ "$1" = "--version" ]; then echo "bandit 1.6.2"; echo "  python version = 3.11.2"; exit 0; fi\n${body}`;

/** Shell that finds the --output argument secgate passes to Bandit. */
const FIND_OUTPUT = 'out=""; prev=""; for a in "$@"; do if [ "$prev" = "--output" ]; then out="$a"; fi; prev="$a"; done';

/** Whether a process still runs (a zombie waiting for its reaper does not). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}

/** Polls until `check` holds, or fails after `ms`. */
async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A "Bandit" that hangs in the scan, with a child of its own, and records both pids in `pids`. */
function hangingBandit(pids: string): string {
  return fakeTool(tempDir('secgate-tools-'), 'bandit', versionThen(`sleep 1000 &\necho "$$ $!" > '${pids}'\nwait`));
}

function pidsIn(file: string): number[] {
  return readFileSync(file, 'utf8').trim().split(' ').map(Number);
}

describe('a Bandit that never finishes is stopped (code.timeout): exit 3 naming the files, nothing left running', () => {
  it('code.timeout from the config', () => {
    const repo = gitRepo();
    const pids = join(repo.home, 'pids');
    const tmp = join(repo.home, 'tmp');
    mkdirSync(tmp);
    repo.commit({ '.secgaterc.json': JSON.stringify({ code: { timeout: 1 } }) });
    repo.stage({ 'deploy.py': HIGH_B602, 'pkg/util.py': CLEAN });
    const started = Date.now();
    const result = preCommit(repo, { SECGATE_BANDIT: hangingBandit(pids), TMPDIR: tmp });
    expect(result.status).toBe(3);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.stderr).toContain('did not finish within 1 s');
    expect(result.stderr).toContain('deploy.py');
    expect(result.stderr).toContain('pkg/util.py');
    expect(result.stderr).toContain('code.timeout');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    // Bandit and what it started are gone; so is the private copy of the staged files.
    for (const pid of pidsIn(pids)) expect(running(pid)).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('SECGATE_SCAN_TIMEOUT from the environment overrides it', () => {
    const repo = gitRepo();
    const pids = join(repo.home, 'pids');
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo, { SECGATE_BANDIT: hangingBandit(pids), SECGATE_SCAN_TIMEOUT: '1' });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('did not finish within 1 s');
    for (const pid of pidsIn(pids)) expect(running(pid)).toBe(false);
  });

  it('a SECGATE_SCAN_TIMEOUT that is no number of seconds is a usage error (exit 2)', () => {
    const repo = gitRepo();
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo, { SECGATE_SCAN_TIMEOUT: 'soon' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('SECGATE_SCAN_TIMEOUT');
  });

  it('code.timeout must be a whole number of seconds, at least 1 (exit 2)', () => {
    const repo = gitRepo();
    repo.commit({ '.secgaterc.json': JSON.stringify({ code: { timeout: 0 } }) });
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('code.timeout');
  });

  it('the real Bandit well within the default timeout still blocks a HIGH finding', () => {
    const repo = gitRepo();
    repo.stage({ 'deploy.py': HIGH_B602 });
    expect(preCommit(repo).status).toBe(1);
  });

  it('one Bandit process failing stops the others at once, not at their timeout', () => {
    const repo = gitRepo();
    const pids = join(repo.home, 'pids');
    // Files enough for one process per core (two on a machine with two cores or more).
    const files: Record<string, string> = { 'crash_me.py': `${CLEAN}# crash\n` };
    for (let i = 0; i < 40; i++) files[`mod${i}.py`] = `${CLEAN}# ${i}\n`; // distinct blobs: each is scanned
    const tool = fakeTool(
      tempDir('secgate-tools-'),
      'bandit',
      versionThen(
        `for a in "$@"; do case "$a" in *crash_me.py) echo "boom" >&2; exit 2;; esac; done\nsleep 1000 &\necho "$!" >> '${pids}'\nwait`,
      ),
    );
    repo.stage(files);
    const started = Date.now();
    const result = preCommit(repo, { SECGATE_BANDIT: tool });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('boom');
    expect(Date.now() - started).toBeLessThan(30_000);
    if (existsSync(pids)) for (const pid of readFileSync(pids, 'utf8').trim().split('\n').map(Number)) expect(running(pid)).toBe(false);
  });

  it('Ctrl-C stops a Bandit running in its own process group too', async () => {
    const repo = gitRepo();
    const pids = join(repo.home, 'pids');
    repo.stage({ 'deploy.py': HIGH_B602 });
    const child = spawn(process.execPath, [BIN, 'run', 'pre-commit'], {
      cwd: repo.root,
      env: { ...repo.env, SECGATE_BANDIT: hangingBandit(pids) },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await waitFor(() => existsSync(pids) && readFileSync(pids, 'utf8').includes(' '), 20_000, 'the scan to start');
    child.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    await waitFor(() => pidsIn(pids).every((pid) => !running(pid)), 5_000, 'Bandit and its child to be stopped');
  });
});

describe('`bandit --version` that hangs, or leaves a child holding its output, cannot hang the hook', () => {
  it('a child left running after answering: the answer counts, the child is stopped', () => {
    const repo = gitRepo();
    const pids = join(repo.home, 'pids');
    const lingering = fakeTool(
      tempDir('secgate-tools-'),
      'bandit',
      `if [ "$1" = "--version" ]; then sleep 1000 & echo "$!" > '${pids}'; echo "bandit 1.6.2"; exit 0; fi\nexec ${BANDIT} "$@"`,
    );
    repo.stage({ 'deploy.py': HIGH_B602 });
    const started = Date.now();
    const result = preCommit(repo, { SECGATE_BANDIT: lingering });
    expect(result.status).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    for (const pid of pidsIn(pids)) expect(running(pid)).toBe(false);
  });

  it('a `--version` that never answers: exit 3 within the timeout', () => {
    const repo = gitRepo();
    const mute = fakeTool(tempDir('secgate-tools-'), 'bandit', 'exec sleep 1000');
    repo.stage({ 'deploy.py': HIGH_B602 });
    const started = Date.now();
    const result = preCommit(repo, { SECGATE_BANDIT: mute, SECGATE_SCAN_TIMEOUT: '1' });
    expect(result.status).toBe(3);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.stderr).toContain('did not answer like Bandit');
  });
});

describe('a Bandit report of the wrong shape is a tool error (exit 3), never read half-way', () => {
  it.each([
    ['null', 'null'],
    ['results as an object', '{"errors": [], "results": {"deploy.py": []}}'],
    [
      'a numeric severity',
      '{"errors": [], "results": [{"filename": "FILE", "test_id": "B602", "issue_severity": 3, "issue_confidence": "HIGH", "line_number": 3}]}',
    ],
    ['no results at all', '{"errors": []}'],
  ])('%s', (_name, report) => {
    const repo = gitRepo();
    // FILE is the path Bandit was given (the last argument), so only the shape is wrong.
    const writer = fakeTool(
      tempDir('secgate-tools-'),
      'bandit',
      versionThen(`${FIND_OUTPUT}\nfor f in "$@"; do file="$f"; done\nprintf '%s' '${report}' | sed "s|FILE|$file|" > "$out"\nexit 1`),
    );
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo, { SECGATE_BANDIT: writer });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('JSON report secgate cannot read');
    expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
  });
});

describe('a temporary directory that cannot hold the files is a tool error (exit 3) with a remedy', () => {
  it('TMPDIR does not exist', () => {
    const repo = gitRepo();
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo, { TMPDIR: join(repo.home, 'no-such-dir') });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('no-such-dir');
    expect(result.stderr).toContain('ENOENT');
    expect(result.stderr).toContain('TMPDIR');
    expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
  });

  it('TMPDIR past PATH_MAX (ENAMETOOLONG)', () => {
    const repo = gitRepo();
    repo.stage({ 'deploy.py': HIGH_B602 });
    const long = join(repo.home, ...Array.from({ length: 40 }, () => 'd'.repeat(120)));
    const result = preCommit(repo, { TMPDIR: long });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('ENAMETOOLONG');
    expect(result.stderr).toContain('TMPDIR');
    expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
  });

  it('TMPDIR is not writable', () => {
    const repo = gitRepo();
    repo.stage({ 'deploy.py': HIGH_B602 });
    // A file, not a folder: refused whoever runs the test (root may write anywhere else).
    const file = join(repo.home, 'a-file');
    writeFileSync(file, '');
    const result = preCommit(repo, { TMPDIR: file });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('ENOTDIR');
    expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
  });

  // Mounting a small tmpfs needs root; elsewhere the case cannot be built, and is not run.
  it.runIf(process.getuid?.() === 0)('TMPDIR full (a 64 KiB tmpfs): ENOSPC', () => {
    const repo = gitRepo();
    const small = join(repo.home, 'small');
    mkdirSync(small);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small], { encoding: 'utf8' });
    expect(mounted.status, `mount failed: ${mounted.stderr}`).toBe(0);
    try {
      repo.stage({ 'big.py': `${'x = 1\n'.repeat(40_000)}${HIGH_B602}` });
      const result = preCommit(repo, { TMPDIR: small });
      expect(result.status).toBe(3);
      expect(result.stderr).toContain('ENOSPC');
      expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
      expect(readdirSync(small)).toEqual([]);
    } finally {
      spawnSync('umount', [small]);
    }
  });
});

describe('after a run killed outright, the next run removes its private directory', () => {
  it('a dead run’s secgate-<pid>-XXXXXX goes; a live run’s, a test’s and anything not secgate’s stay', () => {
    const repo = gitRepo();
    const tmp = join(repo.home, 'tmp');
    mkdirSync(tmp);
    // A pid that surely ran and is gone: a process that has exited.
    const dead = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim();
    const make = (name: string, mode = 0o700) => {
      mkdirSync(join(tmp, name, 'files'), { recursive: true });
      writeFileSync(join(tmp, name, 'files', 'secret.py'), 'staged content\n');
      chmodSync(join(tmp, name), mode);
    };
    make(`secgate-${dead}-AbC123`);
    make(`secgate-${process.pid}-XyZ789`);
    make('secgate-test-Qw3rty');
    make('secgate-1-notours');
    make(`secgate-${dead}-open77`, 0o755);
    writeFileSync(join(tmp, `secgate-${dead}-afile1`), '');
    symlinkSync(join(tmp, 'secgate-test-Qw3rty'), join(tmp, `secgate-${dead}-link99`));

    repo.stage({ 'deploy.py': HIGH_B602 });
    expect(preCommit(repo, { TMPDIR: tmp }).status).toBe(1);

    // The runtime folder (secgate-worker-<uid>, the bundle's code cache) is made there too, and kept.
    expect(readdirSync(tmp).sort()).toEqual(
      [
        `secgate-worker-${process.getuid?.() ?? 'user'}`,
        `secgate-${process.pid}-XyZ789`,
        'secgate-test-Qw3rty',
        'secgate-1-notours',
        `secgate-${dead}-open77`,
        `secgate-${dead}-afile1`,
        `secgate-${dead}-link99`,
      ].sort(),
    );
    expect(existsSync(join(tmp, 'secgate-test-Qw3rty', 'files', 'secret.py'))).toBe(true);
  });
});

describe('a Bandit config that is no config file is a configuration error (exit 2), not a crash or a hang', () => {
  it('code.banditConfig naming /dev/zero: refused, never read', () => {
    const repo = gitRepo();
    repo.commit({ '.secgaterc.json': JSON.stringify({ code: { banditConfig: '/dev/zero' } }) });
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('/dev/zero');
    expect(result.stderr).toContain('inside the repository');
  });

  it('a staged .bandit that is a symlink to a FIFO (would wait forever)', () => {
    const repo = gitRepo();
    const fifo = join(repo.home, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    symlinkSync(fifo, join(repo.root, '.bandit'));
    repo.git('add', '.bandit');
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('.bandit');
  });

  it('an untracked .bandit symlink to a FIFO is not read at all: the staged finding blocks', () => {
    const repo = gitRepo();
    const fifo = join(repo.home, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    symlinkSync(fifo, join(repo.root, '.bandit'));
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('B602');
  });
});
