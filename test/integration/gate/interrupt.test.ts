import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeTool } from '../../helpers/fake-tool.js';
import { gitRepo, tempDir } from '../../helpers/git-repo.js';
import { BIN } from '../../helpers/run-cli.js';
import { HIGH_B602, requireBanditAndBuild } from './support.js';

beforeAll(requireBanditAndBuild);

/** Polls until `check` holds, or fails after `ms`. */
async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Ctrl-C during a scan', () => {
  it('removes the private copy of the staged content and dies of the signal', async () => {
    const repo = gitRepo();
    const tmp = join(repo.home, 'tmp');
    mkdirSync(tmp);
    const started = join(repo.home, 'bandit-started');
    // A Bandit that answers --version, then hangs in the scan as a slow real one would.
    const hanging = fakeTool(
      tempDir('secgate-tools-'),
      'bandit',
      `if [ "$1" = "--version" ]; then echo "bandit 1.6.2"; exit 0; fi\ntouch '${started}'\nexec sleep 30`,
    );
    repo.stage({ 'deploy.py': HIGH_B602 });

    // Its own process group, so the signal reaches secgate and "Bandit" together, as a terminal's Ctrl-C does.
    const child = spawn(process.execPath, [BIN, 'run', 'pre-commit'], {
      cwd: repo.root,
      env: { ...repo.env, TMPDIR: tmp, SECGATE_BANDIT: hanging },
      detached: true,
      stdio: 'ignore',
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    await waitFor(() => existsSync(started), 20_000, 'the scan to start');
    const during = readdirSync(tmp).filter((name) => name.startsWith('secgate-'));
    expect(during).toHaveLength(1);
    // The copy sits at its repository path (scanner.ts, TempCopies).
    expect(readdirSync(join(tmp, during[0] ?? ''), { recursive: true })).toContain(join('files', 'deploy.py'));

    process.kill(-(child.pid ?? 0), 'SIGINT');
    const { code, signal } = await exited;

    expect(signal ?? code).not.toBe(0);
    expect(signal).toBe('SIGINT');
    expect(readdirSync(tmp)).toEqual([]);
    // An interrupted scan caches nothing: the next run must look again.
    expect(existsSync(join(repo.root, '.git', 'secgate', 'cache'))).toBe(false);
  });
});
