import { writeSync } from 'node:fs';
import { ExitCode, ToolError, UsageError, isSecgateError } from './errors.js';
import { messages } from './messages.js';
import { VERSION } from './version.js';
import { isTerminal, lazyStdStream } from './process/std-streams.js';
import { errorVerdict, reportTargetOf } from './report/error-report.js';
import { REPORTERS } from './report/index.js';
import type { Command, CommandContext } from './commands/context.js';
// The hooks' command and `scan` (CI's) are in the entry bundle that bin/ requires: every commit runs them.
import { run } from './commands/run.js';
import { scan } from './commands/scan.js';

/**
 * The argument table. The other commands are ES modules loaded only when
 * called (scripts/build.js), so a hook pays for the code it runs and nothing else.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  run: { summary: 'run pre-commit | pre-merge-commit | pre-push <remote> <url>: what the hooks call', load: async () => run },
  scan: {
    summary: 'scan [--staged | --all | --since <ref>] [<path>...] [--format text|json|sarif] [--output <file>]',
    load: async () => scan,
  },
  install: {
    summary: 'install [--hook pre-commit] [--hook pre-merge-commit] [--hook pre-push] [--force]',
    load: async () => (await import('./commands/install.js')).install,
  },
  uninstall: {
    summary: 'uninstall: remove secgate hooks, restore the ones it moved aside',
    load: async () => (await import('./commands/uninstall.js')).uninstall,
  },
  doctor: {
    summary: 'doctor: environment, tools, hooks, config, cache, database',
    load: async () => (await import('./commands/doctor.js')).doctor,
  },
  cache: { summary: 'cache stats | clear', load: async () => (await import('./commands/cache.js')).cache },
  db: { summary: 'db update [--from <zip-or-url>] | db status', load: async () => (await import('./commands/db.js')).db },
  worker: { summary: 'worker status | stop: the resident Bandit', load: async () => (await import('./commands/worker.js')).worker },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    'secgate: Git hooks that keep insecure Python out of a repository.',
    '',
    'Usage: secgate <command> [options]',
    '',
    ...Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`),
    '',
    'Each command takes --help (or -h) for its own usage.',
    'Exit codes: 0 pass (warnings allowed), 1 blocked by the policy, 2 usage or configuration error, 3 tool or environment error.',
    'Bypass, on the record: SECGATE_BYPASS="<reason>" git commit …',
  ].join('\n');
}

/**
 * `--help` or `-h` among a command's options (before any `--`). For `run`,
 * only right after it: what follows the hook's name is git's (a remote's name
 * or URL), and a hook must never take it for a request for help and pass.
 */
function asksForHelp(name: string, args: string[]): boolean {
  const end = args.indexOf('--');
  const options = name === 'run' ? args.slice(0, 1) : end === -1 ? args : args.slice(0, end);
  return options.some((arg) => arg === '--help' || arg === '-h');
}

function defaultContext(): CommandContext {
  // Node's standard streams are built on first touch (a socket for a pipe or a terminal): a hook touches none it does not need.
  let stderrIsTTY: boolean | undefined;
  let stdoutIsTTY: boolean | undefined;
  return {
    cwd: process.cwd(),
    env: process.env,
    // Only pre-push reads stdin.
    get stdin() {
      return process.stdin;
    },
    stdout: lazyStdStream(1, () => process.stdout),
    stderr: lazyStdStream(2, () => process.stderr),
    get isTTY() {
      return (stderrIsTTY ??= isTerminal(2, () => process.stderr));
    },
    get stdoutIsTTY() {
      return (stdoutIsTTY ??= isTerminal(1, () => process.stdout));
    },
  };
}

/** The only place that turns errors into printed messages and exit codes. */
export async function main(argv: string[], context: CommandContext = defaultContext()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    context.stdout.write(`${help()}\n`);
    return name === undefined ? ExitCode.Usage : ExitCode.Pass;
  }
  if (name === '--version' || name === '-v') {
    context.stdout.write(`${VERSION}\n`);
    return ExitCode.Pass;
  }
  try {
    const entry = COMMANDS[name];
    if (!entry) throw new UsageError(messages.unknownCommand(name), { remedy: messages.usageRemedy });
    if (asksForHelp(name, rest)) {
      context.stdout.write(`${(messages.commandHelp[name] ?? [entry.summary]).join('\n')}\n`);
      return ExitCode.Pass;
    }
    return await (
      await entry.load()
    )(rest, context);
  } catch (error) {
    if (isSecgateError(error)) {
      context.stderr.write(`secgate: ${error.message}\n${error.remedy ? `${error.remedy}\n` : ''}`);
      await writeErrorReport(error, `${error.message}${error.remedy ? ` ${error.remedy}` : ''}`, context);
      return error.exitCode;
    }
    // A bug of ours is still never a pass: report it as a tool error.
    context.stderr.write(`secgate: ${messages.internalError}\n${(error as Error).stack ?? String(error)}\n`);
    await writeErrorReport(error, messages.internalErrorReport(error instanceof Error ? error.message : String(error)), context);
    return ExitCode.Tool;
  }
}

/**
 * Ends the process for a failure main() could not catch: an exception thrown
 * in a callback, a rejection nobody awaited. Never a pass.
 */
function fatal(error: unknown): never {
  const text = isSecgateError(error)
    ? `secgate: ${error.message}\n${error.remedy ? `${error.remedy}\n` : ''}`
    : `secgate: ${messages.internalError}\n${(error as Error | undefined)?.stack ?? String(error)}\n`;
  try {
    writeSync(2, text);
  } catch {
    // stderr is gone too: the exit code still tells.
  }
  // process.exit runs the 'exit' handlers: temporary directories are removed, scanners stopped.
  process.exit(isSecgateError(error) ? error.exitCode : ExitCode.Tool);
}

/**
 * What bin/secgate.js runs. The failing code is set first (bin/ does it even
 * before loading this bundle), so any end that main() did not decide is a
 * tool error: an uncaught exception, an unhandled rejection, or an event loop
 * that drained while main() still waited on something that will never come.
 * `run` is main, or a stand-in in tests of this safety net.
 */
export function start(argv: string[], run: (argv: string[]) => Promise<number> = main): void {
  process.exitCode = ExitCode.Tool;
  let settled = false;
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  process.on('beforeExit', () => {
    if (!settled) fatal(new ToolError(messages.unfinished, { remedy: messages.unfinishedRemedy }));
  });
  run(argv).then((code) => {
    settled = true;
    process.exitCode = code;
  }, fatal);
}

/**
 * When the failed command was asked for a JSON or SARIF report, that report
 * still comes out, holding only the error: CI always has a document to parse.
 * To `--output` when given (stdout if that cannot be written), else stdout.
 */
async function writeErrorReport(error: unknown, text: string, context: CommandContext): Promise<void> {
  const target = reportTargetOf(error);
  if (!target) return;
  const document = await REPORTERS[target.format](errorVerdict(), { color: false, errors: [text] });
  if (target.output !== undefined) {
    const { writeFile } = await import('node:fs/promises');
    const { resolve } = await import('node:path');
    const written = await writeFile(resolve(target.cwd, target.output), document).then(
      () => true,
      () => false,
    );
    if (written) return;
  }
  context.stdout.write(document);
}
