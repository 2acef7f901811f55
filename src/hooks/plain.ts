import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';
import { onFile, present, readText, writeFileAtomic } from './files.js';
import { isFrameworkHook } from './framework.js';
import { frameworkLegacyName, previousHookName, type HookName } from './names.js';
import { hookScript, isSecgateHook, type Installation } from './script.js';

export interface PlainInstallResult {
  hook: HookName;
  path: string;
  state: 'installed' | 'updated' | 'unchanged';
  /** Where a hook that was there is kept (it runs first). */
  previous: string | undefined;
  /** The pre-commit framework's hook is at <hook>: secgate's went to <hook>.legacy, which the framework runs first. */
  besideFramework: boolean;
  /** The framework's hook was chained as <hook>.secgate-previous (an older secgate did that) and is back at <hook>. */
  repaired: boolean;
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
 *
 * When the hook is the pre-commit framework's, secgate does not chain it:
 * the framework runs `<hook>.legacy` first and refuses to be run from
 * inside that ("installed in migration mode ... report this bug"). secgate's
 * hook goes to `<hook>.legacy` instead, the slot the framework itself uses for
 * a hook it found; a foreign hook already there is kept as
 * `<hook>.secgate-previous` as usual. `pre-commit uninstall` then puts
 * secgate's hook back at `<hook>`, and `secgate uninstall` looks in both.
 */
export function installPlainHook(dir: string, hook: HookName, installation: Installation): Promise<PlainInstallResult> {
  return onFile(join(dir, hook), () => install(dir, hook, installation));
}

async function install(dir: string, hook: HookName, installation: Installation): Promise<PlainInstallResult> {
  const hookPath = join(dir, hook);
  const previousPath = join(dir, previousHookName(hook));
  let current = (await present(hookPath)) ? await readText(hookPath) : undefined;
  // An older secgate chained the framework's hook as <hook>.secgate-previous: put it back where the framework expects to be.
  const chainedFramework = (await present(previousPath)) ? await readText(previousPath) : undefined;
  const repaired = chainedFramework !== undefined && isFrameworkHook(chainedFramework) && (current === undefined || isSecgateHook(current));
  if (repaired) {
    await rename(previousPath, hookPath);
    current = chainedFramework;
  }
  const besideFramework = current !== undefined && isFrameworkHook(current);
  const path = besideFramework ? join(dir, frameworkLegacyName(hook)) : hookPath;
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
  return { hook, path, state, previous: (await present(previousPath)) ? previousPath : undefined, besideFramework, repaired };
}

/**
 * Removes secgate's hook and puts back the one it moved aside; anything else
 * is left alone. Also finds secgate's hook at `<hook>.legacy`, where the
 * pre-commit framework moves it (and where install puts it beside the framework).
 */
export async function uninstallPlainHook(dir: string, hook: HookName): Promise<PlainUninstallResult[]> {
  const results = [await onFile(join(dir, hook), () => uninstall(dir, hook, hook))];
  const legacy = frameworkLegacyName(hook);
  const legacyResult = await onFile(join(dir, legacy), () => uninstall(dir, hook, legacy));
  // A foreign or absent .legacy is the framework's business: only say something when secgate was there.
  if (legacyResult.state === 'removed' || legacyResult.state === 'restored') results.push(legacyResult);
  return results;
}

async function uninstall(dir: string, hook: HookName, slot: string): Promise<PlainUninstallResult> {
  const path = join(dir, slot);
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
  // Into <hook>.legacy only what secgate's hook there was running first.
  if (hasPrevious && (slot === hook || removed)) {
    await rename(previousPath, path);
    return { hook, path, state: 'restored', previous: previousPath };
  }
  return { hook, path, state: removed ? 'removed' : 'absent', previous: undefined };
}
