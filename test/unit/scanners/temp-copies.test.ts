import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TempCopies } from '../../../src/scanners/bandit/scanner.js';
import { tempDir } from '../../helpers/git-repo.js';

/** Writes every [path, content] at once (as the scanner does), returning where each went. */
async function writeAll(temp: string, files: [string, string][]): Promise<(string | undefined)[]> {
  const copies = new TempCopies(temp, files.length);
  return Promise.all(files.map(([path, content]) => copies.write(path, Buffer.from(content))));
}

describe('TempCopies', () => {
  it('puts each copy at its repository path under files/, with no folder per blob', async () => {
    const temp = tempDir();
    const targets = await writeAll(temp, [
      ['app/a.py', 'a = 1\n'],
      ['app/sub/b.py', 'b = 2\n'],
      ['top.py', 'c = 3\n'],
    ]);
    expect(targets.map((target) => relative(temp, target ?? ''))).toEqual([
      join('files', 'app', 'a.py'),
      join('files', 'app', 'sub', 'b.py'),
      join('files', 'top.py'),
    ]);
    expect(readdirSync(join(temp, 'files')).sort()).toEqual(['app', 'top.py']);
  });

  it('never lets a copy replace another: two blobs at one path each keep their own content', async () => {
    const temp = tempDir();
    const contents = ['one = 1\n', 'two = 2\n', 'three = 3\n', 'four = 4\n'];
    const targets = await writeAll(
      temp,
      contents.map((content) => ['pkg/helpers.py', content]),
    );
    expect(new Set(targets).size).toBe(contents.length);
    targets.forEach((target, i) => {
      expect(target?.endsWith(join('pkg', 'helpers.py'))).toBe(true);
      expect(readFileSync(target ?? '', 'utf8')).toBe(contents[i]);
    });
  });

  it('two different names that land on one file (as on a case-insensitive disk) still make two copies', async () => {
    const temp = tempDir();
    const files: [string, string][] = [
      ['pkg/x.py', 'first = 1\n'],
      ['pkg/./x.py', 'second = 2\n'],
      ['pkg//x.py', 'third = 3\n'],
    ];
    const targets = await writeAll(temp, files);
    expect(new Set(targets).size).toBe(files.length);
    targets.forEach((target, i) => expect(readFileSync(target ?? '', 'utf8')).toBe(files[i]?.[1]));
  });

  it('places a file and a folder of the same name (from two pushed commits), whichever comes first', async () => {
    for (const order of [0, 1]) {
      const temp = tempDir();
      const files: [string, string][] = [
        ['lib.py', 'file = 1\n'],
        ['lib.py/mod.py', 'inside = 2\n'],
        ['lib.py/deeper/x.py', 'deeper = 3\n'],
      ];
      if (order === 1) files.reverse();
      const targets = await writeAll(temp, files);
      targets.forEach((target, i) => {
        expect(target).toBeDefined();
        expect(target?.endsWith(files[i]?.[0] ?? '')).toBe(true);
        expect(readFileSync(target ?? '', 'utf8')).toBe(files[i]?.[1]);
      });
    }
  });

  it('refuses a path that climbs out of its layer', async () => {
    const temp = tempDir();
    const [outside, inside] = await writeAll(temp, [
      ['../../escape.py', 'x = 1\n'],
      ['ok.py', 'y = 2\n'],
    ]);
    expect(outside).toBeUndefined();
    expect(inside).toBe(join(temp, 'files', 'ok.py'));
    expect(readdirSync(temp).sort()).toEqual(['files']);
  });
});
