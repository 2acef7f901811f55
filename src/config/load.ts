import { cosmiconfig, defaultLoaders } from 'cosmiconfig';
import { parse as parseToml } from 'smol-toml';
import { ConfigError } from '../errors.js';
import { messages } from '../messages.js';
import { defaultConfig } from './defaults.js';
import type { LoadedConfig } from './types.js';
import { SEARCH_PLACES } from './search-places.js';
import { validateConfig } from './validate.js';

/** Loads and validates the config found at the repository root (or the file named). */
export async function loadConfig(root: string, explicitFile?: string): Promise<LoadedConfig> {
  const noCode = (filepath: string): never => {
    throw new ConfigError(messages.configExecutable(filepath));
  };
  const explorer = cosmiconfig('secgate', {
    searchPlaces: [...SEARCH_PLACES],
    searchStrategy: 'none',
    cache: false,
    loaders: {
      '.json': defaultLoaders['.json'],
      '.yaml': defaultLoaders['.yaml'],
      '.yml': defaultLoaders['.yml'],
      noExt: defaultLoaders['.yaml'],
      '.toml': (filepath: string, content: string) => {
        const tool = parseToml(content).tool as Record<string, unknown> | undefined;
        // A pyproject.toml without [tool.secgate] is no config: keep searching.
        return tool?.secgate ?? null;
      },
      '.js': noCode,
      '.mjs': noCode,
      '.cjs': noCode,
      '.ts': noCode,
      '.mts': noCode,
      '.cts': noCode,
    },
  });

  let result;
  try {
    result = explicitFile ? await explorer.load(explicitFile) : await explorer.search(root);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const file = explicitFile ?? (error as { filepath?: string }).filepath ?? root;
    throw new ConfigError(messages.configUnreadable(file, (error as Error).message), { cause: error });
  }
  if (!result || result.isEmpty) return { config: defaultConfig(), filepath: result?.filepath };

  const { config, errors } = validateConfig(result.config);
  if (errors.length > 0) throw new ConfigError(messages.configInvalid(result.filepath, errors));
  return { config, filepath: result.filepath };
}
