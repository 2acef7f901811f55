import { describe, expect, it } from 'vitest';
import { BlobReader, ObjectMissing } from '../../../src/git/blobs.js';
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
