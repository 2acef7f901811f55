import { describe, expect, it } from 'vitest';
import type { TreeEntry } from '../../../src/git/parse.js';
import { listedLinks, listingView, MAX_LINK_HOPS, resolvePath } from '../../../src/git/symlinks.js';

/** A listed tree: `->` marks a link (its blob is the target text), `@` a submodule. */
function tree(files: Record<string, string>) {
  const entries: TreeEntry[] = [];
  const blobs = new Map<string, string>();
  for (const [path, spec] of Object.entries(files)) {
    const blob = `blob-${path}`;
    if (spec.startsWith('-> ')) {
      entries.push({ path, blob, mode: '120000' });
      blobs.set(blob, spec.slice(3));
    } else if (spec === '@') {
      entries.push({ path, blob, mode: '160000' });
    } else {
      entries.push({ path, blob, mode: '100644' });
    }
  }
  return listingView(entries, (blob) => Promise.resolve(Buffer.from(blobs.get(blob) ?? '')));
}

describe('resolvePath follows links inside one tree', () => {
  it('a link to a file in its own folder: the file, read through the link', async () => {
    const view = tree({ 'app.py': '-> impl.txt', 'impl.txt': 'x' });
    expect(await resolvePath(view, 'app.py')).toEqual({
      kind: 'file',
      path: 'impl.txt',
      blob: 'blob-impl.txt',
      mode: '100644',
      through: ['app.py'],
    });
  });

  it('a target is relative to the link folder, with .. folded', async () => {
    const view = tree({ 'pkg/app.py': '-> ../lib/./impl.txt', 'lib/impl.txt': 'x' });
    expect(await resolvePath(view, 'pkg/app.py')).toMatchObject({ kind: 'file', path: 'lib/impl.txt' });
  });

  it('chains are followed, each hop relative to its own folder', async () => {
    const view = tree({ 'a.py': '-> b/c.py', 'b/c.py': '-> ../d/e.txt', 'd/e.txt': 'x' });
    expect(await resolvePath(view, 'a.py')).toMatchObject({ kind: 'file', path: 'd/e.txt', through: ['a.py', 'b/c.py'] });
  });

  it('a linked folder in the middle of a path is followed, and .. after it is taken from where it leads (POSIX)', async () => {
    const view = tree({ lib: '-> vendor/lib', 'vendor/lib/impl.txt': 'x', 'vendor/top.txt': 'y', 'app.py': '-> lib/../top.txt' });
    expect(await resolvePath(view, 'app.py')).toMatchObject({ kind: 'file', path: 'vendor/top.txt', through: ['app.py', 'lib'] });
    expect(await resolvePath(view, 'lib/impl.txt')).toMatchObject({ kind: 'file', path: 'vendor/lib/impl.txt' });
  });

  it('out of the tree: an absolute target, or one that climbs above the root', async () => {
    const view = tree({ 'a.py': '-> /etc/passwd', 'b.py': '-> ../outside.py', 'sub/c.py': '-> ../../x.py' });
    expect(await resolvePath(view, 'a.py')).toEqual({ kind: 'outside', target: '/etc/passwd', through: ['a.py'] });
    expect(await resolvePath(view, 'b.py')).toMatchObject({ kind: 'outside', target: '../outside.py' });
    expect(await resolvePath(view, 'sub/c.py')).toMatchObject({ kind: 'outside', target: '../../x.py' });
  });

  it('into a submodule is out of this tree; the submodule itself is a folder', async () => {
    const view = tree({ vendor: '@', 'a.py': '-> vendor/impl.py', b: '-> vendor' });
    expect(await resolvePath(view, 'a.py')).toMatchObject({ kind: 'outside', target: 'vendor/impl.py' });
    expect(await resolvePath(view, 'b')).toMatchObject({ kind: 'directory' });
  });

  it('dangling: a missing target, or a file used as a folder', async () => {
    const view = tree({ 'a.py': '-> missing.txt', 'b.py': '-> impl.txt/x', 'impl.txt': 'x' });
    expect(await resolvePath(view, 'a.py')).toEqual({ kind: 'dangling', target: 'missing.txt', through: ['a.py'] });
    expect(await resolvePath(view, 'b.py')).toMatchObject({ kind: 'dangling', target: 'impl.txt/x' });
  });

  it('a link to a folder (or to the root) is a directory', async () => {
    const view = tree({ 'pkg.py': '-> src', 'src/m.py': 'x', 'root.py': '-> .' });
    expect(await resolvePath(view, 'pkg.py')).toMatchObject({ kind: 'directory' });
    expect(await resolvePath(view, 'root.py')).toMatchObject({ kind: 'directory' });
  });

  it('loops end after MAX_LINK_HOPS links, and a self-link too', async () => {
    const view = tree({ 'a.py': '-> b.py', 'b.py': '-> a.py', 'self.py': '-> self.py' });
    const loop = await resolvePath(view, 'a.py');
    expect(loop.kind).toBe('loop');
    expect(loop.through).toHaveLength(MAX_LINK_HOPS + 1);
    expect((await resolvePath(view, 'self.py')).kind).toBe('loop');
  });

  it('a long chain under the limit is followed to its end', async () => {
    const files: Record<string, string> = { 'end.txt': 'x' };
    for (let i = 0; i < MAX_LINK_HOPS; i++) files[`l${i}`] = `-> ${i + 1 < MAX_LINK_HOPS ? `l${i + 1}` : 'end.txt'}`;
    expect(await resolvePath(tree(files), 'l0')).toMatchObject({ kind: 'file', path: 'end.txt' });
  });

  it('a plain file resolves to itself, through nothing', async () => {
    expect(await resolvePath(tree({ 'dir/a.txt': 'x' }), 'dir/a.txt')).toMatchObject({ kind: 'file', path: 'dir/a.txt', through: [] });
  });
});

describe('listedLinks finds the symlinks of a raw listing without parsing the rest', () => {
  it('reads ls-files --stage and ls-tree records, at record starts only', () => {
    const files =
      '100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391 0\tnot 120000 a link.txt\u0000' +
      '120000 a8b84dff5202bef1736d93301f5cc5f2da4ab2f8 0\tapp.py\u0000' +
      '160000 0cf415eb6c0fa356ef535a5175e1860265c44d90 0\tsub\u0000' +
      '120000 b8b84dff5202bef1736d93301f5cc5f2da4ab2f8 0\tdir/with space\u0000';
    expect(listedLinks(Buffer.from(files))).toEqual([
      { path: 'app.py', blob: 'a8b84dff5202bef1736d93301f5cc5f2da4ab2f8', mode: '120000' },
      { path: 'dir/with space', blob: 'b8b84dff5202bef1736d93301f5cc5f2da4ab2f8', mode: '120000' },
    ]);
    const tree =
      '100644 blob e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\ta.py\u0000120000 blob a8b84dff5202bef1736d93301f5cc5f2da4ab2f8\tl.py\u0000';
    expect(listedLinks(Buffer.from(tree))).toEqual([{ path: 'l.py', blob: 'a8b84dff5202bef1736d93301f5cc5f2da4ab2f8', mode: '120000' }]);
    expect(listedLinks(Buffer.alloc(0))).toEqual([]);
  });
});
