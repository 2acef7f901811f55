import { builtin } from '../../process/builtin.js';
import type { BanditInputs } from '../../config/types.js';
import { messages } from '../../messages.js';
import { readsTomlConfig } from './parse.js';

/** The repository's Bandit configuration, as arguments for the installed Bandit. */
export interface BanditSettings {
  args: string[];
  /**
   * A config file for Bandit's `-c`: written into the scanner's private
   * directory from the tree's content, so Bandit never reads the working tree.
   */
  configFile?: { name: string; content: string };
  /** Digest of the arguments and the config content used: part of the cache key. */
  digest: string;
  notices: string[];
}

/** `skips`/`tests` from the `[bandit]` section of a `.bandit` INI file. */
export function parseBanditIni(text: string): { skips: string[]; tests: string[] } {
  const found = { skips: [] as string[], tests: [] as string[] };
  let inSection = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[')) inSection = line === '[bandit]';
    const match = inSection ? /^(skips|tests)\s*[=:]\s*(.*)$/.exec(line) : null;
    if (match?.[1] === 'skips' || match?.[1] === 'tests') {
      found[match[1]] = (match[2] ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
    }
  }
  return found;
}

function selectionArgs(selection: { skips?: unknown; tests?: unknown }): string[] {
  const list = (value: unknown) => (Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []);
  const args: string[] = [];
  if (list(selection.skips).length) args.push('--skip', list(selection.skips).join(','));
  if (list(selection.tests).length) args.push('--tests', list(selection.tests).join(','));
  return args;
}

/**
 * Turns the Bandit settings read from the tree (LoadedConfig.bandit) into
 * arguments the installed version accepts. Bandit ≥ 1.7 reads `[tool.bandit]`
 * with `-c`; for 1.6 its skips and tests are passed on as options. Never a
 * severity or confidence filter: secgate grades every result.
 */
export async function banditSettings(inputs: BanditInputs, version: string): Promise<BanditSettings> {
  const args: string[] = [];
  const notices: string[] = [];
  const contents: string[] = [];
  let configFile: BanditSettings['configFile'];

  if (inputs.configFile) {
    // Bandit reads a `-c` file as TOML when its name ends in .toml, as YAML otherwise.
    configFile = { name: inputs.configFile.path.endsWith('.toml') ? 'bandit.toml' : 'bandit.yaml', content: inputs.configFile.text };
    contents.push(inputs.configFile.text);
  } else {
    if (inputs.pyproject) {
      contents.push(inputs.pyproject.toml);
      if (readsTomlConfig(version)) configFile = { name: 'pyproject.toml', content: inputs.pyproject.toml };
      else {
        args.push(...selectionArgs(inputs.pyproject));
        notices.push(messages.banditOldToml(version));
      }
    }
    if (inputs.ini !== undefined) {
      contents.push(inputs.ini);
      args.push(...selectionArgs(parseBanditIni(inputs.ini)));
    }
  }
  // Most repositories have no Bandit config: then there is nothing to digest, and node:crypto stays unloaded.
  const digest =
    args.length === 0 && contents.length === 0
      ? 'defaults'
      : (await builtin('node:crypto', () => import('node:crypto')))
          .createHash('sha256')
          .update(JSON.stringify([args, configFile?.name ?? '', contents]))
          .digest('hex')
          .slice(0, 16);
  return { args, ...(configFile ? { configFile } : {}), digest, notices };
}
