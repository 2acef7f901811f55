import { git, gitSync } from './exec.js';
import { parseLsEntries, parseRawDiff, type TreeEntry } from './parse.js';
import { emptyTree, headCommit, type Repo } from './repo.js';

/**
 * What `git commit` would record that differs from HEAD: added, modified,
 * renamed (at the new path), type-changed. GIT_INDEX_FILE is honoured because
 * git reads it from the environment we pass through.
 */
export async function stagedEntries(root: string, repo?: Pick<Repo, 'head' | 'objectFormat'>): Promise<TreeEntry[]> {
  const base = repo ? (repo.head ?? (await emptyTree(root, repo.objectFormat))) : ((await headCommit(root)) ?? (await emptyTree(root)));
  // Synchronous: the hook's first call, with nothing to overlap (see gitSync).
  const { stdout } = gitSync(root, ['diff-index', '--cached', '--raw', '-z', '--no-renames', '--no-ext-diff', base, '--']);
  return parseRawDiff(stdout);
}

/** Every file in the index (what `scan --all` looks at). */
export async function indexEntries(root: string): Promise<TreeEntry[]> {
  const { stdout } = await git(root, ['ls-files', '--stage', '-z']);
  return parseLsEntries(stdout);
}

/** Every file in a commit's tree. */
export async function treeEntries(root: string, commit: string): Promise<TreeEntry[]> {
  const { stdout } = await git(root, ['ls-tree', '-r', '-z', '--full-tree', commit, '--']);
  return parseLsEntries(stdout);
}

/** Files that differ between two commits, at their state in `to`. */
export async function changedEntries(root: string, from: string, to: string): Promise<TreeEntry[]> {
  const { stdout } = await git(root, ['diff-tree', '-r', '--raw', '-z', '--no-renames', '--no-ext-diff', from, to, '--']);
  return parseRawDiff(stdout);
}
