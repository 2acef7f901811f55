/**
 * pdm.lock: every `[[package]]` is an exact version; development-only when its
 * `groups` lack `default`. Git, URL and path packages are not audited.
 */
import type { ParsedManifest } from '../requirement.js';
import { emptyResult, requirementOf } from './entry.js';
import { checkFields, lockEntries } from './lock-entries.js';
import { parseToml, str } from './toml.js';
import { TomlLines } from './toml-lines.js';

export function parsePdmLock(path: string, text: string): ParsedManifest {
  const out = emptyResult();
  const parsed = parseToml(text, path);
  if ('error' in parsed) {
    out.errors.push({ path, ...parsed.error });
    return out;
  }
  for (const entry of lockEntries(parsed.value, 'package', new TomlLines(text), path, out)) {
    const { table, line } = entry;
    const what = `package ${str(table.name) ?? '(unnamed)'}`;
    const fields = {
      name: 'string',
      version: 'string',
      groups: 'strings',
      git: 'string',
      url: 'string',
      path: 'string',
      editable: 'boolean',
    } as const;
    if (!checkFields(entry, fields, what, path, out)) continue;
    const name = str(table.name) ?? '';
    const version = str(table.version);
    const groups = table.groups;
    const dev = Array.isArray(groups) && groups.length > 0 && !groups.includes('default');
    const place = { path, line, dev };
    const source = str(table.git) ?? str(table.url) ?? str(table.path);
    if (name === '') {
      out.errors.push({ path, line, message: `${path}: a package has no name` });
    } else if (table.editable === true) {
      out.requirements.push(requirementOf({ name, kind: 'editable' }, `-e ${source ?? name}`, place));
    } else if (source !== undefined) {
      out.requirements.push(requirementOf({ name, kind: 'url' }, `${name} @ ${source}`, place));
    } else if (version === undefined) {
      // PDM locks a version for every package from an index.
      out.errors.push({ path, line, message: `${path}: ${what} has no version` });
    } else {
      out.requirements.push(requirementOf({ name, kind: 'pinned', version }, `${name}==${version}`, place));
    }
  }
  return out;
}
