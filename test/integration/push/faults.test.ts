import { beforeAll, describe, expect, it } from 'vitest';
import { fakeTool } from '../../helpers/fake-tool.js';
import { tempDir } from '../../helpers/git-repo.js';
import { configWith, copyWarmIndex, requireDataAndBuild } from '../deps/support.js';
import { BANDIT, requireBanditAndBuild } from '../gate/support.js';
import { prePush, pushRepo, refLine } from './support.js';

beforeAll(() => {
  requireBanditAndBuild();
  requireDataAndBuild();
});

describe('pre-push: a git child killed by a signal is a tool error, never a pass', () => {
  it('a `bandit` that SIGKILLs the push’s `git cat-file --batch`, then runs the real Bandit: exit 3', () => {
    const push = pushRepo();
    const { repo } = push;
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
    repo.env.PATH = `${tools}:${repo.env.PATH ?? ''}`;
    copyWarmIndex(repo);
    const head = repo.commit({
      '.secgaterc.json': configWith({ cache: { maxEntries: 0 } }),
      'app.py': 'import subprocess\nsubprocess.call(cmd, shell=True)\n',
      'requirements.txt': 'requests==2.31.0\n',
    });
    // Packed, so the blobs are read through cat-file (a loose object is read from its file, without git).
    repo.git('gc', '-q', '--prune=now');
    const result = prePush(push, refLine('refs/heads/main', head, 'refs/heads/main'));
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('cat-file');
    expect(result.stderr).toContain('SIGKILL');
  });
});
