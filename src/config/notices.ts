import type { GlobCompiler } from '../files/glob.js';
import { messages } from '../messages.js';
import type { Config } from './types.js';

/** Paths of every shape a Python file can have: an exclude that matches them all drops every file. */
const PYTHON_PROBES = ['a.py', 'src/b.py', 'lib/pkg/c.py', '.d/e.py', 'f/g/h/i/j.py'];
const MANIFEST_PROBES = ['requirements.txt', 'pyproject.toml', 'a/requirements.txt', 'b/c/poetry.lock', '.d/Pipfile.lock', 'uv.lock'];

function dropsEvery(patterns: string[], probes: string[], glob: GlobCompiler | undefined): boolean {
  if (patterns.length === 0 || !glob) return false;
  const excluded = glob(patterns);
  return probes.every(excluded);
}

/**
 * The settings that turn a check off, one line each, for every run that
 * judges files (hook or scan): whoever commits sees that the gate is open
 * there. Pure; `glob` is given when the config has excludes.
 */
export function configNotices(config: Config, glob: GlobCompiler | undefined): string[] {
  const notices: string[] = [];
  if (!config.code.enabled) notices.push(messages.configNoticeCodeOff);
  else if (dropsEvery(config.code.exclude, PYTHON_PROBES, glob)) notices.push(messages.configNoticeCodeExcludeAll);
  if (!config.deps.enabled) notices.push(messages.configNoticeDepsOff);
  else if (dropsEvery(config.deps.exclude, MANIFEST_PROBES, glob)) notices.push(messages.configNoticeDepsExcludeAll);
  if (config.failOn === 'critical') notices.push(messages.configNoticeFailOnCritical);
  return notices;
}
