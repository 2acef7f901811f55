import type { Config } from '../../config/types.js';
import { ToolError } from '../../errors.js';
import { messages } from '../../messages.js';
import { findBandit, probeVersion } from './discover.js';
import { BanditScanner } from './scanner.js';
import { isOldBandit } from './parse.js';
import { banditSettings } from './settings.js';

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
 * never starts `bandit --version`), and reads the repository's Bandit config.
 */
export async function createBanditScanner(options: {
  root: string;
  env: NodeJS.ProcessEnv;
  config: Config['code'];
  rememberVersion?: (command: string[], probe: () => Promise<string>) => Promise<string>;
}): Promise<BanditSetup> {
  const { root, env, config } = options;
  const command = await findBandit({ root, env, ...(config.bandit ? { configured: config.bandit } : {}) });
  // Probed only when the version memo is (re)written: the first run with this Bandit, not every warm commit.
  let probed = false;
  const probe = async () => {
    probed = true;
    const version = await probeVersion(command, env);
    if (version === undefined) {
      throw new ToolError(messages.banditNoVersion(command.display), { remedy: messages.banditMissingRemedy });
    }
    return version;
  };
  const version = options.rememberVersion ? await options.rememberVersion([command.executable, ...command.prefix], probe) : await probe();
  const settings = await banditSettings(root, version, config.banditConfig);
  return {
    scanner: new BanditScanner(command, version, settings.args, settings.digest, env),
    notices: settings.notices,
    announce: probed && isOldBandit(version) ? [messages.banditOld(version, command.display)] : [],
  };
}
