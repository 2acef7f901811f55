import { parseOptions } from './options.js';
import { repoConfig } from '../config/memo.js';
import { defaultConfig } from '../config/defaults.js';
import type { Config } from '../config/types.js';
import { databasePath } from '../deps/osv/location.js';
import { databaseStatus } from '../deps/osv/status.js';
import { updateDatabase, type DownloadProgress } from '../deps/osv/update.js';
import { ExitCode, ToolError, UsageError } from '../errors.js';
import { openRepo } from '../git/repo.js';
import { messages } from '../messages.js';
import { wantsEscapes } from '../report/terminal.js';
import { daysBetween, formatBytes } from '../report/units.js';
import type { Command, CommandContext } from './context.js';

/** The repository's config when run inside one (for deps.database), else the defaults. */
async function configHere(context: CommandContext): Promise<{ config: Config; root: string }> {
  try {
    const repo = await openRepo(context.cwd);
    return { config: (await repoConfig(repo)).config, root: repo.root };
  } catch (error) {
    if (error instanceof ToolError) return { config: defaultConfig(), root: context.cwd };
    throw error;
  }
}

/** A bar redrawn in place on a terminal; in logs, a line at the start and one at the end. */
function downloadReporter(context: CommandContext) {
  const live = wantsEscapes(context);
  let last = -1;
  return {
    progress({ received, total }: DownloadProgress) {
      if (!live) return;
      const percent = total ? Math.floor((received / total) * 100) : undefined;
      if (percent === last) return;
      last = percent ?? -1;
      const width = 30;
      const bar =
        percent === undefined ? '' : `[${'#'.repeat(Math.round((percent / 100) * width)).padEnd(width)}] ${String(percent).padStart(3)}% `;
      context.stderr.write(`\r${bar}${formatBytes(received)}${total ? ` of ${formatBytes(total)}` : ''}\u001b[K`);
    },
    done(received: number | undefined) {
      if (live) context.stderr.write('\r\u001b[K');
      if (received !== undefined) context.stderr.write(`${messages.dbDownloaded(formatBytes(received))}\n`);
    },
  };
}

/**
 * Fetches (or unpacks `from`) the advisory database with a progress line on
 * stderr and the result on stdout: what `db update` and `install` both do.
 * A failure leaves the progress line cleared and is thrown on.
 */
export async function downloadDatabase(context: CommandContext, onStart: (from: string) => void, from?: string) {
  const reporter = downloadReporter(context);
  let received: number | undefined;
  try {
    const updated = await updateDatabase({
      ...(from !== undefined ? { from } : {}),
      env: context.env,
      onStart,
      onProgress: (progress) => {
        received = progress.received;
        reporter.progress(progress);
      },
    });
    reporter.done(received);
    const day = updated.updated.toISOString().slice(0, 10);
    context.stdout.write(`${messages.dbUpdated(updated.path, updated.advisories, updated.packages, day)}\n`);
    return updated;
  } catch (error) {
    reporter.done(undefined);
    throw error;
  }
}

async function update(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseOptions(args, { from: { type: 'string' } });
  if (positionals.length > 0)
    throw new UsageError(messages.unexpectedArguments('db update', positionals), { remedy: messages.usageRemedy });
  const updated = await downloadDatabase(context, (from) => context.stderr.write(`${messages.dbUpdating(from)}\n`), values.from);
  const { config, root } = await configHere(context);
  const age = daysBetween(updated.updated, new Date());
  if (age > config.deps.maxAgeDays) {
    const date = updated.updated.toISOString().slice(0, 10);
    context.stderr.write(`${messages.dbUpdatedOldData(date, age, config.deps.maxAgeDays, values.from !== undefined)}\n`);
  }
  const configured = databasePath(config, root, context.env);
  if (configured !== updated.path) context.stderr.write(`${messages.dbConfigElsewhere(configured)}\n`);
  return ExitCode.Pass;
}

async function status(args: string[], context: CommandContext): Promise<number> {
  const { positionals } = parseOptions(args, {});
  if (positionals.length > 0)
    throw new UsageError(messages.unexpectedArguments('db status', positionals), { remedy: messages.usageRemedy });
  const { config, root } = await configHere(context);
  const path = databasePath(config, root, context.env);
  const found = await databaseStatus(path, context.env);
  const now = new Date();
  const lines = [`database:   ${path}`];
  if (!found.exists) {
    context.stdout.write(`${lines.join('\n')}\n`);
    throw new ToolError(messages.noDatabase(path), { remedy: messages.noDatabaseRemedy });
  }
  if (found.fetched)
    lines.push(
      `written:    ${found.fetched.toISOString()} (${daysBetween(found.fetched, now)} days ago)${found.bytes !== undefined ? `, ${formatBytes(found.bytes)}` : ''}`,
    );
  if (found.problem || !found.opened) {
    context.stdout.write(`${lines.join('\n')}\n`);
    throw new ToolError(found.problem ?? messages.damagedDatabase(path, 'unknown'), { remedy: messages.noDatabaseRemedy });
  }
  const { opened } = found;
  const age = daysBetween(opened.updated, now);
  lines.push(
    `data up to: ${opened.updated.toISOString().slice(0, 10)} (${age} days old; deps.maxAgeDays is ${config.deps.maxAgeDays})`,
    `advisories: ${opened.advisories} for ${opened.packages} packages (${opened.withdrawn} withdrawn, not used)`,
    `index:      ${opened.indexDir ?? 'kept in memory (the cache directory is not writable)'}`,
  );
  context.stdout.write(`${lines.join('\n')}\n`);
  if (age > config.deps.maxAgeDays)
    context.stderr.write(`${messages.staleDatabase(path, opened.updated.toISOString().slice(0, 10), age, config.deps.maxAgeDays)}\n`);
  return ExitCode.Pass;
}

/** `secgate db update [--from <zip-or-url>]` and `secgate db status`. */
export const db: Command = async (args, context) => {
  const [action, ...rest] = args;
  if (action === 'update') return update(rest, context);
  if (action === 'status') return status(rest, context);
  throw new UsageError(messages.dbUnknownAction(action ?? ''), { remedy: messages.usageRemedy });
};
