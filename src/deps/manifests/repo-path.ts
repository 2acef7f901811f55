/** Repository paths (`/` separators, no leading `/`) for includes, resolved without touching the disk. */

/** The directory part of a repository path: '' at the root. */
export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/**
 * `target` relative to the directory `dir`, with `.` and `..` folded away.
 * Undefined when it is absolute or climbs out of the repository: such a file
 * is not in the tree being judged.
 */
export function resolveRepoPath(dir: string, target: string): string | undefined {
  if (target.startsWith('/') || /^[A-Za-z]:[\\/]/.test(target)) return undefined;
  const parts: string[] = [];
  for (const part of `${dir}/${target}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return parts.length === 0 ? undefined : parts.join('/');
}
