import { parseOptions } from './options.js';
import { CacheStore } from '../cache/store.js';
import { repoConfig } from '../config/memo.js';
import { ToolError, UsageError } from '../errors.js';
import { openRepo } from '../git/repo.js';
import { messages } from '../messages.js';
import { formatBytes } from '../report/units.js';
import type { Command } from './context.js';

/** `secgate cache stats | clear`: what the result cache holds, and a way to start it afresh. */
export const cache: Command = async (args, context) => {
  const { positionals } = parseOptions(args, {});
  const [action, ...rest] = positionals;
  if (action !== 'stats' && action !== 'clear') throw new UsageError(messages.cacheUnknownAction(action), { remedy: messages.usageRemedy });
  if (rest.length > 0) throw new UsageError(messages.unexpectedArguments(`cache ${action}`, rest), { remedy: messages.usageRemedy });

  // Outside a repository this is a ToolError that says so (exit 3), as for every command that needs one.
  const repo = await openRepo(context.cwd);
  if (action === 'stats') {
    // The bound comes from the config, so an invalid config is reported (exit 2) rather than guessed at.
    const { config } = await repoConfig(repo);
    const store = CacheStore.at(repo.commonDir, config.cache.maxEntries);
    const { entries, bytes } = await store.usage();
    context.stdout.write(`${messages.cacheStats(store.dir, entries, formatBytes(bytes), config.cache.maxEntries).join('\n')}\n`);
    return 0;
  }

  // Clearing needs no config: it must work even when the config is broken.
  const store = CacheStore.at(repo.commonDir, 0);
  const removed = await store.clear().catch((error: NodeJS.ErrnoException) => {
    throw new ToolError(messages.cacheUnremovable(store.dir, error.code ?? error.message), {
      remedy: messages.cacheUnremovableRemedy,
      cause: error,
    });
  });
  context.stdout.write(
    `${removed ? messages.cacheCleared(store.dir, removed.entries, formatBytes(removed.bytes)) : messages.cacheNothingToClear(store.dir)}\n`,
  );
  return 0;
};
