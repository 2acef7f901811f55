import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isFullId, looseObjects, parseLoose, readLoose, type ObjectFormat } from '../../../src/git/loose.js';
import { gitRepo, type TestRepo } from '../../helpers/git-repo.js';

const hasher = (format: ObjectFormat) => (bytes: Buffer) => createHash(format).update(bytes).digest('hex');
const sha1 = hasher('sha1');

/** Writes `content` as a loose object of `type` with git itself; its id and the file's inflated bytes. */
function looseObject(repo: TestRepo, content: string | Buffer, type = 'blob'): { id: string; file: string; inflated: Buffer } {
  const id = execFileSync('git', ['hash-object', '-w', '-t', type, '--stdin'], {
    cwd: repo.root,
    env: repo.env,
    input: content,
    encoding: 'utf8',
  }).trim();
  const file = join(repo.root, '.git', 'objects', id.slice(0, 2), id.slice(2));
  return { id, file, inflated: inflateSync(readFileSync(file)) };
}

/** A made-up object whose id is its true hash: only the part under test is wrong. */
function forged(bytes: string | Buffer): { id: string; inflated: Buffer } {
  const inflated = Buffer.from(bytes);
  return { id: sha1(inflated), inflated };
}

describe('parseLoose: a loose object read straight from its file is trusted only when it verifies', () => {
  it('a blob git wrote: its content, exactly (binary, empty)', () => {
    const repo = gitRepo();
    for (const content of ['print(1)\n', '', Buffer.from([0, 1, 2, 255, 10, 0])]) {
      const { id, inflated } = looseObject(repo, content);
      const parsed = parseLoose(inflated, id, sha1);
      expect(parsed.kind).toBe('blob');
      expect(parsed.kind === 'blob' && parsed.content).toEqual(Buffer.from(content));
    }
  });

  it('one flipped content byte: a mismatch, whatever the header says', () => {
    const repo = gitRepo();
    const { id, inflated } = looseObject(repo, 'import os\nos.system("ls")\n');
    const flipped = Buffer.from(inflated);
    flipped[flipped.length - 3] = (flipped[flipped.length - 3] ?? 0) ^ 0x20;
    expect(parseLoose(flipped, id, sha1)).toEqual({ kind: 'mismatch' });
    // Another blob's true bytes under this name: also a mismatch.
    const other = looseObject(repo, 'print("harmless")\n');
    expect(parseLoose(other.inflated, id, sha1)).toEqual({ kind: 'mismatch' });
  });

  it('a tree or a commit (genuine, hash verified) is not a blob: left to cat-file', () => {
    const repo = gitRepo();
    repo.commit({ 'a.py': 'x = 1\n' });
    const commit = repo.git('rev-parse', 'HEAD').trim();
    const tree = repo.git('rev-parse', 'HEAD^{tree}').trim();
    for (const id of [commit, tree]) {
      const inflated = inflateSync(readFileSync(join(repo.root, '.git', 'objects', id.slice(0, 2), id.slice(2))));
      expect(parseLoose(inflated, id, sha1)).toEqual({ kind: 'other' });
    }
    const fake = forged('commit 5\0hello');
    expect(parseLoose(fake.inflated, fake.id, sha1)).toEqual({ kind: 'other' });
  });

  it('a header whose size is not the content length, or that git would not write: other', () => {
    for (const bytes of [
      'blob 4\0hello',
      'blob 6\0hello',
      'blob 05\0hello',
      'blob +5\0hello',
      'blob5\0hello',
      'blob 5 \0hello',
      'blob 5',
    ]) {
      const { id, inflated } = forged(bytes);
      expect(parseLoose(inflated, id, sha1), bytes).toEqual({ kind: 'other' });
    }
    const right = forged('blob 5\0hello');
    expect(parseLoose(right.inflated, right.id, sha1)).toEqual({ kind: 'blob', content: Buffer.from('hello') });
  });
});

describe('readLoose and looseObjects', () => {
  it('reads a sha256 repository’s loose blob; a missing, unreadable or abbreviated one is undefined', async () => {
    const repo = gitRepo();
    repo.git('init', '-q', '--object-format=sha256', '--bare', 'other.git');
    const other = { ...repo, root: join(repo.root, 'other.git') };
    const id = execFileSync('git', ['hash-object', '-w', '--stdin'], {
      cwd: other.root,
      env: repo.env,
      input: 'x = 2\n',
      encoding: 'utf8',
    }).trim();
    expect(id).toHaveLength(64);
    const objects = looseObjects({ commonDir: other.root, objectFormat: 'sha256' }, {});
    expect(objects).toEqual({ dir: join(other.root, 'objects'), format: 'sha256' });
    if (!objects) return;
    expect(await readLoose(objects, id)).toEqual({ kind: 'blob', content: Buffer.from('x = 2\n') });
    expect(await readLoose(objects, id.slice(0, 40))).toBeUndefined();
    expect(await readLoose(objects, `${id.slice(0, 63)}${id[63] === '0' ? '1' : '0'}`)).toBeUndefined();
    expect(await readLoose(objects, id.toUpperCase())).toBeUndefined();
    // Not deflate: undefined (cat-file reports the broken object with git's own error).
    const file = join(objects.dir, id.slice(0, 2), id.slice(2));
    chmodSync(file, 0o644);
    writeFileSync(file, 'not zlib');
    expect(await readLoose(objects, id)).toBeUndefined();
    // Deflated bytes of other content under the name: a mismatch, never that content.
    writeFileSync(file, deflateSync('blob 9\0harmless\n'));
    expect(await readLoose(objects, id)).toEqual({ kind: 'mismatch' });
  });

  it('a large loose object (read and inflated asynchronously) and a small one read alike', async () => {
    const repo = gitRepo();
    // Random bytes do not compress: the loose file stays over the 64 KiB read synchronously.
    const big = randomBytes(200 * 1024);
    const small = Buffer.from('print(1)\n');
    const objects = looseObjects({ commonDir: join(repo.root, '.git'), objectFormat: 'sha1' }, {});
    if (!objects) throw new Error('no loose objects');
    for (const content of [big, small]) {
      const { id, file } = looseObject(repo, content);
      expect(statSync(file).size > 64 * 1024).toBe(content === big);
      expect(await readLoose(objects, id)).toEqual({ kind: 'blob', content });
    }
  });

  it('isFullId: only a full-length lowercase hex id of the format', () => {
    expect(isFullId('a'.repeat(40), 'sha1')).toBe(true);
    expect(isFullId('a'.repeat(64), 'sha1')).toBe(false);
    expect(isFullId('a'.repeat(64), 'sha256')).toBe(true);
    expect(isFullId('a'.repeat(40), 'sha256')).toBe(false);
    for (const spec of [':a.py', 'HEAD:a.py', `${'a'.repeat(39)}g`, `../${'a'.repeat(37)}`, 'A'.repeat(40)])
      expect(isFullId(spec, 'sha1')).toBe(false);
  });

  it('looseObjects is off when git may look for objects elsewhere, or the format is not known', () => {
    const repo = { commonDir: '/r/.git', objectFormat: 'sha1' };
    expect(looseObjects(repo, {})).toEqual({ dir: '/r/.git/objects', format: 'sha1' });
    expect(looseObjects(repo, { GIT_OBJECT_DIRECTORY: '/q/objects' })).toBeUndefined();
    expect(looseObjects(repo, { GIT_ALTERNATE_OBJECT_DIRECTORIES: '/q/objects' })).toBeUndefined();
    expect(looseObjects(repo, { GIT_OBJECT_DIRECTORY: '' })).toBeUndefined();
    expect(looseObjects({ commonDir: '/r/.git', objectFormat: 'sha512' }, {})).toBeUndefined();
    expect(looseObjects({ commonDir: '/r/.git' }, {})).toBeUndefined();
  });
});
