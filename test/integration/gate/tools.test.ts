import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeTool } from '../../helpers/fake-tool.js';
import { gitRepo, tempDir } from '../../helpers/git-repo.js';
import {
  BANDIT,
  HIGH_B602,
  LOW_ASSERT,
  logLines,
  output,
  pathWith,
  preCommit,
  recorderBody,
  requireBanditAndBuild,
  sectionOf,
  which,
} from './support.js';

beforeAll(requireBanditAndBuild);

/** Answers `--version` like Bandit 1.6.2, then does `body` for a scan. */
const versionThen = (body: string) =>
  `if [ "$1" = "--version" ]; then echo "bandit 1.6.2"; echo "  python version = 3.11.2"; exit 0; fi\n${body}`;

/** Shell that finds the --output argument secgate passes to Bandit. */
const FIND_OUTPUT = 'out=""; prev=""; for a in "$@"; do if [ "$prev" = "--output" ]; then out="$a"; fi; prev="$a"; done';

describe('Bandit missing: exit 3 with install instructions, never a pass', () => {
  it('neither bandit nor python3 on PATH', () => {
    const repo = gitRepo();
    repo.stage({ 'app.py': LOW_ASSERT });
    const result = preCommit(repo, { PATH: pathWith({ git: which('git') }) });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('Bandit was not found');
    expect(result.stderr).toMatch(/apt-get install bandit|pipx install bandit|pip install bandit/);
    expect(result.stdout).not.toMatch(/passed/);
  });

  it('a python3 on PATH without the bandit module does not count as Bandit', () => {
    const repo = gitRepo();
    const tools = tempDir('secgate-tools-');
    const python = fakeTool(tools, 'python3', 'echo "$0: No module named bandit" >&2; exit 1');
    repo.stage({ 'app.py': LOW_ASSERT });
    const result = preCommit(repo, { PATH: pathWith({ git: which('git'), python3: python }) });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('python3 -m bandit');
  });

  it('when the staged files are all cached, a missing Bandit is still not a silent pass', () => {
    const repo = gitRepo();
    repo.stage({ 'app.py': LOW_ASSERT });
    expect(preCommit(repo).status).toBe(0); // warm the cache with the real Bandit
    const result = preCommit(repo, { PATH: pathWith({ git: which('git') }) });
    expect(result.status).not.toBe(1);
    // Either the cached verdict (0, the same as with Bandit) or a tool error (3): never a different verdict.
    expect([0, 3]).toContain(result.status);
  });

  it('nothing Python staged: Bandit is not needed (exit 0)', () => {
    const repo = gitRepo();
    repo.stage({ 'README.md': 'x\n' });
    expect(preCommit(repo, { PATH: pathWith({ git: which('git') }) })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('`python3 -m bandit` is found when only a python3 with Bandit is on PATH', () => {
    const repo = gitRepo();
    repo.stage({ 'deploy.py': HIGH_B602 });
    // Debian's /usr/bin/python3 has the bandit module; no `bandit` executable on this PATH.
    const result = preCommit(repo, { PATH: pathWith({ git: which('git'), python3: '/usr/bin/python3' }) });
    // A slow start may print a progress line, and the first run with a Bandit before 1.7 a note on it (README: Old Bandit); nothing else belongs on stderr.
    expect(
      result.stderr
        .replace(/^secgate: Scanning .*\n/m, '')
        .replace(/^secgate: note: Bandit \S+ .* predates 1\.7.*\n/m, '')
        .trim(),
    ).toBe('');
    expect(result.status).toBe(1);
    expect(sectionOf(result.stdout, 'deploy.py').join('\n')).toContain('B602');
  });
});

describe('Bandit failing: exit 3, never a pass', () => {
  it('a Bandit that crashes with a traceback (exit 2)', () => {
    const repo = gitRepo();
    const tools = tempDir('secgate-tools-');
    const crash = fakeTool(
      tools,
      'bandit',
      versionThen(
        [
          'echo "Traceback (most recent call last):" >&2',
          'echo "  File \\"/usr/bin/bandit\\", line 11, in <module>" >&2',
          'echo "ModuleNotFoundError: No module named stevedore_boom" >&2',
          'exit 2',
        ].join('\n'),
      ),
    );
    repo.stage({ 'app.py': LOW_ASSERT });
    const result = preCommit(repo, { SECGATE_BANDIT: crash });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('Bandit failed');
    expect(result.stderr).toContain('No module named stevedore_boom');
    expect(result.stdout).not.toMatch(/passed/);
  });

  it('a Bandit killed by a signal', () => {
    const repo = gitRepo();
    const killed = fakeTool(tempDir('secgate-tools-'), 'bandit', versionThen('kill -9 $$'));
    repo.stage({ 'app.py': LOW_ASSERT });
    const result = preCommit(repo, { SECGATE_BANDIT: killed });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('SIGKILL');
  });

  it('a Bandit that writes garbage instead of a JSON report', () => {
    const repo = gitRepo();
    const garbage = fakeTool(
      tempDir('secgate-tools-'),
      'bandit',
      versionThen(`${FIND_OUTPUT}\nprintf '{"results": [ garbage' > "$out"\nexit 1`),
    );
    repo.stage({ 'app.py': LOW_ASSERT });
    const result = preCommit(repo, { SECGATE_BANDIT: garbage });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('unreadable JSON report');
  });

  it('a Bandit that exits 0 without writing a report', () => {
    const repo = gitRepo();
    const silent = fakeTool(tempDir('secgate-tools-'), 'bandit', versionThen('exit 0'));
    repo.stage({ 'app.py': LOW_ASSERT });
    expect(preCommit(repo, { SECGATE_BANDIT: silent }).status).toBe(3);
  });

  it('a program that does not answer --version like Bandit', () => {
    const repo = gitRepo();
    const impostor = fakeTool(tempDir('secgate-tools-'), 'bandit', 'echo "usage: something else"; exit 0');
    repo.stage({ 'app.py': LOW_ASSERT });
    const result = preCommit(repo, { SECGATE_BANDIT: impostor });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('did not answer like Bandit');
  });

  it('a Bandit that reports on a file it was not given', () => {
    const repo = gitRepo();
    const liar = fakeTool(
      tempDir('secgate-tools-'),
      'bandit',
      versionThen(
        `${FIND_OUTPUT}\nprintf '{"errors": [], "results": [{"filename": "/etc/passwd", "test_id": "B101", "issue_severity": "LOW", "issue_confidence": "HIGH", "line_number": 1}]}' > "$out"\nexit 1`,
      ),
    );
    repo.stage({ 'app.py': LOW_ASSERT });
    const result = preCommit(repo, { SECGATE_BANDIT: liar });
    expect(result.status).toBe(3);
  });

  it('a Bandit whose report leaves out a file it was given does not pass that file (as Bandit 1.7+ does for paths it excludes by default, e.g. under .git*)', () => {
    const repo = gitRepo();
    // A well-formed report that names no file at all: the file was never looked at.
    const skipper = fakeTool(
      tempDir('secgate-tools-'),
      'bandit',
      versionThen(
        `${FIND_OUTPUT}\nprintf '{"errors": [], "results": [], "metrics": {"_totals": {"loc": 0, "nosec": 0}}}' > "$out"\nexit 0`,
      ),
    );
    repo.stage({ '.github/scripts/deploy.py': HIGH_B602 });
    const result = preCommit(repo, { SECGATE_BANDIT: skipper });
    expect(result.status).not.toBe(0);
  });

  it('a crash is not cached: the next run with a working Bandit judges the file', () => {
    const repo = gitRepo();
    const crash = fakeTool(tempDir('secgate-tools-'), 'bandit', versionThen('echo boom >&2; exit 2'));
    repo.stage({ 'deploy.py': HIGH_B602 });
    expect(preCommit(repo, { SECGATE_BANDIT: crash }).status).toBe(3);
    const result = preCommit(repo);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/\(0 from cache\)/);
  });
});

describe('which Bandit runs', () => {
  it('SECGATE_BANDIT (the user’s own environment) is used', () => {
    const repo = gitRepo();
    const log = join(repo.home, 'bandit.log');
    const recorder = fakeTool(tempDir('secgate-tools-'), 'bandit', recorderBody(log));
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo, { SECGATE_BANDIT: recorder });
    expect(result.status).toBe(1);
    expect(logLines(log).some((line) => line.includes('--format json'))).toBe(true);
  });

  it('Bandit runs with no severity or confidence filter', () => {
    const repo = gitRepo();
    const log = join(repo.home, 'bandit.log');
    const recorder = fakeTool(tempDir('secgate-tools-'), 'bandit', recorderBody(log));
    repo.stage({ 'deploy.py': HIGH_B602 });
    preCommit(repo, { SECGATE_BANDIT: recorder });
    const scans = logLines(log).filter((line) => line.includes('--format json'));
    expect(scans).toHaveLength(1);
    expect(scans[0]).not.toMatch(/(^| )(-l+|-i+|--severity-level|--confidence-level)( |$)/);
  });

  it('code.bandit pointing into the repository is refused (exit 3) and never executed', () => {
    const repo = gitRepo();
    const marker = join(repo.home, 'repo-bandit-ran');
    repo.commit({ '.secgaterc.json': JSON.stringify({ code: { bandit: 'tools/bandit' } }) });
    mkdirSync(join(repo.root, 'tools'));
    fakeTool(join(repo.root, 'tools'), 'bandit', `touch '${marker}'\nexec ${BANDIT} "$@"`);
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('points into the repository');
    expect(existsSync(marker)).toBe(false);
  });

  it('code.bandit as an absolute path into the repository, or through a symlink outside it, is refused too', () => {
    const repo = gitRepo();
    const marker = join(repo.home, 'repo-bandit-ran');
    mkdirSync(join(repo.root, 'tools'));
    const inside = fakeTool(join(repo.root, 'tools'), 'bandit', `touch '${marker}'\nexec ${BANDIT} "$@"`);
    const outside = join(tempDir('secgate-link-'), 'bandit');
    symlinkSync(inside, outside);
    repo.stage({ 'deploy.py': HIGH_B602 });

    repo.stage({ '.secgaterc.json': JSON.stringify({ code: { bandit: inside } }) });
    expect(preCommit(repo).status).toBe(3);
    repo.stage({ '.secgaterc.json': JSON.stringify({ code: { bandit: `${outside}` } }) });
    const viaLink = preCommit(repo);
    expect(viaLink.status).toBe(3);
    expect(viaLink.stderr).toContain('points into the repository');
    expect(existsSync(marker)).toBe(false);
  });

  it('a `bandit` inside the repository that is on PATH is passed over', () => {
    const repo = gitRepo();
    const marker = join(repo.home, 'repo-bandit-ran');
    mkdirSync(join(repo.root, 'bin'));
    fakeTool(join(repo.root, 'bin'), 'bandit', `touch '${marker}'\nexec ${BANDIT} "$@"`);
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo, { PATH: `${join(repo.root, 'bin')}:${pathWith({ git: which('git'), bandit: BANDIT })}` });
    expect(existsSync(marker)).toBe(false);
    expect(result.status).toBe(1);
    expect(output(result)).toContain('B602');
  });

  it('code.bandit naming a Bandit outside the repository is used', () => {
    const repo = gitRepo();
    const log = join(repo.home, 'bandit.log');
    const recorder = fakeTool(tempDir('secgate-tools-'), 'bandit', recorderBody(log));
    repo.commit({ '.secgaterc.json': JSON.stringify({ code: { bandit: recorder } }) });
    repo.stage({ 'deploy.py': HIGH_B602 });
    expect(preCommit(repo).status).toBe(1);
    expect(logLines(log).length).toBeGreaterThan(0);
  });
});
