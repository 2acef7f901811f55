/**
 * pip requirement and constraint files, following `-r`/`-c` includes through
 * the same tree. Every file is read at most once per parse, which both guards
 * include cycles and keeps a file included twice from being reported twice.
 */
import { ExitCode, isSecgateError } from '../../errors.js';
import type { ParsedManifest, ReadSibling, Requirement } from '../requirement.js';
import { isDevPath } from './dev-names.js';
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
): Promise<ParsedManifest> {
  const walk: Walk = { readSibling, env, seen: new Set([path]), out: { requirements: [], errors: [] } };
  await parseFile(path, text, walk);
  return walk.out;
}

async function parseFile(path: string, text: string, walk: Walk): Promise<void> {
  const dev = isDevPath(path);
  const add = (line: number, requirement: string, fields: Pick<Requirement, 'name' | 'kind' | 'version'>) => {
    walk.out.requirements.push({ ...fields, requirement, path, line, dev });
  };

  for (const { line, text: logical } of logicalLines(splitLines(text), walk.env)) {
    const { args, options } = splitArgs(logical);
    if (args !== '') {
      // Per-line options (`--hash`, `--config-settings`) say nothing about the version.
      add(line, args, classifyPipRequirement(args));
      continue;
    }
    for (const action of parseOptionLine(options)) {
      if (action.kind === 'editable') {
        add(line, `-e ${action.target}`, { name: targetName(action.target), kind: 'editable' });
      } else if (isPipUrl(action.target)) {
        // A remote include is not in the tree: it is reported, like any URL, as not audited.
        add(line, `${action.kind === 'requirement' ? '-r' : '-c'} ${action.target}`, { name: action.target, kind: 'url' });
      } else {
        await include(path, line, action.target, walk);
      }
    }
  }
}

async function include(from: string, line: number, target: string, walk: Walk): Promise<void> {
  const resolved = resolveRepoPath(dirname(from), target);
  const fail = (message: string) => walk.out.errors.push({ path: from, line, message });
  if (resolved === undefined) return void fail(`included file ${target} is outside the repository`);
  if (walk.seen.has(resolved)) return;
  walk.seen.add(resolved);
  let content: Buffer | undefined;
  try {
    content = await walk.readSibling(resolved);
  } catch (error) {
    // git could not give the content (a partial clone's missing blob): a tool error, not a finding to configure away.
    if (isSecgateError(error) && error.exitCode === ExitCode.Tool) throw error;
    return void fail(`included file ${resolved} could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (content === undefined) return void fail(`included file ${resolved} is not in the repository`);
  const decoded = decodeText(content);
  if ('error' in decoded) return void fail(`included file ${resolved}: ${decoded.error}`);
  await parseFile(resolved, decoded.text, walk);
}
