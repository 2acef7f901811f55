import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { onFile, present, readText, writeFileAtomic } from './files.js';
import { hasHuskyBlock, withHuskyBlock, withoutHuskyBlock } from './husky-block.js';
import type { Husky } from './locate.js';
import type { HookName } from './names.js';

export interface HuskyInstallResult {
  hook: HookName;
  path: string;
  state: 'installed' | 'updated' | 'unchanged';
  /** Husky v9 only runs `.husky/<hook>` through its stub `.husky/_/<hook>`; false when that stub is missing. */
  stubPresent: boolean;
}

export interface HuskyUninstallResult {
  hook: HookName;
  path: string;
  state: 'removed' | 'absent';
}

async function modeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** Adds secgate's block to the husky hook file (creating the file when needed); idempotent. */
export function installHuskyHook(husky: Husky, hooksDir: string, hook: HookName): Promise<HuskyInstallResult> {
  return onFile(join(husky.userDir, hook), () => install(husky, hooksDir, hook));
}

async function install(husky: Husky, hooksDir: string, hook: HookName): Promise<HuskyInstallResult> {
  const path = join(husky.userDir, hook);
  const content = await readText(path);
  const next = withHuskyBlock(content, hook, husky.layout);
  const stubPresent = husky.layout === 'legacy' || (await present(join(hooksDir, hook)));
  if (next === content) return { hook, path, state: 'unchanged', stubPresent };
  // Legacy husky files are the hooks git runs: they must stay (or be made) executable.
  await writeFileAtomic(path, next, (await modeOf(path)) ?? 0o755);
  const state = content !== undefined && hasHuskyBlock(content, hook) ? 'updated' : 'installed';
  return { hook, path, state, stubPresent };
}

/** Takes secgate's block out again; deletes the file when secgate created it and nothing else is in it. */
export function uninstallHuskyHook(husky: Husky, hook: HookName): Promise<HuskyUninstallResult> {
  return onFile(join(husky.userDir, hook), () => uninstall(husky, hook));
}

async function uninstall(husky: Husky, hook: HookName): Promise<HuskyUninstallResult> {
  const path = join(husky.userDir, hook);
  const content = await readText(path);
  if (content === undefined) return { hook, path, state: 'absent' };
  const next = withoutHuskyBlock(content, hook, husky.layout);
  if (next === content) return { hook, path, state: 'absent' };
  if (next === undefined) await rm(path);
  else await writeFileAtomic(path, next, (await modeOf(path)) ?? 0o755);
  return { hook, path, state: 'removed' };
}
