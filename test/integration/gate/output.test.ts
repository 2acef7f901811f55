import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitRepo } from '../../helpers/git-repo.js';
import { BIN } from '../../helpers/run-cli.js';
import { preCommit, requireBanditAndBuild } from './support.js';

beforeAll(requireBanditAndBuild);

/** 40 files with 50 LOW findings each: a report (about 400 KB) far larger than a pipe's buffer. */
function manyWarnings(): Record<string, string> {
  const body = Array.from({ length: 50 }, (_, i) => `def check_${i}(x):\n    assert x\n`).join('\n');
  return Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`pkg/module_${i}.py`, `${body}\n# file ${i}\n`]));
}

describe('the report on stdout', () => {
  it('is written whole to a pipe that is read to the end', () => {
    const repo = gitRepo();
    repo.stage(manyWarnings());
    // Every finding listed (issue 14 counts them by group otherwise): a report far larger than a pipe's buffer.
    const result = preCommit(repo, { SECGATE_VERBOSE: '1' });
    expect(result.status).toBe(0);
    expect(result.stdout.match(/^ {2}warn {4}LOW B101/gm)).toHaveLength(2000);
    expect(result.stdout).toMatch(/secgate: passed: 0 blocking, 2000 warnings, 0 ignored in 40 files/);
  });

  it('a reader that goes away early (`| head -1`) does not turn the verdict into a crash', async () => {
    const repo = gitRepo();
    repo.stage(manyWarnings());
    // Warm the cache, so the report comes out at once.
    expect(preCommit(repo).status).toBe(0);

    // SECGATE_VERBOSE: the whole 400 KB listing, so that the writer outlives its reader.
    const child = spawn(process.execPath, [BIN, 'run', 'pre-commit'], {
      cwd: repo.root,
      env: { ...repo.env, SECGATE_VERBOSE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/internal error|EPIPE|Error/);
    expect(status).toBe(0);
  });
});
