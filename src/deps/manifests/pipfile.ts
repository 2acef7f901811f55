/**
 * Pipfile (TOML): `[packages]` and `[dev-packages]` (dev). A value is a
 * specifier string (`"*"`, `"==1.0"`, `">=1"`) or a table (`{ version, extras,
 * markers }`, `{ git }`, `{ path }`, `{ file }`, `editable = true`).
 */
import type { ParsedManifest } from '../requirement.js';
import { emptyResult, requirementOf } from './entry.js';
import type { Classified } from './pep508.js';
import { exactPin, parseSpecifiers } from './pep508.js';
import { dig, inline, isTable, parseToml, str } from './toml.js';
import { TomlLines } from './toml-lines.js';
import { describe } from './lock-entries.js';

export function parsePipfile(path: string, text: string): ParsedManifest {
  const out = emptyResult();
  const parsed = parseToml(text, path);
  if ('error' in parsed) {
    out.errors.push({ path, ...parsed.error });
    return out;
  }
  const lines = new TomlLines(text);
  for (const [section, dev] of [
    ['packages', false],
    ['dev-packages', true],
  ] as const) {
    const table = dig(parsed.value, section);
    if (table === undefined) continue;
    const scope = lines.scope([section]);
    if (!isTable(table)) {
      out.errors.push({ path, line: scope.line, message: `[${section}] should be a table` });
      continue;
    }
    for (const [name, value] of Object.entries(table)) {
      const place = { path, line: lines.keyLine(scope, name), dev };
      // pipenv reads a specifier string or a table whose version is one: anything else is no Pipfile it installs from.
      const version = isTable(value) ? value.version : value;
      if (version !== undefined && typeof version !== 'string') {
        out.errors.push({
          path,
          line: place.line,
          message: `${path}: [${section}] ${name} = ${describe(value)}: a version should be a string`,
        });
        continue;
      }
      out.requirements.push(requirementOf(classifyPipfileValue(name, value), `${name} = ${inline(value)}`, place));
    }
  }
  return out;
}

/** pipenv joins name and value into a pip line, so the value is a specifier list; a bare `1.0` is not one. */
export function classifyPipfileValue(name: string, value: unknown): Classified {
  if (isTable(value)) {
    if (value.editable === true) return { name, kind: 'editable' };
    if (value.git !== undefined || value.path !== undefined || value.file !== undefined) return { name, kind: 'url' };
    for (const vcs of ['hg', 'svn', 'bzr']) if (value[vcs] !== undefined) return { name, kind: 'url' };
    return classifyPipfileValue(name, value.version ?? '*');
  }
  const spec = str(value)?.trim();
  if (spec === undefined) return { name, kind: 'invalid' };
  if (spec === '*' || spec === '') return { name, kind: 'unpinned' };
  const specs = parseSpecifiers(spec);
  if (!specs) return { name, kind: 'invalid' };
  const version = exactPin(specs);
  return version === undefined ? { name, kind: 'unpinned' } : { name, kind: 'pinned', version };
}
