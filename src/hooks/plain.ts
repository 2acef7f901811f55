import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { onFile, present, readText, writeFileAtomic } from './files.js';
import { previousHookName, type HookName } from './names.js';
import { hookScript, isSecgateHook, type Installation } from './script.js';

export interface PlainInstallResult {
  hook: HookName;
  path: string;
  state: 'installed' | 'updated' | 'unchanged';
  /** Where a hook that was there is kept (it runs first). */
  previous: string | undefined;
}

export interface PlainUninstallResult {
  hook: HookName;
  path: string;
  /** removed: secgate's hook deleted; restored: the previous hook is back; foreign: not secgate's, left alone. */
  state: 'removed' | 'restored' | 'foreign' | 'absent';
  previous: string | undefined;
}

async function isExecutable(path: string): Promise<boolean> {
  return ((await stat(path)).mode & 0o111) === 0o111;
}

/**
 * Writes secgate's hook into a hooks directory. A hook there that is not
 * secgate's is renamed to `<hook>.secgate-previous` (rename keeps its bytes,
 * mode and symlink-ness), and secgate's hook runs it first. Secgate's own hook
 * is recognised by its marker and rewritten, never moved aside: installing
 * twice never chains secgate to itself.
 */
export function installPlainHook(dir: string, hook: HookName, installation: Installation): Promise<PlainInstallResult> {
  return onFile(join(dir, hook), () => install(dir, hook, installation));
}

async function install(dir: string, hook: HookName, installation: Installation): Promise<PlainInstallResult> {
  const path = join(dir, hook);
  const previousPath = join(dir, previousHookName(hook));
  const script = hookScript(hook, installation);
  await mkdir(dir, { recursive: true });

  let state: PlainInstallResult['state'] = 'installed';
  if (await present(path)) {
    const content = await readText(path);
    if (content !== undefined && isSecgateHook(content)) {
      if (content === script && (await isExecutable(path))) state = 'unchanged';
      else state = 'updated';
    } else {
      if (await present(previousPath)) {
        throw new UsageError(messages.previousHookConflict(path, previousPath), { remedy: messages.previousHookConflictRemedy });
      }
      await rename(path, previousPath);
    }
  }
  if (state !== 'unchanged') await writeFileAtomic(path, script, 0o755);
  return { hook, path, state, previous: (await present(previousPath)) ? previousPath : undefined };
}

/** Removes secgate's hook and puts back the one it moved aside; anything else is left alone. */
export function uninstallPlainHook(dir: string, hook: HookName): Promise<PlainUninstallResult> {
  return onFile(join(dir, hook), () => uninstall(dir, hook));
}

async function uninstall(dir: string, hook: HookName): Promise<PlainUninstallResult> {
  const path = join(dir, hook);
  const previousPath = join(dir, previousHookName(hook));
  const hasPrevious = await present(previousPath);
  let removed = false;
  if (await present(path)) {
    const content = await readText(path);
    if (content === undefined || !isSecgateHook(content)) {
      return { hook, path, state: 'foreign', previous: hasPrevious ? previousPath : undefined };
    }
    await rm(path);
    removed = true;
  }
  if (hasPrevious) {
    await rename(previousPath, path);
    return { hook, path, state: 'restored', previous: previousPath };
  }
  return { hook, path, state: removed ? 'removed' : 'absent', previous: undefined };
}
