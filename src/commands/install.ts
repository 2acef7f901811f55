import { join } from 'node:path';
import { parseOptions } from './options.js';
import { GitError, ToolError, UsageError, isSecgateError } from '../errors.js';
import { installHuskyHook } from '../hooks/husky.js';
import { installation } from '../hooks/installation.js';
import { locateHooks, type HookLocation } from '../hooks/locate.js';
import { HOOK_NAMES, isHookName, type HookName } from '../hooks/names.js';
import { installPlainHook } from '../hooks/plain.js';
import { messages } from '../messages.js';
import type { Command, CommandContext } from './context.js';

/** CI=true, CI=1, CI=anything but "false"/"0": the convention CI services and tools share. */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

function selectHooks(requested: string[] | undefined): HookName[] {
  if (!requested || requested.length === 0) return [...HOOK_NAMES];
  for (const name of requested) {
    if (!isHookName(name)) throw new UsageError(messages.unknownHookOption(name), { remedy: messages.usageRemedy });
  }
  return HOOK_NAMES.filter((hook) => requested.includes(hook));
}

/** Where the hooks go, or undefined (with a note) when there is nothing to install into. */
async function locateOrSkip(context: CommandContext): Promise<HookLocation | undefined> {
  try {
    const location = await locateHooks(context.cwd);
    if (!location) context.stdout.write(`${messages.installSkippedNoRepo(context.cwd)}\n`);
    return location;
  } catch (error) {
    // git missing (an install during `npm ci` in a container) must not fail the package install.
    if (error instanceof ToolError && !(error instanceof GitError)) {
      context.stdout.write(`${messages.installSkippedNoGit}\n`);
      return undefined;
    }
    throw error;
  }
}

/**
 * A person runs `install`, so it may use the network (a hook never does):
 * with no advisory database yet, it fetches one as `secgate db update` would.
 * Offline, the hooks stay installed and the exit code stays 0: install runs
 * as a `prepare` script, where a failure would break `npm install`, and the
 * hooks fail closed without a database anyway (exit 3 on a manifest). The
 * warning names the command that fixes it.
 */
async function ensureDatabase(root: string, context: CommandContext): Promise<void> {
  const warn = (line: string) => context.stderr.write(`${line}\n`);
  // The config that governs commits: the index's (an unstaged edit governs nothing yet).
  const { repoConfig } = await import('../config/memo.js');
  const { openRepo } = await import('../git/repo.js');
  let config;
  try {
    config = (await repoConfig(await openRepo(root))).config;
  } catch (error) {
    // The hooks will say what is wrong with the config on the first commit; install has done its part.
    if (!isSecgateError(error)) throw error;
    warn(messages.installDbConfigUnreadable(error.message));
    return;
  }
  if (!config.deps.enabled) return;
  const { databasePath, defaultDatabasePath } = await import('../deps/osv/location.js');
  const path = databasePath(config, root, context.env);
  const { present } = await import('../hooks/files.js');
  if (await present(path)) return;
  if (path !== defaultDatabasePath(context.env)) {
    warn(messages.installDbConfiguredMissing(path));
    return;
  }
  const { downloadDatabase } = await import('./db.js');
  try {
    await downloadDatabase(context, (from) => warn(messages.installDbFetching(from)));
  } catch (error) {
    if (!isSecgateError(error)) throw error;
    warn(messages.installDbFailed(error.message));
  }
}

/**
 * `secgate install [--hook <name>]... [--force]`. Safe as a `prepare` script:
 * in CI or outside a work tree it only says so and exits 0.
 */
export const install: Command = async (args, context) => {
  const { values, positionals } = parseOptions(args, { hook: { type: 'string', multiple: true }, force: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(messages.unexpectedArguments('install', positionals), { remedy: messages.usageRemedy });
  const hooks = selectHooks(values.hook);
  if (isCI(context.env)) {
    context.stdout.write(`${messages.installSkippedCI}\n`);
    return 0;
  }
  const location = await locateOrSkip(context);
  if (!location) return 0;
  const say = (line: string) => context.stdout.write(`${line}\n`);

  // Husky: secgate joins husky's own hook files; writing into .husky/_ would break husky's stubs, so --force does not apply.
  if (location.husky) {
    for (const hook of hooks) {
      const result = await installHuskyHook(location.husky, location.hooksDir, hook);
      say(result.state === 'unchanged' ? messages.hookUnchanged(hook, result.path) : messages.huskyInstalled(hook, result.path));
      if (!result.stubPresent) say(messages.huskyStubMissing(`${location.hooksDir}/${hook}`));
    }
    await ensureDatabase(location.root, context);
    return 0;
  }
  if (location.hooksPath && !values.force) {
    const { scope, value } = location.hooksPath;
    throw new UsageError(messages.hooksPathRefused(scope, value, location.hooksDir), { remedy: messages.hooksPathRemedy });
  }
  const recorded = installation();
  for (const hook of hooks) {
    const result = await installPlainHook(location.hooksDir, hook, recorded);
    const line = { installed: messages.hookInstalled, updated: messages.hookUpdated, unchanged: messages.hookUnchanged }[result.state];
    say(line(hook, result.path));
    if (result.repaired) say(messages.hookFrameworkUnchained(join(location.hooksDir, hook)));
    if (result.besideFramework) say(messages.hookBesideFramework(join(location.hooksDir, hook), result.path));
    if (result.previous) say(messages.hookPreviousKept(result.previous));
  }
  await ensureDatabase(location.root, context);
  return 0;
};
