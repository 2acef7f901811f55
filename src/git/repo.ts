import { isAbsolute, resolve } from 'node:path';
import { GitError, ToolError } from '../errors.js';
import { messages } from '../messages.js';
import { git, gitSync, gitText } from './exec.js';

export interface Repo {
  /** Absolute path of the work tree's top level. */
  root: string;
  /** Absolute path of the git directory shared by all worktrees (where secgate keeps its state). */
  commonDir: string;
  /** sha1 or sha256. */
  objectFormat: string;
  /** The commit HEAD points at, or undefined on an unborn branch. */
  head: string | undefined;
}

/** git's empty tree ids (EMPTY_TREE in git's hash.h): what an unborn HEAD is compared with. */
const EMPTY_TREE: Record<string, string> = {
  sha1: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  sha256: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321',
};

/**
 * Finds the repository that contains `cwd` and its HEAD, in one git call
 * (every spawn is felt in a hook), made synchronously (see gitSync). `--verify` exits 1 on an unborn branch,
 * after printing the other answers.
 */
export async function openRepo(cwd: string): Promise<Repo> {
  let lines: string[];
  try {
    const { stdout } = gitSync(
      cwd,
      ['rev-parse', '--show-toplevel', '--git-common-dir', '--show-object-format', '-q', '--verify', 'HEAD^{commit}'],
      {
        okCodes: [1],
      },
    );
    lines = stdout.toString('utf8').split('\n');
  } catch (error) {
    if (error instanceof GitError) {
      throw new ToolError(messages.notARepository(cwd), { remedy: messages.notARepositoryRemedy, cause: error });
    }
    throw error;
  }
  const [root, commonDir, objectFormat, head] = lines;
  if (!root || !commonDir) throw new ToolError(messages.notARepository(cwd), { remedy: messages.notARepositoryRemedy });
  return {
    root,
    // --git-common-dir is relative to cwd unless absolute.
    commonDir: isAbsolute(commonDir) ? commonDir : resolve(cwd, commonDir),
    objectFormat: objectFormat ?? 'sha1',
    head: head || undefined,
  };
}

/** The commit HEAD points at, or undefined on an unborn branch. */
export async function headCommit(root: string): Promise<string | undefined> {
  const { stdout, status } = await git(root, ['rev-parse', '-q', '--verify', 'HEAD^{commit}'], { okCodes: [1] });
  return status === 0 ? stdout.toString('utf8').trim() : undefined;
}

/** The id of the empty tree in this repository's hash (an unborn HEAD compares against it). */
export async function emptyTree(root: string, objectFormat?: string): Promise<string> {
  return EMPTY_TREE[objectFormat ?? ''] ?? gitText(root, ['hash-object', '-t', 'tree', '--stdin'], { input: '' });
}
