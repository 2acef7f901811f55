import { parseOptions } from './options.js';
import { UsageError } from '../errors.js';
import { uninstallHuskyHook } from '../hooks/husky.js';
import { locateHooks } from '../hooks/locate.js';
import { HOOK_NAMES } from '../hooks/names.js';
import { uninstallPlainHook } from '../hooks/plain.js';
import { messages } from '../messages.js';
import type { Command } from './context.js';

/**
 * `secgate uninstall`: removes secgate's hooks (and its blocks in husky
 * files), puts back the hooks it moved aside, and touches nothing else.
 * It also cleans .git/hooks when core.hooksPath was set after an install.
 */
export const uninstall: Command = async (args, context) => {
  const { positionals } = parseOptions(args, {});
  if (positionals.length > 0)
    throw new UsageError(messages.unexpectedArguments('uninstall', positionals), { remedy: messages.usageRemedy });
  const location = await locateHooks(context.cwd);
  if (!location) {
    context.stdout.write(`${messages.uninstallSkippedNoRepo(context.cwd)}\n`);
    return 0;
  }
  const lines: string[] = [];
  let changed = 0;
  const report = (line: string) => {
    changed += 1;
    lines.push(line);
  };
  if (location.husky) {
    for (const hook of HOOK_NAMES) {
      const result = await uninstallHuskyHook(location.husky, hook);
      if (result.state === 'removed') report(messages.huskyRemoved(hook, result.path));
    }
  }
  const dirs = [...new Set([...(location.husky ? [] : [location.hooksDir]), location.defaultHooksDir])];
  for (const dir of dirs) {
    for (const hook of HOOK_NAMES) {
      const results = await uninstallPlainHook(dir, hook);
      for (const result of results) {
        if (result.state === 'removed') report(messages.hookRemoved(hook, result.path));
        if (result.state === 'restored') report(messages.hookRestored(hook, result.path));
      }
      // Someone else's hook is only worth a word where secgate's was expected to be, and when secgate was not found beside it.
      const [main] = results;
      if (main?.state === 'foreign' && results.length === 1 && (dir === location.hooksDir || main.previous))
        lines.push(messages.hookForeign(hook, main.path));
    }
  }
  if (changed === 0) lines.push(messages.nothingToUninstall);
  context.stdout.write(`${lines.join('\n')}\n`);
  return 0;
};
