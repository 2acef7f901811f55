import { readFileSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempSibling } from '../files/temp-name.js';
import { VERSION } from '../version.js';
import { SEARCH_PLACES } from './search-places.js';
import type { LoadedConfig } from './types.js';

/**
 * What the config search would see: each search place's identity on disk.
 * When it is unchanged, the validated config from last time still holds.
 * Synchronous: every warm commit asks, and a promise stat costs more than the stat.
 */
function fingerprint(root: string): string {
  const parts = SEARCH_PLACES.map((name) => {
    let info;
    try {
      info = statSync(join(root, name), { bigint: true, throwIfNoEntry: false });
    } catch {
      // unreadable is as good as absent here: the search would not find it either
    }
    return info ? `${name}:${info.size}:${info.mtimeNs}:${info.ctimeNs}:${info.ino}` : `${name}:-`;
  });
  return `${VERSION}|${root}|${parts.join('|')}`;
}

interface Memo {
  fingerprint: string;
  loaded: LoadedConfig;
}

/**
 * Loads the config through `load` (cosmiconfig, validation) only when a
 * config file changed since the last run; otherwise returns the remembered
 * result from <git-common-dir>/secgate/config-memo.json. A warm hook then
 * never loads the YAML, TOML and cosmiconfig code.
 */
export async function memoizedConfig(root: string, commonDir: string, load: () => Promise<LoadedConfig>): Promise<LoadedConfig> {
  const file = join(commonDir, 'secgate', 'config-memo.json');
  const current = fingerprint(root);
  try {
    const memo = JSON.parse(readFileSync(file, 'utf8')) as Memo;
    if (memo.fingerprint === current && memo.loaded?.config) return memo.loaded;
  } catch {
    // no memo, or a damaged one: load afresh
  }
  const loaded = await load();
  try {
    await mkdir(join(commonDir, 'secgate'), { recursive: true });
    const temp = tempSibling(file);
    await writeFile(temp, JSON.stringify({ fingerprint: current, loaded } satisfies Memo));
    await rename(temp, file);
  } catch {
    // A read-only git dir only costs speed.
  }
  return loaded;
}

/** The config of a repository: remembered when unchanged, else found and validated by cosmiconfig. */
export function repoConfig(repo: { root: string; commonDir: string }): Promise<LoadedConfig> {
  return memoizedConfig(repo.root, repo.commonDir, async () => (await import('./load.js')).loadConfig(repo.root));
}
