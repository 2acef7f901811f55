import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitRepo } from '../../helpers/git-repo.js';
import { BIN } from '../../helpers/run-cli.js';
import { HIGH_B602, requireBanditAndBuild } from './support.js';

beforeAll(requireBanditAndBuild);

const CLI = fileURLToPath(new URL('../../../dist/cli.cjs', import.meta.url));

/**
 * Runs the built bundle's start() as bin/secgate.js does, with `run` (a
 * function's source) in place of main: the faults main() cannot catch.
 */
function startWith(run: string): { status: number | null; stderr: string } {
  const script = `process.exitCode = 3;\nrequire(${JSON.stringify(CLI)}).start([], ${run});\n`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stderr: result.stderr };
}

describe('a run that ends without a verdict is a tool error (exit 3), never a pass', () => {
  it('the event loop drains while main still waits (a child that will never answer)', () => {
    const result = startWith('() => new Promise(() => {})');
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('stopped before reaching a verdict');
  });

  it('an exception thrown in a callback', () => {
    const result = startWith("() => new Promise(() => { setTimeout(() => { throw new Error('boom in a callback'); }, 10); })");
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('boom in a callback');
  });

  it('a rejection nobody awaits, even when main then says "pass"', () => {
    const result = startWith(
      "() => { Promise.reject(new Error('lost rejection')); return new Promise((r) => setTimeout(() => r(0), 200)); }",
    );
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('lost rejection');
  });

  it('main rejecting', () => {
    const result = startWith("() => Promise.reject(new Error('main fell over'))");
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('main fell over');
  });

  it('main deciding still decides: a pass is 0, a block 1', () => {
    expect(startWith('async () => 0').status).toBe(0);
    expect(startWith('async () => 1').status).toBe(1);
  });
});

describe('a reader that went away is no pass', () => {
  it('stdout closed before the report (EPIPE): a blocking finding still exits 1', () => {
    const repo = gitRepo();
    repo.stage({ 'deploy.py': HIGH_B602 });
    // `| true`: the reader is gone long before secgate writes its report (Bandit takes a while).
    const result = spawnSync('bash', ['-c', `'${process.execPath}' '${BIN}' run pre-commit | true; exit "\${PIPESTATUS[0]}"`], {
      cwd: repo.root,
      env: repo.env,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
  });
});
