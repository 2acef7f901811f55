import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from '../process/fs-async.js';
import { join } from 'node:path';
import { tempSibling } from '../files/temp-name.js';
import { looseObjects } from '../git/loose.js';
import { VERSION } from '../version.js';
import { CONFIG_CANDIDATES } from './search-places.js';
import { commitTree, diskTree, indexTree, type ConfigEntry, type ConfigTree } from './tree.js';
import type { LoadedConfig } from './types.js';

/** Configs remembered at once: the index's and a few pushed commits', so a push after a commit still hits. */
const MEMO_SLOTS = 4;

interface MemoEntry {
  fingerprint: string;
  /** The paths the config was read from: the candidates, and code.banditConfig when set. */
  paths: string[];
  loaded: LoadedConfig;
}

/** What a tree holds at the paths a config was read from: blob ids in git, so a config is keyed on its content. */
function fingerprint(root: string, paths: readonly string[], entries: Map<string, ConfigEntry>): string {
  const parts = [...paths].sort().map((path) => {
    const entry = entries.get(path);
    return entry ? `${path}:${entry.kind}:${entry.id}` : `${path}:-`;
  });
  return `${VERSION}|${root}|${parts.join('|')}`;
}

function isMemoEntry(value: unknown): value is MemoEntry {
  const entry = value as Partial<MemoEntry> | null;
  return (
    typeof entry?.fingerprint === 'string' &&
    Array.isArray(entry.paths) &&
    typeof entry.loaded?.config === 'object' &&
    typeof entry.loaded.bandit === 'object'
  );
}

/** Synchronous: every warm commit asks, and a promise read costs more than the read. */
function readMemo(file: string): MemoEntry[] {
  try {
    const entries = (JSON.parse(readFileSync(file, 'utf8')) as { entries?: unknown }).entries;
    return Array.isArray(entries) ? entries.filter(isMemoEntry) : [];
  } catch {
    // no memo, or a damaged one: load afresh
    return [];
  }
}

/**
 * The config of a tree: one listing of the candidate paths (one git call for
 * the index or a commit), and when the tree holds what it held last time,
 * the validated config remembered in <git-common-dir>/secgate/config-memo.json;
 * otherwise read, parsed and validated from that tree. A warm hook thus never
 * loads the YAML, TOML or validation code.
 */
export async function treeConfig(tree: ConfigTree, repo: { root: string; commonDir: string }): Promise<LoadedConfig> {
  const file = join(repo.commonDir, 'secgate', 'config-memo.json');
  const memo = readMemo(file);
  const extra = memo.flatMap((entry) => entry.paths).filter((path) => !CONFIG_CANDIDATES.includes(path));
  const entries = await tree.entries([...CONFIG_CANDIDATES, ...new Set(extra)]);
  for (const entry of memo) if (entry.fingerprint === fingerprint(repo.root, entry.paths, entries)) return entry.loaded;

  const { loadConfigFrom } = await import('./load.js');
  const known = new Map([...entries].filter(([path]) => CONFIG_CANDIDATES.includes(path)));
  const { loaded, paths, seen } = await loadConfigFrom(tree, repo.root, known);
  const fresh: MemoEntry = { fingerprint: fingerprint(repo.root, paths, seen), paths, loaded };
  try {
    await mkdir(join(repo.commonDir, 'secgate'), { recursive: true });
    const temp = tempSibling(file);
    const kept = [fresh, ...memo.filter((entry) => entry.fingerprint !== fresh.fingerprint)].slice(0, MEMO_SLOTS);
    await writeFile(temp, JSON.stringify({ entries: kept }));
    await rename(temp, file);
  } catch {
    // A read-only git dir only costs speed.
  }
  return loaded;
}

/** The config that governs the next commit: the index's (the hooks' and `scan --staged`'s). */
export function repoConfig(repo: { root: string; commonDir: string; objectFormat?: string }): Promise<LoadedConfig> {
  return treeConfig(indexTree(repo.root, looseObjects(repo)), repo);
}

/** The config of a commit: a pushed commit's, or HEAD's for `scan --since`. */
export function commitConfig(repo: { root: string; commonDir: string; objectFormat?: string }, commit: string): Promise<LoadedConfig> {
  return treeConfig(commitTree(repo.root, commit, looseObjects(repo)), repo);
}

/** The config on disk: `scan <paths>` only, which judges the disk. */
export function diskConfig(repo: { root: string; commonDir: string }): Promise<LoadedConfig> {
  return treeConfig(diskTree(repo.root), repo);
}
