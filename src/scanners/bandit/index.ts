import type { BanditInputs, Config } from '../../config/types.js';
import { ToolError } from '../../errors.js';
import { messages } from '../../messages.js';
import { findBandit, probeVersion } from './discover.js';
import { BanditScanner } from './scanner.js';
import { banditSettings } from './settings.js';

export interface BanditSetup {
  scanner: BanditScanner;
  notices: string[];
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
  rememberVersion?: (command: string[], probe: () => Promise<string>) => Promise<string>;
}): Promise<BanditSetup> {
  const { root, env, config } = options;
  const command = await findBandit({ root, env, ...(config.bandit ? { configured: config.bandit } : {}) });
  const probe = async () => {
    const version = await probeVersion(command, env);
    if (version === undefined) {
      throw new ToolError(messages.banditNoVersion(command.display), { remedy: messages.banditMissingRemedy });
    }
    return version;
  };
  const version = options.rememberVersion ? await options.rememberVersion([command.executable, ...command.prefix], probe) : await probe();
  const settings = await banditSettings(options.settings, version);
  return {
    scanner: new BanditScanner(command, version, settings, env),
    notices: settings.notices,
  };
}
