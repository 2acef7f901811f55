import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { present, readText } from './files.js';
import { hasHuskyBlock } from './husky-block.js';
import type { HookLocation } from './locate.js';
import { frameworkConfigListsSecgate, frameworkHookId, isFrameworkHook } from './framework.js';
import { HOOK_NAMES, frameworkLegacyName, previousHookName, type HookName } from './names.js';
import { isSecgateHook, recordedInstallation } from './script.js';

export interface HookStatus {
  hook: HookName;
  /** The file that holds secgate's call (the hook, or the husky file). */
  path: string;
  /**
   * secgate: secgate's hook script; husky: secgate's block in a husky file;
   * framework: the pre-commit framework's hook; foreign: someone else's hook.
   */
  kind: 'secgate' | 'husky' | 'framework' | 'foreign' | 'absent';
  /** For the framework's hook: whether secgate runs there, and how. */
  framework:
    | {
        /** secgate's hook at <hook>.legacy, which the framework runs first. */
        legacy: string | undefined;
        /** The hook id secgate has in that stage, and whether .pre-commit-config.yaml lists it (undefined: no config). */
        id: string;
        listed: boolean | undefined;
      }
    | undefined;
  /** A hook secgate moved aside and runs first. */
  previous: string | undefined;
  /** That hook is the framework's: it then stops ("migration mode" bug); `secgate install` puts it back. */
  previousIsFramework: boolean;
  /** Git skips a hook file that is not executable. */
  executable: boolean;
  /** For secgate's script: what it recorded and whether that still exists. */
  recorded: { node: string | undefined; entry: string | undefined; present: boolean } | undefined;
  /** Secgate hooks left in a directory git ignores because core.hooksPath points elsewhere. */
  ignoredCopy: string | undefined;
}

async function executable(path: string): Promise<boolean> {
  try {
    return ((await stat(path)).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

async function inspectOne(location: HookLocation, hook: HookName): Promise<HookStatus> {
  const { husky } = location;
  const path = husky ? join(husky.userDir, hook) : join(location.hooksDir, hook);
  const previousPath = join(location.hooksDir, previousHookName(hook));
  const content = await readText(path);
  let kind: HookStatus['kind'] = content === undefined ? ((await present(path)) ? 'foreign' : 'absent') : 'foreign';
  let recorded: HookStatus['recorded'];
  let framework: HookStatus['framework'];
  const record = (script: string) => {
    const { node, entry } = recordedInstallation(script);
    recorded = { node, entry, present: Boolean(node && entry && existsSync(node) && existsSync(entry)) };
  };
  if (content !== undefined && husky && hasHuskyBlock(content, hook)) kind = 'husky';
  else if (content !== undefined && isSecgateHook(content)) {
    kind = 'secgate';
    record(content);
  } else if (content !== undefined && !husky && isFrameworkHook(content)) {
    kind = 'framework';
    const legacyPath = join(location.hooksDir, frameworkLegacyName(hook));
    const legacy = await readText(legacyPath);
    const chained = legacy !== undefined && isSecgateHook(legacy);
    if (chained) record(legacy);
    framework = {
      legacy: chained ? legacyPath : undefined,
      id: frameworkHookId(hook),
      listed: await frameworkConfigListsSecgate(location.root, hook),
    };
  }
  const previousContent = !husky ? await readText(previousPath) : undefined;
  const ignored = location.hooksPath ? join(location.defaultHooksDir, hook) : undefined;
  const ignoredContent = ignored ? await readText(ignored) : undefined;
  return {
    hook,
    path,
    kind,
    framework,
    previous: !husky && (await present(previousPath)) ? previousPath : undefined,
    previousIsFramework: previousContent !== undefined && isFrameworkHook(previousContent),
    // Husky v9 runs its files with `sh`, so only legacy husky and plain hooks need the bit.
    executable: husky?.layout === 'v9' ? true : await executable(path),
    recorded,
    ignoredCopy: ignored && ignoredContent !== undefined && isSecgateHook(ignoredContent) ? ignored : undefined,
  };
}

/** Which hooks are installed, where, and whether they can run: for `secgate doctor`. */
export function inspectHooks(location: HookLocation): Promise<HookStatus[]> {
  return Promise.all(HOOK_NAMES.map((hook) => inspectOne(location, hook)));
}
