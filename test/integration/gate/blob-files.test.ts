import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../../src/messages.js';
import { fakeTool } from '../../helpers/fake-tool.js';
import { gitRepo, tempDir, type TestRepo } from '../../helpers/git-repo.js';
import { NULL_ID, prePush, pushedIn, pushRepo, pushUnchecked, refLine } from '../push/support.js';
import { BANDIT, CLEAN, HIGH_B602, LOW_ASSERT, cacheFiles, output, preCommit, requireBanditAndBuild, secgate } from './support.js';

beforeAll(requireBanditAndBuild);

/** Another clean file, different from CLEAN. */
const CLEAN_TOO = 'def add(a, b):\n    return b + a\n';

/** Each finding line of a text report with the "pushed in" line under it. */
function findingsWithOrigin(report: string): { finding: string; origin: string }[] {
  const lines = report.split('\n');
  return lines.flatMap((line, i) => (/^\s+(BLOCK|warn)\s/.test(line) ? [{ finding: line, origin: (lines[i + 1] ?? '').trim() }] : []));
}

describe('two blobs at one path in one run are two files for Bandit', () => {
  /** Three branches from a pushed base, each changing helpers.py its own way (committed without the hooks). */
  function threeBranches(contents: [string, string, string]) {
    const push = pushRepo();
    const { repo } = push;
    const base = repo.commit({ 'helpers.py': CLEAN });
    pushUnchecked(push, 'main');
    const tips = contents.map((content, i) => {
      repo.git('checkout', '-q', '-b', `b${i + 1}`, base);
      return repo.commit({ 'helpers.py': content }, `b${i + 1}`);
    });
    const input = tips.map((tip, i) => refLine(`refs/heads/b${i + 1}`, tip, `refs/heads/b${i + 1}`, NULL_ID)).join('');
    return { push, tips, input };
  }

  it('pushed on three branches at once: each blob judged by its own content, findings on the right branch', () => {
    const { push, tips, input } = threeBranches([CLEAN_TOO, HIGH_B602, LOW_ASSERT]);
    const result = prePush(push, input);
    expect(result.status, output(result)).toBe(1);
    expect(output(result)).not.toContain(messages.noScanResult);
    const found = findingsWithOrigin(result.stdout);
    const origin = (id: string) => found.filter(({ finding }) => finding.includes(` ${id} `)).map(({ origin: o }) => o);
    expect(origin('B602')).toEqual([`${pushedIn('refs/heads/b2', tips[1] ?? '')}`]);
    expect(origin('B404')).toEqual([`${pushedIn('refs/heads/b2', tips[1] ?? '')}`]);
    expect(origin('B101')).toEqual([`${pushedIn('refs/heads/b3', tips[2] ?? '')}`]);
    expect(found).toHaveLength(3);
  });

  it('three clean versions pushed at once pass', () => {
    const { push, input } = threeBranches([CLEAN_TOO, 'x = 1\n', 'y = 2\n']);
    const result = prePush(push, input);
    expect(result.status, output(result)).toBe(0);
  });
});

/** Writes files whose names are bytes (not UTF-8), then stages everything. */
function stageRawNames(repo: TestRepo, files: [name: number[], content: string][]): void {
  for (const [name, content] of files) {
    writeFileSync(Buffer.concat([Buffer.from(`${repo.root}/`), Buffer.from(name), Buffer.from('.py')]), content);
  }
  repo.git('add', '-A');
}

describe('names that are not UTF-8 and decode alike', () => {
  const FF = [0xff];
  const FE = [0xfe];

  it('pre-commit: \\xff.py and \\xfe.py are each judged by their own content', () => {
    const repo = gitRepo();
    repo.commit({ 'README.md': 'x\n' });
    stageRawNames(repo, [
      [FF, CLEAN],
      [FE, HIGH_B602],
    ]);
    const blocked = preCommit(repo);
    expect(blocked.status, output(blocked)).toBe(1);
    expect(output(blocked)).not.toContain(messages.noScanResult);
    expect(blocked.stdout.match(/B602/g)?.length ?? 0).toBeGreaterThan(0);

    const clean = gitRepo();
    clean.commit({ 'README.md': 'x\n' });
    stageRawNames(clean, [
      [FF, CLEAN],
      [FE, CLEAN_TOO],
    ]);
    const passed = preCommit(clean);
    expect(passed.status, output(passed)).toBe(0);
  });

  it('scan <folder> never skips a file whose name is not UTF-8: exit 3, with the way to scan it', () => {
    const repo = gitRepo();
    repo.commit({ 'README.md': 'x\n' });
    stageRawNames(repo, [[FF, HIGH_B602]]);
    const result = secgate(repo, ['scan', '.']);
    expect(result.status, output(result)).toBe(3);
    expect(result.stderr).toContain('not UTF-8');
    expect(result.stderr).toContain('secgate scan --staged');
    const staged = secgate(repo, ['scan', '--staged']);
    expect(staged.status, output(staged)).toBe(1);
  });

  it('scan --all sees both files, not one of them', () => {
    const repo = gitRepo();
    stageRawNames(repo, [
      [FF, HIGH_B602],
      [FE, CLEAN],
    ]);
    repo.git('commit', '-q', '--no-verify', '-m', 'raw names');
    const result = secgate(repo, ['scan', '--all', '--format', 'json']);
    expect(result.status, output(result)).toBe(1);
    const report = JSON.parse(result.stdout) as { summary: { files: number }; findings: { id: string }[] };
    expect(report.summary.files).toBe(2);
    expect(report.findings.map((finding) => finding.id)).toContain('B602');

    // The other order of contents: still both files, still the vulnerable one found.
    const swapped = gitRepo();
    stageRawNames(swapped, [
      [FF, CLEAN],
      [FE, HIGH_B602],
    ]);
    swapped.git('commit', '-q', '--no-verify', '-m', 'raw names');
    const again = secgate(swapped, ['scan', '--all', '--format', 'json']);
    expect(again.status, output(again)).toBe(1);
    expect((JSON.parse(again.stdout) as { summary: { files: number } }).summary.files).toBe(2);
  });
});

describe('scan <path> hashes and scans the same bytes', () => {
  it('a file rewritten between hashing and scanning: exit 3, and no clean result is cached for the bytes hashed', () => {
    const repo = gitRepo({ 'app.py': HIGH_B602 });
    repo.commit({ 'README.md': 'x\n' });
    const hashed = repo.git('hash-object', 'app.py').trim();
    // A "bandit" that, when asked its version (after secgate hashed app.py), rewrites app.py clean.
    const bandit = fakeTool(
      tempDir(),
      'bandit',
      `if [ "$1" = --version ]; then printf 'def add(a, b):\\n    return a + b\\n' > '${join(repo.root, 'app.py')}'; fi\nexec ${BANDIT} "$@"`,
    );
    const raced = secgate(repo, ['scan', 'app.py'], { SECGATE_BANDIT: bandit });
    expect(readFileSync(join(repo.root, 'app.py'), 'utf8')).toBe(CLEAN);
    expect(raced.status, output(raced)).toBe(3);
    expect(raced.stderr).toContain('app.py changed on disk while secgate was scanning it');

    // Whatever is cached under the hashed id is the judgement of those bytes.
    const entries = cacheFiles(repo).filter((file) => `${basename(dirname(file))}${basename(file)}`.startsWith(hashed));
    for (const entry of entries) expect(readFileSync(entry, 'utf8')).toContain('B602');

    // The vulnerable bytes, committed through the hook with the same program: blocked.
    repo.stage({ 'app.py': HIGH_B602 });
    const commit = preCommit(repo, { SECGATE_BANDIT: bandit });
    expect(commit.status, output(commit)).toBe(1);
    expect(commit.stdout).toContain('B602');
  });
});
