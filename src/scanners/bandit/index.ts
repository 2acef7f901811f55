import type { Config } from '../../config/types.js';
import { ToolError } from '../../errors.js';
import { messages } from '../../messages.js';
import { programDigest, type RememberedTool } from '../../cache/tool-version.js';
import { findBandit, probeVersion } from './discover.js';
import { describeProgram } from './identity.js';
import { BanditScanner } from './scanner.js';
import { banditSettings } from './settings.js';

export interface BanditSetup {
  scanner: BanditScanner;
  notices: string[];
}

/**
 * Finds Bandit, learns its version (remembered per executable, so a warm run
 * never starts `bandit --version`), and reads the repository's Bandit config.
 */
export async function createBanditScanner(options: {
  root: string;
  env: NodeJS.ProcessEnv;
  config: Config['code'];
  rememberVersion?: (command: string[], probe: () => Promise<string>, ran: string) => Promise<RememberedTool>;
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
  // What runs, not only the version it reports, is part of the cache key: a lookalike never fills Bandit's entries.
  const ran = describeProgram(command, env);
  const { version, program } = options.rememberVersion
    ? await options.rememberVersion([command.executable, ...command.prefix], probe, ran)
    : { version: await probe(), program: await programDigest(ran) };
  const settings = await banditSettings(root, version, config.banditConfig);
  return {
    scanner: new BanditScanner(command, version, settings.args, `${settings.digest} ${program}`, env),
    notices: settings.notices,
  };
}
