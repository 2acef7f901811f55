import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../../errors.js';
import { messages } from '../../messages.js';
import { readsTomlConfig } from './parse.js';

/** The repository's Bandit configuration, as arguments for the installed Bandit. */
export interface BanditSettings {
  args: string[];
  /** Digest of the arguments and the config files' contents: part of the cache key. */
  digest: string;
  notices: string[];
}

/** Larger than any real Bandit config or pyproject.toml; more is not a config file. */
export const MAX_SETTINGS_BYTES = 4 * 1024 * 1024;

/**
 * Reads a config file, or undefined when there is none. Only a regular file
 * of sane size: a name (or a committed symlink) that leads to /dev/zero, a
 * FIFO or a huge file would otherwise exhaust memory or wait forever. Opened
 * without blocking, then judged by what was opened, not by the name.
 * Synchronous: every commit reads these small files, and a promise read costs several times the read.
 */
function readOptional(path: string, shown: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new ConfigError(messages.banditConfigNotFile(shown), { remedy: messages.banditConfigFileRemedy });
    if (info.size > MAX_SETTINGS_BYTES) {
      throw new ConfigError(messages.banditConfigTooLarge(shown, info.size, MAX_SETTINGS_BYTES), {
        remedy: messages.banditConfigFileRemedy,
      });
    }
    return readFileSync(fd, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    return undefined;
  } finally {
    closeSync(fd);
  }
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

async function parseBanditToml(text: string): Promise<{ skips?: unknown; tests?: unknown }> {
  const { parse } = await import('smol-toml');
  try {
    const tool = (parse(text).tool ?? {}) as { bandit?: { skips?: unknown; tests?: unknown } };
    return tool.bandit ?? {};
  } catch (error) {
    throw new ConfigError(messages.banditTomlBroken('pyproject.toml', (error as Error).message), { cause: error });
  }
}

/**
 * Finds the Bandit configuration in effect and turns it into arguments that
 * the installed version accepts. Bandit ≥ 1.7 reads `[tool.bandit]` from
 * pyproject.toml with `-c`; for 1.6 its skips and tests are passed on as
 * options. Never a severity or confidence filter: secgate grades every result.
 */
export async function banditSettings(root: string, version: string, configFile?: string): Promise<BanditSettings> {
  const args: string[] = [];
  const notices: string[] = [];
  const contents: string[] = [];

  if (configFile) {
    const path = resolve(root, configFile);
    const text = readOptional(path, configFile);
    if (text === undefined) throw new ConfigError(messages.banditConfigMissing(configFile));
    args.push('-c', path);
    contents.push(text);
  } else {
    const pyproject = readOptional(join(root, 'pyproject.toml'), 'pyproject.toml');
    if (pyproject?.includes('[tool.bandit')) {
      contents.push(pyproject);
      // Parsed whatever the version: a broken file is the user's config error, not Bandit's crash.
      const bandit = await parseBanditToml(pyproject);
      if (readsTomlConfig(version)) {
        args.push('-c', join(root, 'pyproject.toml'));
      } else {
        args.push(...selectionArgs(bandit));
        notices.push(messages.banditOldToml(version));
      }
    }
    const ini = readOptional(join(root, '.bandit'), '.bandit');
    if (ini !== undefined) {
      contents.push(ini);
      args.push(...selectionArgs(parseBanditIni(ini)));
    }
  }
  // Most repositories have no Bandit config: then there is nothing to digest, and node:crypto stays unloaded.
  const digest =
    args.length === 0 && contents.length === 0
      ? 'defaults'
      : (await import('node:crypto'))
          .createHash('sha256')
          .update(JSON.stringify([args, contents]))
          .digest('hex')
          .slice(0, 16);
  return { args, digest, notices };
}
