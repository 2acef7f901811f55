import { beforeAll, describe, expect, it } from 'vitest';
import { fakeTool } from '../../helpers/fake-tool.js';
import { tempDir } from '../../helpers/git-repo.js';
import { copyWarmIndex, configWith, requireDataAndBuild } from '../../integration/deps/support.js';
import { BANDIT, requireBanditAndBuild } from '../../integration/gate/support.js';
import { hookRepo, secgate } from '../../integration/hooks/support.js';
import { commit, head } from './support.js';

beforeAll(() => {
  requireBanditAndBuild();
  requireDataAndBuild();
});

describe('a git child killed by a signal is a tool error, never a pass', () => {
  it('a `bandit` that SIGKILLs the hook’s `git cat-file --batch`, then runs the real Bandit: exit 3, no commit', () => {
    const repo = hookRepo();
    // No result cache: each run below starts Bandit, and so meets the attack.
    repo.commit({ '.secgaterc.json': configWith({ cache: { maxEntries: 0 } }) }, 'config');
    copyWarmIndex(repo);
    const before = head(repo);
    expect(secgate(repo, ['install']).status).toBe(0);
    // Early on PATH, as an attacker's (or a broken machine's) program would be. Its parent is secgate's node.
    const tools = tempDir('secgate-tools-');
    fakeTool(
      tools,
      'bandit',
      [
        'if [ "$1" != "--version" ]; then',
        '  for pid in $(pgrep -P "$PPID" -f "cat-file --batch"); do kill -9 "$pid"; done',
        'fi',
        `exec ${BANDIT} "$@"`,
      ].join('\n'),
    );
    repo.stage({ 'app.py': 'import subprocess\nsubprocess.call(cmd, shell=True)\n', 'requirements.txt': 'requests==2.31.0\n' });
    // Packed, so the blobs are read through cat-file (a loose object is read from its file, without git).
    repo.git('gc', '-q', '--prune=now');

    const result = commit(repo, { ...repo.env, PATH: `${tools}:${repo.env.PATH ?? ''}` });

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('cat-file');
    expect(result.stderr).toContain('SIGKILL');
    // Only the config commit: the hook stopped this one.
    expect(head(repo)).toBe(before);
    // secgate itself ended with 3 (a tool error): run the hook's command directly to see its code.
    const direct = secgate(repo, ['run', 'pre-commit'], { PATH: `${tools}:${repo.env.PATH ?? ''}` });
    expect(direct.status).toBe(3);
    expect(direct.stderr).not.toMatch(/^\s+at /m);
  });
});
