/**
 * setup.cfg: `[options] install_requires` (and `tests_require`, dev) and
 * `[options.extras_require]`, with setuptools' list rules: a value on several
 * lines is one requirement a line, a value on one line is split at `;`.
 * `file:` values name requirement files, read from the same tree.
 */
import { isSecgateError } from '../../errors.js';
import type { ParsedManifest, ReadSibling } from '../requirement.js';
import { isDevName } from './dev-names.js';
import { emptyResult, pep508Requirement } from './entry.js';
import type { IniLine, IniValue } from './ini.js';
import { parseIni } from './ini.js';
import { dirname, resolveRepoPath } from './repo-path.js';
import { parseRequirementsTxt } from './requirements-txt.js';
import { decodeText } from './text.js';

export async function parseSetupCfg(
  path: string,
  text: string,
  readSibling: ReadSibling,
  env?: NodeJS.ProcessEnv,
): Promise<ParsedManifest> {
  const out = emptyResult();
  const ini = parseIni(text);
  if (ini.errors.length > 0) {
    for (const error of ini.errors)
      out.errors.push({ path, line: error.line, message: `${path} cannot be read by setuptools: ${error.text}` });
    return out;
  }
  const options = ini.sections.get('options');
  const lists: { value: IniValue; dev: boolean }[] = [];
  for (const [key, value] of options ?? []) {
    const name = key.replace(/-/g, '_');
    if (name === 'install_requires') lists.push({ value, dev: false });
    if (name === 'tests_require') lists.push({ value, dev: true });
  }
  for (const [extra, value] of ini.sections.get('options.extras_require') ?? []) lists.push({ value, dev: isDevName(extra) });

  for (const { value, dev } of lists) {
    const first = value.lines[0]?.text.trim() ?? '';
    if (first.startsWith('file:')) {
      await fromFiles(path, value.line, first.slice(5), dev, readSibling, env, out);
      continue;
    }
    for (const item of listItems(value)) out.requirements.push(pep508Requirement(item.text, { path, line: item.line, dev }));
  }
  return out;
}

/** setuptools' _parse_list: lines when the value spans lines, else `;`-separated; comments and blanks dropped. */
function listItems(value: IniValue): IniLine[] {
  // configparser drops trailing blank lines, so only a later non-blank line makes a multi-line value.
  const spans = value.lines.slice(1).some((l) => l.text !== '');
  const items = spans ? value.lines : value.lines.flatMap((l) => l.text.split(';').map((text) => ({ text, line: l.line })));
  return items.map((item) => ({ text: item.text.replace(/(^|\s+)#.*$/, '').trim(), line: item.line })).filter((item) => item.text !== '');
}

async function fromFiles(
  path: string,
  line: number,
  list: string,
  dev: boolean,
  readSibling: ReadSibling,
  env: NodeJS.ProcessEnv | undefined,
  out: ParsedManifest,
): Promise<void> {
  for (const target of list
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')) {
    const resolved = resolveRepoPath(dirname(path), target);
    const content =
      resolved === undefined
        ? undefined
        : await readSibling(resolved).catch((error: unknown) => {
            // A git that failed is a tool error (exit 3), not an unreadable file that may only warn.
            if (isSecgateError(error)) throw error;
            return undefined;
          });
    const decoded = content === undefined ? undefined : decodeText(content);
    if (resolved === undefined || decoded === undefined || 'error' in decoded) {
      out.errors.push({ path, line, message: `file: ${target} cannot be read from the repository` });
      continue;
    }
    // The file has the status of the key that names it, not of its own name: `install_requires = file: requirements-dev.txt` is installed.
    const parsed = await parseRequirementsTxt(resolved, decoded.text, readSibling, env, dev);
    out.requirements.push(...parsed.requirements);
    out.errors.push(...parsed.errors);
  }
}
