import { describe, expect, it } from 'vitest';
import { GitError, ToolError } from '../../../src/errors.js';
import { messages } from '../../../src/messages.js';
import { simpleGitRun, simpleGitText } from '../../../src/git/simple.js';
import { gitRepo, tempDir } from '../../helpers/git-repo.js';

// The adapter install, uninstall and doctor ask git through: the rules of src/git/exec.ts must hold there too.
describe('git through simple-git (src/git/simple.ts)', () => {
  it('shows objects as recorded: a replace ref is ignored (GIT_NO_REPLACE_OBJECTS)', () => {
    const repo = gitRepo();
    repo.commit({ 'a.txt': 'original\n' });
    const original = repo.git('rev-parse', 'HEAD:a.txt').trim();
    const other = repo.git('hash-object', '-w', '--stdin', '--path', 'a.txt').trim(); // empty blob
    repo.git('replace', original, other);
    expect(repo.git('cat-file', '-p', original)).toBe('');
    return expect(simpleGitText(repo.root, ['cat-file', '-p', original], { env: repo.env })).resolves.toBe('original');
  });

  it('prints paths unquoted (core.quotepath=off)', async () => {
    const repo = gitRepo();
    repo.stage({ 'café.py': 'x = 1\n' });
    expect(repo.git('ls-files')).toContain('"caf\\303\\251.py"');
    expect(await simpleGitText(repo.root, ['ls-files'], { env: repo.env })).toBe('café.py');
  });

  it("keeps the caller's environment it needs, even with variables simple-git guards set (npm sets EDITOR)", async () => {
    const repo = gitRepo();
    const env = { ...repo.env, EDITOR: 'vi', PAGER: 'less', GIT_SSH_COMMAND: 'ssh -x', GIT_DIR: `${repo.root}/.git` };
    const text = await simpleGitText(tempDir(), ['rev-parse', '--absolute-git-dir'], { env });
    expect(text).toBe(`${repo.root}/.git`);
  });

  it('an exit code listed in okCodes is an answer; any other failure a GitError with its status', async () => {
    const repo = gitRepo();
    await expect(simpleGitRun(repo.root, ['config', '--get', 'core.hooksPath'], { env: repo.env, okCodes: [1] })).resolves.toEqual({
      stdout: '',
      status: 1,
    });
    // Nothing on stderr: simple-git alone would call this a success.
    const unset = simpleGitRun(repo.root, ['config', '--get', 'core.hooksPath'], { env: repo.env });
    await expect(unset).rejects.toBeInstanceOf(GitError);
    await expect(unset).rejects.toMatchObject({ status: 1, exitCode: 3 });
    const outside = simpleGitRun(tempDir(), ['rev-parse', '--show-toplevel'], { env: repo.env });
    await expect(outside).rejects.toBeInstanceOf(GitError);
    await expect(outside).rejects.toMatchObject({ status: 128, message: expect.stringContaining('not a git repository') });
  });

  it('git missing is a ToolError with the remedy, not a GitError', async () => {
    const repo = gitRepo();
    const missing = simpleGitRun(repo.root, ['--version'], { env: { ...repo.env, PATH: tempDir() } });
    await expect(missing).rejects.toBeInstanceOf(ToolError);
    await expect(missing).rejects.not.toBeInstanceOf(GitError);
    await expect(missing).rejects.toMatchObject({ message: messages.gitMissing, remedy: messages.gitMissingRemedy, exitCode: 3 });
  });
});
