import { parseOptions } from './options.js';
import { CacheStore } from '../cache/store.js';
import { defaultConfig } from '../config/defaults.js';
import type { Config } from '../config/types.js';
import { ExitCode, UsageError, isSecgateError } from '../errors.js';
import { simpleGitText } from '../git/simple.js';
import { databasePath } from '../deps/osv/location.js';
import { databaseStatus } from '../deps/osv/status.js';
import { recentBypasses } from '../bypass/history.js';
import { locateHooks, type HookLocation } from '../hooks/locate.js';
import { inspectHooks, type HookStatus } from '../hooks/status.js';
import { messages } from '../messages.js';
import { daysBetween, formatBytes } from '../report/units.js';
import { findBandit, onPath } from '../scanners/bandit/discover.js';
import { doctorProbeVersion } from './doctor-probe.js';
import { isOldBandit } from '../scanners/bandit/parse.js';
import type { Command, CommandContext } from './context.js';

type Mark = 'ok' | 'warn' | 'FAIL' | '-';

interface Report {
  lines: string[];
  exitCode: number;
}

function line(report: Report, mark: Mark, label: string, text: string | string[]): void {
  const [first = '', ...rest] = Array.isArray(text) ? text : [text];
  report.lines.push(`  ${mark.padEnd(4)}  ${label.padEnd(10)}  ${first}`, ...rest.map((more) => `${' '.repeat(20)}${more}`));
}

function fail(report: Report, code: number): void {
  // A missing tool (3) outranks a bad config (2).
  report.exitCode = Math.max(report.exitCode, code);
}

function hookLines(status: HookStatus): { mark: Mark; text: string[] } {
  const states = {
    secgate: messages.doctorHookSecgate(status.path),
    husky: messages.doctorHookHusky(status.path),
    framework: messages.doctorHookFramework(status.path),
    foreign: messages.doctorHookForeign(status.path),
    absent: messages.doctorHookAbsent(status.path),
  };
  const text = [messages.doctorHook(status.hook, states[status.kind])];
  let mark: Mark = status.kind === 'secgate' || status.kind === 'husky' ? 'ok' : 'warn';
  const { framework } = status;
  if (framework) {
    // The framework runs secgate when its hook chains secgate's (.legacy) or its config lists secgate.
    if (framework.legacy) text.push(`  ${messages.doctorHookFrameworkRunsSecgate(framework.legacy)}`);
    if (framework.listed) text.push(`  ${messages.doctorHookFrameworkListsSecgate(framework.id)}`);
    if (framework.legacy || framework.listed) mark = 'ok';
    else text.push(`  ${messages.doctorHookFrameworkWithoutSecgate(framework.id)}`);
  }
  if (status.previous) text.push(`  ${messages.doctorHookPrevious(status.previous)}`);
  if (status.previous && status.previousIsFramework) {
    text.push(`  ${messages.doctorHookFrameworkChained}`);
    mark = 'warn';
  }
  if (status.kind !== 'absent' && !status.executable) {
    text.push(`  ${messages.doctorHookNotExecutable}`);
    mark = 'warn';
  }
  if (status.recorded && !status.recorded.present) {
    text.push(`  ${messages.doctorHookRecordedGone(status.recorded.node ?? '?', status.recorded.entry ?? '?')}`);
    mark = 'warn';
  }
  if (status.ignoredCopy) text.push(`  ${messages.doctorHookIgnoredCopy(status.ignoredCopy)}`);
  return { mark, text };
}

async function repositorySection(report: Report, location: HookLocation, config: Config, context: CommandContext): Promise<void> {
  for (const status of await inspectHooks(location)) {
    const { mark, text } = hookLines(status);
    line(report, mark, status.hook === 'pre-commit' ? 'hooks' : '', text);
  }
  const { hooksPath, husky } = location;
  line(
    report,
    '-',
    'hooksPath',
    hooksPath
      ? messages.doctorHooksPath(hooksPath.scope, hooksPath.value, location.hooksDir, husky?.layout)
      : messages.doctorHooksPathUnset,
  );

  // The same count as `secgate cache stats`: entries only, not the cache's own bookkeeping.
  const cache = CacheStore.at(location.commonDir, config.cache.maxEntries);
  const usage = await cache.usage();
  line(report, '-', 'cache', messages.doctorCache(usage.entries, formatBytes(usage.bytes), cache.dir));

  if (config.deps.enabled) {
    const found = await databaseStatus(databasePath(config, location.root, context.env), context.env);
    const age = found.opened ? daysBetween(found.opened.updated, new Date()) : undefined;
    const fresh = age !== undefined && age <= config.deps.maxAgeDays;
    line(
      report,
      fresh ? 'ok' : 'warn',
      'database',
      messages.doctorDatabase(
        found.path,
        found.exists,
        found.opened && age !== undefined
          ? { advisories: found.opened.advisories, updated: found.opened.updated.toISOString().slice(0, 10), age }
          : undefined,
        found.problem,
      ),
    );
  } else line(report, '-', 'database', messages.doctorDatabaseDisabled);

  const bypasses = await recentBypasses(location.commonDir, 5);
  const who = (user: { name: string | null; email: string | null } | undefined) => `${user?.name ?? '?'} <${user?.email ?? '?'}>`;
  line(
    report,
    '-',
    'bypasses',
    bypasses.length === 0 ? messages.doctorBypassesNone : bypasses.map((b) => messages.doctorBypass(b.time, who(b.user), b.hook, b.reason)),
  );
}

/** The resident Bandit: off (and why), refused (its folder is not private), or running. */
async function workerLine(report: Report, config: Config, context: CommandContext): Promise<void> {
  const { workerOff } = await import('../scanners/bandit/worker/wanted.js');
  const { workerOffText, describeWorker } = await import('./worker.js');
  const { listWorkers } = await import('../scanners/bandit/worker/client.js');
  const { privateDirProblem, runtimeDir } = await import('../process/private-dir.js');
  const off = workerOffText(workerOff(context.env, config.code.worker));
  if (off) return line(report, '-', 'worker', off);
  const dir = runtimeDir(context.env);
  const problem = privateDirProblem(dir, false);
  if (problem !== undefined && problem !== 'ENOENT') return line(report, 'warn', 'worker', messages.workerDirUnsafe(dir, problem));
  const workers = problem === undefined ? await listWorkers(dir) : [];
  line(report, '-', 'worker', workers.length === 0 ? messages.workerNone(dir) : workers.flatMap(describeWorker));
}

/** `secgate doctor`: what secgate would use, and what is missing. Exit 3 when git or Bandit is missing. */
export const doctor: Command = async (args, context) => {
  const { positionals } = parseOptions(args, {});
  if (positionals.length > 0) throw new UsageError(messages.unexpectedArguments('doctor', positionals), { remedy: messages.usageRemedy });
  const report: Report = { lines: ['secgate doctor'], exitCode: ExitCode.Pass };

  const gitVersion = await simpleGitText(context.cwd, ['--version']).catch(() => undefined);
  line(
    report,
    gitVersion ? 'ok' : 'FAIL',
    'git',
    gitVersion ? `${gitVersion} (${onPath('git', context.env) ?? 'git'})` : messages.doctorGitMissing,
  );
  if (!gitVersion) fail(report, ExitCode.Tool);
  line(report, 'ok', 'node', messages.doctorNode(process.version, process.execPath));

  const location = gitVersion ? await locateHooks(context.cwd).catch(() => undefined) : undefined;
  const root = location?.root ?? context.cwd;
  let config = defaultConfig();
  if (location) {
    line(report, '-', 'repository', messages.doctorRepository(location.root));
    try {
      // The config the next commit is judged by: the index's.
      const { repoConfig } = await import('../config/memo.js');
      const loaded = await repoConfig(location);
      config = loaded.config;
      line(report, 'ok', 'config', loaded.filepath ? messages.doctorConfigFile(loaded.filepath) : messages.doctorConfigDefaults);
    } catch (error) {
      if (!isSecgateError(error)) throw error;
      line(report, 'FAIL', 'config', error.message.split('\n'));
      fail(report, error.exitCode);
    }
  } else line(report, 'warn', 'repository', messages.doctorNoRepository(context.cwd));

  if (!config.code.enabled) line(report, '-', 'bandit', messages.doctorBanditNotNeeded);
  else {
    try {
      const bandit = await findBandit({ root, env: context.env, ...(config.code.bandit ? { configured: config.code.bandit } : {}) });
      const version = await doctorProbeVersion(bandit, context.env);
      line(report, version ? 'ok' : 'FAIL', 'bandit', messages.doctorBandit(bandit.display, version));
      if (!version) fail(report, ExitCode.Tool);
      else if (isOldBandit(version)) line(report, 'warn', '', messages.banditOld(version, bandit.display));
    } catch (error) {
      if (!isSecgateError(error)) throw error;
      line(report, 'FAIL', 'bandit', [error.message, ...(error.remedy ? [error.remedy] : [])]);
      fail(report, ExitCode.Tool);
    }
  }
  if (config.code.enabled) await workerLine(report, config, context);
  if (location) await repositorySection(report, location, config, context);
  context.stdout.write(`${report.lines.join('\n')}\n`);
  return report.exitCode;
};
