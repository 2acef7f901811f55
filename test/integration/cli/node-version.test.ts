import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../../helpers/run-cli.js';
import { cleanEnv, gitRepo, tempDir } from '../../helpers/git-repo.js';

/** The real bin/secgate.js under this Node, told by a preload that it is another version. */
function runAs(version: string, args: string[], cwd?: string) {
  const dir = tempDir();
  const preload = join(dir, 'pretend-version.cjs');
  writeFileSync(preload, `Object.defineProperty(process.versions, 'node', { value: ${JSON.stringify(version)} });\n`);
  return spawnSync(process.execPath, ['--require', preload, BIN, ...args], { cwd: cwd ?? dir, env: cleanEnv(dir), encoding: 'utf8' });
}

describe('secgate on an old Node.js', () => {
  it('prints one line saying which Node it needs, and exits 3 before loading anything', () => {
    const result = runAs('18.19.0', ['--version']);
    expect(result.status).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('secgate needs Node.js >= 20.9; this is Node.js 18.19.0');
    expect(result.stderr).not.toMatch(/SyntaxError|at .*\(/);
  });

  it('a hook run on an old Node blocks (exit 3), never passes', () => {
    // Nothing staged: on a supported Node this commit passes.
    const repo = gitRepo();
    expect(runAs('20.9.0', ['run', 'pre-commit'], repo.root).status).toBe(0);
    const result = runAs('16.20.2', ['run', 'pre-commit'], repo.root);
    expect(result.status).toBe(3);
  });

  it('runs as usual on a supported Node', () => {
    const result = runAs('20.9.0', ['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
