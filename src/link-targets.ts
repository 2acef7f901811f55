/**
 * Targets that are symlinks, or that symlinks lead to: what the pipeline and
 * the hooks follow (see git/symlinks.ts for how a link is resolved in a tree).
 */
import { hasPythonExtension, isManifest, mayBeInclude, mayBePythonScript } from './files/classify.js';
import { isRegularFile, MODE_SYMLINK } from './git/parse.js';
import type { ContentSource } from './git/source.js';
import { isBroken, resolvePath, type Resolution } from './git/symlinks.js';
import { messages } from './messages.js';
import type { Target } from './pipeline.js';

/** Whether a path could matter, by name alone: Python, a possible script, a manifest, a possible include. */
export function mayMatter(path: string): boolean {
  return hasPythonExtension(path) || mayBePythonScript(path) || isManifest(path) || mayBeInclude(path);
}

/**
 * The symlinks of the tree that lead to (or through) a changed target, and
 * are not changed themselves: `app.py -> impl.txt` when only impl.txt
 * changed. Python imports, and pip reads, the new content under the link's
 * name, so the link is judged again, as a target of its own (for a push, in
 * each pushed commit, with the refs that brought the change). A changed file
 * with a Python or manifest name is judged under its own name, so only other
 * changes (impl.txt, poetry.lock.real) are looked up: a commit of Python files
 * alone lists nothing. The pre-commit hook knows HEAD's links without a
 * listing (cache/head-links.ts); other trees are listed once, and only their
 * link records are parsed.
 */
export async function linksToChanged(targets: Target[], source: ContentSource): Promise<Target[]> {
  const trees = new Map<string | undefined, { changed: Map<string, Target>; listed: Set<string> }>();
  for (const target of targets) {
    for (const commit of target.origin ? target.origin.map((origin) => origin.commit) : [undefined]) {
      const tree = trees.get(commit) ?? { changed: new Map(), listed: new Set() };
      tree.listed.add(target.path);
      // A Python or manifest name is judged under that name already: only other changed files need their links looked for.
      const judgedByName = hasPythonExtension(target.path) || isManifest(target.path);
      if ((isRegularFile(target) || target.mode === MODE_SYMLINK) && !judgedByName) tree.changed.set(target.path, target);
      trees.set(commit, tree);
    }
  }
  const found: Target[] = [];
  for (const [commit, { changed, listed }] of trees) {
    if (changed.size === 0) continue;
    const tree = source.tree(commit);
    for (const link of (await tree.links?.()) ?? []) {
      if (listed.has(link.path) || !mayMatter(link.path)) continue;
      const resolved = await resolvePath(tree, link.path);
      const reads = [...resolved.through.slice(1), ...(resolved.kind === 'file' ? [resolved.path] : [])];
      const hits = reads.flatMap((path) => changed.get(path) ?? []);
      if (hits.length === 0) continue;
      const origin = hits.flatMap((hit) => hit.origin?.filter((o) => o.commit === commit) ?? []);
      found.push({
        ...link,
        ...(commit === undefined ? {} : { origin: origin.filter((o, i) => origin.findIndex((p) => p.ref === o.ref) === i) }),
      });
    }
  }
  return found;
}

/** Whether the tree has a symlink (a disk tree is not walked: it may). Without one, no read goes through a link. */
export async function hasLinks(targets: Target[], source: ContentSource): Promise<boolean> {
  if (targets.some((target) => target.mode === MODE_SYMLINK)) return true;
  const links = await source.tree().links?.();
  return links === undefined || links.length > 0;
}

/** A link that leads out of its tree, nowhere, or round in a loop. */
export type Broken = Extract<Resolution, { kind: 'outside' | 'dangling' | 'loop' }>;

/**
 * Follows a symlink target in its own tree: for a push, in each commit it
 * came with (the same link may point at different content in each). Returns
 * one target per outcome, each with the origins that led to it: a file keeps
 * the link's path with the target's blob and mode (the cache is keyed by what
 * Bandit reads); a folder is dropped (its files are judged under their names).
 */
export async function followLink(target: Target, source: ContentSource): Promise<{ target: Target; broken?: Broken }[]> {
  const commits = target.origin ? [...new Set(target.origin.map((origin) => origin.commit))] : [undefined];
  const outcomes = new Map<string, { resolution: Resolution; commits: Set<string | undefined> }>();
  for (const commit of commits) {
    const resolution = await resolvePath(source.tree(commit), target.path);
    const key = resolution.kind === 'file' ? `file ${resolution.mode} ${resolution.blob}` : JSON.stringify(resolution);
    const outcome = outcomes.get(key) ?? { resolution, commits: new Set() };
    outcome.commits.add(commit);
    outcomes.set(key, outcome);
  }
  const followed: { target: Target; broken?: Broken }[] = [];
  for (const { resolution, commits: those } of outcomes.values()) {
    const origin = target.origin?.filter((o) => those.has(o.commit));
    const base: Target = origin ? { ...target, origin } : { ...target };
    if (resolution.kind === 'file') followed.push({ target: { ...base, blob: resolution.blob, mode: resolution.mode } });
    else if (isBroken(resolution)) followed.push({ target: base, broken: resolution });
  }
  return followed;
}

export function brokenLinkReason(path: string, broken: Broken): string {
  return broken.kind === 'loop' ? messages.symlinkLoop(path) : messages.symlinkUnresolved(path, broken.target, broken.kind === 'outside');
}
