import { isAbsolute, relative, sep } from 'node:path';

/**
 * Whether `path` is `root` or below it, on paths alone. `..hidden.py` is a
 * name inside the root; only `..` itself or `../…` climbs out.
 */
export function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`);
}
