/**
 * The exit-code contract, in one place. Every failure a user can meet is a
 * SecgateError subclass that carries its exit code; the CLI is the only code
 * that turns one into a printed message and a process exit status.
 */

export const ExitCode = {
  /** Passed; warnings allowed. */
  Pass: 0,
  /** Blocked by the policy. */
  Blocked: 1,
  /** Usage or configuration error. */
  Usage: 2,
  /** A tool or environment error: scanner missing or crashed, no database, git failure. */
  Tool: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Marks secgate's errors across copies of this module: the hooks' CommonJS
 * bundle and the lazily loaded ES modules each hold one, so `instanceof` would
 * miss an error thrown on the other side.
 */
const BRAND = Symbol.for('secgate.error');

export abstract class SecgateError extends Error {
  abstract readonly exitCode: ExitCode;
  readonly [BRAND] = true;
  /** What the user can do about it, printed under the message. */
  readonly remedy: string | undefined;

  constructor(message: string, options?: { remedy?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.remedy = options?.remedy;
  }
}

/** Wrong command line: unknown flag, missing argument. */
export class UsageError extends SecgateError {
  readonly exitCode = ExitCode.Usage;
}

/** A configuration file that cannot be read or does not validate. */
export class ConfigError extends SecgateError {
  readonly exitCode = ExitCode.Usage;
}

/** A scanner, git or the machine failed us: we could not look, so we cannot pass. */
export class ToolError extends SecgateError {
  readonly exitCode = ExitCode.Tool;
}

/** A git command failed. */
export class GitError extends ToolError {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    readonly status: number | null,
    options?: { remedy?: string; cause?: unknown },
  ) {
    super(`git ${args.join(' ')} failed${status === null ? '' : ` (exit ${status})`}: ${stderr.trim() || 'no message'}`, options);
  }
}

export function isSecgateError(error: unknown): error is SecgateError {
  return typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true;
}
