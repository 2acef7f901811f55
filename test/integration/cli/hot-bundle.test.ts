import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../../dist/', import.meta.url));

/** Every file under dir/, recursively, source maps left out. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.map'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("the hooks' bundle (dist/cli.cjs)", () => {
  it('holds neither simple-git nor execa: they serve install, uninstall and doctor, loaded lazily', () => {
    const hot = readFileSync(join(dist, 'cli.cjs'), 'utf8');
    expect(hot).not.toMatch(/simple-git|simpleGit/);
    expect(hot).not.toMatch(/\bexeca\b/);
  });

  it('while the lazily loaded commands do carry them (so the check above looks for something that exists)', () => {
    const lazy = files(join(dist, 'lazy')).map((file) => readFileSync(file, 'utf8'));
    expect(lazy.some((text) => /simple-git/.test(text))).toBe(true);
    expect(lazy.some((text) => /\bexeca\b/.test(text))).toBe(true);
  });
});
