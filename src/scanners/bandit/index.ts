import type { BanditInputs, Config } from '../../config/types.js';
import { ToolError, UsageError } from '../../errors.js';
import { messages } from '../../messages.js';
import { programDigest, type RememberedTool } from '../../cache/tool-version.js';
import { findBandit, probeVersion } from './discover.js';
import { describeProgram } from './identity.js';
import { BanditScanner } from './scanner.js';
import { isOldBandit } from './parse.js';
import { banditSettings } from './settings.js';
import { workerWanted } from './worker/wanted.js';

/** SECGATE_SCAN_TIMEOUT (the user's own environment) over code.timeout; seconds. */
function scanTimeout(env: NodeJS.ProcessEnv, configured: number): number {
  const value = env.SECGATE_SCAN_TIMEOUT;
  if (value === undefined || value === '') return configured;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1)
    throw new UsageError(messages.scanTimeoutInvalid(value), { remedy: messages.scanTimeoutRemedy });
  return seconds;
}

export interface BanditSetup {
  scanner: BanditScanner;
  notices: string[];
  /**
   * About the Bandit installed, said once when its version is learnt (not
   * every warm commit): for stderr, not the report, which stays the same
   * whether its results came from Bandit or from the cache.
   */
  announce: string[];
}

/**
 * Finds Bandit, learns its version (remembered per executable, so a warm run
 * never starts `bandit --version`), and turns the Bandit settings read from the tree into arguments.
 */
export async function createBanditScanner(options: {
  root: string;
  env: NodeJS.ProcessEnv;
  config: Config['code'];
  /** Bandit's settings from the same tree as the content (LoadedConfig.bandit). */
  settings: BanditInputs;
  rememberVersion?: (command: string[], probe: () => Promise<string>, ran: string) => Promise<RememberedTool>;
}): Promise<BanditSetup> {
  const { root, env, config } = options;
  const timeout = scanTimeout(env, config.timeout);
  const command = await findBandit({ root, env, ...(config.bandit ? { configured: config.bandit } : {}) });
  // Probed only when the version memo is (re)written: the first run with this Bandit, not every warm commit.
  let probed = false;
  const probe = async () => {
    probed = true;
    // A scan's timeout bounds the version question too (a hung `--version` is a Bandit that will not scan).
    const version = await probeVersion(command, env, Math.min(30, timeout) * 1000);
    if (version === undefined) {
      throw new ToolError(messages.banditNoVersion(command.display), { remedy: messages.banditMissingRemedy });
    }
    return version;
  };
  // What runs, not only the version it reports, is part of the cache key: a lookalike never fills Bandit's entries.
  const ran = describeProgram(command, env);
  const { version, program } = options.rememberVersion
    ? await options.rememberVersion([command.executable, ...command.prefix], probe, ran)
    : { version: await probe(), program: await programDigest(ran) };
  const settings = await banditSettings(options.settings, version);
  return {
    scanner: new BanditScanner(
      command,
      version,
      { ...settings, digest: `${settings.digest} ${program}` },
      env,
      timeout,
      workerWanted(env, config.worker) ? { ran } : undefined,
    ),
    notices: settings.notices,
    announce: probed && isOldBandit(version) ? [messages.banditOld(version, command.display)] : [],
  };
}
