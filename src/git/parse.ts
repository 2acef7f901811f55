/**
 * Pure parsers of git's machine output. Each quotes a real line of the output
 * it reads and links the documentation of its format.
 */

/** A file in a tree or the index, as git records it. */
export interface TreeEntry {
  path: string;
  /** Object id of the blob. */
  blob: string;
  /** Octal mode: 100644 file, 100755 executable, 120000 symlink, 160000 submodule. */
  mode: string;
}

export const MODE_SYMLINK = '120000';
export const MODE_SUBMODULE = '160000';

/** Regular files only: symlinks and submodules are never scanned. */
export function isRegularFile(entry: TreeEntry): boolean {
  return entry.mode === '100644' || entry.mode === '100755';
}

/**
 * `git diff-index --cached --raw -z --no-renames` (and `git diff-tree -r --raw -z`):
 *
 *     :100644 100644 bcd1234... 0123456... M\0file0\0
 *
 * https://git-scm.com/docs/git-diff-index#_raw_output_format
 * Deletions (D) are dropped: there is nothing left to scan.
 */
export function parseRawDiff(output: Buffer | string): TreeEntry[] {
  const fields = output.toString('utf8').split('\0');
  const entries: TreeEntry[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const meta = fields[i] ?? '';
    const path = fields[i + 1] ?? '';
    if (!meta.startsWith(':')) break;
    const [, newMode, , newBlob, status] = meta.slice(1).split(' ');
    if (newMode === undefined || newBlob === undefined || status === undefined) continue;
    if (status.startsWith('D')) continue;
    entries.push({ path, blob: newBlob, mode: newMode });
  }
  return entries;
}

/**
 * `git ls-files --stage -z` (index) and `git ls-tree -r -z` (a commit):
 *
 *     100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391 0\tfile0\0      (ls-files -s)
 *     100644 blob e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\tfile0\0   (ls-tree)
 *
 * https://git-scm.com/docs/git-ls-files#_output, https://git-scm.com/docs/git-ls-tree#_output_format
 * Entries at a conflict stage other than 0 keep the last one seen per path.
 */
export function parseLsEntries(output: Buffer | string): TreeEntry[] {
  const byPath = new Map<string, TreeEntry>();
  // Keyed by the path's bytes (latin1 maps each byte to one character): two
  // names that are not UTF-8 (`\xff.py`, `\xfe.py`) decode alike, yet are two files.
  const bytes = typeof output === 'string' ? Buffer.from(output, 'utf8') : output;
  for (const raw of bytes.toString('latin1').split('\0')) {
    if (raw === '') continue;
    const tab = raw.indexOf('\t');
    if (tab < 0) continue;
    const [mode, second, third] = raw.slice(0, tab).split(' ');
    if (mode === undefined || second === undefined) continue;
    // ls-tree: "<mode> <type> <id>"; ls-files -s: "<mode> <id> <stage>".
    const blob = second === 'blob' || second === 'commit' || second === 'tree' ? third : second;
    if (blob === undefined) continue;
    const rawPath = raw.slice(tab + 1);
    byPath.set(rawPath, { path: Buffer.from(rawPath, 'latin1').toString('utf8'), blob, mode });
  }
  return [...byPath.values()];
}

/** All-zero object ids (40 hex for SHA-1, 64 for SHA-256) mean "no object". */
export function isNullId(id: string): boolean {
  return /^0+$/.test(id) && (id.length === 40 || id.length === 64);
}
