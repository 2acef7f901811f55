import { beforeAll, describe, expect, it } from 'vitest';
import { fakeTool } from '../../helpers/fake-tool.js';
import { gitRepo, tempDir } from '../../helpers/git-repo.js';
import { LOW_ASSERT, preCommit, requireBanditAndBuild } from './support.js';

beforeAll(requireBanditAndBuild);

describe('Bandit failed: the message shows the command that failed', () => {
  it('prints the exact argv, shell-quoted, that "Run that command by hand" refers to', () => {
    const repo = gitRepo();
    const tools = tempDir('secgate tools ');
    const crash = fakeTool(
      tools,
      'bandit',
      'if [ "$1" = "--version" ]; then echo "bandit 1.6.2"; exit 0; fi\necho "ImportError: boom" >&2\nexit 2',
    );
    repo.stage({ 'app.py': LOW_ASSERT });
    const result = preCommit(repo, { SECGATE_BANDIT: crash });
    expect(result.status).toBe(3);
    const lines = result.stderr.split('\n');
    const at = lines.findIndex((line) => line.includes('The command was:'));
    expect(at, result.stderr).toBeGreaterThanOrEqual(0);
    const command = lines[at + 1]?.trim() ?? '';
    // The executable's folder has spaces: quoted as sh would need it.
    expect(command.startsWith(`'${crash}' --format json --output `)).toBe(true);
    expect(command).toMatch(/\/app\.py$/);
    expect(result.stderr).toContain('ImportError: boom');
    expect(result.stderr).toContain('Run that command by hand');
  });
});
