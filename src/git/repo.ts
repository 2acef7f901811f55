import { isAbsolute, resolve } from 'node:path';
import { GitError, ToolError } from '../errors.js';
import { messages } from '../messages.js';
import { git, gitText } from './exec.js';

export interface Repo {
  /** Absolute path of the work tree's top level. */
  root: string;
  /** Absolute path of the git directory shared by all worktrees (where secgate keeps its state). */
  commonDir: string;
  /** sha1 or sha256. */
  objectFormat: string;
}

/** Finds the repository that contains `cwd`, in one git call. */
export async function openRepo(cwd: string): Promise<Repo> {
  let lines: string[];
  try {
    lines = (await gitText(cwd, ['rev-parse', '--show-toplevel', '--git-common-dir', '--show-object-format'])).split('\n');
  } catch (error) {
    if (error instanceof GitError) {
      throw new ToolError(messages.notARepository(cwd), { remedy: messages.notARepositoryRemedy, cause: error });
    }
    throw error;
  }
  const [root, commonDir, objectFormat] = lines;
  if (!root || !commonDir) throw new ToolError(messages.notARepository(cwd), { remedy: messages.notARepositoryRemedy });
  return {
    root,
    // --git-common-dir is relative to cwd unless absolute.
    commonDir: isAbsolute(commonDir) ? commonDir : resolve(cwd, commonDir),
    objectFormat: objectFormat ?? 'sha1',
  };
}

/** The commit HEAD points at, or undefined on an unborn branch. */
export async function headCommit(root: string): Promise<string | undefined> {
  const { stdout, status } = await git(root, ['rev-parse', '-q', '--verify', 'HEAD^{commit}'], { okCodes: [1] });
  return status === 0 ? stdout.toString('utf8').trim() : undefined;
}

/** The id of the empty tree in this repository's hash (an unborn HEAD compares against it). */
export async function emptyTree(root: string): Promise<string> {
  return gitText(root, ['hash-object', '-t', 'tree', '--stdin'], { input: '' });
}
