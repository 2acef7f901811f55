import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CHECKOUT = fileURLToPath(new URL('../../..', import.meta.url));

/** What `npm pack` would put in the tarball (dist/ as last built: the tests run the built dist/). */
function packedFiles(): string[] {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: CHECKOUT, env, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  const [pack] = JSON.parse(result.stdout) as { files: { path: string }[] }[];
  return (pack?.files ?? []).map((file) => file.path).sort();
}

describe('the npm package', () => {
  it('holds what runs and nothing else: bin/, dist/ without source maps, the resident Bandit script, README, LICENSE, package.json', () => {
    const files = packedFiles();
    expect(files).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'package.json',
        'bin/package.json',
        'bin/secgate.js',
        'bin/node-version.js',
        'dist/cli.cjs',
        'dist/boot.cjs',
        'python/secgate_worker.py',
      ]),
    );
    expect(files.some((path) => path.startsWith('dist/lazy/commands/'))).toBe(true);
    const unexpected = files.filter(
      (path) =>
        !['LICENSE', 'README.md', 'package.json', 'python/secgate_worker.py'].includes(path) &&
        !/^bin\/[^/]+\.(js|json)$/.test(path) &&
        !/^dist\/.+\.(c?js)$/.test(path),
    );
    expect(unexpected).toEqual([]);
  });
});
