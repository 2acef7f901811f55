import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BlobReader, ObjectMissing } from '../../../src/git/blobs.js';
import { looseObjects } from '../../../src/git/loose.js';
import { openRepo } from '../../../src/git/repo.js';
import { GitError } from '../../../src/errors.js';
import { gitRepo } from '../../helpers/git-repo.js';

/** The pid of the reader's `git cat-file --batch` (a test reaches into it to inject the fault). */
const pidOf = (reader: BlobReader) => (reader as unknown as { child: { pid: number } }).child.pid;

describe('BlobReader over a real `git cat-file --batch`', () => {
  it('reads blobs; a missing object is a ObjectMissing, an answer and not a fault', async () => {
    const repo = gitRepo();
    repo.commit({ 'a.py': 'print(1)\n' });
    const reader = new BlobReader(repo.root);
    expect((await reader.read('HEAD:a.py')).toString()).toBe('print(1)\n');
    await expect(reader.read('HEAD:nope.py')).rejects.toBeInstanceOf(ObjectMissing);
    expect((await reader.read('HEAD:a.py')).toString()).toBe('print(1)\n');
    reader.close();
  });

  it('git killed by a signal: reads in flight and every later read reject, naming the signal', async () => {
    const repo = gitRepo();
    repo.commit({ 'a.py': 'print(1)\n' });
    const reader = new BlobReader(repo.root);
    await reader.read('HEAD:a.py');
    // Stop git first, so the request below waits for an answer that cannot come.
    process.kill(pidOf(reader), 'SIGSTOP');
    const pending = reader.read('HEAD:a.py');
    process.kill(pidOf(reader), 'SIGKILL');
    await expect(pending).rejects.toThrow(/SIGKILL/);
    await expect(reader.read('HEAD:a.py')).rejects.toBeInstanceOf(GitError);
    await expect(reader.read('HEAD:a.py')).rejects.not.toBeInstanceOf(ObjectMissing);
  });

  it('a read after close rejects instead of waiting forever', async () => {
    const repo = gitRepo();
    repo.commit({ 'a.py': 'print(1)\n' });
    const reader = new BlobReader(repo.root);
    await reader.read('HEAD:a.py');
    reader.close();
    await expect(reader.read('HEAD:a.py')).rejects.toBeInstanceOf(GitError);
  });
});

/** Replaces a loose object file with a well-formed blob of other content ("harmless\n"), under the same name. */
function tamper(file: string): void {
  if (existsSync(file)) chmodSync(file, 0o644);
  writeFileSync(file, deflateSync('blob 9\0harmless\n'));
}

/** A repository with app.py staged (a loose object): its id, loose objects, file and content. */
const setup = (options: { format?: 'sha1' | 'sha256' } = {}) => {
  const repo = gitRepo();
  if (options.format === 'sha256') {
    rmSync(join(repo.root, '.git'), { recursive: true, force: true });
    repo.git('init', '-q', '--object-format=sha256');
  }
  repo.stage({ 'app.py': 'import subprocess\nsubprocess.call(x, shell=True)\n' });
  const id = repo.git('rev-parse', ':app.py').trim();
  const loose = looseObjects({ commonDir: join(repo.root, '.git'), objectFormat: options.format ?? 'sha1' }, {});
  const file = join(repo.root, '.git', 'objects', id.slice(0, 2), id.slice(2));
  const expected = execFileSync('git', ['cat-file', 'blob', id], { cwd: repo.root, env: repo.env });
  return { repo, id, loose, file, expected };
};

describe('BlobReader with loose objects: a staged file is read from its file, verified, without starting git', () => {
  it('a staged (loose) blob equals `git cat-file blob`, and no cat-file is started', async () => {
    const { id, loose, file, expected, repo } = setup();
    expect(existsSync(file)).toBe(true);
    const reader = new BlobReader(repo.root, { loose });
    expect(await reader.read(id)).toEqual(expected);
    expect(reader.spawned).toBe(false);
    // Without the option, the same read goes to cat-file: `spawned` tells the two apart.
    const plain = new BlobReader(repo.root);
    expect(await plain.read(id)).toEqual(expected);
    expect(plain.spawned).toBe(true);
    plain.close();
    reader.close();
    expect(reader.spawned).toBe(false);
  });

  it('a sha256 repository: the same', async () => {
    const { id, loose, expected, repo } = setup({ format: 'sha256' });
    expect(id).toHaveLength(64);
    const reader = new BlobReader(repo.root, { loose });
    expect(await reader.read(id)).toEqual(expected);
    expect(reader.spawned).toBe(false);
    reader.close();
  });

  it('packed (after git gc): falls back to cat-file, same content; specs always go to cat-file; answers stay in order', async () => {
    const { id, loose, file, expected, repo } = setup();
    repo.git('commit', '-q', '--no-verify', '-m', 'one');
    repo.git('gc', '-q', '--prune=now');
    expect(existsSync(file)).toBe(false);
    repo.stage({ 'b.py': 'print(2)\n' });
    const staged = repo.git('rev-parse', ':b.py').trim();
    const reader = new BlobReader(repo.root, { loose });
    const answers = await Promise.all([
      reader.read(id),
      reader.read(staged),
      reader.read(':app.py'),
      reader.read('HEAD:app.py'),
      reader.read(staged),
    ]);
    expect(answers.map(String)).toEqual([String(expected), 'print(2)\n', String(expected), String(expected), 'print(2)\n']);
    expect(reader.spawned).toBe(true);
    await expect(reader.read('f'.repeat(40))).rejects.toBeInstanceOf(ObjectMissing);
    reader.close();
  });

  it('close() before any read starts nothing, and reads after it reject, loose or not', async () => {
    const { id, loose, repo } = setup();
    const reader = new BlobReader(repo.root, { loose });
    reader.close();
    expect(reader.spawned).toBe(false);
    await expect(reader.read(id)).rejects.toBeInstanceOf(GitError);
    await expect(reader.read(':app.py')).rejects.toBeInstanceOf(GitError);
    expect(reader.spawned).toBe(false);
  });

  it('a loose file tampered to other content under the same name: an error (git itself would hand out the other content)', async () => {
    const { id, loose, file, repo } = setup();
    tamper(file);
    // git does not check: this is what cat-file alone would have judged.
    expect(execFileSync('git', ['cat-file', 'blob', id], { cwd: repo.root, env: repo.env, encoding: 'utf8' })).toBe('harmless\n');
    const reader = new BlobReader(repo.root, { loose });
    const read = reader.read(id);
    await expect(read).rejects.toBeInstanceOf(GitError);
    await expect(read).rejects.toThrow(/object [0-9a-f]{40} is corrupt/);
    await expect(read).rejects.not.toBeInstanceOf(ObjectMissing);
    reader.close();
  });

  it('a tampered loose file beside a good packed copy: git reads the pack, and so does the reader (checked)', async () => {
    const { id, loose, file, expected, repo } = setup();
    repo.git('commit', '-q', '--no-verify', '-m', 'one');
    repo.git('gc', '-q', '--prune=now');
    mkdirSync(dirname(file), { recursive: true });
    tamper(file);
    const reader = new BlobReader(repo.root, { loose });
    expect(await reader.read(id)).toEqual(expected);
    reader.close();
  });
});

describe('BlobReader.readUnchecked: a loose blob returned before its hash check, which checkUnchecked makes', () => {
  it('a genuine blob: its content, no git started, and the check finds nothing', async () => {
    const { id, loose, expected, repo } = setup();
    const reader = new BlobReader(repo.root, { loose });
    expect(await reader.readUnchecked(id)).toEqual(expected);
    expect(await reader.checkUnchecked()).toEqual([]);
    // Checked once, the hash is loaded: later reads check at once, and are still right.
    expect(await reader.readUnchecked(id)).toEqual(expected);
    expect(reader.spawned).toBe(false);
    reader.close();
  });

  it('a tampered loose file: its bytes come back unchecked, the check names the id, and the next read is the strict one (an error)', async () => {
    const { id, loose, file, repo } = setup();
    tamper(file);
    const reader = new BlobReader(repo.root, { loose });
    expect(String(await reader.readUnchecked(id))).toBe('harmless\n');
    // Two checks at once: the second answers only once the first has hashed what it took.
    const [first, second] = await Promise.all([reader.checkUnchecked(), reader.checkUnchecked()]);
    expect(first).toEqual([id]);
    expect(second).toEqual([id]);
    // Said for good: a later check still names it.
    expect(await reader.checkUnchecked()).toEqual([id]);
    await expect(reader.readUnchecked(id)).rejects.toThrow(/object [0-9a-f]{40} is corrupt/);
    await expect(reader.read(id)).rejects.toThrow(/object [0-9a-f]{40} is corrupt/);
    reader.close();
  });

  it('a check that starts while another still loads the hash answers with what that one found', async () => {
    const { id, loose, file, repo } = setup();
    tamper(file);
    const reader = new BlobReader(repo.root, { loose });
    await reader.readUnchecked(id);
    const first = reader.checkUnchecked();
    // Nothing is waiting any more (the first took it), yet this one must not answer "none" early.
    const second = reader.checkUnchecked();
    expect(await second).toEqual([id]);
    expect(await first).toEqual([id]);
    reader.close();
  });

  it('what is not a loose blob (an index path, a packed object) is read as read() reads it', async () => {
    const { id, loose, expected, repo } = setup();
    const reader = new BlobReader(repo.root, { loose });
    expect(await reader.readUnchecked(':app.py')).toEqual(expected);
    repo.git('commit', '-q', '--no-verify', '-m', 'one');
    repo.git('gc', '-q', '--prune=now');
    const packed = new BlobReader(repo.root, { loose });
    expect(await packed.readUnchecked(id)).toEqual(expected);
    expect(await packed.checkUnchecked()).toEqual([]);
    reader.close();
    packed.close();
  });
});

describe('BlobReader with loose objects in a linked worktree', () => {
  it('a file staged in a worktree is filed in the common git dir, and read from there', async () => {
    const repo = gitRepo();
    repo.commit({ 'README.md': 'x\n' });
    const tree = join(repo.root, '..', 'linked');
    repo.git('worktree', 'add', '-q', tree);
    writeFileSync(join(tree, 'app.py'), 'print("from the worktree")\n');
    execFileSync('git', ['add', 'app.py'], { cwd: tree, env: repo.env });
    const id = execFileSync('git', ['rev-parse', ':app.py'], { cwd: tree, env: repo.env, encoding: 'utf8' }).trim();
    const opened = await openRepo(tree);
    expect(opened.commonDir).toBe(join(repo.root, '.git'));
    const reader = new BlobReader(opened.root, { loose: looseObjects(opened, {}) });
    expect((await reader.read(id)).toString()).toBe('print("from the worktree")\n');
    expect(reader.spawned).toBe(false);
    reader.close();
  });
});
