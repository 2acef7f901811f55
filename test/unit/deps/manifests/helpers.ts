import type { ParsedManifest, ReadSibling } from '../../../../src/deps/requirement.js';
import { parseManifest } from '../../../../src/deps/manifests/index.js';

/** A tree of files as readSibling sees it. */
export function tree(files: Record<string, string> = {}): ReadSibling {
  return async (path) => (Object.hasOwn(files, path) ? Buffer.from(files[path] ?? '', 'utf8') : undefined);
}

export function parse(
  path: string,
  text: string,
  files: Record<string, string> = {},
  env: NodeJS.ProcessEnv = {},
): Promise<ParsedManifest> {
  return parseManifest(path, Buffer.from(text, 'utf8'), tree(files), env);
}

/** Requirements by name, for compact assertions. */
export function byName(parsed: ParsedManifest, name: string) {
  const found = parsed.requirements.filter((r) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one requirement named ${name}, found ${found.length}`);
  return found[0]!;
}
