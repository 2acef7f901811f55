import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitRepo, tempDir, type TestRepo } from '../../helpers/git-repo.js';
import { killWorkers, waitForWorker, workerEnv } from '../../helpers/worker.js';
import { CLEAN, HIGH_B602, output, preCommit, requireBanditAndBuild, secgate } from './support.js';

beforeAll(requireBanditAndBuild);

/** A repository with a commit, and app.py staged with a HIGH finding (B602); its blob id and loose file. */
function stagedHigh(): { repo: TestRepo; id: string; file: string } {
  const repo = gitRepo();
  repo.commit({ 'README.md': 'x\n' });
  repo.stage({ 'app.py': HIGH_B602 });
  const id = repo.git('rev-parse', ':app.py').trim();
  return { repo, id, file: join(repo.root, '.git', 'objects', id.slice(0, 2), id.slice(2)) };
}

/** Replaces a loose object file with a well-formed blob of CLEAN, under the same name: git hands its bytes out unchecked. */
function tamper(file: string): void {
  if (existsSync(file)) chmodSync(file, 0o644);
  writeFileSync(file, deflateSync(`blob ${Buffer.byteLength(CLEAN)}\0${CLEAN}`));
}

/** The git commands a hook run started (GIT_TRACE), one line each. */
function tracedGit(repo: TestRepo, extra: NodeJS.ProcessEnv = {}) {
  const trace = join(tempDir('secgate-trace-'), 'trace');
  const result = preCommit(repo, { GIT_TRACE: trace, ...extra });
  const commands = readFileSync(trace, 'utf8')
    .split('\n')
    .filter((line) => line.includes('trace: built-in: git'));
  return { result, catFile: commands.filter((line) => / cat-file --batch(\s|$)/.test(line)) };
}

describe('pre-commit reads staged blobs from their loose objects', () => {
  it('a cold commit of one staged file starts no `git cat-file --batch`, and blocks as before', () => {
    const { repo } = stagedHigh();
    const { result, catFile } = tracedGit(repo);
    expect(result.status, output(result)).toBe(1);
    expect(result.stdout).toContain('B602');
    expect(catFile).toEqual([]);
  });

  it('the config and the parent’s version of a changed file (HEAD’s, loose too) are read without cat-file as well', () => {
    const repo = gitRepo();
    repo.commit({ '.secgaterc.json': '{ "cache": { "maxEntries": 0 } }\n', 'app.py': HIGH_B602 });
    repo.stage({ 'app.py': `${HIGH_B602}x = 1\n` });
    const { result, catFile } = tracedGit(repo);
    // The finding was in HEAD's app.py already: inherited, so it warns (read from HEAD's blob), and nothing blocks.
    expect(result.status, output(result)).toBe(0);
    expect(result.stdout).toContain('B602');
    expect(catFile).toEqual([]);
  });

  it('with GIT_OBJECT_DIRECTORY set, every blob is read through cat-file (the fast path is off)', () => {
    const { repo } = stagedHigh();
    const { result, catFile } = tracedGit(repo, { GIT_OBJECT_DIRECTORY: join(repo.root, '.git', 'objects') });
    expect(result.status, output(result)).toBe(1);
    expect(result.stdout).toContain('B602');
    expect(catFile.length).toBeGreaterThan(0);
  });

  it('after git gc (the blob packed), the hook falls back to cat-file and still blocks', () => {
    const { repo } = stagedHigh();
    repo.git('gc', '-q', '--prune=now');
    const { result, catFile } = tracedGit(repo);
    expect(result.status, output(result)).toBe(1);
    expect(result.stdout).toContain('B602');
    expect(catFile.length).toBeGreaterThan(0);
  });

  it('a staged loose object tampered to harmless content: exit 3 naming the corrupt object, never a pass', () => {
    const { repo, id, file } = stagedHigh();
    tamper(file);
    // git hands out the tampered bytes unchecked: judged through cat-file alone, this commit passed.
    expect(repo.git('cat-file', 'blob', id)).toBe(CLEAN);
    const result = preCommit(repo);
    expect(result.status, output(result)).toBe(3);
    expect(result.stderr).toContain(`object ${id} is corrupt`);
    expect(result.stderr).toContain('git fsck');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  // The hook reads a staged blob first and checks its hash while Bandit runs (BlobReader.readUnchecked).
  it('tampered, then restored: the first run is exit 3 and caches nothing, so the restored HIGH finding blocks', () => {
    const { repo, file } = stagedHigh();
    const genuine = readFileSync(file);
    tamper(file);
    expect(preCommit(repo).status).toBe(3);
    // Had the clean bytes' result been cached under the blob's id, this run would pass from the cache.
    writeFileSync(file, genuine);
    const result = preCommit(repo);
    expect(result.status, output(result)).toBe(1);
    expect(result.stdout).toContain('B602');
    expect(result.stdout).toContain('0 from cache');
  });

  it('a tampered loose file beside a good packed copy: the packed copy, which git commits, is judged and blocks, on every run', () => {
    const { repo, id, file } = stagedHigh();
    repo.git('gc', '-q', '--prune=now');
    mkdirSync(dirname(file), { recursive: true });
    tamper(file);
    expect(repo.git('cat-file', 'blob', id)).toBe(HIGH_B602);
    for (const run of [1, 2]) {
      const result = preCommit(repo);
      expect(result.status, `run ${run}: ${output(result)}`).toBe(1);
      expect(result.stdout).toContain('B602');
    }
  });

  it('with the resident Bandit, one tampered file among four: exit 3, nothing cached for any, then the restored HIGH blocks', async () => {
    const dir = join(tempDir(), 'w');
    const env = workerEnv(dir);
    try {
      const repo = gitRepo();
      repo.commit({ 'README.md': 'x\n' });
      // Started by a first scan, so that the runs below are served by it (a connection opened ahead, see scanner.ts).
      repo.stage({ 'warm.py': 'x = 1\n' });
      preCommit(repo, env);
      await waitForWorker(dir);
      repo.stage({ 'app.py': HIGH_B602, 'b.py': 'y = 2\n', 'c.py': 'z = 3\n', 'd.py': 'w = 4\n' });
      const id = repo.git('rev-parse', ':app.py').trim();
      const file = join(repo.root, '.git', 'objects', id.slice(0, 2), id.slice(2));
      const genuine = readFileSync(file);
      tamper(file);
      const tampered = preCommit(repo, env);
      expect(tampered.status, output(tampered)).toBe(3);
      expect(tampered.stderr).toContain(`object ${id} is corrupt`);
      writeFileSync(file, genuine);
      const restored = preCommit(repo, env);
      expect(restored.status, output(restored)).toBe(1);
      expect(restored.stdout).toContain('B602');
      // Not even the files whose objects were sound were cached by the tampered run: only warm.py, by the first.
      expect(restored.stdout).toContain('in 5 files (1 from cache)');
      // Both runs were scanned by the worker (the tampered one once: its strict rescan stopped at the read),
      // none by a silent one-shot fallback.
      const status = secgate(repo, ['worker', 'status'], env).stdout;
      expect(status).toContain('Bandit 1.6.2, 2 scans');
      expect(status).not.toMatch(/one-shot instead/);
    } finally {
      await killWorkers(dir);
    }
  });
});
