import type { Readable, Writable } from 'node:stream';

/**
 * What a command receives from the CLI: its arguments, where it runs, and the
 * streams it may write to. Commands never read process.* themselves, so tests
 * run them in-process with their own streams and environment.
 */
export interface CommandContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** Whether stderr is a terminal: progress (which goes to stderr) redraws only then. */
  isTTY: boolean;
  /** Whether stdout is a terminal: the report is coloured only then (`scan > file` gets none). Defaults to isTTY. */
  stdoutIsTTY?: boolean;
}

/** A command resolves to its exit code; failures are thrown as SecgateError. */
export type Command = (args: string[], context: CommandContext) => Promise<number>;
