/**
 * pip requirement and constraint files, following `-r`/`-c` includes through
 * the same tree. Every file is read at most once per parse, which both guards
 * include cycles and keeps a file included twice from being reported twice.
 */
import { isSecgateError } from '../../errors.js';
import type { ParsedManifest, ReadSibling, Requirement } from '../requirement.js';
import { isDevPath } from './dev-names.js';
import type { Classified } from './pep508.js';
import { parseOptionLine } from './pip-options.js';
import { classifyPipRequirement, isPipUrl, logicalLines, splitArgs, targetName } from './pip-line.js';
import { dirname, resolveRepoPath } from './repo-path.js';
import { decodeText, splitLines } from './text.js';

interface Walk {
  readSibling: ReadSibling;
  env: NodeJS.ProcessEnv;
  seen: Set<string>;
  out: ParsedManifest;
}

export async function parseRequirementsTxt(
  path: string,
  text: string,
  readSibling: ReadSibling,
  env: NodeJS.ProcessEnv = {},
  dev: boolean = isDevPath(path),
): Promise<ParsedManifest> {
  const walk: Walk = { readSibling, env, seen: new Set([path]), out: { requirements: [], errors: [] } };
  await parseFile(path, text, walk, dev);
  return walk.out;
}

/**
 * One file of the walk. `dev` is the status of the manifest being audited,
 * not of this file's own path: whatever a production file includes (`-r
 * tests/pins.txt`, `-c ci/constraints.txt`) is installed in production.
 */
async function parseFile(path: string, text: string, walk: Walk, dev: boolean): Promise<void> {
  const add = (line: number, requirement: string, fields: Pick<Requirement, 'name' | 'kind' | 'version'>) => {
    // Built field by field: a spread per line was most of a large file's parse time.
    const requirement_: Requirement = { name: fields.name, kind: fields.kind, requirement, path, line, dev };
    if (fields.version !== undefined) requirement_.version = fields.version;
    walk.out.requirements.push(requirement_);
  };

  // A line repeated many times is classified once.
  const classified = new Map<string, Classified>();
  for (const { line, text: logical } of logicalLines(splitLines(text), walk.env)) {
    const { args, options } = splitArgs(logical);
    if (args !== '') {
      // Per-line options (`--hash`, `--config-settings`) say nothing about the version.
      let fields = classified.get(args);
      if (!fields) classified.set(args, (fields = classifyPipRequirement(args)));
      add(line, args, fields);
      continue;
    }
    for (const action of parseOptionLine(options)) {
      if (action.kind === 'error') {
        walk.out.errors.push({ path, line, message: `${path}: ${action.message}` });
      } else if (action.kind === 'editable') {
        add(line, `-e ${action.target}`, { name: targetName(action.target), kind: 'editable' });
      } else if (isPipUrl(action.target)) {
        // A remote include is not in the tree: it is reported, like any URL, as not audited.
        add(line, `${action.kind === 'requirement' ? '-r' : '-c'} ${action.target}`, { name: action.target, kind: 'url' });
      } else {
        await include(path, line, action.target, walk, dev);
      }
    }
  }
}

async function include(from: string, line: number, target: string, walk: Walk, dev: boolean): Promise<void> {
  const resolved = resolveRepoPath(dirname(from), target);
  const fail = (message: string) => walk.out.errors.push({ path: from, line, message });
  if (resolved === undefined) return void fail(`included file ${target} is outside the repository`);
  if (walk.seen.has(resolved)) return;
  walk.seen.add(resolved);
  let content: Buffer | undefined;
  try {
    content = await walk.readSibling(resolved);
  } catch (error) {
    // A git that failed is a tool error (exit 3), not an unreadable include that deps.onParseError "warn" lets pass.
    if (isSecgateError(error)) throw error;
    return void fail(`included file ${resolved} could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (content === undefined) return void fail(`included file ${resolved} is not in the repository`);
  const decoded = decodeText(content);
  if ('error' in decoded) return void fail(`included file ${resolved}: ${decoded.error}`);
  await parseFile(resolved, decoded.text, walk, dev);
}
