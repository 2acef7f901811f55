import { mayInclude, parseManifest } from './manifests/index.js';
import type { ParsedManifest, ReadSibling } from './requirement.js';

export interface ParsedFile {
  path: string;
  parsed: ParsedManifest;
  /** Every file its includes read, at any depth. */
  reads: Set<string>;
}

/** Parses a manifest and records every file its includes read (transitively). */
export async function parseTracking(path: string, content: Buffer, read: ReadSibling, env: NodeJS.ProcessEnv): Promise<ParsedFile> {
  const reads = new Set<string>();
  const parsed = await parseManifest(
    path,
    content,
    (included) => {
      reads.add(included);
      return read(included);
    },
    env,
  );
  return { path, parsed, reads };
}

/**
 * The manifests of the tree that include any of `changed` (`-r`, `-c`,
 * setup.cfg's `file:`), at any depth, parsed. Each is parsed with the audit's
 * own include rules, so "includes" means exactly what the audit would read.
 * `skip` are manifests already audited.
 */
export async function includingManifests(
  changed: ReadonlySet<string>,
  candidates: readonly string[],
  skip: ReadonlySet<string>,
  read: ReadSibling,
  env: NodeJS.ProcessEnv,
): Promise<ParsedFile[]> {
  const found: ParsedFile[] = [];
  for (const path of candidates) {
    if (skip.has(path) || !mayInclude(path)) continue;
    const content = await read(path);
    if (content === undefined) continue;
    const file = await parseTracking(path, content, read, env);
    if ([...file.reads].some((included) => changed.has(included))) found.push(file);
  }
  return found;
}
