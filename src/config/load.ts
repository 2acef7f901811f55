import { isAbsolute, join, posix } from 'node:path';
import { defaultLoaders } from 'cosmiconfig';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { ConfigError } from '../errors.js';
import { messages } from '../messages.js';
import { defaultConfig } from './defaults.js';
import { BANDIT_INI, CONFIG_CANDIDATES, EXECUTABLE_CONFIGS, SEARCH_PLACES } from './search-places.js';
import { jsonErrorOffset, offsetOf, placeAt } from './syntax.js';
import type { ConfigEntry, ConfigTree } from './tree.js';
import type { BanditInputs, LoadedConfig } from './types.js';
import { validateConfig } from './validate.js';

/** A config as loaded, and every path it was read from (what the memo must watch). */
export interface TreeConfig {
  loaded: LoadedConfig;
  paths: string[];
  /** What the tree held at those paths (absent ones left out). */
  seen: Map<string, ConfigEntry>;
}

function syntaxError(file: string, format: string, text: string, offset: number, reason?: string): ConfigError {
  const { line, column, token } = placeAt(text, offset);
  return new ConfigError(messages.configSyntax(file, format, line, column, token, reason), { remedy: messages.configRemedy });
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw syntaxError(file, 'JSON', text, jsonErrorOffset(text));
  }
}

function parseYaml(file: string, text: string): unknown {
  try {
    return defaultLoaders['.yaml'](file, text);
  } catch (error) {
    // js-yaml's message carries a code frame; only its reason and place are used.
    const { reason, mark } = error as { reason?: string; mark?: { position?: number } };
    const offset = typeof mark?.position === 'number' ? mark.position : 0;
    throw syntaxError(file, 'YAML', text, offset, reason?.slice(0, 80));
  }
}

function parseTomlText(file: string, text: string): Record<string, unknown> {
  try {
    return parseToml(text);
  } catch (error) {
    // smol-toml's message carries the lines around the error; only its first line and place are used.
    const { line, column, message } = error as { line?: number; column?: number; message?: string };
    const reason = (message ?? '')
      .split('\n')[0]
      ?.replace(/^Invalid TOML document: /, '')
      .slice(0, 80);
    throw syntaxError(file, 'TOML', text, offsetOf(text, line ?? 1, column ?? 1), reason);
  }
}

function asTable(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Where a config may name another file: relative, inside the repository, as git writes paths. */
function repositoryPath(value: string): string | undefined {
  if (isAbsolute(value) || value.includes('\0')) return undefined;
  const normal = posix.normalize(value);
  return normal === '..' || normal.startsWith('../') || normal === '.' ? undefined : normal;
}

/**
 * Reads the secgate configuration and the Bandit settings from one tree: the
 * fixed list of candidate files, each a regular file or refused, parsed from
 * the tree's content (never followed to the disk). Exactly one secgate config
 * may be present: `.secgaterc*` by being there, package.json with a `secgate`
 * key, pyproject.toml with `[tool.secgate]`. Executable formats are refused.
 */
export async function loadConfigFrom(tree: ConfigTree, root: string, known?: Map<string, ConfigEntry>): Promise<TreeConfig> {
  const entries = known ?? (await tree.entries(CONFIG_CANDIDATES));
  const label = (path: string) => (tree.where ? `${join(root, path)} (${tree.where})` : join(root, path));

  for (const name of EXECUTABLE_CONFIGS) {
    if (entries.has(name)) throw new ConfigError(messages.configExecutable(label(name)), { remedy: messages.configExecutableRemedy });
  }
  const present = [...SEARCH_PLACES, BANDIT_INI].flatMap((path) => entries.get(path) ?? []);
  const texts = await readTexts(tree, present, label);

  const found: { path: string; raw: unknown }[] = [];
  let pyprojectBandit: Record<string, unknown> | undefined;
  for (const path of SEARCH_PLACES) {
    const text = texts.get(path);
    if (text === undefined) continue;
    if (path === 'package.json') {
      // Only a package.json that could hold a `secgate` key is parsed: a broken one is otherwise npm's business.
      if (!text.includes('secgate')) continue;
      const json = asTable(parseJson(label(path), text));
      if (json && 'secgate' in json) found.push({ path, raw: json.secgate });
    } else if (path === 'pyproject.toml') {
      if (!text.includes('secgate') && !text.includes('tool.bandit')) continue;
      const tool = asTable(parseTomlText(label(path), text).tool);
      if (tool && 'secgate' in tool) found.push({ path, raw: tool.secgate });
      pyprojectBandit = asTable(tool?.bandit);
    } else if (text.trim() === '') {
      found.push({ path, raw: undefined });
    } else {
      found.push({ path, raw: path.endsWith('.json') ? parseJson(label(path), text) : parseYaml(label(path), text) });
    }
  }
  if (found.length > 1) {
    throw new ConfigError(messages.configAmbiguous(found.map(({ path }) => label(path))), { remedy: messages.configAmbiguousRemedy });
  }

  const chosen = found[0];
  const filepath = chosen ? join(root, chosen.path) : undefined;
  let config = defaultConfig();
  if (chosen && chosen.raw != null) {
    if (asTable(chosen.raw) && '$import' in (chosen.raw as object)) {
      throw new ConfigError(messages.configImport(label(chosen.path)), { remedy: messages.configImportRemedy });
    }
    const result = validateConfig(chosen.raw);
    if (result.errors.length > 0) {
      throw new ConfigError(messages.configInvalid(label(chosen.path), result.errors), { remedy: messages.configRemedy });
    }
    config = result.config;
  }

  const paths: string[] = [...CONFIG_CANDIDATES];
  const seen = new Map([...entries].filter(([path]) => CONFIG_CANDIDATES.includes(path)));
  const bandit: BanditInputs = {};
  if (config.code.banditConfig !== undefined) {
    const path = repositoryPath(config.code.banditConfig);
    if (path === undefined)
      throw new ConfigError(messages.banditConfigOutside(config.code.banditConfig), { remedy: messages.configRemedy });
    paths.push(path);
    const entry = (await tree.entries([path])).get(path);
    if (entry) seen.set(path, entry);
    if (!entry) throw new ConfigError(messages.banditConfigMissing(label(path)), { remedy: messages.configRemedy });
    bandit.configFile = { path, text: (await readTexts(tree, [entry], label)).get(path) ?? '' };
  } else {
    const ini = texts.get(BANDIT_INI);
    if (ini !== undefined) bandit.ini = ini;
    if (pyprojectBandit) {
      // Bandit is given this table as a file of its own: never the working tree's pyproject.toml.
      bandit.pyproject = {
        toml: stringifyToml({ tool: { bandit: pyprojectBandit } }),
        skips: strings(pyprojectBandit.skips),
        tests: strings(pyprojectBandit.tests),
      };
    }
  }
  return { loaded: { config, filepath, bandit }, paths, seen };
}

/** The text of each entry; anything but a regular file is refused. */
async function readTexts(tree: ConfigTree, entries: ConfigEntry[], label: (path: string) => string): Promise<Map<string, string>> {
  for (const entry of entries) {
    if (entry.kind !== 'file') {
      throw new ConfigError(messages.configNotRegular(label(entry.path), KIND_NAMES[entry.kind]), {
        remedy: messages.configNotRegularRemedy,
      });
    }
  }
  let contents: Buffer[];
  try {
    contents = await tree.read(entries);
  } catch (error) {
    const names = entries.map((entry) => label(entry.path)).join(', ');
    throw new ConfigError(messages.configUnreadable(names, (error as NodeJS.ErrnoException).code ?? 'not a regular file'), {
      remedy: messages.configNotRegularRemedy,
    });
  }
  return new Map(entries.map((entry, i) => [entry.path, (contents[i] ?? Buffer.alloc(0)).toString('utf8').replace(/^\uFEFF/, '')]));
}

const KIND_NAMES: Record<ConfigEntry['kind'], string> = {
  file: 'a file',
  symlink: 'a symbolic link',
  submodule: 'a submodule',
  directory: 'a directory',
  other: 'a special file',
};
