/**
 * poetry.lock: every `[[package]]` is an exact version. Development-only when
 * the old `category = "dev"` says so, or the newer `groups` list lacks `main`.
 * A package from git, a URL, a directory or a file is not audited.
 */
import type { ParsedManifest } from '../requirement.js';
import { emptyResult, requirementOf } from './entry.js';
import { checkFields, lockEntries } from './lock-entries.js';
import { dig, isTable, parseToml, str } from './toml.js';
import { TomlLines } from './toml-lines.js';

const NOT_AN_INDEX = new Set(['git', 'url', 'directory', 'file']);

export function parsePoetryLock(path: string, text: string): ParsedManifest {
  const out = emptyResult();
  const parsed = parseToml(text, path);
  if ('error' in parsed) {
    out.errors.push({ path, ...parsed.error });
    return out;
  }
  for (const entry of lockEntries(parsed.value, 'package', new TomlLines(text), path, out)) {
    const { table, line } = entry;
    const what = `package ${str(table.name) ?? '(unnamed)'}`;
    if (!checkFields(entry, { name: 'string', version: 'string', category: 'string', groups: 'strings', source: 'table' }, what, path, out))
      continue;
    if (
      !checkFields(
        { table: isTable(table.source) ? table.source : {}, line },
        { type: 'string', url: 'string' },
        `${what}'s source`,
        path,
        out,
      )
    )
      continue;
    const name = str(table.name) ?? '';
    const version = str(table.version);
    // Poetry writes a name and a version for every package: one without is not a lock Poetry reads.
    if (name === '' || version === undefined) {
      out.errors.push({ path, line, message: `${path}: ${what} has no ${name === '' ? 'name' : 'version'}` });
      continue;
    }
    const groups = table.groups;
    const dev = table.category === 'dev' || (Array.isArray(groups) && !groups.includes('main'));
    const place = { path, line, dev };
    const sourceType = str(dig(table, 'source', 'type'));
    if (sourceType !== undefined && NOT_AN_INDEX.has(sourceType)) {
      const url = str(dig(table, 'source', 'url')) ?? sourceType;
      out.requirements.push(requirementOf({ name, kind: 'url' }, `${name} @ ${url}`, place));
    } else {
      out.requirements.push(requirementOf({ name, kind: 'pinned', version }, `${name}==${version}`, place));
    }
  }
  return out;
}
