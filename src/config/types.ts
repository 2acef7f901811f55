/** The configuration once defaults are applied: every field present. */

export type Threshold = 'low' | 'medium' | 'high' | 'critical';
export type Outcome = 'fail' | 'warn' | 'ignore';

export interface IgnoreRule {
  id: string;
  reason: string;
  /** YYYY-MM-DD; the ignore stops applying at the end of that day, UTC. */
  expires?: string;
  /** Globs of repository paths the ignore is limited to. */
  paths?: string[];
}

export interface Config {
  failOn: Threshold;
  /**
   * What a blocking finding that the change's parent already had does in a
   * hook or `scan --since`: `warn` (reported with a note) or `fail` (blocks
   * like a new one). `scan --all` and `scan <paths>` judge every finding as new.
   */
  inherited: 'warn' | 'fail';
  code: {
    enabled: boolean;
    exclude: string[];
    minConfidence: 'low' | 'medium' | 'high';
    onParseError: 'fail' | 'warn';
    /** A Bandit executable: a name looked up on PATH, or an absolute path outside the repository. */
    bandit?: string;
    /** A Bandit config file, relative to the repository root. */
    banditConfig?: string;
    /** Seconds one Bandit process may run before it is stopped: a tool error for the files it had. */
    timeout: number;
    /** Keep Bandit loaded between commits (a resident worker); off in CI or with SECGATE_WORKER=0. */
    worker: boolean;
  };
  deps: {
    enabled: boolean;
    /** An OSV all.zip or a directory of OSV JSON; `~` and relative paths are expanded. */
    database?: string;
    unknownSeverity: Threshold;
    devOnly: Outcome;
    unpinned: Outcome;
    /** A manifest (or an include) that cannot be read or parsed: unread dependencies are not safe ones. */
    onParseError: 'fail' | 'warn';
    maxAgeDays: number;
    exclude: string[];
  };
  ignore: IgnoreRule[];
  bypass: { allowed: boolean; requireReason: boolean };
  cache: { maxEntries: number };
}

/**
 * Bandit's own settings, read from the same tree as the secgate config (never
 * by Bandit from the working tree): `code.banditConfig`, or else `.bandit` and
 * pyproject.toml's `[tool.bandit]`.
 */
export interface BanditInputs {
  /** `.bandit` (INI) as the tree holds it. */
  ini?: string;
  /** `[tool.bandit]` as a TOML document of its own, and its skips and tests (for Bandit 1.6). */
  pyproject?: { toml: string; skips: string[]; tests: string[] };
  /** The file `code.banditConfig` names: its repository path and content. */
  configFile?: { path: string; text: string };
}

/** Where the config came from, for messages and `doctor`. */
export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file, or undefined when defaults are in effect. */
  filepath: string | undefined;
  /** Bandit's settings from the same tree. */
  bandit: BanditInputs;
}
