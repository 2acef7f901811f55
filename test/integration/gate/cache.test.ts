import { existsSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeTool } from '../../helpers/fake-tool.js';
import { gitRepo, tempDir, type TestRepo } from '../../helpers/git-repo.js';
import { runCliAsync } from '../../helpers/run-cli.js';
import {
  CLEAN,
  HIGH_B602,
  LOW_ASSERT,
  MEDIUM_PICKLE,
  cacheDir,
  cacheFiles,
  logLines,
  preCommit,
  recorderBody,
  requireBanditAndBuild,
  secgate,
  sectionOf,
} from './support.js';

beforeAll(requireBanditAndBuild);

/** A repository and a recording "bandit" that appends its arguments to a log, then runs the real one. */
function recorded() {
  const repo = gitRepo();
  const log = join(repo.home, 'bandit.log');
  const bandit = fakeTool(tempDir('secgate-tools-'), 'bandit', recorderBody(log));
  const scans = () => logLines(log).filter((line) => line.includes('--format json'));
  return { repo, log, env: { SECGATE_BANDIT: bandit }, scans };
}

describe('the content cache', () => {
  it('a second identical run answers from the cache: "(N from cache)" and no new Bandit scan', () => {
    const { repo, env, scans } = recorded();
    repo.stage({ 'deploy.py': HIGH_B602, 'check.py': LOW_ASSERT });
    const first = preCommit(repo, env);
    expect(first.status).toBe(1);
    expect(first.stdout).toMatch(/in 2 files \(0 from cache\)/);
    expect(scans()).toHaveLength(1);

    const second = preCommit(repo, env);
    expect(second.status).toBe(1);
    expect(second.stdout).toMatch(/in 2 files \(2 from cache\)/);
    expect(scans()).toHaveLength(1);
    // The same findings, from the cache.
    expect(second.stdout.replace(/\(\d from cache\)/, '')).toBe(first.stdout.replace(/\(\d from cache\)/, ''));
  });

  it('only the changed file is rescanned', () => {
    const { repo, env, scans, log } = recorded();
    repo.stage({ 'deploy.py': HIGH_B602, 'check.py': LOW_ASSERT });
    preCommit(repo, env);
    repo.stage({ 'check.py': `${LOW_ASSERT}\n\ndef h(y):\n    assert y\n` });
    const result = preCommit(repo, env);
    expect(result.stdout).toMatch(/in 2 files \(1 from cache\)/);
    expect(scans()).toHaveLength(2);
    const last = scans()[1] ?? '';
    expect(last).toContain('check.py');
    expect(last).not.toContain('deploy.py');
    expect(sectionOf(result.stdout, 'check.py').filter((line) => line.includes('B101'))).toHaveLength(2);
    expect(logLines(log).length).toBeGreaterThan(0);
  });

  it('changing failOn changes the verdict without a rescan', () => {
    const { repo, env, scans } = recorded();
    repo.stage({ 'load.py': MEDIUM_PICKLE });
    const strict = preCommit(repo, env);
    expect(strict.status).toBe(1);
    expect(scans()).toHaveLength(1);

    repo.stage({ '.secgaterc.json': JSON.stringify({ failOn: 'high' }) });
    const lenient = preCommit(repo, env);
    expect(lenient.status).toBe(0);
    expect(lenient.stdout).toMatch(/\(1 from cache\)/);
    expect(sectionOf(lenient.stdout, 'load.py').join('\n')).toMatch(/warn\s+MEDIUM B301/);
    expect(scans()).toHaveLength(1);

    // And back: the config memo must notice the change again.
    repo.stage({ '.secgaterc.json': JSON.stringify({ failOn: 'low' }) });
    const strictest = preCommit(repo, env);
    expect(strictest.status).toBe(1);
    expect(sectionOf(strictest.stdout, 'load.py').join('\n')).toMatch(/BLOCK\s+LOW B403/);
    expect(scans()).toHaveLength(1);
  });

  it('a warm run starts no Bandit process at all (its version is remembered per executable)', () => {
    const { repo, env, log } = recorded();
    repo.stage({ 'load.py': MEDIUM_PICKLE });
    expect(preCommit(repo, env).status).toBe(1);
    const linesAfterFirst = logLines(log).length;
    expect(linesAfterFirst).toBeGreaterThan(0);

    repo.stage({ '.secgaterc.json': JSON.stringify({ failOn: 'high' }) });
    expect(preCommit(repo, env).status).toBe(0);
    expect(logLines(log).slice(linesAfterFirst)).toEqual([]);
  });

  it("changing the repository's Bandit configuration rescans (it is part of the cache key)", () => {
    const { repo, env, scans } = recorded();
    repo.stage({ 'check.py': LOW_ASSERT });
    const first = preCommit(repo, env);
    expect(first.stdout).toContain('B101');
    repo.stage({ '.bandit': '[bandit]\nskips = B101\n' });
    const second = preCommit(repo, env);
    expect(second.stdout).not.toContain('B101');
    expect(second.stdout).toMatch(/\(0 from cache\)/);
    expect(scans()).toHaveLength(2);
  });

  it('the same content at another path is answered from the cache', () => {
    const { repo, env, scans } = recorded();
    repo.stage({ 'a.py': HIGH_B602 });
    preCommit(repo, env);
    repo.git('rm', '-q', '--cached', 'a.py');
    repo.stage({ 'copy/b.py': HIGH_B602 });
    const result = preCommit(repo, env);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/\(1 from cache\)/);
    expect(sectionOf(result.stdout, 'copy/b.py').join('\n')).toContain('B602');
    expect(scans()).toHaveLength(1);
  });

  it('an unscanned (unparsable) file stays blocked when answered from the cache', () => {
    const { repo, env } = recorded();
    repo.stage({ 'broken.py': 'def broken(:\n' });
    expect(preCommit(repo, env).status).toBe(1);
    const again = preCommit(repo, env);
    expect(again.status).toBe(1);
    expect(again.stdout).toMatch(/\(1 from cache\)/);
    expect(sectionOf(again.stdout, 'broken.py').join('\n')).toMatch(/BLOCK\s+UNSCANNED/);
  });
});

/** A distinct Python file per index: one LOW finding (B101), so every file has a result worth caching. */
const lowFile = (i: number) => `def check_${i}(x):\n    assert x\n`;

/** The value stored in an entry file; throws when the file is not a well-formed entry. */
function entryValue(path: string): { findings: { id: string }[]; unscanned: unknown[] } {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { value: { findings: { id: string }[]; unscanned: unknown[] } };
  expect(Array.isArray(parsed.value.findings)).toBe(true);
  expect(Array.isArray(parsed.value.unscanned)).toBe(true);
  return parsed.value;
}

describe('a damaged cache entry is a miss, and is rewritten with the right value', () => {
  it.each([
    ['garbage', () => 'not json at all {'],
    ['truncated', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['empty', () => ''],
    ['JSON of the wrong shape', () => JSON.stringify({ value: { findings: 'none', unscanned: [] } })],
    ['findings that are not findings', () => JSON.stringify({ value: { findings: [{ id: 'B602' }], unscanned: [] } })],
  ])('%s', (_name, damage) => {
    const { repo, env, scans } = recorded();
    repo.stage({ 'deploy.py': HIGH_B602 });
    const first = preCommit(repo, env);
    expect(first.status).toBe(1);
    const [entry, ...others] = cacheFiles(repo);
    expect(others).toEqual([]);
    const original = readFileSync(entry ?? '', 'utf8');

    writeFileSync(entry ?? '', damage(original));
    const second = preCommit(repo, env);
    // The same verdict, from a fresh scan: never a pass, never a crash.
    expect(second.status).toBe(1);
    expect(second.stdout).toMatch(/\(0 from cache\)/);
    expect(sectionOf(second.stdout, 'deploy.py').join('\n')).toMatch(/BLOCK\s+HIGH B602/);
    expect(scans()).toHaveLength(2);
    expect(JSON.parse(readFileSync(entry ?? '', 'utf8'))).toEqual(JSON.parse(original));

    const third = preCommit(repo, env);
    expect(third.stdout).toMatch(/\(1 from cache\)/);
    expect(scans()).toHaveLength(2);
  });
});

describe('batches: a run of many files read back from one file', () => {
  /** 20 files (past BATCH_MIN), each with one LOW finding, at distinct blobs. */
  function manyFiles(): Record<string, string> {
    return Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`pkg/m${i}.py`, lowFile(i)]));
  }
  const batchDir = (repo: TestRepo) => join(cacheDir(repo), 'batches');
  const batchFiles = (repo: TestRepo) => readdirSync(batchDir(repo)).map((name) => join(batchDir(repo), name));

  it('the next run of the same files reads the batch alone: all from cache, no Bandit, the same report', () => {
    const { repo, env, scans } = recorded();
    repo.stage(manyFiles());
    const first = preCommit(repo, env);
    expect(first.stdout).toMatch(/in 20 files \(0 from cache\)/);
    expect(batchFiles(repo)).toHaveLength(1);

    // Without the entries, only the batch can answer.
    for (const file of cacheFiles(repo)) rmSync(file);
    const second = preCommit(repo, env);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/in 20 files \(20 from cache\)/);
    expect(second.stdout.replace(/\(\d+ from cache\)/, '')).toBe(first.stdout.replace(/\(\d+ from cache\)/, ''));
    expect(scans()).toHaveLength(1);
  });

  it('a damaged batch is a miss: the entries answer, and the batch is written whole again', () => {
    const { repo, env, scans } = recorded();
    repo.stage(manyFiles());
    preCommit(repo, env);
    const [batch] = batchFiles(repo);
    const original = readFileSync(batch ?? '', 'utf8');
    writeFileSync(batch ?? '', original.slice(0, original.length / 2));

    const second = preCommit(repo, env);
    expect(second.stdout).toMatch(/in 20 files \(20 from cache\)/);
    expect(scans()).toHaveLength(1);
    expect(JSON.parse(readFileSync(batch ?? '', 'utf8'))).toEqual(JSON.parse(original));
  });

  it('a batch that lists other blobs under the same name (a collision) is never used', () => {
    const { repo, env, scans } = recorded();
    repo.stage(manyFiles());
    preCommit(repo, env);
    const [batch] = batchFiles(repo);
    const parsed = JSON.parse(readFileSync(batch ?? '', 'utf8')) as { keys: string[]; values: unknown[] };
    // Lists another blob in place of the first one, with the first one's result.
    parsed.keys[0] = `${'0'.repeat(40)}${(parsed.keys[0] ?? '').slice(40)}`;
    writeFileSync(batch ?? '', JSON.stringify(parsed));
    for (const file of cacheFiles(repo)) rmSync(file);

    const second = preCommit(repo, env);
    expect(second.stdout).toMatch(/in 20 files \(0 from cache\)/);
    expect(second.stdout).toMatch(/20 warnings/);
    expect(scans()).toHaveLength(2);
  });

  it('keeps the newest batches only', () => {
    const { repo, env } = recorded();
    for (let round = 0; round < 10; round += 1) {
      repo.stage({ ...manyFiles(), 'round.py': lowFile(100 + round) });
      expect(preCommit(repo, env).status).toBe(0);
    }
    expect(batchFiles(repo).filter((file) => file.endsWith('.json'))).toHaveLength(8);
  });
});

describe('cache.maxEntries', () => {
  it('bounds the cache: past it, the oldest written entries go first', () => {
    const { repo, env, scans } = recorded();
    repo.commit({ '.secgaterc.json': JSON.stringify({ cache: { maxEntries: 3 } }) });
    for (let i = 1; i <= 5; i += 1) {
      repo.stage({ [`f${i}.py`]: lowFile(i) });
      expect(preCommit(repo, env).status).toBe(0);
      repo.git('commit', '-q', '--no-verify', '-m', `f${i}`);
      expect(cacheFiles(repo).length).toBe(Math.min(i, 3));
    }
    expect(scans()).toHaveLength(5);

    // The three newest are answered from the cache...
    const newest = secgate(repo, ['scan', 'f3.py', 'f4.py', 'f5.py'], env);
    expect(newest.stdout).toMatch(/in 3 files \(3 from cache\)/);
    expect(scans()).toHaveLength(5);
    // ...the two oldest were pruned.
    const oldest = secgate(repo, ['scan', 'f1.py', 'f2.py'], env);
    expect(oldest.stdout).toMatch(/in 2 files \(0 from cache\)/);
    expect(scans()).toHaveLength(6);
  });

  it('holds when one run writes more entries than the bound, and the verdict is unaffected', () => {
    const { repo, env } = recorded();
    repo.commit({ '.secgaterc.json': JSON.stringify({ cache: { maxEntries: 2 } }) });
    repo.stage(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`m${i}.py`, lowFile(i)])));
    repo.stage({ 'deploy.py': HIGH_B602 });
    const result = preCommit(repo, env);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/in 7 files \(0 from cache\)/);
    const entries = cacheFiles(repo);
    expect(entries).toHaveLength(2);
    for (const entry of entries) entryValue(entry);
  });

  it('0 disables the cache: nothing is read and nothing is written', () => {
    const { repo, env, scans } = recorded();
    repo.stage({ 'deploy.py': HIGH_B602 });
    expect(preCommit(repo, env).status).toBe(1);
    const [entry] = cacheFiles(repo);
    const written = statSync(entry ?? '').mtimeMs;

    repo.stage({ '.secgaterc.json': JSON.stringify({ cache: { maxEntries: 0 } }) });
    const again = preCommit(repo, env);
    expect(again.status).toBe(1);
    // Not read: the entry is there, yet the file is scanned again.
    expect(again.stdout).toMatch(/\(0 from cache\)/);
    expect(scans()).toHaveLength(2);
    repo.stage({ 'other.py': LOW_ASSERT });
    expect(preCommit(repo, env).stdout).toMatch(/in 2 files \(0 from cache\)/);
    // Not written: still the one old entry, untouched.
    expect(cacheFiles(repo)).toEqual([entry]);
    expect(statSync(entry ?? '').mtimeMs).toBe(written);
  });

  it('0 in a fresh repository creates no cache at all', () => {
    const { repo, env } = recorded();
    repo.commit({ '.secgaterc.json': JSON.stringify({ cache: { maxEntries: 0 } }) });
    repo.stage({ 'deploy.py': HIGH_B602 });
    expect(preCommit(repo, env).status).toBe(1);
    expect(existsSync(cacheDir(repo))).toBe(false);
  });
});

describe("Bandit's version is part of the key", () => {
  it('an upgraded Bandit rescans, and the old version finds its entries again', () => {
    const repo = gitRepo();
    const log = join(repo.home, 'bandit.log');
    const tools = tempDir('secgate-tools-');
    // The same recorder, answering --version as two releases would; rewriting it is what an upgrade does to the file.
    const release = (version: string) =>
      fakeTool(tools, 'bandit', `if [ "$1" = "--version" ]; then echo "bandit ${version}"; exit 0; fi\n${recorderBody(log)}`);
    const scans = () => logLines(log).filter((line) => line.includes('--format json'));
    const env = { SECGATE_BANDIT: join(tools, 'bandit') };
    repo.stage({ 'deploy.py': HIGH_B602 });

    // The program that ran is part of the key too (its real file, size and mtime): the same file again is the same program.
    const installed = new Date('2026-01-02T03:04:05Z');
    release('1.6.2');
    utimesSync(join(tools, 'bandit'), installed, installed);
    expect(preCommit(repo, env).stdout).toMatch(/\(0 from cache\)/);
    expect(preCommit(repo, env).stdout).toMatch(/\(1 from cache\)/);
    expect(scans()).toHaveLength(1);

    release('1.6.3');
    const upgraded = preCommit(repo, env);
    expect(upgraded.status).toBe(1);
    expect(upgraded.stdout).toMatch(/\(0 from cache\)/);
    expect(scans()).toHaveLength(2);
    expect(cacheFiles(repo)).toHaveLength(2);

    release('1.6.2');
    utimesSync(join(tools, 'bandit'), installed, installed);
    expect(preCommit(repo, env).stdout).toMatch(/\(1 from cache\)/);
    expect(scans()).toHaveLength(2);
  });
});

describe('concurrent hooks in two linked worktrees of one repository', () => {
  /** The main worktree and a linked one, each with its own staged files plus one file staged in both. */
  function twoWorktrees(config: object = {}) {
    const { repo, env, scans } = recorded();
    repo.commit({ '.secgaterc.json': JSON.stringify(config) });
    const linked = join(dirname(repo.root), 'linked');
    repo.git('worktree', 'add', '-q', '-b', 'other', linked);
    const files = (prefix: string, offset: number) =>
      Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`${prefix}_m${i}.py`, lowFile(i + offset)]));
    repo.stage({ ...files('a', 0), 'shared.py': HIGH_B602 });
    for (const [path, content] of Object.entries({ ...files('b', 100), 'shared.py': HIGH_B602, 'clean.py': CLEAN })) {
      writeFileSync(join(linked, path), content);
      repo.git('-C', linked, 'add', '--', path);
    }
    const both = () =>
      Promise.all([
        // Listed by file (SECGATE_VERBOSE), not counted by group: the tests read each file's verdict.
        runCliAsync(['run', 'pre-commit'], { cwd: repo.root, env: { ...repo.env, ...env, SECGATE_VERBOSE: '1' } }),
        runCliAsync(['run', 'pre-commit'], { cwd: linked, env: { ...repo.env, ...env, SECGATE_VERBOSE: '1' } }),
      ]);
    return { repo, both, scans };
  }

  it('both verdicts are right, and the shared cache ends intact and complete', async () => {
    const { repo, both } = twoWorktrees();
    const [main, linked] = await both();
    expect(main.status).toBe(1);
    expect(linked.status).toBe(1);
    expect(main.stdout).toMatch(/in 25 files \(\d+ from cache\)/);
    expect(linked.stdout).toMatch(/in 26 files \(\d+ from cache\)/);
    expect(sectionOf(main.stdout, 'shared.py').join('\n')).toMatch(/BLOCK\s+HIGH B602/);
    expect(sectionOf(linked.stdout, 'shared.py').join('\n')).toMatch(/BLOCK\s+HIGH B602/);
    expect(sectionOf(linked.stdout, 'b_m7.py').join('\n')).toMatch(/warn\s+LOW B101/);

    const files = cacheFiles(repo);
    expect(files.filter((file) => !file.endsWith('.json'))).toEqual([]);
    // One entry per distinct content: 24 + 24 + shared + clean.
    expect(files).toHaveLength(50);
    for (const file of files) entryValue(file);

    const [mainAgain, linkedAgain] = await both();
    expect(mainAgain.stdout).toMatch(/in 25 files \(25 from cache\)/);
    expect(linkedAgain.stdout).toMatch(/in 26 files \(26 from cache\)/);
  });

  it('pruning at the same time in both keeps the bound and leaves only whole entries', async () => {
    const { repo, both } = twoWorktrees({ cache: { maxEntries: 10 } });
    const [main, linked] = await both();
    expect([main.status, linked.status]).toEqual([1, 1]);
    for (const result of [main, linked]) expect(`${result.stdout}${result.stderr}`).not.toMatch(/internal error|could not be written/);
    expect(main.stdout).toMatch(/in 25 files/);
    expect(linked.stdout).toMatch(/in 26 files/);
    const files = cacheFiles(repo);
    expect(files.length).toBeGreaterThan(0);
    expect(files.length).toBeLessThanOrEqual(10);
    for (const file of files) entryValue(file);
  });
});
