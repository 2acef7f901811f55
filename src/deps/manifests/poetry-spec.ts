/**
 * Poetry's dependency values: a constraint string (`^1.2`, `~1.2`, `1.2.3`,
 * `>=1,<2`, `1.2.*`) or a table (`{ version, extras, optional, markers }`,
 * `{ git }`, `{ path }`, `{ url }`), or a list of such tables per environment.
 */
import type { Classified } from './pep508.js';
import { isPep440Version } from './pep440.js';
import { isTable, str } from './toml.js';

const PART = /^(===|==|=|!=|>=|<=|>|<|~=|~|\^)?(\S+)$/;

/**
 * A bare version means exactly that version in Poetry (`"1.2.3"` is `==1.2.3`);
 * `^`, `~`, ranges, wildcards and `||` alternatives are not pins.
 */
export function classifyPoetryConstraint(name: string, constraint: string): Classified {
  const text = constraint.trim();
  if (text === '' || text === '*') return { name, kind: 'unpinned' };
  if (text.includes('||') || text.includes('|')) return { name, kind: 'unpinned' };
  const parts = text
    .replace(/(===|==|!=|>=|<=|~=|[=><~^])\s+/g, '$1')
    .split(/[,\s]+/)
    .filter((p) => p !== '');
  let pinned: string | undefined;
  for (const part of parts) {
    const match = PART.exec(part);
    const op = match?.[1] ?? '';
    const version = match?.[2] ?? '';
    if (!match) return { name, kind: 'invalid' };
    if (op === '===') pinned ??= version;
    else if (op === '' || op === '=' || op === '==') {
      if (version === '*' || version.endsWith('.*')) continue;
      if (!isPep440Version(version)) return { name, kind: 'invalid' };
      pinned ??= version;
    }
  }
  return pinned === undefined ? { name, kind: 'unpinned' } : { name, kind: 'pinned', version: pinned };
}

/** One dependency entry, or one per element of a multiple-constraints list. */
export function classifyPoetryDependency(name: string, value: unknown): Classified[] {
  if (typeof value === 'string') return [classifyPoetryConstraint(name, value)];
  if (Array.isArray(value)) return value.flatMap((v) => classifyPoetryDependency(name, v));
  if (!isTable(value)) return [{ name, kind: 'invalid' }];
  if (value.path !== undefined && value.develop === true) return [{ name, kind: 'editable' }];
  if (value.git !== undefined || value.path !== undefined || value.url !== undefined) return [{ name, kind: 'url' }];
  const version = value.version === undefined ? '*' : str(value.version);
  return version === undefined ? [{ name, kind: 'invalid' }] : [classifyPoetryConstraint(name, version)];
}

/**
 * Why a dependency value is not one Poetry accepts (a number, a table whose
 * version is not a string, a list of anything but tables), or undefined.
 */
export function poetryShapeProblem(value: unknown): string | undefined {
  if (typeof value === 'string') return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return 'an empty list of constraints';
    for (const item of value) {
      if (!isTable(item)) return 'a list of constraints holds something other than a table';
      const problem = poetryShapeProblem(item);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (!isTable(value)) return 'a dependency should be a version string or a table';
  for (const key of ['version', 'git', 'path', 'url', 'branch', 'tag', 'rev', 'markers', 'python', 'source']) {
    if (value[key] !== undefined && typeof value[key] !== 'string') return `${key} should be a string`;
  }
  return undefined;
}
