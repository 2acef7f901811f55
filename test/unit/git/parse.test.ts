import { describe, expect, it } from 'vitest';
import { isNullId, isRegularFile, parseLsEntries, parseRawDiff } from '../../../src/git/parse.js';

/*
 * Fixtures captured once from git 2.39.5 (core.quotepath=off), in a repository
 * where, after a first commit: mod.py was modified, del.py removed, type.py
 * replaced by a symlink, "with space.py" modified, café/ñandú.py and new.py added.
 *
 *   git diff-index --cached --raw -z --no-renames --no-ext-diff HEAD --
 */
const DIFF_INDEX =
  ':000000 100644 0000000000000000000000000000000000000000 4ae8ef021bf6fcfff43a13be5abfa52bb6fb5dbc A\u0000café/ñandú.py\u0000' +
  ':100644 000000 587be6b4c3f93f93c489c0111bba5596147a26cb 0000000000000000000000000000000000000000 D\u0000del.py\u0000' +
  ':100644 100644 78981922613b2afb6025042ff6bd878ac1994e85 61780798228d17af2d34fce4cfbdf35556832472 M\u0000mod.py\u0000' +
  ':000000 100644 0000000000000000000000000000000000000000 8ba3a16384aacc37d01564b28401755ce8053f51 A\u0000new.py\u0000' +
  ':100644 120000 718f4d2ff533cf8ead8d3556cf43912bd245fbc4 a8b84dff5202bef1736d93301f5cc5f2da4ab2f8 T\u0000type.py\u0000' +
  ':100644 100644 4286f428e3b19fe84de503916ce0e7dc8deefea1 3e757656cf36eca53338e520d134963a44f793f8 M\u0000with space.py\u0000';

/* Next commit in the same repository: a path with a newline in it, a mode change, a submodule entry. */
const DIFF_INDEX_ODD =
  ':000000 100644 0000000000000000000000000000000000000000 8ba3a16384aacc37d01564b28401755ce8053f51 A\u0000line\nbreak.py\u0000' +
  ':100644 100755 8ba3a16384aacc37d01564b28401755ce8053f51 8ba3a16384aacc37d01564b28401755ce8053f51 M\u0000new.py\u0000' +
  ':000000 160000 0000000000000000000000000000000000000000 587be6b4c3f93f93c489c0111bba5596147a26cb A\u0000sub\u0000';

/* During a merge conflict on c.py: the unmerged entry (status U, null new id). */
const DIFF_INDEX_UNMERGED =
  ':100644 000000 950b81b7eee953d050aa05a641f8e056c85dd1bd 0000000000000000000000000000000000000000 U\u0000c.py\u0000';

/* git ls-files --stage -z, same repository. */
const LS_FILES =
  '100644 4ae8ef021bf6fcfff43a13be5abfa52bb6fb5dbc 0\tcafé/ñandú.py\u0000' +
  '100644 8ba3a16384aacc37d01564b28401755ce8053f51 0\tline\nbreak.py\u0000' +
  '100644 61780798228d17af2d34fce4cfbdf35556832472 0\tmod.py\u0000' +
  '100755 8ba3a16384aacc37d01564b28401755ce8053f51 0\tnew.py\u0000' +
  '120000 a8b84dff5202bef1736d93301f5cc5f2da4ab2f8 0\ttype.py\u0000' +
  '100644 3e757656cf36eca53338e520d134963a44f793f8 0\twith space.py\u0000' +
  '160000 587be6b4c3f93f93c489c0111bba5596147a26cb 0\tsub\u0000';

/* git ls-tree -r -z --full-tree HEAD, same repository. */
const LS_TREE =
  '100644 blob 4ae8ef021bf6fcfff43a13be5abfa52bb6fb5dbc\tcafé/ñandú.py\u0000' +
  '100644 blob 8ba3a16384aacc37d01564b28401755ce8053f51\tline\nbreak.py\u0000' +
  '100644 blob 61780798228d17af2d34fce4cfbdf35556832472\tmod.py\u0000' +
  '100755 blob 8ba3a16384aacc37d01564b28401755ce8053f51\tnew.py\u0000' +
  '120000 blob a8b84dff5202bef1736d93301f5cc5f2da4ab2f8\ttype.py\u0000' +
  '100644 blob 3e757656cf36eca53338e520d134963a44f793f8\twith space.py\u0000' +
  '160000 commit 587be6b4c3f93f93c489c0111bba5596147a26cb\tsub\u0000';

/* git ls-files --stage -z during a merge conflict: stages 1 (base), 2 (ours), 3 (theirs). */
const LS_FILES_CONFLICT =
  '100644 df967b96a579e45a18b8251732d16804b2e56a55 1\tc.py\u0000' +
  '100644 950b81b7eee953d050aa05a641f8e056c85dd1bd 2\tc.py\u0000' +
  '100644 b19a1e93bec1317dc6097229e12afaffbfa74dc2 3\tc.py\u0000';

describe('parseRawDiff', () => {
  it('keeps added, modified and type-changed entries with their new id and mode, drops deletions', () => {
    expect(parseRawDiff(DIFF_INDEX)).toEqual([
      { path: 'café/ñandú.py', blob: '4ae8ef021bf6fcfff43a13be5abfa52bb6fb5dbc', mode: '100644' },
      { path: 'mod.py', blob: '61780798228d17af2d34fce4cfbdf35556832472', mode: '100644' },
      { path: 'new.py', blob: '8ba3a16384aacc37d01564b28401755ce8053f51', mode: '100644' },
      { path: 'type.py', blob: 'a8b84dff5202bef1736d93301f5cc5f2da4ab2f8', mode: '120000' },
      { path: 'with space.py', blob: '3e757656cf36eca53338e520d134963a44f793f8', mode: '100644' },
    ]);
  });

  it('reads the same bytes from a Buffer (unicode decoded as UTF-8)', () => {
    const entries = parseRawDiff(Buffer.from(DIFF_INDEX, 'utf8'));
    expect(entries.map((e) => e.path)).toEqual(['café/ñandú.py', 'mod.py', 'new.py', 'type.py', 'with space.py']);
  });

  it('keeps a newline inside a path, the new mode of a mode change, and a submodule as mode 160000', () => {
    expect(parseRawDiff(DIFF_INDEX_ODD)).toEqual([
      { path: 'line\nbreak.py', blob: '8ba3a16384aacc37d01564b28401755ce8053f51', mode: '100644' },
      { path: 'new.py', blob: '8ba3a16384aacc37d01564b28401755ce8053f51', mode: '100755' },
      { path: 'sub', blob: '587be6b4c3f93f93c489c0111bba5596147a26cb', mode: '160000' },
    ]);
  });

  it('never offers an unmerged entry as a regular file', () => {
    const entries = parseRawDiff(DIFF_INDEX_UNMERGED);
    expect(entries.filter(isRegularFile)).toEqual([]);
  });

  it('returns nothing for empty output (nothing staged)', () => {
    expect(parseRawDiff('')).toEqual([]);
    expect(parseRawDiff(Buffer.alloc(0))).toEqual([]);
  });
});

describe('parseLsEntries', () => {
  const expected = [
    { path: 'café/ñandú.py', blob: '4ae8ef021bf6fcfff43a13be5abfa52bb6fb5dbc', mode: '100644' },
    { path: 'line\nbreak.py', blob: '8ba3a16384aacc37d01564b28401755ce8053f51', mode: '100644' },
    { path: 'mod.py', blob: '61780798228d17af2d34fce4cfbdf35556832472', mode: '100644' },
    { path: 'new.py', blob: '8ba3a16384aacc37d01564b28401755ce8053f51', mode: '100755' },
    { path: 'type.py', blob: 'a8b84dff5202bef1736d93301f5cc5f2da4ab2f8', mode: '120000' },
    { path: 'with space.py', blob: '3e757656cf36eca53338e520d134963a44f793f8', mode: '100644' },
    { path: 'sub', blob: '587be6b4c3f93f93c489c0111bba5596147a26cb', mode: '160000' },
  ];

  it('reads `git ls-files --stage -z`', () => {
    expect(parseLsEntries(LS_FILES)).toEqual(expected);
  });

  it('reads `git ls-tree -r -z` to the same entries', () => {
    expect(parseLsEntries(Buffer.from(LS_TREE, 'utf8'))).toEqual(expected);
  });

  it('keeps one entry per path during a conflict', () => {
    const entries = parseLsEntries(LS_FILES_CONFLICT);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.path).toBe('c.py');
  });

  it('returns nothing for empty output', () => {
    expect(parseLsEntries('')).toEqual([]);
  });
});

describe('isRegularFile', () => {
  it('accepts 100644 and 100755 only', () => {
    const entry = (mode: string) => ({ path: 'x.py', blob: 'a'.repeat(40), mode });
    expect(isRegularFile(entry('100644'))).toBe(true);
    expect(isRegularFile(entry('100755'))).toBe(true);
    expect(isRegularFile(entry('120000'))).toBe(false);
    expect(isRegularFile(entry('160000'))).toBe(false);
    expect(isRegularFile(entry('000000'))).toBe(false);
  });
});

describe('isNullId', () => {
  it('is true for all-zero SHA-1 and SHA-256 ids', () => {
    expect(isNullId('0'.repeat(40))).toBe(true);
    expect(isNullId('0'.repeat(64))).toBe(true);
  });

  it('is false for other lengths, real ids and the empty string', () => {
    expect(isNullId('0'.repeat(39))).toBe(false);
    expect(isNullId('0'.repeat(41))).toBe(false);
    expect(isNullId('0'.repeat(63))).toBe(false);
    expect(isNullId(`${'0'.repeat(39)}1`)).toBe(false);
    expect(isNullId('4b825dc642cb6eb9a060e54bf8d69288fbee4904')).toBe(false);
    expect(isNullId('')).toBe(false);
  });
});

describe('parseLsEntries with names that are not UTF-8', () => {
  it('keeps two names that decode alike as two entries, each with its own blob', () => {
    const record = (name: Buffer, blob: string) => Buffer.concat([Buffer.from(`100644 blob ${blob}\t`), name, Buffer.from([0])]);
    const output = Buffer.concat([
      record(Buffer.from([0xff, 0x2e, 0x70, 0x79]), 'a'.repeat(40)),
      record(Buffer.from([0xfe, 0x2e, 0x70, 0x79]), 'b'.repeat(40)),
    ]);
    const entries = parseLsEntries(output);
    expect(entries.map((entry) => entry.blob)).toEqual(['a'.repeat(40), 'b'.repeat(40)]);
    expect(entries.every((entry) => entry.path === '\ufffd.py')).toBe(true);
  });
});
