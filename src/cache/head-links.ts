import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from '../process/fs-async.js';
import { join } from 'node:path';
import { tempSibling } from '../files/temp-name.js';
import { git } from '../git/exec.js';
import { MODE_SYMLINK, type TreeEntry } from '../git/parse.js';
import { listCommit } from '../git/source.js';
import { listedLinks } from '../git/symlinks.js';

interface Memo {
  commit: string;
  links: [path: string, blob: string][];
}

function readMemo(file: string): Memo | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Memo>;
    if (typeof parsed.commit === 'string' && Array.isArray(parsed.links)) return parsed as Memo;
  } catch {
    // absent or damaged: listed again
  }
  return undefined;
}

/**
 * `git diff-tree -r --raw -z` applied to a set of links: every changed path
 * leaves the set, and comes back if it is a link afterwards.
 *
 *     :100644 120000 0123456... abcdef0... T\0app.py\0
 */
function applyDiff(links: Map<string, string>, output: Buffer): void {
  const fields = output.toString('utf8').split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const meta = fields[i] ?? '';
    if (!meta.startsWith(':')) break;
    const [, newMode, , newBlob, status] = meta.slice(1).split(' ');
    const path = fields[i + 1] ?? '';
    links.delete(path);
    if (newMode === MODE_SYMLINK && newBlob !== undefined && !status?.startsWith('D')) links.set(path, newBlob);
  }
}

/**
 * The symlinks of HEAD's tree, remembered in `<git-common-dir>/secgate/links.json`
 * and brought up to date from the last remembered commit with one
 * `diff-tree` (a commit changes a few files): the pre-commit hook finds the
 * links to a staged file without listing the whole index on every commit.
 * The index differs from HEAD only by staged entries, which the hook has.
 * A memo that cannot be used (damaged, its commit gone) is listed again.
 */
export async function headLinks(root: string, commonDir: string, head: string | undefined): Promise<TreeEntry[]> {
  if (head === undefined) return [];
  const file = join(commonDir, 'secgate', 'links.json');
  const memo = readMemo(file);
  if (memo?.commit === head) return memo.links.map(([path, blob]) => ({ path, blob, mode: MODE_SYMLINK }));
  let links: Map<string, string> | undefined;
  if (memo) {
    const diff = await git(root, ['diff-tree', '-r', '--raw', '-z', '--no-renames', '--no-ext-diff', memo.commit, head, '--']).catch(
      () => undefined,
    );
    if (diff) applyDiff((links = new Map(memo.links)), diff.stdout);
  }
  links ??= new Map(listedLinks(await listCommit(root, head)).map((link) => [link.path, link.blob]));
  // Remembering is an optimisation: a failed write costs the next run a listing, nothing more.
  const temp = tempSibling(file);
  try {
    await mkdir(join(commonDir, 'secgate'), { recursive: true });
    await writeFile(temp, JSON.stringify({ commit: head, links: [...links] } satisfies Memo));
    await rename(temp, file);
  } catch {
    await rm(temp, { force: true }).catch(() => {});
  }
  return [...links].map(([path, blob]) => ({ path, blob, mode: MODE_SYMLINK }));
}
