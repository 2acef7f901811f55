import { mayInclude, parseManifest } from './manifests/index.js';
import type { ParsedManifest, ReadSibling } from './requirement.js';

export interface ParsedFile {
  path: string;
  parsed: ParsedManifest;
  /** Every file its includes read, at any depth (and the links they were read through, with their targets). */
  reads: Set<string>;
}

/**
 * The paths a read of `path` goes through: the symlinks followed and the file
 * reached (empty, or just `path`, for a plain file).
 */
export type ReadsThrough = (path: string) => Promise<string[]>;

/** Parses a manifest and records every file its includes read (transitively). */
export async function parseTracking(
  path: string,
  content: Buffer,
  read: ReadSibling,
  env: NodeJS.ProcessEnv,
  readsThrough?: ReadsThrough,
): Promise<ParsedFile> {
  const reads = new Set<string>();
  const parsed = await parseManifest(
    path,
    content,
    async (included) => {
      reads.add(included);
      // An include that is a symlink reads its target: a change to the target re-audits this manifest.
      for (const through of (await readsThrough?.(included)) ?? []) reads.add(through);
      return read(included);
    },
    env,
  );
  return { path, parsed, reads };
}

/**
 * The manifests of the tree that include any of `changed` (`-r`, `-c`,
 * setup.cfg's `file:`), at any depth, or that are symlinks to one of them,
 * parsed. Each is parsed with the audit's own include rules, so "includes"
 * means exactly what the audit would read. `skip` are manifests already audited.
 */
export async function includingManifests(
  changed: ReadonlySet<string>,
  candidates: readonly string[],
  skip: ReadonlySet<string>,
  read: ReadSibling,
  env: NodeJS.ProcessEnv,
  readsThrough?: ReadsThrough,
): Promise<ParsedFile[]> {
  const found: ParsedFile[] = [];
  for (const path of candidates) {
    if (skip.has(path)) continue;
    // A symlinked manifest (requirements.txt -> deps/pinned.txt) is what pip reads when its target changes.
    const linked = ((await readsThrough?.(path)) ?? []).some((through) => through !== path && changed.has(through));
    if (!linked && !mayInclude(path)) continue;
    const content = await read(path).catch(() => undefined);
    if (content === undefined) continue;
    const file = await parseTracking(path, content, read, env, readsThrough);
    if (linked || [...file.reads].some((included) => changed.has(included))) found.push(file);
  }
  return found;
}
