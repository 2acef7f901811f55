import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withTempDir } from '../../../src/process/temp.js';
import { tempDir } from '../../helpers/git-repo.js';

describe('withTempDir', () => {
  it('removes its folder, whatever is in it, and removes links as links: what they point at stays', async () => {
    const outside = tempDir();
    writeFileSync(join(outside, 'keep.py'), 'x = 1\n');
    let made = '';
    const answer = await withTempDir(async (dir) => {
      made = dir;
      mkdirSync(join(dir, 'files', 'deep er', 'é'), { recursive: true });
      writeFileSync(join(dir, 'files', 'deep er', 'é', '-a.py'), 'x = 1\n');
      writeFileSync(join(dir, 'report-0.json'), '{}');
      symlinkSync(outside, join(dir, 'files', 'link-to-folder'));
      symlinkSync(join(outside, 'keep.py'), join(dir, 'link-to-file'));
      symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
      return 42;
    });
    expect(answer).toBe(42);
    expect(existsSync(made)).toBe(false);
    expect(readdirSync(outside)).toEqual(['keep.py']);
  });

  it('removes its folder when the work fails, and when the work removed it already', async () => {
    let made = '';
    await expect(
      withTempDir(async (dir) => {
        made = dir;
        writeFileSync(join(dir, 'a.py'), '');
        throw new Error('scan failed');
      }),
    ).rejects.toThrow('scan failed');
    expect(existsSync(made)).toBe(false);
    await withTempDir(async (dir) => {
      made = dir;
      rmSync(dir, { recursive: true });
    });
    expect(existsSync(made)).toBe(false);
  });
});
