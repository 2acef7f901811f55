/**
 * pyproject.toml: PEP 621 `[project]` dependencies and extras, PEP 735
 * `[dependency-groups]`, Poetry's `[tool.poetry…]` tables, PDM's and uv's
 * dev-dependencies.
 *
 * Development-only: extras named like dev/test/docs (see dev-names.ts), every
 * PEP 735 dependency group (the PEP's intent: groups are never part of the
 * published package), every Poetry group except `main`, PDM and uv
 * dev-dependencies.
 */
import type { ParsedManifest } from '../requirement.js';
import { normalizeName } from '../requirement.js';
import { isDevName } from './dev-names.js';
import { emptyResult, pep508Requirement, requirementOf } from './entry.js';
import { classifyPoetryDependency, poetryShapeProblem } from './poetry-spec.js';
import { describe } from './lock-entries.js';
import type { Table } from './toml.js';
import { dig, inline, isTable, parseToml } from './toml.js';
import { TomlLines } from './toml-lines.js';

interface Ctx {
  path: string;
  doc: Table;
  lines: TomlLines;
  out: ParsedManifest;
}

export function parsePyproject(path: string, text: string): ParsedManifest {
  const out = emptyResult();
  const parsed = parseToml(text, path);
  if ('error' in parsed) {
    out.errors.push({ path, ...parsed.error });
    return out;
  }
  const ctx: Ctx = { path, doc: parsed.value, lines: new TomlLines(text), out };

  stringList(ctx, ['project', 'dependencies'], false);
  eachTable(ctx, ['project', 'optional-dependencies'], (extra) =>
    stringList(ctx, ['project', 'optional-dependencies', extra], isDevName(extra)),
  );
  dependencyGroups(ctx);

  poetryTable(ctx, ['tool', 'poetry', 'dependencies'], false);
  poetryTable(ctx, ['tool', 'poetry', 'dev-dependencies'], true);
  eachTable(ctx, ['tool', 'poetry', 'group'], (group) => {
    if (!isTable(dig(ctx.doc, 'tool', 'poetry', 'group', group))) return shapeError(ctx, ['tool', 'poetry', 'group', group], 'a table');
    poetryTable(ctx, ['tool', 'poetry', 'group', group, 'dependencies'], group !== 'main');
  });

  eachTable(ctx, ['tool', 'pdm', 'dev-dependencies'], (group) => stringList(ctx, ['tool', 'pdm', 'dev-dependencies', group], true));
  stringList(ctx, ['tool', 'uv', 'dev-dependencies'], true);
  return out;
}

function shapeError(ctx: Ctx, keys: string[], expected: string): void {
  ctx.out.errors.push({ path: ctx.path, line: ctx.lines.scope(keys).line, message: `${keys.join('.')} should be ${expected}` });
}

function eachTable(ctx: Ctx, keys: string[], each: (key: string) => void): void {
  const table = dig(ctx.doc, ...keys);
  if (table === undefined) return;
  if (!isTable(table)) return shapeError(ctx, keys, 'a table');
  for (const key of Object.keys(table)) each(key);
}

/** An array of PEP 508 strings; `{ include-group = … }` items are left to dependencyGroups(). */
function stringList(ctx: Ctx, keys: string[], dev: boolean): void {
  const list = dig(ctx.doc, ...keys);
  if (list === undefined) return;
  if (!Array.isArray(list)) return shapeError(ctx, keys, 'an array of dependency strings');
  const scope = ctx.lines.scope(keys);
  const next = ctx.lines.stringCursor(scope);
  // Only a dependency group may hold `{ include-group = "…" }` tables.
  const groups = keys[0] === 'dependency-groups';
  for (const item of list) {
    if (typeof item === 'string') ctx.out.requirements.push(pep508Requirement(item, { path: ctx.path, line: next(item), dev }));
    else if (!groups || !isTable(item) || typeof item['include-group'] !== 'string') {
      // Build backends and installers refuse the file: what it installs is unknown.
      ctx.out.errors.push({
        path: ctx.path,
        line: scope.line,
        message: `${keys.join('.')} holds ${describe(item)}, which is not a dependency string`,
      });
    }
  }
}

/**
 * PEP 735 groups. Every group is development-only, so an entry's status does
 * not depend on which group includes it: each string is reported once, where
 * it is written, and `include-group` references are checked (a missing group
 * or a cycle makes installers reject the file).
 */
function dependencyGroups(ctx: Ctx): void {
  const groups = dig(ctx.doc, 'dependency-groups');
  if (groups === undefined) return;
  if (!isTable(groups)) return shapeError(ctx, ['dependency-groups'], 'a table');
  const byName = new Map(Object.keys(groups).map((g) => [normalizeName(g), g]));
  const includes = (group: string): string[] => {
    const list = groups[group];
    if (!Array.isArray(list)) return [];
    return list.flatMap((item) => (isTable(item) && typeof item['include-group'] === 'string' ? [item['include-group']] : []));
  };
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (group: string): void => {
    state.set(group, 'visiting');
    for (const target of includes(group)) {
      const resolved = byName.get(normalizeName(target));
      const line = ctx.lines.stringCursor(ctx.lines.scope(['dependency-groups', group]))(target);
      if (resolved === undefined) {
        ctx.out.errors.push({ path: ctx.path, line, message: `dependency group ${group} includes ${target}, which is not defined` });
      } else if (state.get(resolved) === 'visiting') {
        ctx.out.errors.push({
          path: ctx.path,
          line,
          message: `dependency group ${group} includes ${target}, which includes it back (a cycle)`,
        });
      } else if (!state.has(resolved)) {
        visit(resolved);
      }
    }
    state.set(group, 'done');
  };
  for (const group of Object.keys(groups)) {
    if (!state.has(group)) visit(group);
    stringList(ctx, ['dependency-groups', group], true);
  }
}

/** A Poetry dependency table: `name = "constraint"` or `name = { … }`; `python` is the interpreter, not a package. */
function poetryTable(ctx: Ctx, keys: string[], dev: boolean): void {
  const table = dig(ctx.doc, ...keys);
  if (table === undefined) return;
  if (!isTable(table)) return shapeError(ctx, keys, 'a table');
  const scope = ctx.lines.scope(keys);
  for (const [name, value] of Object.entries(table)) {
    if (name.toLowerCase() === 'python') continue;
    const place = { path: ctx.path, line: ctx.lines.keyLine(scope, name), dev };
    const problem = poetryShapeProblem(value);
    if (problem !== undefined) {
      ctx.out.errors.push({ path: ctx.path, line: place.line, message: `${keys.join('.')}.${name} = ${describe(value)}: ${problem}` });
      continue;
    }
    for (const classified of classifyPoetryDependency(name, value)) {
      ctx.out.requirements.push(requirementOf(classified, `${name} = ${inline(value)}`, place));
    }
  }
}
