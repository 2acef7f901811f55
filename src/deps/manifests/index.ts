/**
 * The manifest parsers, chosen by file name. Pure: content comes in as bytes,
 * includes through `readSibling` (the same git tree), and problems come back
 * as `errors` entries, never as exceptions.
 */
import { ExitCode, isSecgateError } from '../../errors.js';
import type { ParsedManifest, ReadSibling } from '../requirement.js';
import { parsePdmLock } from './pdm-lock.js';
import { parsePipfile } from './pipfile.js';
import { parsePipfileLock } from './pipfile-lock.js';
import { parsePoetryLock } from './poetry-lock.js';
import { parsePylock } from './pylock.js';
import { parsePyproject } from './pyproject.js';
import { parseRequirementsTxt } from './requirements-txt.js';
import { parseSetupCfg } from './setup-cfg.js';
import { decodeText } from './text.js';
import { parseUvLock } from './uv-lock.js';

export type { ParsedManifest, ReadSibling, Requirement } from '../requirement.js';

type Parser = (path: string, text: string, readSibling: ReadSibling, env: NodeJS.ProcessEnv) => ParsedManifest | Promise<ParsedManifest>;

const BY_NAME: Record<string, Parser> = {
  'pyproject.toml': parsePyproject,
  'poetry.lock': parsePoetryLock,
  Pipfile: parsePipfile,
  'Pipfile.lock': parsePipfileLock,
  'uv.lock': parseUvLock,
  'pdm.lock': parsePdmLock,
  'pylock.toml': parsePylock,
  'setup.cfg': parseSetupCfg,
};

/** The parser for a repository path, or undefined when it is no manifest this module reads. */
function parserFor(path: string): Parser | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (Object.hasOwn(BY_NAME, name)) return BY_NAME[name];
  // PEP 751 also names locks `pylock.<name>.toml`.
  if (/^pylock\.[^/]+\.toml$/.test(name)) return parsePylock;
  // Requirement files, and anything else pip reads with -r (requirements.in, dev.txt).
  if (/\.(txt|in)$/i.test(name)) return parseRequirementsTxt;
  return undefined;
}

/** Whether a manifest is in pip's requirements format, so that another may include it (`-r`, `-c`, setup.cfg's `file:`). */
export function isRequirementsFormat(path: string): boolean {
  return parserFor(path) === parseRequirementsTxt;
}

/** Whether a manifest may read other files of the tree: requirements files (`-r`, `-c`) and setup.cfg (`file:`). */
export function mayInclude(path: string): boolean {
  const parser = parserFor(path);
  return parser === parseRequirementsTxt || parser === parseSetupCfg;
}

export async function parseManifest(
  path: string,
  content: Buffer,
  readSibling: ReadSibling,
  env: NodeJS.ProcessEnv = {},
): Promise<ParsedManifest> {
  const parser = parserFor(path);
  if (!parser) return { requirements: [], errors: [{ path, line: 1, message: `${path} is not a dependency manifest secgate reads` }] };
  const decoded = decodeText(content);
  if ('error' in decoded) return { requirements: [], errors: [{ path, line: 1, message: `${path}: ${decoded.error}` }] };
  try {
    return await parser(path, decoded.text, readSibling, env);
  } catch (error) {
    // git failing to read an include is exit 3, as any read of content is.
    if (isSecgateError(error) && error.exitCode === ExitCode.Tool) throw error;
    // A parser bug must not pass a manifest silently: report it like unreadable content.
    const reason = error instanceof Error ? error.message : String(error);
    return { requirements: [], errors: [{ path, line: 1, message: `${path} could not be parsed: ${reason}` }] };
  }
}
